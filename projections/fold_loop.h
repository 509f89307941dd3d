// One step of folding, shared by the projector's thread, catch_up() and rebuild(): read a page
// of the log past the lowest folded position and fold it into the models that have not seen
// it; commit() writes the rows changed since the last commit with their checkpoints in one
// batch.
//
//   FoldLoop loop(store, {&calls, &stats});
//   loop.load();                          // reset each model, load its rows and checkpoint
//   while (*loop.fold_page(log, 4096) > 0) {      // events folded in this page; 0 at the end
//     if (loop.uncommitted() >= 262144) loop.commit();
//   }
//   loop.commit();
//
// Folding and committing are apart because a row is encoded and written once per commit, not
// once per page that touches it: a call's row changes with each of its events, spread over the
// minutes of the call, and the live projector folds a page per durable batch (thousands a
// second under load). The stored rows lag memory by what is uncommitted; a restart resumes
// from the stored checkpoints and folds that part again, so nothing is lost or counted twice.
//
// Private to projections/.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "projections/read_model.h"
#include "projections/store.h"
#include "storage/event_log.h"

namespace webox {

class FoldLoop {
 public:
  FoldLoop(ReadModelStore& store, std::vector<ReadModel*> models);

  [[nodiscard]] Status load();
  // Events read in this page (0: the models are at the log's end), folded into memory.
  [[nodiscard]] Result<std::uint64_t> fold_page(const EventLog& log, std::size_t max_events);
  // The same with a page read elsewhere (projections/page_reader.h). It must start at or before
  // position() + 1; events a model has folded already are skipped. Refused while the models
  // must reload after a failed commit (fold_page does that reload).
  [[nodiscard]] Result<std::uint64_t> fold(const std::vector<Envelope>& page);
  // Writes what was folded since the last commit. On failure the models are reloaded from
  // their stored rows at the next fold_page() and fold the uncommitted events again.
  [[nodiscard]] Status commit();
  // commit() in two halves, for a caller that writes on another thread while folding goes
  // on: begin_commit() flushes the models into a Commit (nullopt: nothing to write), the
  // caller writes it, end_commit() records how that went. One at a time: end the pending
  // commit before beginning the next or calling commit().
  struct Pending {
    ReadModelStore::Commit commit;
    std::vector<std::uint64_t> positions;  // each model's checkpoint in it
  };
  [[nodiscard]] Result<std::optional<Pending>> begin_commit();
  [[nodiscard]] Status end_commit(const Pending& pending, Status written);

  std::uint64_t position() const;         // every model has folded up to here, in memory
  std::uint64_t stored_position() const;  // the lowest stored checkpoint
  std::uint64_t uncommitted() const { return uncommitted_; }  // events folded since the commit
  std::uint64_t events_folded() const { return folded_; }

 private:
  [[nodiscard]] Status match_format(const ReadModel& m);

  ReadModelStore& store_;
  std::vector<ReadModel*> models_;
  std::vector<std::uint64_t> stored_;  // each model's checkpoint in the store
  std::vector<std::uint64_t> folded_to_;  // each model's position in memory (>= stored_)
  std::uint64_t folded_ = 0;
  std::uint64_t uncommitted_ = 0;
  bool reload_ = false;  // a commit failed: memory is ahead of the stored rows
};

}  // namespace webox
