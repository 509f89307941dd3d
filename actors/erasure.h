// The eraser: crypto-shreds calls' personal data and records it, for the API and for retention.
//
//   caf::actor eraser = spawn_eraser(sys, EraserDeps{...});
//   caf::anon_send(eraser, erase_atom::value,
//                  EraseCommand{.scope = {"bistro"}, .call_sid = "CA01", .reason = "api"},
//                  Callback<ErasedCalls>{...});
//   caf::anon_send(eraser, sweep_atom::value, Callback<ErasedCalls>{...});   // retention now
//
// One erasure, step by step (the blocking steps on a worker thread, results back as messages):
//   1. resolve the calls: one CallSid (404 outside the scope), a caller's calls through the
//      blind caller index of the scope's tenant, or (retention) every key of a tenant older
//      than its retention_days;
//   2. shred their data keys (storage/data_keys.h: gone from the WAL and SST files);
//   3. tell the call registry, so a live call forgets its key and conversation;
//   4. append CallErased to each call's stream (one id per call, so a repeat is a duplicate);
//   5. answer with the calls erased.
// Shredding comes before recording: a crash between the two leaves a call whose data no one
// can read but with no CallErased yet (reads show it erased anyway; erasing it again records
// it), never a call recorded as erased whose data is still readable.
#pragma once

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "actors/blocking_worker.h"
#include "actors/engine.h"
#include "storage/data_keys.h"
#include "storage/event_log.h"

namespace webox {

struct RetentionPolicy {
  std::string tenant_id;
  std::int32_t days = 0;  // > 0
};

struct EraserDeps {
  caf::actor log_writer;
  caf::actor calls;  // the call registry
  const EventLog* log = nullptr;
  DataKeyStore* keys = nullptr;
  BlockingWorker* worker = nullptr;
  // The tenants with a retention period (read on the actor's thread: in-memory lookups).
  std::function<std::vector<RetentionPolicy>()> retention;
  Micros sweep_interval = 0;  // 0: no periodic sweep
  Micros day = 86'400'000'000;
  std::function<Micros()> now = now_micros;
};

caf::actor spawn_eraser(caf::actor_system& sys, EraserDeps deps);

}  // namespace webox
