// The log-writer actor: the single door to the event log for writes, with group commit.
//
//   caf::actor writer = spawn_log_writer(sys, log, disk, syncer);
//   self->request(writer, caf::infinite, append_atom::value, AppendRequest{stream, v, events})
//       .await([](AppendOutcome& out) { /* out.result: durable positions, or an Error */ });
//
// Group commit, pipelined. Appends that arrive while a batch is being written wait in
// `pending`; when the write is done, all of them go to disk together as the next WriteBatch.
// Writing and syncing run on two threads, so batch N+1 is written while the write-ahead log
// sync that makes batch N durable runs:
//
//   disk thread:   [write N]      [write N+1]     [write N+2] ...
//   sync thread:             [sync N       ][sync N+1      ] ...
//   answers:                               N               N+1
//
// One sync covers every batch written before it started. An append is answered only after a
// sync that began after its batch was written; until then the log hides the batch from readers
// (EventLog::append_batch_unsynced). Idle, an append is written and synced at once.
//
// Answered when written, for a caller that must not wait for the disk's sync:
//   self->request(writer, caf::infinite, append_atom::value, written_atom::value, req)
// answers as soon as the batch is written: the events are in the operating system's hands,
// so an engine crash cannot lose them, a machine crash before the sync can. Writers see them
// at once (versions, idempotency), readers only after the sync, as for every batch; and since
// a sync covers all that was written before it, any later append answered durable makes them
// durable too. A stream call's spoken reply uses it (actors/call_actor.cc): the virtual disk
// here has an fsync tail of 10 ms at p99 and hundreds of ms at worst, which the caller would
// hear as silence, while what the caller heard is recorded (AudioSent) only after its own
// durable append. If that sync fails, the early answer stands; the failure reaches every
// append still waiting for a durable answer.
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
  std::uint64_t events = 0;         // events they carried
  std::uint64_t disk_micros = 0;    // time spent writing batches, summed
  std::uint64_t syncs = 0;          // WAL syncs
  std::uint64_t sync_micros = 0;    // time spent syncing, summed
  std::uint64_t early_answers = 0;  // appends answered when written (written_atom)
};

// `log`, `disk` and `syncer` must outlive the actor; each worker must have exactly one thread.
caf::actor spawn_log_writer(caf::actor_system& sys, EventLog& log, BlockingWorker& disk,
                            BlockingWorker& syncer);

}  // namespace webox
