// `webox nats`: what an operator does with the NATS copy of the log by hand.
//
//   webox nats republish --from 1200 --to 1300 --data ./data --nats nats://127.0.0.1:4222
//   // republished positions 1200..1300 (101 events, 0 already on JetStream) to stream WEBOX
//
// republish sends a range of the log again, exactly as the publisher does (actors/nats_range.h:
// same subjects, payloads and Nats-Msg-Id), without touching the publisher's checkpoint. Within
// JetStream's duplicate window (2 minutes by default) copies it already holds are dropped; use
// it after the stream was lost or purged. It opens the log itself, so the engine must be
// stopped: RocksDB lets one process open a log, and a locked one is reported naming the data
// directory. Exit codes: 0 done, 1 failed (what was acknowledged is said), 2 bad usage.
#pragma once

#include <string>
#include <vector>

namespace webox {

// args: the words after "nats". env: `environ`-like, for WEBOX_DATA and WEBOX_NATS_URL.
int run_nats(const std::vector<std::string>& args, char** env);

}  // namespace webox
