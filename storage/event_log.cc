// EventLog: opening and closing, reads, checkpoints and listeners. The write path is in
// event_log_append.cc.
#include "storage/event_log.h"

#include <rocksdb/iterator.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <thread>

#include "events/codec.h"
#include "storage/event_log_impl.h"
#include "storage/keys.h"
#include "storage/rocks_options.h"

namespace webox {

using storage::Be64;
using storage::get_be64;

Error storage_error(const rocksdb::Status& s, const std::string& what) {
  return Error::make(s.IsCorruption() ? Errc::corrupt : Errc::io, what + ": " + s.ToString());
}

namespace {

Status check_stream_name(const std::string& stream) {
  if (stream.empty()) return Error::invalid("stream", "must not be empty");
  if (stream.find('\0') != std::string::npos)
    return Error::invalid("stream", "must not contain NUL");  // the key separator
  return {};
}

// Decodes a stored row and checks it is the row its key says it is.
Result<Envelope> decode_row(std::uint64_t position, std::string_view bytes) {
  auto e = decode(bytes);
  if (!e) {
    Error err = std::move(e).error();
    // A row this build cannot read keeps its precise code (unknown_type, unsupported_version);
    // anything else in stored bytes is corruption.
    if (err.code != Errc::unknown_type && err.code != Errc::unsupported_version)
      err.code = Errc::corrupt;
    err.message = "event at position " + std::to_string(position) + ": " + err.message;
    return err;
  }
  if (e->position != position)
    return Error::make(Errc::corrupt, "event at position " + std::to_string(position) +
                                          " says position " + std::to_string(e->position));
  return e;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Open and close.

EventLog::EventLog(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EventLog::~EventLog() = default;

EventLog::Impl::~Impl() {
  if (!db) return;
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  // Close() flushes nothing we need (the WAL already holds every synced batch) but releases the
  // LOCK file before the next open in this process.
  db->Close();
}

Result<std::unique_ptr<EventLog>> EventLog::open(const std::string& path,
                                                 EventLogOptions options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(fs::path(path) / "CURRENT", ec)) {
    if (!options.create_if_missing)
      return Error::make(Errc::not_found, "no event log at " + path);
    fs::create_directories(path, ec);  // RocksDB creates only the last level itself
    if (ec) return Error::make(Errc::io, "cannot create " + path + ": " + ec.message());
  }

  auto setup = storage::make_rocks_setup(options.create_if_missing);
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  rocksdb::DB* raw = nullptr;
  auto s = rocksdb::DB::Open(setup.db, path, setup.families, &impl->handles, &raw);
  if (!s.ok()) return storage_error(s, "cannot open event log at " + path);
  impl->db.reset(raw);

  // The layout: a fresh log is stamped with this build's; an existing one must carry it.
  if (auto st = impl->check_format(); !st) return std::move(st).error();

  // last_position is written in every batch; the events family's last key must agree with it,
  // or the two were not written together and the log cannot be trusted.
  std::string value;
  std::uint64_t recorded = 0;
  s = raw->Get({}, impl->cf(storage::kDefaultCf), storage::kLastPositionKey, &value);
  if (s.ok()) {
    if (value.size() != 8) return Error::make(Errc::corrupt, "last_position is not 8 bytes");
    recorded = get_be64(value.data());
  } else if (!s.IsNotFound()) {
    return storage_error(s, "cannot read last_position");
  }
  std::uint64_t scanned = 0;
  {
    std::unique_ptr<rocksdb::Iterator> it(raw->NewIterator({}, impl->cf(storage::kEventsCf)));
    it->SeekToLast();
    if (it->Valid()) {
      if (it->key().size() != 8) return Error::make(Errc::corrupt, "bad key in events");
      scanned = get_be64(it->key().data());
    } else if (!it->status().ok()) {
      return storage_error(it->status(), "cannot scan events");
    }
  }
  if (recorded != scanned)
    return Error::make(Errc::corrupt, "last_position " + std::to_string(recorded) +
                                          " but the last event is at " + std::to_string(scanned));
  impl->last_position = recorded;
  impl->written_position = recorded;
  impl->notified_position = recorded;
  return std::unique_ptr<EventLog>(new EventLog(std::move(impl)));
}

Result<std::unique_ptr<EventLog>> EventLog::open_secondary(const std::string& path,
                                                           const std::string& secondary_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(fs::path(path) / "CURRENT", ec))
    return Error::make(Errc::not_found, "no event log at " + path);
  auto setup = storage::make_rocks_setup(/*create_if_missing=*/false);
  // A secondary opens each SST once and keeps it open: the engine's compactions may delete a
  // file between two catch-ups, and an open file stays readable.
  setup.db.max_open_files = -1;
  auto impl = std::make_unique<Impl>();
  impl->read_only = true;
  rocksdb::DB* raw = nullptr;
  auto s = rocksdb::DB::OpenAsSecondary(setup.db, path, secondary_dir, setup.families,
                                        &impl->handles, &raw);
  if (!s.ok()) return storage_error(s, "cannot open event log at " + path + " (read-only)");
  impl->db.reset(raw);

  // The layout check without the stamping: a primary stamps a fresh log before its first
  // append, so a missing key with no position is a log nobody has written yet.
  std::string value;
  s = raw->Get({}, impl->cf(storage::kDefaultCf), storage::kFormatKey, &value);
  if (s.ok()) {
    if (value.size() != 8 || get_be64(value.data()) != storage::kFormatVersion)
      return Error::make(Errc::corrupt, "event log at " + path + " is not layout " +
                                            std::to_string(storage::kFormatVersion));
  } else if (!s.IsNotFound()) {
    return storage_error(s, "cannot read format_version");
  }
  if (auto st = impl->load_secondary_position(); !st) return std::move(st).error();
  return std::unique_ptr<EventLog>(new EventLog(std::move(impl)));
}

Status EventLog::Impl::load_secondary_position() {
  // From the events family's last key, not the last_position key: a secondary can keep serving
  // an overwritten key's old value from its memtable after the primary flushed the new one and
  // dropped the WAL (RocksDB issue 15051, fixed after 7.8), and last_position is overwritten by
  // every append. Position keys are written once, so their last one cannot be stale; a
  // catch-up applies whole WriteBatches, so its streams entries are there too.
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator({}, cf(storage::kEventsCf)));
  it->SeekToLast();
  if (!it->Valid()) {
    if (!it->status().ok()) return storage_error(it->status(), "cannot scan events");
    return {};
  }
  if (it->key().size() != 8) return Error::make(Errc::corrupt, "bad key in events");
  const std::uint64_t found = get_be64(it->key().data());
  if (found > last_position.load()) {
    last_position = found;
    written_position = found;
  }
  return {};
}

Status EventLog::catch_up() {
  if (!impl_->read_only) return {};
  auto s = impl_->db->TryCatchUpWithPrimary();
  if (!s.ok()) return storage_error(s, "cannot catch up with the event log");
  return impl_->load_secondary_position();
}

bool EventLog::read_only() const { return impl_->read_only; }

Status EventLog::Impl::check_format() {
  std::string value;
  auto s = db->Get({}, cf(storage::kDefaultCf), storage::kFormatKey, &value);
  if (s.ok()) {
    if (value.size() != 8) return Error::make(Errc::corrupt, "format_version is not 8 bytes");
    auto found = get_be64(value.data());
    if (found != storage::kFormatVersion)
      return Error::make(Errc::corrupt, "event log layout " + std::to_string(found) +
                                            ", this build reads layout " +
                                            std::to_string(storage::kFormatVersion) +
                                            " only (storage/event_log.h)");
    return {};
  }
  if (!s.IsNotFound()) return storage_error(s, "cannot read format_version");
  // No format key: either a brand-new database or one written before the key existed (layout
  // 1: one streams entry per event). Any stored event or position says which.
  s = db->Get({}, cf(storage::kDefaultCf), storage::kLastPositionKey, &value);
  if (!s.IsNotFound()) {
    if (!s.ok()) return storage_error(s, "cannot read last_position");
    return Error::make(Errc::corrupt,
                       "event log written with layout 1 (one streams entry per event); this "
                       "build reads layout " + std::to_string(storage::kFormatVersion) +
                           " only and does not migrate: start from an empty directory");
  }
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator({}, cf(storage::kEventsCf)));
  it->SeekToFirst();
  if (it->Valid())
    return Error::make(Errc::corrupt, "event log holds events but no format_version");
  if (!it->status().ok()) return storage_error(it->status(), "cannot scan events");
  rocksdb::WriteOptions wo;
  wo.sync = true;
  s = db->Put(wo, cf(storage::kDefaultCf), storage::kFormatKey,
              Be64(storage::kFormatVersion).slice());
  if (!s.ok()) return storage_error(s, "cannot write format_version");
  return {};
}

// ---------------------------------------------------------------------------------------------
// Stream versions.

std::unique_ptr<rocksdb::Iterator> EventLog::Impl::streams_iterator() const {
  return std::unique_ptr<rocksdb::Iterator>(db->NewIterator({}, cf(storage::kStreamsCf)));
}

Result<std::uint64_t> EventLog::Impl::load_stream_version(rocksdb::Iterator& it,
                                                          const std::string& stream) {
  // The last key of the stream is the greatest key below stream 0x00 FF..FF.
  it.SeekForPrev(storage::stream_key(stream, UINT64_MAX));
  if (!it.Valid()) {
    if (!it.status().ok()) return storage_error(it.status(), "cannot seek streams");
    return std::uint64_t{0};
  }
  auto key = it.key();
  if (key.size() != stream.size() + 9 || std::memcmp(key.data(), stream.data(), stream.size()) ||
      key[stream.size()] != '\0')
    return std::uint64_t{0};  // landed on another stream: this one has no events
  if (it.value().size() != storage::kStreamRunSize)
    return Error::make(Errc::corrupt, "bad entry in streams for " + stream);
  // The last run's first version plus its length.
  return get_be64(key.data() + stream.size() + 1) +
         storage::get_stream_run(it.value().data()).count - 1;
}

Result<std::uint64_t> EventLog::Impl::writer_stream_version(
    const std::string& stream, std::unique_ptr<rocksdb::Iterator>& it) {
  {
    std::lock_guard lock(versions_mu);
    if (auto found = versions.find(stream); found != versions.end()) return found->second;
  }
  // Safe to reuse one iterator (and its snapshot) for the whole batch: nothing else writes
  // while write_mu is held, and this batch's own writes are not in the database yet.
  if (!it) it = streams_iterator();
  auto v = load_stream_version(*it, stream);
  if (!v) return v;
  std::lock_guard lock(versions_mu);
  if (versions.size() >= kMaxCachedStreams) versions.clear();
  versions.emplace(stream, *v);
  return v;
}

std::uint64_t EventLog::stream_version(const std::string& stream) const {
  {
    std::lock_guard lock(impl_->versions_mu);
    if (auto it = impl_->versions.find(stream); it != impl_->versions.end()) return it->second;
  }
  if (!check_stream_name(stream)) return 0;
  // The signature has no room for an error; a failing read of the streams family also fails
  // every append, which reports it.
  auto v = Impl::load_stream_version(*impl_->streams_iterator(), stream);
  return v ? *v : 0;
}

std::uint64_t EventLog::last_position() const { return impl_->last_position.load(); }

// ---------------------------------------------------------------------------------------------
// Reads.

Result<std::vector<Envelope>> EventLog::read_all(std::uint64_t from_position,
                                                 std::size_t max_count) const {
  std::vector<Envelope> out;
  std::uint64_t last = impl_->last_position.load();
  from_position = std::max<std::uint64_t>(from_position, 1);
  if (max_count == 0 || from_position > last) return out;
  // Positions are contiguous, so the range is known up front: bounding the iterator lets
  // RocksDB stop at the end instead of reading one block past it.
  std::uint64_t end = from_position + std::min<std::uint64_t>(max_count, last - from_position + 1);
  out.reserve(end - from_position);
  Be64 lower(from_position), upper(end);
  rocksdb::Slice upper_slice = upper.slice();
  rocksdb::ReadOptions ro;
  ro.iterate_upper_bound = &upper_slice;
  // Catch-up readers scan sequentially: read ahead instead of one block per syscall.
  if (end - from_position > 1000) ro.readahead_size = 2 * 1024 * 1024;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->cf(storage::kEventsCf)));
  for (it->Seek(lower.slice()); it->Valid(); it->Next()) {
    auto key = it->key();
    if (key.size() != 8) return Error::make(Errc::corrupt, "bad key in events");
    auto e = decode_row(get_be64(key.data()), {it->value().data(), it->value().size()});
    if (!e) return std::move(e).error();
    out.push_back(std::move(*e));
  }
  if (!it->status().ok()) return storage_error(it->status(), "cannot scan events");
  return out;
}

Result<std::vector<Envelope>> EventLog::read_stream(const std::string& stream,
                                                    std::uint64_t from_version,
                                                    std::size_t max_count) const {
  if (auto s = check_stream_name(stream); !s) return std::move(s).error();
  std::vector<Envelope> out;
  if (max_count == 0) return out;

  // The index first (stream 0x00 first version -> first position, count: one run per append),
  // then the rows in one MultiGet. Index and rows are written in the same batch, so an index
  // entry always has its rows.
  from_version = std::max<std::uint64_t>(from_version, 1);
  std::vector<std::uint64_t> positions;
  {
    std::string lower = storage::stream_key(stream, 0);
    std::string upper = storage::stream_upper_bound(stream);
    rocksdb::Slice lower_slice(lower), upper_slice(upper);
    rocksdb::ReadOptions ro;
    ro.iterate_lower_bound = &lower_slice;
    ro.iterate_upper_bound = &upper_slice;
    std::unique_ptr<rocksdb::Iterator> it(
        impl_->db->NewIterator(ro, impl_->cf(storage::kStreamsCf)));
    // The run holding from_version starts at or before it; with no such run the stream starts
    // later (or not at all) and the first run is the place to begin.
    it->SeekForPrev(storage::stream_key(stream, from_version));
    if (!it->Valid()) {
      if (!it->status().ok()) return storage_error(it->status(), "cannot scan streams");
      it->SeekToFirst();
    }
    // Positions ascend with versions; those past the durable position were written but not
    // yet synced, and are not shown until they are.
    const std::uint64_t durable = impl_->last_position.load();
    bool done = false;
    for (; it->Valid() && !done; it->Next()) {
      if (it->key().size() != stream.size() + 9 || it->value().size() != storage::kStreamRunSize)
        return Error::make(Errc::corrupt, "bad entry in streams for " + stream);
      const std::uint64_t first_version = get_be64(it->key().data() + stream.size() + 1);
      const auto run = storage::get_stream_run(it->value().data());
      if (run.count == 0 || first_version == 0)
        return Error::make(Errc::corrupt, "empty run in streams for " + stream);
      for (std::uint64_t i = from_version > first_version ? from_version - first_version : 0;
           i < run.count; ++i) {
        const std::uint64_t position = run.first_position + i;
        if (position > durable || positions.size() == max_count) {
          done = true;
          break;
        }
        positions.push_back(position);
      }
    }
    if (!it->status().ok()) return storage_error(it->status(), "cannot scan streams");
  }
  if (positions.empty()) return out;

  std::vector<Be64> keys;
  keys.reserve(positions.size());
  for (auto p : positions) keys.emplace_back(p);
  std::vector<rocksdb::Slice> slices;
  slices.reserve(keys.size());
  for (const auto& k : keys) slices.push_back(k.slice());
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  // Versions ascend with positions, so the keys are already sorted.
  impl_->db->MultiGet({}, impl_->cf(storage::kEventsCf), keys.size(), slices.data(),
                      values.data(), statuses.data(), /*sorted_input=*/true);
  out.reserve(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!statuses[i].ok())
      return statuses[i].IsNotFound()
                 ? Error::make(Errc::corrupt, "stream " + stream + " points at missing position " +
                                                  std::to_string(positions[i]))
                 : storage_error(statuses[i], "cannot read events");
    auto e = decode_row(positions[i], {values[i].data(), values[i].size()});
    if (!e) return std::move(e).error();
    out.push_back(std::move(*e));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Checkpoints. Independent keys, so no need for the writer lock: RocksDB orders the puts.

Status EventLog::save_checkpoint(const std::string& name, std::uint64_t position) {
  if (name.empty()) return Error::invalid("name", "must not be empty");
  if (impl_->read_only) return Error::make(Errc::unavailable, "the event log is open read-only");
  rocksdb::WriteOptions wo;
  wo.sync = impl_->options.sync;
  Be64 value(position);
  auto s = impl_->db->Put(wo, impl_->cf(storage::kCheckpointsCf), name, value.slice());
  if (!s.ok()) return storage_error(s, "cannot save checkpoint " + name);
  return {};
}

Result<std::optional<std::uint64_t>> EventLog::load_checkpoint(const std::string& name) const {
  std::string value;
  auto s = impl_->db->Get({}, impl_->cf(storage::kCheckpointsCf), name, &value);
  if (s.IsNotFound()) return std::optional<std::uint64_t>{};
  if (!s.ok()) return storage_error(s, "cannot load checkpoint " + name);
  if (value.size() != 8) return Error::make(Errc::corrupt, "checkpoint " + name + " is not 8 bytes");
  return std::optional<std::uint64_t>{get_be64(value.data())};
}

// ---------------------------------------------------------------------------------------------
// Listeners. Held under notify_mu while they run so that unsubscribe() returning means the
// listener is not running and will not run again; the price is that a listener must not call
// subscribe/unsubscribe itself (it would deadlock). A listener that appends is fine: the nested
// notify() sees its own thread already announcing and leaves the new position to the loop.

std::uint64_t EventLog::subscribe(Listener listener) {
  std::lock_guard lock(impl_->notify_mu);
  auto id = impl_->next_listener_id++;
  impl_->listeners.emplace(id, std::move(listener));
  return id;
}

void EventLog::unsubscribe(std::uint64_t id) {
  std::lock_guard lock(impl_->notify_mu);
  impl_->listeners.erase(id);
}

void EventLog::Impl::notify() {
  if (notifying_thread.load() == std::this_thread::get_id()) return;
  std::lock_guard lock(notify_mu);
  notifying_thread = std::this_thread::get_id();
  struct Clear {  // even if a listener throws, this thread must not stay marked as notifying
    std::atomic<std::thread::id>& id;
    ~Clear() { id = std::thread::id{}; }
  } clear{notifying_thread};
  // Two writers may reach here in either order: reading the position now and skipping what was
  // already announced keeps what listeners see increasing; looping picks up appends made by
  // the listeners themselves.
  for (;;) {
    auto position = last_position.load();
    if (position <= notified_position) break;
    notified_position = position;
    for (auto& [id, listener] : listeners) listener(position);
  }
}

}  // namespace webox
