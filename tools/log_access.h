// Read-only access to an engine's data directory for the command-line tools, safe while
// `webox serve` holds it open: the event log and the data-key store are opened as RocksDB
// secondaries (storage/event_log.h, storage/data_keys.h) with their scratch directories under
// the system temp directory, removed on close. Nothing under the data directory is written,
// not even a master key: one that is missing is an error, never a new key.
//
//   auto data = LogAccess::open("./data", {.keys = true, .master_key_hex = ""});
//   if (!data) return fail(data.error());      // Errc::not_found: "no event log in ./data/events"
//   CallReader call(**data, "CA01");
//   auto first = call.next();                  // everything so far, personal fields opened
//   (*data)->catch_up();                       // later: what the engine wrote meanwhile
//   auto more = call.next();                   // only the new events
//
// The master key is WEBOX_MASTER_KEY's 64 hex digits when given (`master_key_hex`), else
// <data>/master.key, as `webox serve` finds it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "events/envelope.h"
#include "events/result.h"
#include "storage/data_keys.h"
#include "storage/event_log.h"

namespace webox {

class LogAccess {
 public:
  struct Options {
    bool keys = false;           // also open the data-key store (and so the master key)
    std::string master_key_hex;  // empty: <data>/master.key
  };
  [[nodiscard]] static Result<std::unique_ptr<LogAccess>> open(const std::string& data_dir,
                                                               Options options);
  ~LogAccess();
  LogAccess(const LogAccess&) = delete;
  LogAccess& operator=(const LogAccess&) = delete;

  const EventLog& log() const { return *log_; }
  const std::string& events_path() const { return events_path_; }  // "<data>/events"
  // The stream's data key; nullopt when it has none (shredded, or the store was not opened).
  // A key missing from the store's view is looked for again in a fresh one before nullopt.
  [[nodiscard]] Result<std::optional<SecretKey>> key_of(const std::string& stream);
  // Takes in what the engine appended since the open or the last catch_up(). Keys need no
  // catching up here: key_of() refreshes its view when a key is missing, and a key the engine
  // shreds meanwhile is followed by CallErased, which masks the call whatever the key.
  [[nodiscard]] Status catch_up();

 private:
  LogAccess() = default;
  std::string scratch_;  // the secondaries' own directory, removed by the destructor
  std::string events_path_;
  std::unique_ptr<EventLog> log_;
  std::unique_ptr<DataKeyStore> keys_;
};

// One call's events, in position order, read incrementally: its stream ("call-<sid>"), and
// BookingConfirmed events of the call written to other streams ("booking-<id>"), found by
// scanning the log from the call's first position. A booking is made while its call is live,
// so once CallEnded is read the scan stops there instead of running to the end of the log.
// Personal fields come back opened with the call's data key; every one reads "[erased]" once
// the stream holds CallErased (as the engine shows an erased call), or when the key is gone.
class CallReader {
 public:
  CallReader(LogAccess& data, std::string call_sid);
  // The events not returned before, up to what the log shows now (catch_up() to move on).
  // Empty when nothing is new, or when the call does not exist (yet).
  [[nodiscard]] Result<std::vector<Envelope>> next();

 private:
  LogAccess& data_;
  std::string sid_, stream_;
  std::uint64_t next_version_ = 1;
  std::uint64_t scan_from_ = 0;  // next position to scan for bookings; 0 until the call starts
  bool ended_ = false;
  bool erased_ = false;
};

}  // namespace webox
