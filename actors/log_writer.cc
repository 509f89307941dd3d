#include "actors/log_writer.h"

#include <caf/all.hpp>

#include <algorithm>
#include <chrono>
#include <deque>

#include "actors/messages.h"

namespace webox {
namespace {

using Clock = std::chrono::steady_clock;

std::int64_t micros_since(Clock::time_point t0) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0).count();
}

// An append not yet written, and how it wants its answer.
struct Waiter {
  caf::response_promise promise;
  bool early = false;  // append_atom, written_atom: answered at the write, not at the sync
};

// A written batch waiting for the sync that makes it durable. A promise answered at the write
// is no longer pending(), so the sync passes it by.
struct Written {
  std::vector<caf::response_promise> promises;
  std::shared_ptr<std::vector<Result<AppendResult>>> results;
};

struct LogWriterState {
  EventLog* log = nullptr;
  BlockingWorker* disk = nullptr;
  BlockingWorker* syncer = nullptr;
  std::vector<AppendRequest> pending;
  std::vector<Waiter> pending_waiters;
  std::vector<Waiter> in_write;                 // the batch on the disk thread
  std::deque<Written> written;                  // written, not yet covered by a sync
  std::vector<Written> in_sync;                 // covered by the sync under way
  bool writing = false;
  bool syncing = false;
  LogWriterStats stats;
  static inline const char* name = "log-writer";
};

using LogWriter = caf::stateful_actor<LogWriterState>;

void fail_all(std::vector<caf::response_promise>& promises, const Error& error) {
  for (auto& rp : promises)
    if (rp.pending()) rp.deliver(AppendOutcome{error});
  promises.clear();
}

void fail_all(std::vector<Waiter>& waiters, const Error& error) {
  for (auto& w : waiters) w.promise.deliver(AppendOutcome{error});
  waiters.clear();
}

// Starts writing everything pending, unless a write is already under way.
void start_write(LogWriter* self) {
  auto& st = self->state;
  if (st.writing || st.pending.empty()) return;
  st.writing = true;
  st.stats.batches += 1;
  st.stats.requests += st.pending.size();
  st.stats.largest_batch = std::max<std::uint64_t>(st.stats.largest_batch, st.pending.size());
  for (const auto& r : st.pending) st.stats.events += r.events.size();
  st.in_write = std::move(st.pending_waiters);
  st.pending_waiters.clear();
  auto batch = std::make_shared<std::vector<AppendRequest>>(std::move(st.pending));
  st.pending.clear();
  caf::actor me = caf::actor_cast<caf::actor>(self);
  EventLog* log = st.log;
  bool posted = st.disk->post([log, batch, me] {
    auto t0 = Clock::now();
    auto results = std::make_shared<std::vector<Result<AppendResult>>>(
        log->append_batch_unsynced(std::move(*batch)));
    caf::anon_send(me, written_atom::value, WrittenBatch{std::move(results), micros_since(t0)});
  });
  if (!posted) {  // shutting down: refuse rather than leave callers waiting forever
    fail_all(st.in_write, Error::make(Errc::unavailable, "the event log is closing"));
    st.writing = false;
  }
}

// Starts a sync covering every written batch, unless one is already under way.
void start_sync(LogWriter* self) {
  auto& st = self->state;
  if (st.syncing || st.written.empty()) return;
  st.syncing = true;
  st.in_sync.assign(std::make_move_iterator(st.written.begin()),
                    std::make_move_iterator(st.written.end()));
  st.written.clear();
  caf::actor me = caf::actor_cast<caf::actor>(self);
  EventLog* log = st.log;
  bool posted = st.syncer->post([log, me] {
    auto t0 = Clock::now();
    Status s = log->sync_written();
    SyncedLog out{s.ok() ? std::string() : s.error().message, micros_since(t0)};
    caf::anon_send(me, synced_atom::value, std::move(out));
  });
  if (!posted) {
    for (auto& w : st.in_sync)
      fail_all(w.promises, Error::make(Errc::unavailable, "the event log is closing"));
    st.in_sync.clear();
    st.syncing = false;
  }
}

caf::response_promise enqueue(LogWriter* self, AppendRequest req, bool early) {
  auto rp = self->make_response_promise();
  self->state.pending.push_back(std::move(req));
  self->state.pending_waiters.push_back(Waiter{rp, early});
  start_write(self);
  return rp;
}

caf::behavior log_writer(LogWriter* self, EventLog* log, BlockingWorker* disk,
                         BlockingWorker* syncer) {
  self->state.log = log;
  self->state.disk = disk;
  self->state.syncer = syncer;
  return {
      [=](append_atom, AppendRequest& req) -> caf::response_promise {
        return enqueue(self, std::move(req), false);
      },
      [=](append_atom, written_atom, AppendRequest& req) -> caf::response_promise {
        return enqueue(self, std::move(req), true);
      },
      [=](written_atom, WrittenBatch& done) {
        auto& st = self->state;
        st.stats.disk_micros += std::uint64_t(done.micros);
        Written w{{}, std::move(done.results)};
        for (std::size_t i = 0; i < st.in_write.size(); ++i) {
          auto& waiter = st.in_write[i];
          if (waiter.early) {
            st.stats.early_answers += 1;
            waiter.promise.deliver(AppendOutcome{std::move((*w.results)[i])});
          }
          w.promises.push_back(std::move(waiter.promise));
        }
        st.written.push_back(std::move(w));
        st.in_write.clear();
        st.writing = false;
        start_sync(self);   // this batch's sync starts now...
        start_write(self);  // ...while the next batch is written
      },
      [=](synced_atom, SyncedLog& done) {
        auto& st = self->state;
        st.stats.sync_micros += std::uint64_t(done.micros);
        st.stats.syncs += 1;
        for (auto& w : st.in_sync) {
          for (std::size_t i = 0; i < w.promises.size(); ++i) {
            if (!w.promises[i].pending()) continue;  // answered when written; see log_writer.h
            if (done.error.empty())
              w.promises[i].deliver(AppendOutcome{std::move((*w.results)[i])});
            else  // written but maybe not durable: nothing may be acknowledged
              w.promises[i].deliver(AppendOutcome{Error::make(Errc::io, done.error)});
          }
        }
        st.in_sync.clear();
        st.syncing = false;
        start_sync(self);
      },
      [=](stats_atom) { return self->state.stats; },
  };
}

}  // namespace

caf::actor spawn_log_writer(caf::actor_system& sys, EventLog& log, BlockingWorker& disk,
                            BlockingWorker& syncer) {
  return sys.spawn(log_writer, &log, &disk, &syncer);
}

}  // namespace webox
