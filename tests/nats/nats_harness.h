// What the NATS tests share: a log filled with calls, a reader of the whole stream, and the
// check that the stream holds a range of the log exactly once, in order, as published.
//
//   auto log = open_log(dir);
//   append_calls(*log, 0, 1000);                 // calls 0..999, 6 events each, 100 per batch
//   auto got = read_stream(nats.url(), 6000);    // every message, stops after a quiet moment
//   check_range(*log, got, 1, 6000);             // positions 1..6000, once each, in order
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "adapters/nats/pull_consumer.h"
#include "events/codec.h"
#include "storage/event_log.h"
#include "tests/support/temp_dir.h"

namespace webox::testing {

inline constexpr int kEventsPerCall = 6;

inline std::unique_ptr<EventLog> open_log(const TempDir& dir) {
  auto log = EventLog::open(dir.str() + "/events");
  REQUIRE(log.ok());
  return std::move(*log);
}

// One call's six events, in the order the engine writes them; tenant t1 or t2 by parity.
inline AppendRequest call_events(int n) {
  const std::string sid = "CA" + std::to_string(100000 + n);
  const std::string tenant = n % 2 ? "t2" : "t1";
  std::vector<EventData> data = {
      CallStarted{.call_sid = sid, .account_sid = "AC1", .assistant_id = "a1",
                  .from = "sealed:v1:x", .to = "+33123456789", .direction = "inbound",
                  .language = "fr-FR"},
      ReplyGenerated{.call_sid = sid, .text = "Bonjour, Chez Marcel.", .language = "fr-FR"},
      UtteranceTranscribed{.call_sid = sid, .turn = 1, .text = "sealed:v1:y", .confidence = 0.9},
      ReplyGenerated{.call_sid = sid, .turn = 1, .text = "C'est noté.", .language = "fr-FR"},
      AudioSent{.call_sid = sid, .turn = 1, .voice = "Polly.Lea", .language = "fr-FR",
                .characters = 11},
      CallEnded{.call_sid = sid, .status = "completed", .duration_seconds = 42,
                .reason = "caller-hangup"}};
  AppendRequest r{.stream = call_stream(sid), .expected_version = kNoStream};
  for (auto& d : data)
    r.events.push_back(Envelope{.event_id = Uuid::random(), .tenant = tenant,
                                .recorded_at = now_micros(), .data = std::move(d)});
  return r;
}

// Calls first..first+count-1, `per_batch` calls to one synced WriteBatch.
inline void append_calls(EventLog& log, int first, int count, int per_batch = 100) {
  for (int done = 0; done < count;) {
    std::vector<AppendRequest> batch;
    for (int i = 0; i < per_batch && done < count; ++i, ++done)
      batch.push_back(call_events(first + done));
    for (auto& r : log.append_batch(std::move(batch))) REQUIRE(r.ok());
  }
}

inline bool wait_until(const std::function<bool()>& ok,
                       std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  auto until = std::chrono::steady_clock::now() + timeout;
  while (!ok()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// Everything in the stream from its first message: fetches until `expected` came, then once
// more to catch any extra copy.
inline std::vector<nats::Received> read_stream(const std::string& url, std::size_t expected) {
  auto consumer = nats::PullConsumer::open({.url = url});
  REQUIRE(consumer.ok());
  std::vector<nats::Received> out;
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (out.size() < expected && std::chrono::steady_clock::now() < until) {
    auto got = (*consumer)->fetch(1000, std::chrono::milliseconds(500));
    REQUIRE(got.ok());
    for (auto& m : *got) out.push_back(std::move(m));
  }
  auto extra = (*consumer)->fetch(1000, std::chrono::milliseconds(300));
  REQUIRE(extra.ok());
  for (auto& m : *extra) out.push_back(std::move(m));
  return out;
}

// `got` is positions from..to of the log, each once, in order: subject, payload (encode() of
// the stored envelope) and Nats-Msg-Id (the event id) as the publisher promises.
inline void check_range(const EventLog& log, const std::vector<nats::Received>& got,
                        std::uint64_t from, std::uint64_t to) {
  REQUIRE(got.size() == to - from + 1);
  auto stored = log.read_all(from, to - from + 1);
  REQUIRE(stored.ok());
  REQUIRE(stored->size() == got.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    const Envelope& e = (*stored)[i];
    const nats::Received& m = got[i];
    if (m.data != encode(e) || m.msg_id != e.event_id.str() ||
        m.subject != "webox." + e.tenant + "." + e.stream.substr(0, e.stream.find('-')) + "." +
                         std::string(e.type())) {
      CAPTURE(i, e.position, m.subject, m.msg_id, m.data.substr(0, 80));
      FAIL("message " << i << " is not position " << e.position << " as stored");
    }
    if (i > 0 && m.stream_sequence != got[i - 1].stream_sequence + 1)
      FAIL("stream sequence jumps at message " << i);
  }
}

}  // namespace webox::testing
