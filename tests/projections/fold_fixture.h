// A log of synthetic calls (tests/support/synthetic_calls.h) in a temporary directory, and the
// helpers the read-model tests share.
#pragma once

#include <memory>
#include <vector>

#include "projections/store.h"
#include "storage/event_log.h"
#include "tests/support/synthetic_calls.h"
#include "tests/support/temp_dir.h"

namespace webox::testing {

struct LoggedCalls {
  TempDir dir;
  std::unique_ptr<EventLog> log;
  std::vector<Envelope> events;  // everything appended, as stored

  SyntheticCalls gen;

  explicit LoggedCalls(int calls, SyntheticCallsOptions o = {}) : gen(o) {
    log = std::move(*EventLog::open((dir.path / "events").string(), {.sync = false}));
    append(gen.setup());
    more(calls);
  }

  void more(int calls) {
    for (int i = 0; i < calls; ++i) append(gen.next_call());
  }

  void append(std::vector<AppendRequest> requests) {
    for (auto& r : log->append_batch(std::move(requests)))
      for (auto& e : r.value().events) events.push_back(e);
  }

  std::unique_ptr<ReadModelStore> store(const std::string& name = "readmodels") {
    return std::move(*ReadModelStore::open((dir.path / name).string()));
  }
};

}  // namespace webox::testing
