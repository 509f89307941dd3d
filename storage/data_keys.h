// Per-call data keys for personal data, and their crypto-shredding.
//
//   auto keys = DataKeyStore::open("./data/keys", master);     // Result<unique_ptr<...>>
//   auto k = (*keys)->get_or_create("call-CA01", "bistro", now_micros(), "+33612345678");
//   // *k: a random 256-bit SecretKey, stored wrapped (sealed with the master key), synced
//   (*keys)->get_or_create_many({{"call-CA02", "bistro", t, ""}, {"call-CA03", "bistro", t, ""}});
//   // two new keys, one synced write
//   (*keys)->get("call-CA01");                          // Result<optional<SecretKey>>
//   (*keys)->streams_of_caller("bistro", "+33612345678");  // {"call-CA01"}
//   (*keys)->shred({"call-CA01"});                      // the key is gone, for good
//   (*keys)->get("call-CA01");                          // nullopt: the call's data is erased
//
// Why a database of its own (not a column family of the event log): RocksDB keeps a WAL file
// until every family with data in it has flushed. In the event log's database the WAL holding
// a key's Put also holds events, so shredding would have to flush the events, streams and ids
// families on every erasure (and race the append path's tuning). Here the WAL holds only keys,
// and one flush of one small family retires it. The price: a key and the call's first events
// are two writes, not one batch. The key goes first and is synced before the call actor appends
// anything sealed with it; a crash in between leaves an unused key (no personal data), never
// personal data without its key.
//
// Layout (default family only):
//   "k" stream                      -> record: 0x01, be64 created_at, u8 len + tenant,
//                                      u8 len + blind index (0 or 32 bytes), wrapped key
//   "c" tenant 0x00 blind stream    -> ""     (the caller index)
// The wrapped key is seal(master, key hex, "data-key|" + stream): a record copied to another
// stream does not open. The blind index is HMAC-SHA256(k_t, caller number) with
// k_t = HMAC-SHA256(master, "webox-caller-index-v1|" + tenant): the number itself is never
// stored, equal numbers of one tenant meet, and two tenants' indexes cannot be joined. Without
// the master key it cannot be reversed; with it, a phone number is guessable, which is why the
// entry is deleted with the call's key.
//
// The guarantee of shred(): when it returns OK, no file under the store's directory holds the
// shredded records: the deletes are synced, the memtable is flushed (so the WAL that held the
// Puts becomes obsolete), the whole family is compacted to the bottom level with forced
// rewrite (so no SST keeps the Put, and the tombstones are dropped), and obsolete files are
// purged synchronously before returning (EnableFileDeletions runs a full purge on the caller's
// thread). The MANIFEST, which names each SST's first and last key, is rolled over to a
// snapshot of the compacted files, so no old boundary names a shredded key. The events that the key sealed are ciphertext in the log forever; without the key
// they cannot be opened. Beyond this process's reach: freed disk blocks until the file system
// reuses them, SSD remapping, and backups taken before the erasure.
//
// Read-only, beside a running engine (`webox replay` in another process):
//   auto keys = DataKeyStore::open_secondary("./data/keys", "/tmp/webox-keys-XXXX", master);
//   (*keys)->get("call-CA01");   // the key as of the open; catch_up() to see newer ones
// RocksDB's secondary instance: no lock taken, nothing written under `path`; get_or_create
// and shred are refused (Errc::unavailable). It keeps every SST it has read open, so bytes
// the engine shreds stay readable *through this process* until its next catch_up() or its
// close: keep secondaries short-lived (a CLI run), as the tools do. catch_up() here reopens
// instead of calling TryCatchUpWithPrimary: this store rolls its MANIFEST on every edit and
// shreds by overwriting, the two cases RocksDB 7.8's catch-up gets wrong (a second MANIFEST
// switch loses edits; a key flushed away stays in the secondary's memtable), and reopening a
// store this small costs a few milliseconds. On a secondary, catch_up() must not run
// concurrently with the other calls.
//
// Memory: a primary's get() keeps the keys it unwrapped (at most 65,536, for the read API's
// pages of calls); shred() drops its streams' keys from memory as it deletes them, and no
// get() racing it can put one back.
//
// Thread-safe; every call blocks on disk: call it from a BlockingWorker, never an actor thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/result.h"
#include "storage/sealed_box.h"

namespace webox {

// One stream's key asked of get_or_create_many: the arguments of get_or_create.
struct KeyRequest {
  std::string stream;
  std::string tenant;
  std::int64_t created_at = 0;
  std::string caller;
};

struct DataKeyInfo {
  std::string stream;
  std::string tenant;
  std::int64_t created_at = 0;  // UTC micros: when the call started
};

class DataKeyStore {
 public:
  [[nodiscard]] static Result<std::unique_ptr<DataKeyStore>> open(const std::string& path,
                                                                  const SecretKey& master);
  // Read-only (see above). Errc::not_found when `path` holds no key store.
  [[nodiscard]] static Result<std::unique_ptr<DataKeyStore>> open_secondary(
      const std::string& path, const std::string& secondary_dir, const SecretKey& master);
  ~DataKeyStore();
  DataKeyStore(const DataKeyStore&) = delete;
  DataKeyStore& operator=(const DataKeyStore&) = delete;

  // The stream's key; when it has none yet, a new random one, written and synced before this
  // returns. `caller` (may be empty) goes to the caller index, blinded.
  [[nodiscard]] Result<SecretKey> get_or_create(const std::string& stream,
                                                const std::string& tenant,
                                                std::int64_t created_at, std::string_view caller);
  // The same for several streams, the new keys written in one synced batch: what a group
  // commit of key creations calls (actors/key_creator.h). One result per request, in order;
  // a stream asked twice gets the same key. A failed write fails every new key of the batch.
  [[nodiscard]] std::vector<Result<SecretKey>> get_or_create_many(const std::vector<KeyRequest>& requests);
  // nullopt: no key (never created, or shredded).
  [[nodiscard]] Result<std::optional<SecretKey>> get(const std::string& stream) const;

  // The streams whose caller is `number`, within `tenant` only.
  [[nodiscard]] Result<std::vector<std::string>> streams_of_caller(const std::string& tenant,
                                                                   std::string_view number) const;
  // Every key of `tenant` created strictly before `cutoff` (for retention).
  [[nodiscard]] Result<std::vector<DataKeyInfo>> created_before(const std::string& tenant,
                                                                std::int64_t cutoff) const;

  // Deletes the keys (and their caller index entries) of `streams`, then makes them
  // physically gone (see the guarantee above). Streams without a key are skipped: idempotent.
  [[nodiscard]] Status shred(const std::vector<std::string>& streams);

  // Secondary only: takes in the keys created (and shredded) since the open or the last
  // catch_up(). A no-op on a primary.
  [[nodiscard]] Status catch_up();

 private:
  struct Impl;
  explicit DataKeyStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace webox
