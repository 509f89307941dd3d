// EventLog's private state, shared by event_log.cc (open, reads, checkpoints, listeners) and
// event_log_append.cc (the write path).
//
// Locks, always taken in this order and never the other way round:
//   write_mu     serialises writers: it covers the id check, the version check, position
//                assignment and the synced Write, so positions are contiguous and versions
//                exact. Readers never take it.
//   versions_mu  guards the stream-version cache for the few moments it is read or changed.
//   notify_mu    guards the listeners and is held while they run (never together with
//                write_mu: a slow listener does not hold up the next writer).
#pragma once

#include <rocksdb/db.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "storage/event_log.h"

namespace webox {

struct EventLog::Impl {
  ~Impl();

  // -- helpers shared by both files --

  // The stream's last version straight from the streams family: a reverse seek with `it`, an
  // iterator over that family (creating one costs more than the seek, so a batch reuses one).
  static Result<std::uint64_t> load_stream_version(rocksdb::Iterator& it,
                                                   const std::string& stream);
  std::unique_ptr<rocksdb::Iterator> streams_iterator() const;
  // Writers only (write_mu held): the cache, filled from the database on a miss. `it` is
  // created on first need and kept for the rest of the batch.
  Result<std::uint64_t> writer_stream_version(const std::string& stream,
                                              std::unique_ptr<rocksdb::Iterator>& it);
  // At open: stamps a fresh database with storage::kFormatVersion, refuses any other layout.
  Status check_format();
  // Calls the listeners with the current last position unless they have already seen it.
  void notify();

  // `sync`: write with sync=true and publish at once; false: write only, publish at sync_written.
  std::vector<Result<AppendResult>> append_batch(std::vector<AppendRequest> requests, bool sync);
  Status sync_written();

  rocksdb::ColumnFamilyHandle* cf(std::size_t index) const { return handles[index]; }

  // Secondary (read-only) open: last_position is re-read from the database on catch_up().
  Status load_secondary_position();

  EventLogOptions options;
  bool read_only = false;  // opened with open_secondary()
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // indexed by storage/rocks_options.h

  std::mutex write_mu;
  std::mutex sync_mu;                               // one sync_written() at a time
  std::atomic<std::uint64_t> written_position{0};   // the writers' view: highest position written
  std::atomic<std::uint64_t> last_position{0};      // durable: what readers and listeners see

  // Stream versions. Only writers insert (under write_mu, where the database value cannot move
  // under them), so an entry is never stale; readers that miss go to the database. Bounded by
  // clearing: call streams are short-lived and a miss costs one seek.
  static constexpr std::size_t kMaxCachedStreams = 200'000;
  mutable std::mutex versions_mu;
  std::unordered_map<std::string, std::uint64_t> versions;

  std::mutex notify_mu;
  std::map<std::uint64_t, Listener> listeners;
  std::uint64_t next_listener_id = 1;
  std::uint64_t notified_position = 0;
  std::atomic<std::thread::id> notifying_thread{};  // who holds notify_mu, to spot re-entry
};

// RocksDB status -> Error. Corruption stays Errc::corrupt; everything else is Errc::io.
Error storage_error(const rocksdb::Status& s, const std::string& what);

}  // namespace webox
