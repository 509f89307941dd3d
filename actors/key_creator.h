// Group commit for new calls' data keys.
//
//   KeyCreator creator(*keys);                       // keys: the engine's DataKeyStore
//   creator.request({stream, tenant, now_micros(), from},
//                   [me](Result<SecretKey> k) { caf::anon_send(me, key_atom::value, ...); });
//   creator.stop();                                  // answers what is queued, then joins
//
// A call's key must be synced before anything sealed with it is appended
// (storage/data_keys.h), so every new call waits for one fsync of the key store. Made one call
// at a time, those were one fsync per call, serialised on the store's lock: at 1,500 calls/s
// the key store synced 1,500 times a second beside the event log. One thread here writes what
// is pending in one synced batch (DataKeyStore::get_or_create_many); requests that arrive while
// it syncs go together in the next batch, as the log writer's appends do.
//
// Contract: every accepted request's `done` runs exactly once, on this object's thread, after
// its key is durable (or with the store's error); it must not block (send a message). A stream
// requested twice gets one key. request() refuses (returns false, `done` not run) once stop()
// has begun. Thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include "events/result.h"
#include "storage/data_keys.h"

namespace webox {

class KeyCreator {
 public:
  using Done = std::function<void(Result<SecretKey>)>;

  explicit KeyCreator(DataKeyStore& keys);
  ~KeyCreator();  // stop()
  KeyCreator(const KeyCreator&) = delete;
  KeyCreator& operator=(const KeyCreator&) = delete;

  // -- requests --

  [[nodiscard]] bool request(KeyRequest r, Done done);
  void stop();

  // -- observers --

  std::uint64_t batches() const;  // synced writes asked of the store so far
  std::uint64_t keys() const;     // requests written (or failed) so far, counted before answered

 private:
  void run();

  DataKeyStore& store_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::pair<KeyRequest, Done>> pending_;
  bool stopping_ = false;
  std::uint64_t batches_ = 0, keys_ = 0;
  std::thread thread_;
};

}  // namespace webox
