#include "projections/store.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <vector>

namespace webox {

namespace {

constexpr std::string_view kCheckpointPrefix = "checkpoint/";

Error rocks_error(const rocksdb::Status& s, const std::string& what) {
  return Error::make(s.IsCorruption() ? Errc::corrupt : Errc::io, what + ": " + s.ToString());
}

std::string be64(std::uint64_t v) {
  std::string s(8, '\0');
  for (int i = 7; i >= 0; --i, v >>= 8) s[i] = static_cast<char>(v & 0xff);
  return s;
}

std::uint64_t from_be64(std::string_view s) {
  std::uint64_t v = 0;
  for (char c : s) v = (v << 8) | static_cast<unsigned char>(c);
  return v;
}

std::string checkpoint_key(std::string_view model) {
  return std::string(kCheckpointPrefix) + std::string(model);
}

std::string format_key(std::string_view model) { return "format/" + std::string(model); }

}  // namespace

namespace {

enum class OpKind : char { put = 'p', erase = 'e', checkpoint = 'c' };

void append_field(std::string& out, std::string_view field) {
  const auto n = static_cast<std::uint32_t>(field.size());
  char len[4] = {char(n >> 24), char(n >> 16), char(n >> 8), char(n)};
  out.append(len, 4);
  out.append(field);
}

std::string_view take_field(std::string_view& in) {
  std::uint32_t n = 0;
  for (int i = 0; i < 4; ++i) n = (n << 8) | static_cast<unsigned char>(in[i]);
  auto field = in.substr(4, n);
  in.remove_prefix(4 + n);
  return field;
}

void append_op(std::string& out, OpKind kind, std::string_view model, std::string_view key,
               std::string_view value) {
  out += static_cast<char>(kind);
  append_field(out, model);
  append_field(out, key);
  append_field(out, value);
}

}  // namespace

ReadModelStore::Commit::Commit() = default;
ReadModelStore::Commit::~Commit() = default;
ReadModelStore::Commit::Commit(Commit&&) noexcept = default;
ReadModelStore::Commit& ReadModelStore::Commit::operator=(Commit&&) noexcept = default;

void ReadModelStore::Commit::put(std::string_view model, std::string_view key,
                                 std::string_view value) {
  append_op(ops_, OpKind::put, model, key, value);
}
void ReadModelStore::Commit::erase(std::string_view model, std::string_view key) {
  append_op(ops_, OpKind::erase, model, key, {});
}
void ReadModelStore::Commit::checkpoint(std::string_view model, std::uint64_t position) {
  append_op(ops_, OpKind::checkpoint, model, {}, be64(position));
}
bool ReadModelStore::Commit::empty() const { return ops_.empty(); }

struct ReadModelStore::Impl {
  std::unique_ptr<rocksdb::DB> db;
  // Families are created on first use; the map is read by queries and written by the
  // projector's first commit to a new model, hence the mutex.
  mutable std::mutex mu;
  std::map<std::string, rocksdb::ColumnFamilyHandle*, std::less<>> families;
  rocksdb::ColumnFamilyHandle* default_cf = nullptr;

  ~Impl() {
    // With the write-ahead log on, RocksDB closes without flushing, and the next open replays
    // every row written since the last flush: after a rebuild of a million events that was
    // 1.3 s of open. Flushed here, the next start reads the rows from their files instead.
    std::vector<rocksdb::ColumnFamilyHandle*> all;
    for (auto& [name, h] : families) all.push_back(h);
    if (default_cf) all.push_back(default_cf);
    if (!all.empty()) (void)db->Flush(rocksdb::FlushOptions(), all);
    for (auto& [name, h] : families) db->DestroyColumnFamilyHandle(h);
    if (default_cf) db->DestroyColumnFamilyHandle(default_cf);
  }

  static rocksdb::ColumnFamilyOptions family_options() {
    rocksdb::ColumnFamilyOptions o;
    o.compression = rocksdb::kLZ4Compression;
    return o;
  }

  // The family of `model`, or nullptr when it was never written (and `create` is false).
  Result<rocksdb::ColumnFamilyHandle*> family(std::string_view model, bool create) {
    std::lock_guard lock(mu);
    if (auto it = families.find(model); it != families.end()) return it->second;
    if (!create) return static_cast<rocksdb::ColumnFamilyHandle*>(nullptr);
    rocksdb::ColumnFamilyHandle* h = nullptr;
    auto s = db->CreateColumnFamily(family_options(), std::string(model), &h);
    if (!s.ok()) return rocks_error(s, "cannot create read model " + std::string(model));
    families.emplace(std::string(model), h);
    return h;
  }
};

Result<std::unique_ptr<ReadModelStore>> ReadModelStore::open(const std::string& path) {
  rocksdb::DBOptions dbo;
  dbo.create_if_missing = true;
  dbo.create_missing_column_families = true;
  std::vector<std::string> names;
  if (std::filesystem::exists(path + "/CURRENT")) {
    auto s = rocksdb::DB::ListColumnFamilies(dbo, path, &names);
    if (!s.ok()) return rocks_error(s, "cannot list read models in " + path);
  } else {
    names.push_back(rocksdb::kDefaultColumnFamilyName);
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (auto& n : names) descriptors.emplace_back(n, Impl::family_options());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  auto s = rocksdb::DB::Open(dbo, path, descriptors, &handles, &raw);
  if (!s.ok()) return rocks_error(s, "cannot open the read models in " + path);
  auto impl = std::make_unique<Impl>();
  impl->db.reset(raw);
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == rocksdb::kDefaultColumnFamilyName)
      impl->default_cf = handles[i];
    else
      impl->families.emplace(names[i], handles[i]);
  }
  return std::unique_ptr<ReadModelStore>(new ReadModelStore(std::move(impl)));
}

ReadModelStore::ReadModelStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ReadModelStore::~ReadModelStore() = default;

Status ReadModelStore::write(const Commit& commit) {
  rocksdb::WriteBatch batch(commit.ops_.size() + 1024);
  std::string_view ops = commit.ops_;
  std::string_view last_model;  // ops come grouped by model: look each family up once
  rocksdb::ColumnFamilyHandle* last_cf = nullptr;
  while (!ops.empty()) {
    const auto kind = static_cast<OpKind>(ops.front());
    ops.remove_prefix(1);
    const auto model = take_field(ops);
    const auto key = take_field(ops);
    const auto value = take_field(ops);
    if (kind == OpKind::checkpoint) {
      batch.Put(impl_->default_cf, checkpoint_key(model), rocksdb::Slice(value.data(), value.size()));
      continue;
    }
    if (!last_cf || model != last_model) {
      auto cf = impl_->family(model, true);
      if (!cf) return std::move(cf).error();
      last_cf = *cf;
      last_model = model;
    }
    const rocksdb::Slice k(key.data(), key.size());
    if (kind == OpKind::put)
      batch.Put(last_cf, k, rocksdb::Slice(value.data(), value.size()));
    else
      batch.Delete(last_cf, k);
  }
  auto s = impl_->db->Write(rocksdb::WriteOptions(), &batch);
  if (!s.ok()) return rocks_error(s, "cannot write read models");
  return {};
}

Status ReadModelStore::reset(std::string_view model) {
  auto cf = impl_->family(model, false);
  if (!cf) return std::move(cf).error();
  if (*cf) {
    // Dropping the family is O(1) whatever its size; the next commit recreates it empty.
    auto s = impl_->db->DropColumnFamily(*cf);
    if (!s.ok()) return rocks_error(s, "cannot drop read model " + std::string(model));
    std::lock_guard lock(impl_->mu);
    impl_->db->DestroyColumnFamilyHandle(*cf);
    impl_->families.erase(impl_->families.find(model));
  }
  auto s = impl_->db->Delete(rocksdb::WriteOptions(), impl_->default_cf, checkpoint_key(model));
  if (!s.ok()) return rocks_error(s, "cannot reset the checkpoint of " + std::string(model));
  return {};
}

Result<std::uint64_t> ReadModelStore::checkpoint(std::string_view model) const {
  std::string value;
  auto s = impl_->db->Get(rocksdb::ReadOptions(), impl_->default_cf, checkpoint_key(model), &value);
  if (s.IsNotFound()) return std::uint64_t{0};
  if (!s.ok()) return rocks_error(s, "cannot read the checkpoint of " + std::string(model));
  if (value.size() != 8)
    return Error::make(Errc::corrupt, "checkpoint of " + std::string(model) + " is not 8 bytes");
  return from_be64(value);
}

Result<std::uint32_t> ReadModelStore::format(std::string_view model) const {
  std::string value;
  auto s = impl_->db->Get(rocksdb::ReadOptions(), impl_->default_cf, format_key(model), &value);
  if (s.IsNotFound()) return std::uint32_t{1};  // stores written before formats were recorded
  if (!s.ok()) return rocks_error(s, "cannot read the row format of " + std::string(model));
  if (value.size() != 8)
    return Error::make(Errc::corrupt, "row format of " + std::string(model) + " is not 8 bytes");
  return static_cast<std::uint32_t>(from_be64(value));
}

Status ReadModelStore::set_format(std::string_view model, std::uint32_t format) {
  auto s = impl_->db->Put(rocksdb::WriteOptions(), impl_->default_cf, format_key(model),
                          be64(format));
  if (!s.ok()) return rocks_error(s, "cannot record the row format of " + std::string(model));
  return {};
}

Status ReadModelStore::scan(std::string_view model, const RowVisitor& visit) const {
  auto cf = impl_->family(model, false);
  if (!cf) return std::move(cf).error();
  if (!*cf) return {};
  rocksdb::ReadOptions ro;
  ro.readahead_size = 2 * 1024 * 1024;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, *cf));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    auto st = visit({it->key().data(), it->key().size()}, {it->value().data(), it->value().size()});
    if (!st) return st;
  }
  if (!it->status().ok()) return rocks_error(it->status(), "cannot scan " + std::string(model));
  return {};
}

Result<std::string> ReadModelStore::dump(std::string_view model) const {
  std::string out;
  auto escape = [&](std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (unsigned char c : s) {
      if (c < 0x20 || c == '\\') {
        out += "\\x";
        out += kHex[c >> 4];
        out += kHex[c & 15];
      } else {
        out += static_cast<char>(c);
      }
    }
  };
  auto st = scan(model, [&](std::string_view k, std::string_view v) {
    escape(k);
    out += '\t';
    escape(v);
    out += '\n';
    return Status{};
  });
  if (!st) return std::move(st).error();
  return out;
}

}  // namespace webox
