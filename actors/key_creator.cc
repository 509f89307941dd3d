#include "actors/key_creator.h"

#include <pthread.h>

namespace webox {

KeyCreator::KeyCreator(DataKeyStore& keys) : store_(keys), thread_([this] { run(); }) {}

KeyCreator::~KeyCreator() { stop(); }

bool KeyCreator::request(KeyRequest r, Done done) {
  {
    std::lock_guard lock(mu_);
    if (stopping_) return false;
    pending_.emplace_back(std::move(r), std::move(done));
  }
  cv_.notify_one();
  return true;
}

void KeyCreator::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

std::uint64_t KeyCreator::batches() const {
  std::lock_guard lock(mu_);
  return batches_;
}

std::uint64_t KeyCreator::keys() const {
  std::lock_guard lock(mu_);
  return keys_;
}

void KeyCreator::run() {
  pthread_setname_np(pthread_self(), "webox-keys");
  std::vector<std::pair<KeyRequest, Done>> batch;
  std::vector<KeyRequest> requests;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !pending_.empty(); });
      if (pending_.empty()) return;  // stopping, and everything accepted was answered
      batch.swap(pending_);
    }
    requests.clear();
    for (auto& [r, done] : batch) requests.push_back(std::move(r));
    auto keys = store_.get_or_create_many(requests);
    {
      std::lock_guard lock(mu_);  // counted before answered: an answered caller sees itself counted
      ++batches_;
      keys_ += batch.size();
    }
    for (std::size_t i = 0; i < batch.size(); ++i) batch[i].second(std::move(keys[i]));
    batch.clear();
  }
}

}  // namespace webox
