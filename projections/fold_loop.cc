#include "projections/fold_loop.h"

#include <algorithm>
#include <mutex>
#include <string>

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
    : store_(store),
      models_(std::move(models)),
      stored_(models_.size(), 0),
      folded_to_(models_.size(), 0) {}

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
    stored_[i] = folded_to_[i] = *cp;
    auto st = store_.scan(m.name(), [&](std::string_view k, std::string_view v) {
      return m.load(k, v);
    });
    if (!st) return st;
  }
  uncommitted_ = 0;
  return {};
}

std::uint64_t FoldLoop::position() const {
  if (folded_to_.empty()) return 0;
  return *std::min_element(folded_to_.begin(), folded_to_.end());
}

std::uint64_t FoldLoop::stored_position() const {
  if (stored_.empty()) return 0;
  return *std::min_element(stored_.begin(), stored_.end());
}

Result<std::uint64_t> FoldLoop::fold_page(const EventLog& log, std::size_t max_events) {
  if (reload_) {
    if (auto st = load(); !st) return std::move(st).error();
    reload_ = false;
  }
  auto page = log.read_all(position() + 1, max_events);
  if (!page) return std::move(page).error();
  return fold(*page);
}

Result<std::uint64_t> FoldLoop::fold(const std::vector<Envelope>& page) {
  if (reload_)
    return Error::make(Errc::unavailable, "the read models must reload before folding a page "
                                          "read ahead");
  if (page.empty()) return std::uint64_t{0};
  if (page.front().position > position() + 1)
    return Error::make(Errc::internal, "a page starting at position " +
                                           std::to_string(page.front().position) +
                                           " would skip events after " +
                                           std::to_string(position()));
  const std::uint64_t last = page.back().position;
  for (std::size_t i = 0; i < models_.size(); ++i) {
    if (folded_to_[i] >= last) continue;
    ReadModel& m = *models_[i];
    std::unique_lock lock(m.mutex());
    for (const auto& e : page)
      if (e.position > folded_to_[i]) m.fold(e);
    folded_to_[i] = last;
  }
  folded_ += page.size();
  uncommitted_ += page.size();
  return static_cast<std::uint64_t>(page.size());
}

Status FoldLoop::commit() {
  auto pending = begin_commit();
  if (!pending) return std::move(pending).error();
  if (!*pending) return {};
  return end_commit(**pending, store_.write((*pending)->commit));
}

Result<std::optional<FoldLoop::Pending>> FoldLoop::begin_commit() {
  if (reload_)  // memory is ahead of the store by rows already flushed once: not writable
    return Error::make(Errc::unavailable, "a commit of the read models failed; they reload "
                                          "from their stored rows at the next fold");
  Pending p;
  bool any = false;
  for (std::size_t i = 0; i < models_.size(); ++i) {
    if (folded_to_[i] == stored_[i]) continue;
    ReadModel& m = *models_[i];
    std::unique_lock lock(m.mutex());
    CommitSink sink(p.commit, m.name());
    m.flush(sink);
    p.commit.checkpoint(m.name(), folded_to_[i]);
    any = true;
  }
  uncommitted_ = 0;
  if (!any) return std::optional<Pending>{};
  p.positions = folded_to_;
  return std::optional<Pending>{std::move(p)};
}

Status FoldLoop::end_commit(const Pending& pending, Status written) {
  if (!written) {
    reload_ = true;  // the models flushed rows the store does not hold: start again from those
    return written;
  }
  for (std::size_t i = 0; i < stored_.size(); ++i)
    stored_[i] = std::max(stored_[i], pending.positions[i]);
  return {};
}

}  // namespace webox
