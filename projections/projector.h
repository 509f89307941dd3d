// The projector: keeps read models folded up to the log's last position, on a thread of its own.
//
//   auto store = ReadModelStore::open(data + "/readmodels");
//   CallList calls;  Statistics stats;
//   auto p = Projector::start(*log, **store, {&calls, &stats});   // loads rows, then catches up
//   // ... a command's events are appended and acknowledged ...
//   (*p)->after_latest([&](Status s) { auto page = calls.list(...); });   // sees the command
//
// Start: each model is reset, loaded from its stored rows and resumes after its own
// checkpoint, so a model added later folds from position 0 while the others go on.
//
// Folding: woken by the log's listener (no polling), the projector reads pages of events past
// what the models have folded and folds each event into every model that has not seen it.
// Queries see a fold at once. The changed rows are written with each model's new checkpoint
// in one atomic batch (projections/store.h) at most once a second (ProjectorOptions), and on
// stop. An event is never counted twice: a restart resumes after the stored checkpoint, and
// rows and checkpoint are written together; what had not been written is folded again.
//
// Read-your-writes without polling: the log publishes a position only after it is durable,
// and a command is acknowledged only after that; after_latest() captures the log's position
// when called and runs `then` once every model has folded up to it: at once, on the calling
// thread, when they already have (the usual case), else on the projector's thread right after
// the fold that gets there. Keep `then` short. On stop, waiting callbacks get
// Errc::unavailable.
//
// A page that cannot be read or decoded (a disk error, an event type from a newer build) stops
// folding at that position: the models stay at the last good state, error() says why, and the
// projector retries every second.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "events/result.h"
#include "projections/read_model.h"
#include "projections/store.h"
#include "storage/event_log.h"

namespace webox {

struct ProjectorOptions {
  // Events read and folded per page.
  std::size_t page_events = 16384;
  // Rows are written (with the checkpoints) once this many events have been folded since the
  // last write, or `commit_interval` after it, whichever comes first, and when the projector
  // stops. A call's row is re-encoded at each write that follows one of its events, so
  // writing after every page (every durable batch, in steady state) encoded each call row
  // five times in a five-webhook call. What is not yet written is folded again after a crash.
  std::size_t commit_events = 262144;
  std::chrono::milliseconds commit_interval{1000};
};

class Projector {
 public:
  // The log, store and models must outlive the projector.
  [[nodiscard]] static Result<std::unique_ptr<Projector>> start(
      EventLog& log, ReadModelStore& store, std::vector<ReadModel*> models,
      ProjectorOptions options = {});
  ~Projector();  // stop()
  Projector(const Projector&) = delete;
  Projector& operator=(const Projector&) = delete;

  // -- read-your-writes --
  using Then = std::function<void(Status)>;
  void after(std::uint64_t position, Then then);
  void after_latest(Then then);

  // -- observers --
  std::uint64_t position() const;  // every model has folded up to here
  std::uint64_t lag() const;       // log.last_position() - position()
  std::uint64_t events_folded() const;
  std::optional<Error> error() const;  // why folding is stuck, if it is

  // -- lifecycle --
  void stop();  // idempotent; returns when the thread has ended

 private:
  struct Impl;
  explicit Projector(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Loads every model from the store, then folds the log up to its end on the calling thread.
// For tools and tests; Projector::start does the same and goes on folding.
[[nodiscard]] Result<std::uint64_t> catch_up(const EventLog& log, ReadModelStore& store,
                                             const std::vector<ReadModel*>& models,
                                             ProjectorOptions options = {});

// Drops the models' rows and checkpoints and folds the whole log again (from position 0).
// Returns the number of events read. The other models in the store are untouched.
[[nodiscard]] Result<std::uint64_t> rebuild(const EventLog& log, ReadModelStore& store,
                                            const std::vector<ReadModel*>& models,
                                            ProjectorOptions options = {});

}  // namespace webox
