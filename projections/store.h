// Where read models keep their rows and checkpoints: a RocksDB database of its own
// (<data>/readmodels), one column family per model.
//
//   auto store = ReadModelStore::open("./data/readmodels");     // Result<unique_ptr<...>>
//   ReadModelStore::Commit c;
//   c.put("calls", "c/CA01", row);  c.checkpoint("calls", 42);
//   (*store)->write(c);                      // rows and checkpoints: all or nothing
//   (*store)->checkpoint("calls");           // Result<uint64_t>: 42 (0 when never written)
//   (*store)->scan("calls", [](auto k, auto v) { ... return Status{}; });   // key order
//   (*store)->reset("calls");                // drop every row and the checkpoint
//
// Layout:
//   default      "checkpoint/" name  -> u64 big-endian: the last position folded into `name`
//   <name>       model-defined keys  -> model-defined bytes (projections/read_model.h)
//
// Writes are not synced: every row can be folded again from the log (the source of truth), and
// a batch is atomic in the WAL, so after a crash each model's rows and checkpoint still agree;
// at worst the last batches are folded again.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "events/result.h"

namespace webox {

class ReadModelStore {
 public:
  // One atomic write: rows of any number of models and their new checkpoints.
  class Commit {
   public:
    Commit();
    ~Commit();
    Commit(Commit&&) noexcept;
    Commit& operator=(Commit&&) noexcept;
    void put(std::string_view model, std::string_view key, std::string_view value);
    void erase(std::string_view model, std::string_view key);
    void checkpoint(std::string_view model, std::uint64_t position);
    bool empty() const;

   private:
    friend class ReadModelStore;
    // Every op in one buffer: kind byte, then model, key and value, each as a 4-byte length
    // and its bytes. A rebuild's commit carries ~20,000 call rows of a few KiB; three strings
    // allocated per op were a measurable part of it.
    std::string ops_;
  };

  static Result<std::unique_ptr<ReadModelStore>> open(const std::string& path);
  ~ReadModelStore();
  ReadModelStore(const ReadModelStore&) = delete;
  ReadModelStore& operator=(const ReadModelStore&) = delete;

  // -- writes (one thread at a time: the projector's) --
  Status write(const Commit& commit);
  // Drops the model's rows and its checkpoint (a rebuild starts from position 0).
  Status reset(std::string_view model);

  // The version of the model's row encoding its rows were written with (1 when never set).
  Status set_format(std::string_view model, std::uint32_t format);

  // -- reads --
  Result<std::uint64_t> checkpoint(std::string_view model) const;
  Result<std::uint32_t> format(std::string_view model) const;
  using RowVisitor = std::function<Status(std::string_view key, std::string_view value)>;
  Status scan(std::string_view model, const RowVisitor& visit) const;
  // Every row of the model as "key\tvalue\n" in key order (hex-escaped bytes < 0x20): what the
  // rebuild check and its tests compare.
  Result<std::string> dump(std::string_view model) const;

 private:
  struct Impl;
  explicit ReadModelStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace webox
