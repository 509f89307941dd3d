// The log-writer actor: the single door to the event log for writes, with group commit.
//
//   caf::actor writer = spawn_log_writer(sys, log, disk);
//   self->request(writer, caf::infinite, append_atom::value, AppendRequest{stream, v, events})
//       .await([](AppendOutcome& out) { /* out.result: durable positions, or an Error */ });
//
// Group commit: while the disk thread writes and syncs one batch, every append that arrives
// waits in `pending`; when the batch is done, all of them go to disk together as one
// WriteBatch with one sync. Under load a batch grows until one sync's worth of waiting
// callers share it; idle, an append is written at once. An answer is sent only after the sync.
#pragma once

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "actors/blocking_worker.h"
#include "storage/event_log.h"

namespace webox {

// Asked with (stats_atom): how well group commit is doing.
struct LogWriterStats {
  std::uint64_t batches = 0;        // WriteBatches (and syncs) so far
  std::uint64_t requests = 0;       // appends they carried
  std::uint64_t largest_batch = 0;  // most appends in one batch
};

// `log` and `disk` must outlive the actor. `disk` should have exactly one thread.
caf::actor spawn_log_writer(caf::actor_system& sys, EventLog& log, BlockingWorker& disk);

}  // namespace webox
