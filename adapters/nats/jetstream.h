// JetStream through NATS.c, as the publisher needs it: connect, make sure the stream exists,
// publish asynchronously under a message id, and learn which messages JetStream acknowledged.
//
//   auto js = JetStream::connect({.url = "nats://127.0.0.1:4222"});   // Result<unique_ptr>
//   if (!js) return std::move(js).error();          // Errc::unavailable: no server there
//   auto made = (*js)->ensure_stream({.name = "WEBOX", .subject = "webox.>"});  // created if missing
//   (*js)->publish_async("webox.t1.call.CallStarted", json, "0b6f...-uuid");     // Status
//   auto acks = (*js)->wait_acks(std::chrono::seconds(5));                      // Result<Acks>
//   // acks->acked == 1, acks->failed_ids empty; acks->duplicates == 1 when JetStream already
//   // held that id (Nats-Msg-Id) within its duplicate window and dropped the copy
//
// Errors: Errc::unavailable for anything about the server (cannot connect, connection lost,
// acknowledgements that did not come in time), Errc::invalid_argument for a bad URL. Nothing
// throws.
//
// Reconnection is off on purpose: a lost connection closes this object for good (connected()
// turns false, on_closed runs) and the caller makes a new one and starts again from what it
// knows was acknowledged. So "acknowledged" never has to be reasoned about across two
// connections, and NATS.c never buffers publishes for a server that may not come back.
//
// Threads: one thread at a time calls publish_async / wait_acks / ensure_stream. NATS.c runs
// its callbacks on its own threads; here they only count into a mutex-guarded tally and call
// on_closed, which must be short (set a flag, notify a condition variable), must not call back
// into this object, and is never called once the destructor has started.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "events/result.h"

namespace webox::nats {

struct JetStreamOptions {
  std::string url;                                  // nats://127.0.0.1:4222
  std::string client_name = "webox";                // shown by the server (connz)
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds api_timeout{5000};      // JetStream API requests (stream info/add)
  std::function<void()> on_closed;                  // the connection is gone (any thread)
};

struct StreamSpec {
  std::string name = "WEBOX";
  std::string subject = "webox.>";  // the one subject filter of the stream
};

struct StreamState {
  std::uint64_t messages = 0;
  std::uint64_t first_sequence = 0, last_sequence = 0;
};

// What came back for the messages published since the last wait_acks().
struct Acks {
  std::uint64_t acked = 0;        // stored, or already stored (duplicates count here too)
  std::uint64_t duplicates = 0;   // of which JetStream already held the id
  std::vector<std::string> failed_ids;  // message ids JetStream refused
  std::string first_error;        // why the first of them failed
};

class JetStream {
 public:
  [[nodiscard]] static Result<std::unique_ptr<JetStream>> connect(JetStreamOptions options);
  ~JetStream();
  JetStream(const JetStream&) = delete;
  JetStream& operator=(const JetStream&) = delete;

  // File storage, default limits (kept forever), JetStream's default duplicate window (2 min).
  // An existing stream of that name is used as it is. True when it was created now.
  [[nodiscard]] Result<bool> ensure_stream(const StreamSpec& spec);
  [[nodiscard]] Result<StreamState> stream_state(const std::string& name);

  // Queues one message with header Nats-Msg-Id = msg_id; does not wait for the server.
  [[nodiscard]] Status publish_async(const std::string& subject, std::string_view payload,
                                     const std::string& msg_id);
  // Waits until every message published so far is acknowledged or refused. Errc::unavailable
  // when the connection is lost or `timeout` passes first; this object is then spent.
  [[nodiscard]] Result<Acks> wait_acks(std::chrono::milliseconds timeout);

  bool connected() const;

  struct State;  // shared with NATS.c's callbacks (jetstream.cc)

 private:
  JetStream() = default;
  std::shared_ptr<State> state_;
};

}  // namespace webox::nats
