#include "actors/log_writer.h"

#include <caf/all.hpp>

#include <algorithm>

#include "actors/messages.h"

namespace webox {
namespace {

struct LogWriterState {
  EventLog* log = nullptr;
  BlockingWorker* disk = nullptr;
  std::vector<AppendRequest> pending;
  std::vector<caf::response_promise> pending_promises;
  std::vector<caf::response_promise> in_flight;
  bool writing = false;
  LogWriterStats stats;
  static inline const char* name = "log-writer";
};

using LogWriter = caf::stateful_actor<LogWriterState>;

void flush(LogWriter* self) {
  auto& st = self->state;
  if (st.writing || st.pending.empty()) return;
  st.writing = true;
  st.stats.batches += 1;
  st.stats.requests += st.pending.size();
  st.stats.largest_batch = std::max<std::uint64_t>(st.stats.largest_batch, st.pending.size());
  st.in_flight = std::move(st.pending_promises);
  st.pending_promises.clear();
  auto batch = std::make_shared<std::vector<AppendRequest>>(std::move(st.pending));
  st.pending.clear();
  caf::actor me = caf::actor_cast<caf::actor>(self);
  EventLog* log = st.log;
  bool posted = st.disk->post([log, batch, me] {
    auto results = std::make_shared<std::vector<Result<AppendResult>>>(
        log->append_batch(std::move(*batch)));
    caf::anon_send(me, written_atom::value, WrittenBatch{std::move(results)});
  });
  if (!posted) {  // shutting down: refuse rather than leave callers waiting forever
    for (auto& rp : st.in_flight)
      rp.deliver(AppendOutcome{Error::make(Errc::unavailable, "the event log is closing")});
    st.in_flight.clear();
    st.writing = false;
  }
}

caf::behavior log_writer(LogWriter* self, EventLog* log, BlockingWorker* disk) {
  self->state.log = log;
  self->state.disk = disk;
  return {
      [=](append_atom, AppendRequest& req) -> caf::response_promise {
        auto rp = self->make_response_promise();
        self->state.pending.push_back(std::move(req));
        self->state.pending_promises.push_back(rp);
        flush(self);
        return rp;
      },
      [=](written_atom, WrittenBatch& done) {
        auto& st = self->state;
        for (std::size_t i = 0; i < st.in_flight.size(); ++i)
          st.in_flight[i].deliver(AppendOutcome{std::move((*done.results)[i])});
        st.in_flight.clear();
        st.writing = false;
        flush(self);
      },
      [=](stats_atom) { return self->state.stats; },
  };
}

}  // namespace

caf::actor spawn_log_writer(caf::actor_system& sys, EventLog& log, BlockingWorker& disk) {
  return sys.spawn(log_writer, &log, &disk);
}

}  // namespace webox
