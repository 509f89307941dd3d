#include "projections/fold_loop.h"

#include <algorithm>
#include <mutex>

namespace webox {

namespace {

// Collects a model's flushed rows into the commit under the model's name.
class CommitSink : public RowSink {
 public:
  CommitSink(ReadModelStore::Commit& c, std::string_view model) : c_(c), model_(model) {}
  void put(std::string_view key, std::string_view value) override { c_.put(model_, key, value); }
  void erase(std::string_view key) override { c_.erase(model_, key); }

 private:
  ReadModelStore::Commit& c_;
  std::string_view model_;
};

}  // namespace

FoldLoop::FoldLoop(ReadModelStore& store, std::vector<ReadModel*> models)
    : store_(store), models_(std::move(models)), checkpoints_(models_.size(), 0) {}

// Rows of an older encoding cannot be loaded: the model starts again from the log, which is
// the only source of truth, instead of refusing to start after an upgrade.
Status FoldLoop::match_format(const ReadModel& m) {
  auto stored = store_.format(m.name());
  if (!stored) return std::move(stored).error();
  if (*stored == m.format()) return {};
  if (auto st = store_.reset(m.name()); !st) return st;
  return store_.set_format(m.name(), m.format());
}

Status FoldLoop::load() {
  for (std::size_t i = 0; i < models_.size(); ++i) {
    ReadModel& m = *models_[i];
    std::unique_lock lock(m.mutex());
    m.reset();
    if (auto st = match_format(m); !st) return st;
    auto cp = store_.checkpoint(m.name());
    if (!cp) return std::move(cp).error();
    checkpoints_[i] = *cp;
    auto st = store_.scan(m.name(), [&](std::string_view k, std::string_view v) {
      return m.load(k, v);
    });
    if (!st) return st;
  }
  return {};
}

std::uint64_t FoldLoop::position() const {
  if (checkpoints_.empty()) return 0;
  return *std::min_element(checkpoints_.begin(), checkpoints_.end());
}

Result<std::uint64_t> FoldLoop::fold_page(const EventLog& log, std::size_t max_events) {
  if (reload_) {
    if (auto st = load(); !st) return std::move(st).error();
    reload_ = false;
  }
  auto page = log.read_all(position() + 1, max_events);
  if (!page) return std::move(page).error();
  if (page->empty()) return std::uint64_t{0};
  const std::uint64_t last = page->back().position;
  ReadModelStore::Commit commit;
  for (std::size_t i = 0; i < models_.size(); ++i) {
    if (checkpoints_[i] >= last) continue;
    ReadModel& m = *models_[i];
    std::unique_lock lock(m.mutex());
    for (const auto& e : *page)
      if (e.position > checkpoints_[i]) m.fold(e);
    CommitSink sink(commit, m.name());
    m.flush(sink);
    commit.checkpoint(m.name(), last);
  }
  if (auto st = store_.write(commit); !st) {
    reload_ = true;  // the models folded a page their rows do not hold: start again from those
    return std::move(st).error();
  }
  for (auto& cp : checkpoints_) cp = std::max(cp, last);
  folded_ += page->size();
  return static_cast<std::uint64_t>(page->size());
}

}  // namespace webox
