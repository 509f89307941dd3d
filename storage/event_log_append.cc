// The write path: append() and append_batch().
//
// One call = one WriteBatch = one synced Write. Under write_mu, for each request in order:
//   1. idempotency: every event id already stored (in the database or earlier in this batch)
//      -> duplicate, answered with the stored events; some but not all -> Errc::conflict;
//   2. expected-version check against the stream's version (cache, batch overlay, database);
//   3. positions and versions assigned, rows encoded into the batch.
// The caches (stream versions, last position) change only after the Write succeeded, so a
// failed Write leaves memory exactly matching the disk.
#include <rocksdb/perf_level.h>
#include <rocksdb/write_batch.h>

#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include "events/codec.h"
#include "storage/event_log.h"
#include "storage/event_log_impl.h"
#include "storage/keys.h"
#include "storage/rocks_options.h"

namespace webox {

using storage::Be64;
using storage::get_be64;

namespace {

struct UuidHash {
  std::size_t operator()(const Uuid& u) const noexcept {
    // v4 ids are random and v5 ids are SHA-1 output: any 8 bytes are already a good hash.
    std::size_t h;
    std::memcpy(&h, u.bytes().data(), sizeof h);
    return h;
  }
};

rocksdb::Slice id_key(const Uuid& id) {
  return {reinterpret_cast<const char*>(id.bytes().data()), id.bytes().size()};
}

// Checks that need no database: refused requests never reach the lock.
Status validate(AppendRequest& r, Micros now) {
  if (r.stream.empty()) return Error::invalid("stream", "must not be empty");
  if (r.stream.find('\0') != std::string::npos)
    return Error::invalid("stream", "must not contain NUL");
  if (r.expected_version < kAnyVersion)
    return Error::invalid("expected_version", "must be kAnyVersion, kNoStream or >= 0");
  if (r.events.empty()) return Error::invalid("events", "an append needs at least one event");
  std::unordered_set<Uuid, UuidHash> seen;
  seen.reserve(r.events.size());
  for (auto& e : r.events) {
    if (e.event_id.is_nil()) return Error::invalid("event_id", "must not be nil");
    if (!seen.insert(e.event_id).second)
      return Error::invalid("event_id", "event " + e.event_id.str() + " appears twice");
    e.stream = r.stream;
    if (e.recorded_at == 0) e.recorded_at = now;  // the log's clock when the writer gave none
  }
  return {};
}

Error version_conflict(const AppendRequest& r, std::uint64_t current) {
  std::string want = r.expected_version == kNoStream ? std::string("no stream")
                                                     : "version " + std::to_string(r.expected_version);
  return Error::make(Errc::conflict, "stream " + r.stream + ": expected " + want +
                                         ", found version " + std::to_string(current));
}

// Where an event of this batch went: results[request].events[index].
struct Written {
  std::size_t request, index;
};
using BatchIds = std::unordered_map<Uuid, Written, UuidHash>;

// The answer to a request whose ids are all stored already: the events as stored, from earlier
// in this batch or from the database (`values` are its event_ids lookups, in request order).
Result<AppendResult> duplicate_result(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* events_cf,
                                      const AppendRequest& req,
                                      const rocksdb::PinnableSlice* values,
                                      const BatchIds& batch_ids,
                                      const std::vector<Result<AppendResult>>& results) {
  AppendResult dup;
  dup.duplicate = true;
  for (std::size_t j = 0; j < req.events.size(); ++j) {
    const auto& id = req.events[j].event_id;
    if (auto w = batch_ids.find(id); w != batch_ids.end()) {
      dup.events.push_back(results[w->second.request]->events[w->second.index]);
      continue;
    }
    if (values[j].size() != 8)
      return Error::make(Errc::corrupt, "event_ids entry for " + id.str() + " is not 8 bytes");
    std::uint64_t position = get_be64(values[j].data());
    std::string row;
    auto s = db.Get({}, events_cf, Be64(position).slice(), &row);
    if (s.IsNotFound())
      return Error::make(Errc::corrupt, "event " + id.str() + " points at missing position " +
                                            std::to_string(position));
    if (!s.ok()) return storage_error(s, "cannot read events");
    auto e = decode(row);
    if (!e)
      return Error::make(Errc::corrupt, "event at position " + std::to_string(position) + ": " +
                                            e.error().message);
    // The same id under another stream is not a retry of this append.
    if (e->stream != req.stream)
      return Error::make(Errc::conflict,
                         "event " + id.str() + " is already stored in stream " + e->stream);
    dup.events.push_back(std::move(*e));
  }
  dup.first_position = dup.events.front().position;
  dup.last_position = dup.events.back().position;
  dup.last_version = dup.events.back().version;
  return dup;
}

bool version_holds(std::int64_t expected, std::uint64_t current) {
  if (expected == kAnyVersion) return true;
  if (expected == kNoStream) return current == 0;
  return current == std::uint64_t(expected);
}

}  // namespace

Result<AppendResult> EventLog::append(const std::string& stream, std::int64_t expected_version,
                                      std::vector<Envelope> events) {
  std::vector<AppendRequest> one;
  one.push_back({stream, expected_version, std::move(events)});
  return std::move(impl_->append_batch(std::move(one), true).front());
}

std::vector<Result<AppendResult>> EventLog::append_batch(std::vector<AppendRequest> requests) {
  // Published at once; synced only when the log syncs at all (options.sync == false is for
  // benchmarks, whose appends must still become readable).
  return impl_->append_batch(std::move(requests), true);
}

std::vector<Result<AppendResult>> EventLog::append_batch_unsynced(
    std::vector<AppendRequest> requests) {
  return impl_->append_batch(std::move(requests), false);
}

Status EventLog::sync_written() { return impl_->sync_written(); }

Status EventLog::Impl::sync_written() {
  std::unique_lock lock(sync_mu);
  // Everything written before this point is covered by the sync below.
  const std::uint64_t target = written_position.load();
  if (target <= last_position.load()) return {};
  if (options.sync) {
    auto s = db->SyncWAL();
    if (!s.ok()) return storage_error(s, "cannot sync the write-ahead log");
  }
  last_position.store(target);
  lock.unlock();
  notify();
  return {};
}

std::vector<Result<AppendResult>> EventLog::Impl::append_batch(
    std::vector<AppendRequest> requests, bool sync) {
  const std::size_t n = requests.size();
  if (read_only)  // before the version cache: a refused append must not fill it
    return std::vector<Result<AppendResult>>(
        n, Error::make(Errc::unavailable, "the event log is open read-only"));
  std::vector<Result<AppendResult>> results(n, Error::make(Errc::internal, "not processed"));
  std::vector<bool> valid(n, false);
  Micros now = now_micros();
  std::size_t id_count = 0;
  for (std::size_t i = 0; i < n; ++i) {
    auto s = validate(requests[i], now);
    if (!s) {
      results[i] = std::move(s).error();
      continue;
    }
    valid[i] = true;
    id_count += requests[i].events.size();
  }
  if (id_count == 0) return results;

  // RocksDB counts every key comparison in a thread-local perf context by default; through the
  // shared library's TLS that was ~10% of the CPU of a 1,000-event append. Nobody reads them.
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
  std::unique_lock lock(write_mu);

  // Every id of the batch in one MultiGet: the database cannot change while we hold write_mu,
  // so looking them all up first is the same as looking each up in turn.
  std::vector<rocksdb::Slice> id_keys;
  id_keys.reserve(id_count);
  for (std::size_t i = 0; i < n; ++i)
    if (valid[i])
      for (const auto& e : requests[i].events) id_keys.push_back(id_key(e.event_id));
  std::vector<rocksdb::PinnableSlice> id_values(id_count);
  std::vector<rocksdb::Status> id_status(id_count);
  db->MultiGet({}, cf(storage::kEventIdsCf), id_count, id_keys.data(), id_values.data(),
               id_status.data());

  // What this batch has done so far, seen by the requests after it.
  BatchIds batch_ids;
  std::unordered_map<std::string, std::uint64_t> batch_versions;
  std::vector<bool> needs_write(n, false);  // results that are only true if the Write succeeds
  std::uint64_t next_position = written_position.load() + 1;
  rocksdb::WriteBatch batch;
  std::string json;
  std::unique_ptr<rocksdb::Iterator> streams_it;  // for streams not in the version cache

  std::size_t id_cursor = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!valid[i]) continue;
    auto& req = requests[i];
    const std::size_t first_id = id_cursor;
    id_cursor += req.events.size();

    // 1. Idempotency.
    std::size_t stored = 0;
    bool from_batch = false;
    Status lookup_failed;
    for (std::size_t j = 0; j < req.events.size(); ++j) {
      const auto& st = id_status[first_id + j];
      if (batch_ids.count(req.events[j].event_id)) {
        ++stored;
        from_batch = true;
      } else if (st.ok()) {
        ++stored;
      } else if (!st.IsNotFound() && lookup_failed.ok()) {
        lookup_failed = storage_error(st, "cannot look up event ids");
      }
    }
    if (!lookup_failed) {
      results[i] = std::move(lookup_failed).error();
      continue;
    }
    if (stored == req.events.size()) {
      results[i] = duplicate_result(*db, cf(storage::kEventsCf), req, &id_values[first_id],
                                    batch_ids, results);
      // Events from earlier in this batch are only real once the Write succeeds.
      needs_write[i] = from_batch && results[i].ok();
      continue;
    }
    if (stored != 0) {
      for (std::size_t j = 0; j < req.events.size(); ++j) {
        const auto& id = req.events[j].event_id;
        if (batch_ids.count(id) || id_status[first_id + j].ok()) {
          results[i] = Error::make(
              Errc::conflict, "stream " + req.stream + ": event " + id.str() +
                                  " is already stored but " +
                                  std::to_string(req.events.size() - stored) + " of " +
                                  std::to_string(req.events.size()) + " events are new");
          break;
        }
      }
      continue;
    }

    // 2. Expected version.
    std::uint64_t current;
    if (auto it = batch_versions.find(req.stream); it != batch_versions.end()) {
      current = it->second;
    } else {
      auto v = writer_stream_version(req.stream, streams_it);
      if (!v) {
        results[i] = std::move(v).error();
        continue;
      }
      current = *v;
    }
    if (!version_holds(req.expected_version, current)) {
      results[i] = version_conflict(req, current);
      continue;
    }

    // 3. Assign and encode.
    AppendResult ok;
    ok.first_position = next_position;
    for (std::size_t j = 0; j < req.events.size(); ++j) {
      auto& e = req.events[j];
      e.position = next_position++;
      e.version = ++current;
      json = encode(e);
      Be64 pos(e.position);
      batch.Put(cf(storage::kEventsCf), pos.slice(), json);
      batch.Put(cf(storage::kEventIdsCf), id_key(e.event_id), pos.slice());
      batch_ids.emplace(e.event_id, Written{i, j});
    }
    // One index entry for the whole append: its positions and versions are both contiguous.
    batch.Put(cf(storage::kStreamsCf),
              storage::stream_key(req.stream, req.events.front().version),
              storage::StreamRunBytes({ok.first_position, req.events.size()}).slice());
    ok.last_position = next_position - 1;
    ok.last_version = current;
    ok.events = std::move(req.events);
    batch_versions[req.stream] = current;
    needs_write[i] = true;
    results[i] = std::move(ok);
  }

  streams_it.reset();  // release its snapshot before the write
  if (batch.Count() == 0) return results;  // only duplicates and refusals: nothing to write

  const std::uint64_t new_last = next_position - 1;
  batch.Put(cf(storage::kDefaultCf), storage::kLastPositionKey, Be64(new_last).slice());
  rocksdb::WriteOptions wo;
  wo.sync = sync && options.sync;
  auto s = db->Write(wo, &batch);
  if (!s.ok()) {
    Error err = storage_error(s, "cannot write events");
    for (std::size_t i = 0; i < n; ++i)
      if (needs_write[i]) results[i] = err;
    return results;
  }
  {
    std::lock_guard versions_lock(versions_mu);
    if (versions.size() + batch_versions.size() > kMaxCachedStreams) versions.clear();
    for (auto& [stream, version] : batch_versions) versions[stream] = version;
  }
  written_position.store(new_last);
  if (!sync) return results;  // published by sync_written()
  // Readers and listeners see the batch only now that it is durable. A deferred batch written
  // before this one is durable too: the synced Write flushed the WAL it shares.
  last_position.store(new_last);
  lock.unlock();
  notify();
  return results;
}

}  // namespace webox
