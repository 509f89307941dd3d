// Bookings made and cancelled over the API (POST /api/v1/bookings, …/cancel): the engine side.
//
//   BookingCommands cmds(deps);
//   cmds.create(Scope{"t1"}, BookingConfirmed{.assistant_id = "a-1", .kind = "table",
//                                             .date = "2026-12-04", .time = "20:00",
//                                             .party_size = 4, .name = "Dupont"},
//               [](Result<BookingAttempt> a) { /* a->booking, or a->refusal + alternatives */ });
//   cmds.cancel(Scope{"t1"}, "0f3c…", [](Result<BookingView> v) { /* v->status == "cancelled" */ });
//
// A booking made over the API gets its own data key (stream "booking-<id>", indexed by the
// phone number when one is given, so erasing that caller erases it too); its BookingConfirmed
// is sealed with it and goes to the assistant's calendar actor exactly like a caller's. Key
// work touches RocksDB, so it runs on the readers' pool, never on an actor thread.
#pragma once

#include <caf/actor.hpp>

#include <functional>

#include "actors/assistant_directory.h"
#include "actors/blocking_worker.h"
#include "actors/engine.h"
#include "actors/read_model_queries.h"
#include "storage/data_keys.h"

namespace webox {

struct BookingCommandDeps {
  const AssistantDirectory* directory = nullptr;
  DataKeyStore* keys = nullptr;
  BlockingWorker* readers = nullptr;
  ReadModelQueries* queries = nullptr;
  caf::actor calendars;
  std::function<Micros()> clock;
};

class BookingCommands {
 public:
  explicit BookingCommands(BookingCommandDeps deps) : deps_(std::move(deps)) {}

  // Errc::invalid_argument names the field (assistant_id, kind, booking_id, name, ...).
  void create(Scope scope, BookingConfirmed request, Callback<BookingAttempt> done);
  void cancel(Scope scope, std::string booking_id, Callback<BookingView> done);

 private:
  Micros now() const { return deps_.clock ? deps_.clock() : now_micros(); }
  BookingCommandDeps deps_;
};

}  // namespace webox
