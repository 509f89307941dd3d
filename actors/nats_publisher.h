// Publishes every event of the log to NATS JetStream, in order, from its own thread.
//
//   auto pub = NatsPublisher::start(*log, {.url = "nats://127.0.0.1:4222"});
//   // returns at once; the thread connects, creates stream WEBOX (subjects webox.>, file
//   // storage) if missing, publishes from checkpoint "nats" + 1 to the end of the log, then
//   // sleeps until the log announces new events (EventLog::subscribe)
//   pub->status();   // NatsStatus{connected, published_total, checkpoint, last_position}
//   pub->stop();     // also in the destructor
//
// What it promises:
// - Order and completeness: events go out by position, batch by batch (actors/nats_range.h).
//   The checkpoint (EventLog::save_checkpoint("nats", p)) moves only after JetStream has
//   acknowledged every position up to p. On any failure (no server, connection lost, a refusal,
//   an ack that does not come) it drops the connection, waits (100 ms doubling to 5 s, cut
//   short by stop()) and starts again from the checkpoint. What a failed batch had already
//   stored comes again with the same Nats-Msg-Id and JetStream drops the copy.
// - Nobody waits for it: the engine's actors never call it and it never holds up an append;
//   its thread is the only one that touches the network. With NATS down, calls go on and the
//   lag (last_position - checkpoint) grows; it drains, in order, once NATS is back.
// - At most one publisher per log and checkpoint name: two would both move "nats".
//
// Not promised: that JetStream keeps what it acknowledged through a machine crash or an unclean
// nats-server death (2.9 fsyncs its files every 60 s; docs/CONFIGURATION.md "NATS"); the log
// stays the source of truth and `webox nats republish` re-sends a range.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "actors/engine.h"
#include "storage/event_log.h"

namespace webox {

struct NatsPublisherOptions {
  std::string url;                    // nats://127.0.0.1:4222
  std::string stream = "WEBOX";
  std::string subjects = "webox.>";
  std::string checkpoint = "nats";
  std::size_t batch = 4096;           // events per asynchronous batch
  std::chrono::milliseconds ack_timeout{5000};
  std::chrono::milliseconds backoff_min{100};
  std::chrono::milliseconds backoff_max{5000};
};

class NatsPublisher {
 public:
  static std::unique_ptr<NatsPublisher> start(EventLog& log, NatsPublisherOptions options);
  ~NatsPublisher();
  NatsPublisher(const NatsPublisher&) = delete;
  NatsPublisher& operator=(const NatsPublisher&) = delete;

  // Any thread, never blocks on the network.
  NatsStatus status() const;
  // Stops the thread (at most one ack timeout when a batch is in flight) and unsubscribes.
  // Idempotent. What was not acknowledged is published by the next start.
  void stop();

  struct Impl;

 private:
  explicit NatsPublisher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace webox
