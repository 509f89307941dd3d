// One step of folding, shared by the projector's thread, catch_up() and rebuild(): read a page
// of the log past the lowest checkpoint, fold it into the models that have not seen it, and
// commit their rows with their checkpoints in one batch.
//
//   FoldLoop loop(store, {&calls, &stats});
//   loop.load();                          // reset each model, load its rows and checkpoint
//   while (*loop.fold_page(log, 4096) > 0) {}   // events folded in this page; 0 at the end
//
// Private to projections/.
#pragma once

#include <cstdint>
#include <vector>

#include "projections/read_model.h"
#include "projections/store.h"
#include "storage/event_log.h"

namespace webox {

class FoldLoop {
 public:
  FoldLoop(ReadModelStore& store, std::vector<ReadModel*> models);

  [[nodiscard]] Status load();
  // Events read in this page (0: the models are at the log's end).
  [[nodiscard]] Result<std::uint64_t> fold_page(const EventLog& log, std::size_t max_events);

  std::uint64_t position() const;  // the lowest checkpoint
  std::uint64_t events_folded() const { return folded_; }

 private:
  [[nodiscard]] Status match_format(const ReadModel& m);

  ReadModelStore& store_;
  std::vector<ReadModel*> models_;
  std::vector<std::uint64_t> checkpoints_;
  std::uint64_t folded_ = 0;
  bool reload_ = false;  // a commit failed: memory is ahead of the stored rows
};

}  // namespace webox
