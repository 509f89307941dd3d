#include "tools/log_access.h"

#include <stdlib.h>

#include <algorithm>
#include <filesystem>

#include "actors/personal_data.h"
#include "storage/master_key.h"

namespace webox {
namespace fs = std::filesystem;

namespace {

// The master key as `webox serve` would find it, without its create-if-missing: a tool that
// made a new key would make every sealed field of the data directory unreadable to the engine.
Result<SecretKey> read_master_key(const fs::path& data_dir, const std::string& hex) {
  if (!hex.empty()) {
    auto key = SecretKey::from_hex(hex);
    if (!key) return Error::invalid("WEBOX_MASTER_KEY", "expected 64 hex digits");
    return key;
  }
  const fs::path file = data_dir / "master.key";
  std::error_code ec;
  if (!fs::exists(file, ec))
    return Error::make(Errc::not_found, "no master key: " + file.string() +
                                            " does not exist and WEBOX_MASTER_KEY is not set");
  return load_or_create_master_key(file.string());
}

}  // namespace

Result<std::unique_ptr<LogAccess>> LogAccess::open(const std::string& data_dir, Options options) {
  std::error_code ec;
  if (!fs::is_directory(data_dir, ec))
    return Error::make(Errc::not_found, "no data directory " + data_dir);
  std::unique_ptr<LogAccess> out(new LogAccess());
  out->events_path_ = (fs::path(data_dir) / "events").string();
  std::string scratch = (fs::temp_directory_path(ec) / "webox-tool-XXXXXX").string();
  if (ec || !::mkdtemp(scratch.data()))
    return Error::make(Errc::io, "cannot create a scratch directory under the temp directory");
  out->scratch_ = scratch;

  auto log = EventLog::open_secondary(out->events_path_, scratch + "/events");
  if (!log) {
    if (log.error().code == Errc::not_found)
      return Error::make(Errc::not_found, "no event log in " + out->events_path_);
    return std::move(log).error();
  }
  out->log_ = std::move(*log);
  if (!options.keys) return out;

  auto master = read_master_key(data_dir, options.master_key_hex);
  if (!master) return std::move(master).error();
  auto keys = DataKeyStore::open_secondary((fs::path(data_dir) / "keys").string(),
                                           scratch + "/keys", *master);
  // A data directory from before per-call keys has no store: its events are in clear.
  if (!keys && keys.error().code != Errc::not_found) return std::move(keys).error();
  if (keys) out->keys_ = std::move(*keys);
  return out;
}

LogAccess::~LogAccess() {
  log_.reset();
  keys_.reset();
  std::error_code ec;
  if (!scratch_.empty()) fs::remove_all(scratch_, ec);
}

Result<std::optional<SecretKey>> LogAccess::key_of(const std::string& stream) {
  if (!keys_) return std::optional<SecretKey>{};
  auto key = keys_->get(stream);
  if (!key || *key) return key;
  // Not in our view: perhaps made after it was taken (a call that started since). A key is
  // synced before the first event sealed with it, so a fresh view has it unless it was shredded.
  if (auto s = keys_->catch_up(); !s) return std::move(s).error();
  return keys_->get(stream);
}

Status LogAccess::catch_up() { return log_->catch_up(); }

// ---------------------------------------------------------------------------------------------

CallReader::CallReader(LogAccess& data, std::string call_sid)
    : data_(data), sid_(std::move(call_sid)), stream_(call_stream(sid_)) {}

Result<std::vector<Envelope>> CallReader::next() {
  const EventLog& log = data_.log();
  // Both reads below stop at the same last position (it moves only on catch_up), so the
  // stream's events and the scanned bookings interleave correctly.
  auto read = log.read_stream(stream_, next_version_);
  if (!read) return std::move(read).error();
  std::vector<Envelope> out = std::move(*read);
  if (!out.empty()) next_version_ = out.back().version + 1;
  if (scan_from_ == 0 && !out.empty()) scan_from_ = out.front().position;

  std::uint64_t scan_to = log.last_position();
  bool ends_now = false;
  for (const auto& e : out) {
    if (std::holds_alternative<CallEnded>(e.data)) {
      scan_to = e.position;
      ends_now = true;
    }
    erased_ |= std::holds_alternative<CallErased>(e.data);
  }
  if (scan_from_ > 0 && !ended_) {
    std::vector<Envelope> found;
    while (scan_from_ <= scan_to) {
      auto page = log.read_all(scan_from_, std::min<std::uint64_t>(1000, scan_to - scan_from_ + 1));
      if (!page) return std::move(page).error();
      if (page->empty()) break;
      scan_from_ = page->back().position + 1;
      for (auto& e : *page)
        if (auto* b = std::get_if<BookingConfirmed>(&e.data);
            b && b->call_sid == sid_ && e.stream != stream_)
          found.push_back(std::move(e));
    }
    if (!found.empty()) {
      out.insert(out.end(), std::make_move_iterator(found.begin()),
                 std::make_move_iterator(found.end()));
      std::sort(out.begin(), out.end(),
                [](const Envelope& a, const Envelope& b) { return a.position < b.position; });
    }
  }
  ended_ |= ends_now;
  if (out.empty()) return out;

  std::optional<SecretKey> key;
  if (!erased_) {
    auto k = data_.key_of(stream_);
    if (!k) return std::move(k).error();
    key = *k;
  }
  for (auto& e : out) {
    if (erased_)
      erase_personal(e);
    else
      open_personal(e, key);
  }
  return out;
}

}  // namespace webox
