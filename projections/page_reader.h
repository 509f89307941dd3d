// Reads the log ahead of a fold, on its own thread, so that reading and decoding the next
// pages (about half of a rebuild's CPU: the RocksDB scan, LZ4, simdjson, the envelopes'
// strings) runs on another core while this page is folded.
//
//   PageReader reader(log, loop.position() + 1, 16384);
//   for (;;) {
//     auto page = reader.next();              // blocks until the reader has one
//     if (!page) return page.error();         // a read failed: the reader has stopped
//     if (page->empty()) break;               // the end of the log, as the reader found it
//     fold(*page);
//     reader.recycle(std::move(*page));      // freed on the reader's thread, not this one
//   }
//
// Pages are consecutive: each starts right after the previous one's last position. The reader
// stops at the first empty page (events appended later are for the caller's next pass), after
// an error, or when the PageReader is destroyed; it never holds more than `depth` pages that
// the caller has not taken, so memory stays at (depth + 1) pages whatever the log's size.
//
// Private to projections/.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "events/envelope.h"
#include "events/result.h"
#include "storage/event_log.h"

namespace webox {

class PageReader {
 public:
  // `log` must outlive the reader. Reading starts at once.
  PageReader(const EventLog& log, std::uint64_t from, std::size_t page_events,
             std::size_t depth = 2);
  ~PageReader();  // stops the thread and drops the pages not taken
  PageReader(const PageReader&) = delete;
  PageReader& operator=(const PageReader&) = delete;

  // The next page in log order; empty at the end. After an error or the end, every further
  // call returns the same.
  [[nodiscard]] Result<std::vector<Envelope>> next();
  // Hands a page back to be destroyed on the reader's thread. Optional; it matters because the
  // envelopes' strings were allocated there: freeing them here cost the folding thread ~7 % of
  // its time in glibc (the other thread's arena, consolidation), the reader has time to spare.
  void recycle(std::vector<Envelope> page);

 private:
  void run(std::uint64_t from);

  const EventLog& log_;
  const std::size_t page_events_;
  const std::size_t depth_;

  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<Result<std::vector<Envelope>>> ready_;  // the last one may be the end or an error
  std::vector<std::vector<Envelope>> used_;          // recycled, to destroy on the reader thread
  bool finished_ = false;  // the reader has queued its last page (end or error)
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace webox
