#include "projections/page_reader.h"

#include <utility>

namespace webox {

PageReader::PageReader(const EventLog& log, std::uint64_t from, std::size_t page_events,
                       std::size_t depth)
    : log_(log), page_events_(page_events), depth_(depth == 0 ? 1 : depth) {
  thread_ = std::thread([this, from] { run(from); });
}

PageReader::~PageReader() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void PageReader::run(std::uint64_t from) {
  std::vector<std::vector<Envelope>> used;
  for (;;) {
    used.clear();  // destroyed here, outside the lock
    auto page = log_.read_all(from, page_events_);
    const bool last = !page || page->empty();
    if (!last) from = page->back().position + 1;
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return stopping_ || ready_.size() < depth_; });
    if (stopping_) return;
    ready_.push_back(std::move(page));
    finished_ = last;
    used.swap(used_);
    changed_.notify_all();
    if (last) return;
  }
}

void PageReader::recycle(std::vector<Envelope> page) {
  std::lock_guard lock(mu_);
  if (finished_) return;  // the thread is gone or going: `page` dies here
  used_.push_back(std::move(page));
}

Result<std::vector<Envelope>> PageReader::next() {
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return !ready_.empty(); });
  if (finished_ && ready_.size() == 1) return ready_.front();  // the end or the error, kept
  auto page = std::move(ready_.front());
  ready_.pop_front();
  changed_.notify_all();
  return page;
}

}  // namespace webox
