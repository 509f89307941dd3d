// A read model: state folded from the event log, kept in memory for queries and stored as rows
// (with its checkpoint) so that a restart resumes instead of re-reading the whole log.
//
//   class CallCount : public ReadModel {
//     std::string_view name() const override { return "call_count"; }
//     void fold(const Envelope& e) override {
//       if (std::holds_alternative<CallStarted>(e.data)) { ++n_; dirty_ = true; }
//     }
//     void flush(RowSink& out) override { if (dirty_) out.put("n", std::to_string(n_)); dirty_ = false; }
//     Status load(std::string_view key, std::string_view value) override { n_ = std::stoul(...); return {}; }
//     void reset() override { n_ = 0; dirty_ = false; }
//   };
//
// The contract that makes rebuild and resume exact:
// - fold() is deterministic: state depends only on the events folded, in log order, never on
//   the clock, the batch boundaries or the machine.
// - flush() writes every row changed since the last flush (put or erase), and each row's bytes
//   depend only on the state. The projector writes them with the checkpoint in one atomic
//   RocksDB batch, so "rebuilt from 0" and "folded incrementally with restarts" leave
//   byte-for-byte equal rows.
// - load() receives every stored row once, in key order, on a model that was just reset().
//
// Threads: the projector folds, flushes and loads on its own thread with mutex() held
// exclusively; queries take it shared. A model's query methods must take it themselves.
#pragma once

#include <cstdint>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "events/envelope.h"
#include "events/result.h"

namespace webox {

class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual void put(std::string_view key, std::string_view value) = 0;
  virtual void erase(std::string_view key) = 0;
};

class ReadModel {
 public:
  virtual ~ReadModel() = default;

  // -- identity --
  // Stable: it names the model's column family and checkpoint. [a-z_]+.
  virtual std::string_view name() const = 0;
  // The version of the row encoding. Bump it when rows change shape: stored rows of another
  // format are dropped at load and the model is folded again from position 0.
  virtual std::uint32_t format() const { return 1; }

  // -- folding (projector thread, mutex() held exclusively) --
  virtual void fold(const Envelope& e) = 0;
  virtual void flush(RowSink& out) = 0;
  [[nodiscard]] virtual Status load(std::string_view key, std::string_view value) = 0;
  virtual void reset() = 0;

  std::shared_mutex& mutex() const { return mu_; }

 private:
  mutable std::shared_mutex mu_;
};

}  // namespace webox
