// Reads a JetStream stream in order through a pull consumer: what tests and benchmarks use to
// see what the publisher published, and what a downstream service would start from.
//
//   auto c = PullConsumer::open({.url = "nats://127.0.0.1:4222", .stream = "WEBOX"});
//   auto got = (*c)->fetch(500, std::chrono::milliseconds(200));  // Result<vector<Received>>
//   for (auto& m : *got) use(m.subject, m.data, m.msg_id, m.stream_sequence);
//   // an empty vector: nothing arrived within the wait
//
// Each open() makes a new durable consumer (a random name) that starts at the stream's first
// message and acknowledges with AckAll, one ack per fetched batch. Its own connection: a
// publisher and a heavy consumer on one connection get the consumer cut off as slow.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "events/result.h"

namespace webox::nats {

struct PullConsumerOptions {
  std::string url;
  std::string stream = "WEBOX";
  std::string filter = "webox.>";
};

struct Received {
  std::string subject;
  std::string data;
  std::string msg_id;  // the Nats-Msg-Id header
  std::uint64_t stream_sequence = 0;
};

class PullConsumer {
 public:
  [[nodiscard]] static Result<std::unique_ptr<PullConsumer>> open(PullConsumerOptions options);
  ~PullConsumer();
  PullConsumer(const PullConsumer&) = delete;
  PullConsumer& operator=(const PullConsumer&) = delete;

  // Up to `max` messages; an empty vector when none came within `wait`.
  [[nodiscard]] Result<std::vector<Received>> fetch(int max, std::chrono::milliseconds wait);

  struct Handles;

 private:
  PullConsumer() = default;
  std::unique_ptr<Handles> h_;
};

}  // namespace webox::nats
