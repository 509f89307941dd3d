#include "storage/rocks_options.h"

#include <rocksdb/cache.h>
#include <rocksdb/convenience.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

#include <algorithm>

namespace webox::storage {
namespace {

constexpr std::size_t kMiB = 1024 * 1024;

// LZ4 when this librocksdb has it: envelopes are JSON with repeated field names and compress
// 2-3x for a few percent of a core, and catch-up reads then touch fewer pages. Snappy is the
// near-equivalent fallback; without either we store plainly rather than pay for zlib on 2 cores.
rocksdb::CompressionType fast_compression() {
  auto supported = rocksdb::GetSupportedCompressions();
  for (auto wanted : {rocksdb::kLZ4Compression, rocksdb::kSnappyCompression})
    if (std::find(supported.begin(), supported.end(), wanted) != supported.end()) return wanted;
  return rocksdb::kNoCompression;
}

// A streams key without its 8-byte version: the stream id and its 0x00 separator. Used only as
// memtable_insert_with_hint_prefix_extractor, so each stream remembers where its last version
// went into the memtable and the next one (always the next key) is inserted from there instead
// of from the top of the skip list.
class StreamPrefix final : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "webox.StreamPrefix"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    return {key.data(), key.size() - 8};
  }
  bool InDomain(const rocksdb::Slice& key) const override { return key.size() > 8; }
};

rocksdb::ColumnFamilyOptions family(std::size_t write_buffer,
                                    const rocksdb::BlockBasedTableOptions& table) {
  rocksdb::ColumnFamilyOptions o;
  o.write_buffer_size = write_buffer;
  o.max_write_buffer_number = 3;  // one filling, up to two flushing: absorbs a slow flush
  // Keeps the LSM shape stable as data grows and space amplification near 1.1x.
  o.level_compaction_dynamic_level_bytes = true;
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return o;
}

}  // namespace

RocksSetup make_rocks_setup(bool create_if_missing) {
  RocksSetup s;
  auto& db = s.db;
  db.create_if_missing = create_if_missing;
  db.create_missing_column_families = true;
  // Writers are serialised by EventLog anyway, so RocksDB's concurrent memtable insertion buys
  // nothing; turning it off is what allows the hash memtable and insert hints below.
  db.allow_concurrent_memtable_write = false;
  // Two cores on the target machine: one background job for flushes, one for compactions.
  db.IncreaseParallelism(2);
  db.max_background_jobs = 2;
  // With five families one WAL file stays alive until every family holding data from it has
  // flushed; checkpoints and default are written rarely, so without a bound the WAL would grow
  // to 4x the sum of all write buffers (~2 GB) before RocksDB forces them out.
  db.max_total_wal_size = 256 * kMiB;
  // Smooth SST writes into 1 MB syncs so a flush never stalls the foreground fsync of the WAL.
  db.bytes_per_sync = kMiB;
  // The info LOG is for post-mortems only: keep a few, small.
  db.keep_log_file_num = 4;
  db.max_log_file_size = 16 * kMiB;
  // A torn write at the WAL tail after a crash is dropped; everything before it is recovered
  // (an acknowledged, synced batch is always before the tear). This is RocksDB's default,
  // stated because the log's durability promise depends on it.
  db.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;

  // One block cache for every family, sized for the hot tail of the log and the id filters'
  // data blocks, not for the whole history.
  auto cache = rocksdb::NewLRUCache(64 * kMiB);

  // events: keys are ever-increasing positions, so flushed files never overlap (compaction is
  // mostly trivial moves) and reads are range scans: large blocks, no bloom filter.
  rocksdb::BlockBasedTableOptions events_table;
  events_table.block_cache = cache;
  events_table.block_size = 16 * 1024;
  auto events = family(64 * kMiB, events_table);
  events.compression = fast_compression();

  // streams: small keys read by seek (never by point lookup), so no filter either; keys of a
  // stream share a prefix that block delta-encoding already shrinks.
  rocksdb::BlockBasedTableOptions streams_table;
  streams_table.block_cache = cache;
  auto streams = family(16 * kMiB, streams_table);
  streams.compression = fast_compression();
  streams.memtable_insert_with_hint_prefix_extractor = std::make_shared<StreamPrefix>();

  // event_ids: random 16-byte keys, written once and probed once per appended event (almost
  // always absent), never scanned. In a skip list each random insert walks ~18 levels of cache
  // misses (measured ~3 us here, more than the rest of an append); a hash memtable bucketed on
  // the first two uuid bytes (uniform for v4 and v5 ids) makes inserts and probes ~2x cheaper.
  // Two bytes also keep the prefix entries this adds to the SST filters to at most 65,536.
  // In SST files a full bloom filter on whole keys answers the misses from memory. Random
  // bytes do not compress: no compression.
  rocksdb::BlockBasedTableOptions ids_table;
  ids_table.block_cache = cache;
  ids_table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  ids_table.whole_key_filtering = true;
  auto ids = family(16 * kMiB, ids_table);
  ids.compression = rocksdb::kNoCompression;
  ids.prefix_extractor.reset(rocksdb::NewFixedPrefixTransform(2));
  ids.memtable_factory.reset(rocksdb::NewHashSkipListRepFactory(1 << 16));
  // A whole-key bloom filter in front of each memtable: the probe for a fresh id (nearly every
  // probe) is then one cache line instead of a walk into the bucket's skip list, in the active
  // memtable and in each one waiting to flush. perf had the memtable side of the MultiGet at a
  // quarter of the disk thread; with the filter the disk thread's CPU per event fell ~20 %
  // (8.0-8.2 -> 5.9-6.6 us, 4-event appends, A/B on a quiet machine). A hash linked list
  // memtable made the disk thread cheaper still, but its flush has to sort every entry into a
  // fresh skip list: more CPU in total, and the two cores are shared.
  ids.memtable_prefix_bloom_size_ratio = 0.1;
  ids.memtable_whole_key_filtering = true;

  // default and checkpoints: a handful of keys rewritten in place; small buffers.
  rocksdb::BlockBasedTableOptions small_table;
  small_table.block_cache = cache;
  auto small = family(4 * kMiB, small_table);
  small.max_write_buffer_number = 2;

  s.families.emplace_back(rocksdb::kDefaultColumnFamilyName, small);
  s.families.emplace_back("events", events);
  s.families.emplace_back("streams", streams);
  s.families.emplace_back("event_ids", ids);
  s.families.emplace_back("checkpoints", small);
  return s;
}

}  // namespace webox::storage
