// The RocksDB event log: the engine's only source of truth.
//
//   auto log = EventLog::open("./data/events");            // Result<std::unique_ptr<EventLog>>
//   auto r = (*log)->append("call-CA01", kNoStream, {started, greeting});
//   // r->first_position, r->last_position, r->last_version (== 2), r->duplicate (false)
//   auto again = (*log)->append("call-CA01", kNoStream, {started, greeting});
//   // same ids: again->duplicate == true, same positions, nothing written
//   auto evs = (*log)->read_stream("call-CA01", 1);        // versions 1.. in order
//   auto page = (*log)->read_all(1, 1000);                 // positions 1..1000 in order
//
// Durability: append and append_batch are each one WriteBatch written with sync=true, so an
// acknowledged event survives a crash. Group commit happens one level up: the log-writer actor
// hands many appends to one append_batch_unsynced call and acknowledges them after the
// sync_written() that follows, which overlaps the next batch's write. A batch that is written
// but not yet synced is hidden from readers, so nobody sees an event a crash could take back.
// The log itself serialises writers.
//
// Column families and keys, layout 2 (integers are 8-byte big-endian so that byte order =
// numeric order):
//   default      "format_version"                -> u64 2     written when the log is created
//                "last_position"                 -> u64       highest position written
//   events       position                        -> envelope JSON (events/codec.h)
//   streams      stream-id 0x00 first-version    -> first-position u64, count u64
//   event_ids    16 raw uuid bytes               -> position  (idempotency)
//   checkpoints  name                            -> u64 position
//
// One streams entry per append, not per event: an append's events take consecutive positions
// and consecutive versions, so (first version, first position, count) says where each one is.
//
//   append "call-7" [e1 e2 e3] at version 4, positions 90..92:
//     streams  "call-7" 00 <4>  -> <90><3>     versions 4,5,6 are positions 90,91,92
//
// A stream's version is the last entry's first version + count - 1. Layout 1 (one streams
// entry per event, no format_version key) and any other layout are refused at open with
// Errc::corrupt; there is no migration.
//
// Concurrency: append/append_batch may be called from any thread (internally serialised);
// reads may run concurrently with writes and see only durable (synced) batches.
//
// Read-only, beside a running engine (tools such as `webox replay` in another process):
//   auto log = EventLog::open_secondary("./data/events", "/tmp/webox-replay-XXXX");
//   (*log)->read_stream("call-CA01");   // what the engine had written at open
//   (*log)->catch_up();                 // and now what it has written since
// This is RocksDB's secondary instance: it takes no lock, writes only its own info log into
// `secondary_dir`, and follows the engine's MANIFEST and WAL on each catch_up(). Appends and
// checkpoints are refused (Errc::unavailable); listeners are never called. It sees what the
// engine has *written*, which can include the last batch a few milliseconds before its WAL
// fsync returns: a power cut at that moment could take back an event a secondary has shown
// (a crash of the engine process alone cannot: the bytes are in the OS already). RocksDB 7.8's
// secondaries have known staleness bugs with overwritten keys, so a secondary takes its last
// position from the events family, whose keys are written once (see load_secondary_position).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "events/envelope.h"
#include "events/result.h"

namespace webox {

// Expected-version sentinels for append.
inline constexpr std::int64_t kAnyVersion = -2;  // no check
inline constexpr std::int64_t kNoStream = -1;    // the stream must not exist yet
// Any value >= 0: the stream's current last version must equal it (0 == empty/absent stream).

struct AppendRequest {
  std::string stream;
  std::int64_t expected_version = kAnyVersion;
  std::vector<Envelope> events;  // position/version are assigned; stream is overwritten
                                 // (recorded_at == 0 is stamped with now_micros())
};

struct AppendResult {
  std::uint64_t first_position = 0;
  std::uint64_t last_position = 0;
  std::uint64_t last_version = 0;  // the stream's version after the append
  bool duplicate = false;          // every event id was already stored: nothing written
  std::vector<Envelope> events;    // as stored (positions, versions filled in)
};

struct EventLogOptions {
  bool sync = true;         // false only for benchmarks that say so
  bool create_if_missing = true;
};

class EventLog {
 public:
  static Result<std::unique_ptr<EventLog>> open(const std::string& path,
                                                EventLogOptions options = {});
  // Read-only (see above). Errc::not_found when `path` holds no event log.
  static Result<std::unique_ptr<EventLog>> open_secondary(const std::string& path,
                                                          const std::string& secondary_dir);
  ~EventLog();
  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;

  // -- writes --

  // Atomic: all events of the request or none. Errc::conflict when the expected version does not
  // hold, or when some but not all of the event ids are already stored.
  Result<AppendResult> append(const std::string& stream, std::int64_t expected_version,
                              std::vector<Envelope> events);

  // Group commit: every request is checked on its own (one may conflict while the others
  // succeed), the successful ones are written in ONE WriteBatch with ONE sync. Results are in
  // request order. Later requests see the effect of earlier ones in the same batch.
  std::vector<Result<AppendResult>> append_batch(std::vector<AppendRequest> requests);

  // Pipelined group commit: write a batch without syncing, so the next batch can be written
  // while sync_written() makes this one durable on another thread. Until that sync returns,
  // the batch is invisible to readers (read_stream, read_all, last_position, listeners) and
  // its results must not be acknowledged; writers already see it (versions, idempotency).
  std::vector<Result<AppendResult>> append_batch_unsynced(std::vector<AppendRequest> requests);
  // Syncs the write-ahead log and publishes every batch written before the call. A no-op when
  // nothing is waiting. May run concurrently with append_batch_unsynced().
  Status sync_written();

  Status save_checkpoint(const std::string& name, std::uint64_t position);

  // -- reads --

  Result<std::vector<Envelope>> read_stream(const std::string& stream,
                                            std::uint64_t from_version = 1,
                                            std::size_t max_count = SIZE_MAX) const;
  // Events with position >= from_position, at most max_count of them, in order.
  Result<std::vector<Envelope>> read_all(std::uint64_t from_position,
                                         std::size_t max_count) const;
  Result<std::optional<std::uint64_t>> load_checkpoint(const std::string& name) const;
  std::uint64_t last_position() const;  // the highest durable (published) position
  std::uint64_t stream_version(const std::string& stream) const;  // 0 when absent

  // Secondary only: takes in what the engine wrote since the open or the last catch_up(), so
  // that reads and last_position() see it. A no-op on a primary, which is always current.
  Status catch_up();
  bool read_only() const;

  // -- notifications --

  // Called (on the writing thread, after the sync) with the new last position. Keep it short:
  // post to a queue or an actor. Returns an id for unsubscribe().
  // Positions heard only increase and are never repeated (of two batches finishing together a
  // listener may hear only the later). A listener may append, but must not subscribe or
  // unsubscribe (deadlock). Once unsubscribe() returns, the listener is not running and will not
  // be called again.
  using Listener = std::function<void(std::uint64_t last_position)>;
  std::uint64_t subscribe(Listener listener);
  void unsubscribe(std::uint64_t id);

 private:
  struct Impl;
  explicit EventLog(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace webox
