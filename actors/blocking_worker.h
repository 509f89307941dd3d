// Threads for work that blocks (RocksDB syncs and reads), so that actor threads never do.
//
//   BlockingWorker disk("log-writer", 1);
//   disk.post([&] { auto r = log.append_batch(std::move(batch)); caf::anon_send(self, ...); });
//   disk.stop();   // runs what is queued, then joins
//
// Jobs run in FIFO order; with one thread they never overlap, which the log writer relies on.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace webox {

class BlockingWorker {
 public:
  BlockingWorker(std::string name, std::size_t threads);
  ~BlockingWorker();
  BlockingWorker(const BlockingWorker&) = delete;
  BlockingWorker& operator=(const BlockingWorker&) = delete;

  // Returns false (and drops the job) once stop() has begun.
  bool post(std::function<void()> job);
  void stop();

 private:
  void run();

  std::string name_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace webox
