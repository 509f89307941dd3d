#include "storage/data_keys.h"

#include <openssl/hmac.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <unordered_map>

#include "storage/keys.h"

namespace webox {
namespace {

constexpr char kKeyPrefix = 'k';
constexpr char kCallerPrefix = 'c';
constexpr std::uint8_t kRecordVersion = 1;

// Messages name the operation, never a key, a number or a stream's personal data.
Error rocks_error(const rocksdb::Status& s, const std::string& what) {
  return Error::make(s.IsCorruption() ? Errc::corrupt : Errc::io, what + ": " + s.ToString());
}

std::string hmac256(std::string_view key, std::string_view data) {
  unsigned char out[32];
  unsigned int n = 0;
  HMAC(EVP_sha256(), key.data(), int(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &n);
  return std::string(reinterpret_cast<char*>(out), n);
}

std::string key_of(std::string_view stream) { return std::string(1, kKeyPrefix) + std::string(stream); }

std::string caller_prefix(std::string_view tenant, std::string_view blind) {
  std::string k(1, kCallerPrefix);
  k.append(tenant);
  k.push_back('\0');
  k.append(blind);
  return k;
}

struct Record {
  std::int64_t created_at = 0;
  std::string tenant, blind, wrapped;
};

std::string encode_record(const Record& r) {
  std::string v;
  v.push_back(char(kRecordVersion));
  v.resize(9);
  storage::put_be64(v.data() + 1, std::uint64_t(r.created_at));
  v.push_back(char(r.tenant.size()));
  v.append(r.tenant);
  v.push_back(char(r.blind.size()));
  v.append(r.blind);
  v.append(r.wrapped);
  return v;
}

Result<Record> decode_record(std::string_view v) {
  auto bad = [] { return Error::make(Errc::corrupt, "malformed data key record"); };
  if (v.size() < 11 || std::uint8_t(v[0]) != kRecordVersion) return bad();
  Record r;
  r.created_at = std::int64_t(storage::get_be64(v.data() + 1));
  std::size_t at = 9;
  std::size_t tl = std::uint8_t(v[at++]);
  if (at + tl + 1 > v.size()) return bad();
  r.tenant = std::string(v.substr(at, tl));
  at += tl;
  std::size_t bl = std::uint8_t(v[at++]);
  if (at + bl > v.size()) return bad();
  r.blind = std::string(v.substr(at, bl));
  r.wrapped = std::string(v.substr(at + bl));
  return r;
}

std::string bound(std::string_view stream) { return "data-key|" + std::string(stream); }

}  // namespace

struct DataKeyStore::Impl {
  ~Impl() {
    if (db) db->Close();
  }
  std::string blind(std::string_view tenant, std::string_view number) const {
    std::string_view mk(reinterpret_cast<const char*>(master.bytes().data()), master.bytes().size());
    std::string tenant_key = hmac256(mk, "webox-caller-index-v1|" + std::string(tenant));
    return hmac256(tenant_key, number);
  }
  Result<std::optional<Record>> load(const std::string& stream) const {
    std::string v;
    auto s = db->Get({}, key_of(stream), &v);
    if (s.IsNotFound()) return std::optional<Record>{};
    if (!s.ok()) return rocks_error(s, "cannot read a data key");
    auto r = decode_record(v);
    if (!r) return std::move(r).error();
    return std::optional<Record>{std::move(*r)};
  }
  Result<SecretKey> unwrap(const std::string& stream, const Record& r) const {
    auto hex = unseal(master, r.wrapped, bound(stream));
    if (!hex) return Error::make(Errc::corrupt, "a data key does not open with the master key");
    return SecretKey::from_hex(*hex);
  }

  SecretKey master;
  bool read_only = false;  // opened with open_secondary()
  std::string path, secondary_dir;  // a secondary's, to reopen on catch_up()
  std::unique_ptr<rocksdb::DB> db;
  std::mutex create_mu;  // get_or_create: one creator per store, so a stream gets one key

  // Keys get() has unwrapped (primary only): a page of the call list opens one key per call,
  // and a RocksDB Get plus an AES-GCM unwrap each was most of its cost. Bounded (emptied when
  // full). shred() drops its streams' entries once their records are deleted and bumps
  // `epoch`, so a get() that read a record before the delete cannot put it back.
  static constexpr std::size_t kCachedKeys = 65536;
  std::mutex cache_mu;
  std::unordered_map<std::string, SecretKey> cache;
  std::uint64_t epoch = 0;
};

DataKeyStore::DataKeyStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DataKeyStore::~DataKeyStore() = default;

Result<std::unique_ptr<DataKeyStore>> DataKeyStore::open(const std::string& path,
                                                         const SecretKey& master) {
  std::error_code ec;
  std::filesystem::create_directories(path, ec);
  if (ec) return Error::make(Errc::io, "cannot create " + path + ": " + ec.message());
  rocksdb::Options o;
  o.create_if_missing = true;
  // Keys are random: compression gains nothing. Small buffers: a few hundred bytes per call.
  o.compression = rocksdb::kNoCompression;
  o.write_buffer_size = 4 << 20;
  o.keep_log_file_num = 2;
  // Stated because shred()'s guarantee depends on them (both are RocksDB's defaults): an
  // obsolete WAL is deleted, not archived or recycled with its old bytes inside.
  o.WAL_ttl_seconds = 0;
  o.WAL_size_limit_MB = 0;
  o.recycle_log_file_num = 0;
  // The MANIFEST records each SST's smallest and largest key: after a compaction the edits of
  // the replaced files still name shredded keys. A new MANIFEST starts from a snapshot of the
  // live files, so with this limit every edit starts one (cheap: this database is tiny) and
  // shred() adds one more edit after its compaction (see there).
  o.max_manifest_file_size = 1;
  rocksdb::DB* raw = nullptr;
  auto s = rocksdb::DB::Open(o, path, &raw);
  if (!s.ok()) return rocks_error(s, "cannot open the data key store at " + path);
  auto impl = std::make_unique<Impl>();
  impl->master = master;
  impl->db.reset(raw);
  return std::unique_ptr<DataKeyStore>(new DataKeyStore(std::move(impl)));
}

namespace {

// A fresh secondary view. The engine may roll the MANIFEST between our reading CURRENT and
// opening the file it names (it does on every flush): such a miss is retried.
Result<std::unique_ptr<rocksdb::DB>> open_keys_secondary(const std::string& path,
                                                         const std::string& secondary_dir) {
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::path(path) / "CURRENT", ec))
    return Error::make(Errc::not_found, "no data key store at " + path);
  rocksdb::Options o;
  o.max_open_files = -1;  // a secondary must keep the files it read: the engine compacts
  rocksdb::Status s;
  for (int attempt = 0; attempt < 5; ++attempt) {
    rocksdb::DB* raw = nullptr;
    s = rocksdb::DB::OpenAsSecondary(o, path, secondary_dir, &raw);
    if (s.ok()) return std::unique_ptr<rocksdb::DB>(raw);
    if (!s.IsPathNotFound() && !s.IsIOError()) break;
  }
  return rocks_error(s, "cannot open the data key store at " + path + " (read-only)");
}

}  // namespace

Result<std::unique_ptr<DataKeyStore>> DataKeyStore::open_secondary(
    const std::string& path, const std::string& secondary_dir, const SecretKey& master) {
  auto db = open_keys_secondary(path, secondary_dir);
  if (!db) return std::move(db).error();
  auto impl = std::make_unique<Impl>();
  impl->master = master;
  impl->read_only = true;
  impl->path = path;
  impl->secondary_dir = secondary_dir;
  impl->db = std::move(*db);
  return std::unique_ptr<DataKeyStore>(new DataKeyStore(std::move(impl)));
}

Status DataKeyStore::catch_up() {
  if (!impl_->read_only) return {};
  // The new view first: when it cannot be had, the old one keeps answering.
  auto db = open_keys_secondary(impl_->path, impl_->secondary_dir);
  if (!db) return std::move(db).error();
  impl_->db->Close();
  impl_->db = std::move(*db);
  return {};
}

Result<SecretKey> DataKeyStore::get_or_create(const std::string& stream, const std::string& tenant,
                                              std::int64_t created_at, std::string_view caller) {
  auto keys = get_or_create_many({KeyRequest{stream, tenant, created_at, std::string(caller)}});
  return std::move(keys.front());
}

std::vector<Result<SecretKey>> DataKeyStore::get_or_create_many(const std::vector<KeyRequest>& requests) {
  std::vector<Result<SecretKey>> out;
  out.reserve(requests.size());
  if (impl_->read_only) {
    for (std::size_t i = 0; i < requests.size(); ++i)
      out.push_back(Error::make(Errc::unavailable, "the data key store is read-only"));
    return out;
  }
  std::lock_guard lock(impl_->create_mu);
  rocksdb::WriteBatch batch;
  std::vector<std::size_t> created;                      // indexes of `out` that the write makes
  std::unordered_map<std::string, std::size_t> in_batch;  // stream -> its first request's index
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const KeyRequest& q = requests[i];
    if (q.tenant.size() > 255) {
      out.push_back(Error::invalid("tenant", "longer than 255 bytes"));
      continue;
    }
    if (auto it = in_batch.find(q.stream); it != in_batch.end()) {
      out.push_back(out[it->second]);
      if (std::find(created.begin(), created.end(), it->second) != created.end()) created.push_back(i);
      continue;
    }
    auto found = impl_->load(q.stream);
    if (!found) {
      out.push_back(std::move(found).error());
      continue;
    }
    in_batch.emplace(q.stream, i);
    if (*found) {
      out.push_back(impl_->unwrap(q.stream, **found));
      continue;
    }
    SecretKey key = SecretKey::random();
    Record r{.created_at = q.created_at, .tenant = q.tenant,
             .blind = q.caller.empty() ? std::string() : impl_->blind(q.tenant, q.caller),
             .wrapped = seal(impl_->master, key.hex(), bound(q.stream))};
    batch.Put(key_of(q.stream), encode_record(r));
    if (!r.blind.empty()) batch.Put(caller_prefix(q.tenant, r.blind) + q.stream, "");
    out.push_back(std::move(key));
    created.push_back(i);
  }
  if (created.empty()) return out;
  rocksdb::WriteOptions wo;
  wo.sync = true;
  if (auto s = impl_->db->Write(wo, &batch); !s.ok())
    for (std::size_t i : created) out[i] = rocks_error(s, "cannot store a data key");
  return out;
}

Result<std::optional<SecretKey>> DataKeyStore::get(const std::string& stream) const {
  const bool cached = !impl_->read_only;
  std::uint64_t epoch = 0;
  if (cached) {
    std::lock_guard lock(impl_->cache_mu);
    if (auto it = impl_->cache.find(stream); it != impl_->cache.end())
      return std::optional<SecretKey>{it->second};
    epoch = impl_->epoch;
  }
  auto found = impl_->load(stream);
  if (!found) return std::move(found).error();
  if (!*found) return std::optional<SecretKey>{};
  auto key = impl_->unwrap(stream, **found);
  if (!key) return std::move(key).error();
  if (cached) {
    std::lock_guard lock(impl_->cache_mu);
    if (impl_->epoch == epoch) {  // no shred since the load: the record read is still there
      if (impl_->cache.size() >= Impl::kCachedKeys) impl_->cache.clear();
      impl_->cache.emplace(stream, *key);
    }
  }
  return std::optional<SecretKey>{*key};
}

Result<std::vector<std::string>> DataKeyStore::streams_of_caller(const std::string& tenant,
                                                                 std::string_view number) const {
  std::vector<std::string> out;
  if (number.empty()) return out;
  std::string prefix = caller_prefix(tenant, impl_->blind(tenant, number));
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator({}));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next())
    out.emplace_back(it->key().data() + prefix.size(), it->key().size() - prefix.size());
  if (!it->status().ok()) return rocks_error(it->status(), "cannot scan the caller index");
  return out;
}

Result<std::vector<DataKeyInfo>> DataKeyStore::created_before(const std::string& tenant,
                                                              std::int64_t cutoff) const {
  // One record per call of every tenant: small enough to scan on a worker thread per sweep.
  std::vector<DataKeyInfo> out;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator({}));
  std::string start(1, kKeyPrefix);
  for (it->Seek(start); it->Valid() && it->key().starts_with(start); it->Next()) {
    auto r = decode_record({it->value().data(), it->value().size()});
    if (!r) return std::move(r).error();
    if (r->tenant == tenant && r->created_at < cutoff)
      out.push_back({std::string(it->key().data() + 1, it->key().size() - 1), r->tenant,
                     r->created_at});
  }
  if (!it->status().ok()) return rocks_error(it->status(), "cannot scan data keys");
  return out;
}

Status DataKeyStore::shred(const std::vector<std::string>& streams) {
  if (impl_->read_only) return Error::make(Errc::unavailable, "the data key store is read-only");
  std::lock_guard lock(impl_->create_mu);  // no key is re-created half-way through
  rocksdb::WriteBatch batch;
  for (const auto& stream : streams) {
    auto found = impl_->load(stream);
    if (!found) return std::move(found).error();
    if (!*found) continue;
    batch.Delete(key_of(stream));
    if (!(*found)->blind.empty())
      batch.Delete(caller_prefix((*found)->tenant, (*found)->blind) + stream);
  }
  if (batch.Count() == 0) return {};
  rocksdb::WriteOptions wo;
  wo.sync = true;
  auto* db = impl_->db.get();
  if (auto s = db->Write(wo, &batch); !s.ok()) return rocks_error(s, "cannot delete data keys");
  {
    std::lock_guard cache_lock(impl_->cache_mu);
    for (const auto& stream : streams) impl_->cache.erase(stream);
    ++impl_->epoch;
  }
  // Out of the WAL: the flush writes the memtable (deletes and all) to an SST and switches to a
  // new WAL, which makes the one holding the Puts obsolete.
  rocksdb::FlushOptions fo;
  fo.wait = true;
  if (auto s = db->Flush(fo); !s.ok()) return rocks_error(s, "cannot flush data keys");
  // Out of the SSTs: everything to the bottom level, rewritten even when already there, so a
  // Put and the Delete that covers it meet in one compaction and both vanish.
  rocksdb::CompactRangeOptions co;
  co.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  co.exclusive_manual_compaction = false;
  if (auto s = db->CompactRange(co, nullptr, nullptr); !s.ok())
    return rocks_error(s, "cannot compact data keys");
  // Out of the MANIFEST: one more edit (flushing a throwaway key) rolls it over to a snapshot
  // of the compacted files, so no old file boundary names a shredded key.
  rocksdb::WriteBatch roll;
  roll.Put("~roll", "");
  roll.Delete("~roll");
  if (auto s = db->Write(wo, &roll); !s.ok()) return rocks_error(s, "cannot roll the manifest");
  if (auto s = db->Flush(fo); !s.ok()) return rocks_error(s, "cannot roll the manifest");
  // Off the disk: obsolete files are normally purged by a background job, maybe after we
  // return; re-enabling deletions runs a full purge on this thread instead.
  if (auto s = db->DisableFileDeletions(); !s.ok()) return rocks_error(s, "cannot purge files");
  if (auto s = db->EnableFileDeletions(/*force=*/true); !s.ok())
    return rocks_error(s, "cannot purge files");
  return {};
}

}  // namespace webox
