// Answers from the read models, as the Engine facade gives them: after the projector has
// folded every acknowledged command (read-your-writes), with personal fields opened with each
// call's data key, on the readers' pool (key lookups touch RocksDB).
//
//   ReadModelQueries q(models, projector, keys, readers);
//   q.list_calls({.tenant_id = "t1", .limit = 20}, "+33612345678", [](Result<CallPage> p) {...});
//   q.get_call(Scope{"t1"}, "CA01", [](Result<CallDetail> d) {...});
//
// A call outside the scope is Errc::not_found, exactly like a call that never was.
#pragma once

#include <string>

#include "actors/blocking_worker.h"
#include "actors/engine.h"
#include "projections/projector.h"
#include "projections/read_models.h"
#include "storage/data_keys.h"

namespace webox {

class ReadModelQueries {
 public:
  ReadModelQueries(ReadModels& models, Projector& projector, const DataKeyStore& keys,
                   BlockingWorker& readers)
      : models_(models), projector_(projector), keys_(keys), readers_(readers) {}

  // `caller` (E.164, may be empty) narrows to that caller's calls; it needs q.tenant_id.
  void list_calls(CallQuery q, std::string caller, Callback<CallPage> done);
  void get_call(Scope scope, std::string call_sid, Callback<CallDetail> done);
  void stats(StatsQuery q, Callback<StatsView> done);
  void billing(BillingQuery q, Callback<BillingView> done);
  void list_bookings(BookingQuery q, Callback<std::vector<BookingView>> done);
  void get_booking(Scope scope, std::string booking_id, Callback<BookingView> done);

  // A booking's personal fields are sealed with the key of the call that made it, or of
  // booking_stream(id) for one made over the API.
  static std::string key_stream_of(const BookingConfirmed& b);
  BookingView view_of(const BookingRecord& r) const;  // opens the personal fields

 private:
  Status caught_up();  // blocks a reader until the models hold every acknowledged event
  void open(CallSummary& s) const;
  void open(CallDetail& d) const;

  ReadModels& models_;
  Projector& projector_;
  const DataKeyStore& keys_;
  BlockingWorker& readers_;
};

}  // namespace webox
