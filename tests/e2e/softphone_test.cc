// `webox call` against a real engine on a free loopback port: the softphone's line (its signed
// handshake, start, paced frames, stop) as the engine takes it today, and the whole command's
// failure when no greeting comes. The fuller conversation, which needs the engine's speaking side
// (greeting audio and mark turn-0), is tagged [.stream-voice] and runs only when asked for.
#include <catch2/catch.hpp>

#include <chrono>
#include <sstream>
#include <string>
#include <thread>

#include "tests/e2e/harness.h"
#include "tests/e2e/twilio_calls.h"
#include "tests/e2e/twilio_stream.h"
#include "tools/call_command.h"
#include "tools/softphone_line.h"
#include "tools/softphone_wire.h"

using namespace webox;
using namespace webox::testing;
using namespace webox::testing::e2e;
using namespace webox::tools::softphone;

namespace {

constexpr const char* kNumber = "+33123456789";

// The engine with a public URL (so stream calls are answered) and one stream assistant.
struct StreamEngine {
  std::uint16_t port = free_port();
  Server s;
  explicit StreamEngine(const TempDir& dir)
      : s(dir, "", {},
          HttpOptions{.host = "127.0.0.1", .port = port,
                      .public_url = "http://127.0.0.1:" + std::to_string(port)}) {
    REQUIRE(s.api("POST", "/api/v1/assistants",
                  R"({"name":"Chez Marcel","phone_number":")" + std::string(kNumber) +
                      R"(","mode":"stream","language":"en"})")
                .status == 201);
  }
  tools::Url url() const { return {.host = "127.0.0.1", .port = port, .target = "/"}; }
  tools::CallOptions options() const {
    tools::CallOptions o;
    o.to = kNumber;
    o.url = "http://127.0.0.1:" + std::to_string(port);
    o.auth_token = kAuthToken;
    return o;
  }
};



StreamIdentity identity(const std::string& sid, const StreamAnswer& a) {
  return {.stream_sid = "MZ0123456789abcdef0123456789abcdef",
          .account_sid = "AC9a9f9392d6e84bb3a0a2d1c5e5e2a1b0",
          .call_sid = sid,
          .parameters = a.parameters};
}

}  // namespace

TEST_CASE("the softphone's line: the engine accepts its handshake and start, stop ends the call",
          "[e2e][stream][softphone]") {
  TempDir dir;
  StreamEngine e(dir);
  const std::string sid = "CAsoftphone0001";
  auto voice = e.s.form("/twilio/voice", with(twilio_params(sid, kNumber),
                                              {{"CallStatus", "ringing"}}));
  REQUIRE(voice.status == 200);
  auto answer = read_stream_answer(voice.body);
  REQUIRE(answer.ok());
  CHECK(answer->path == "/twilio/stream/33123456789");

  // Signed with another token: refused before any WebSocket exists.
  auto refused = StreamLine::open(e.url(), *answer, "not-the-token", identity(sid, *answer), 1);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == Errc::forbidden);
  CHECK_THAT(refused.error().message, Catch::Contains("403"));

  auto line = StreamLine::open(e.url(), *answer, kAuthToken, identity(sid, *answer), 5.0);
  REQUIRE(line.ok());
  StreamLine& l = **line;
  // Half a second of line time at 5x: ~25 frames in ~100 ms, silence and two keys.
  l.press("42");
  const auto t0 = Clock::now();
  REQUIRE(l.wait([&] { return l.frames_sent() >= 25 && l.spoken(); },
                 t0 + std::chrono::seconds(5)));
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0);
  CHECK(took.count() >= 80);   // paced, not sent in one burst
  CHECK(took.count() < 1000);  // and faster than real time
  CHECK_FALSE(l.closed());
  CHECK(l.bad_frames() == 0);
  l.hang_up();
  CHECK(l.closed());

  auto events = events_once(e.s, sid, "\"CallEnded\"");
  CHECK(count(events, "\"mode\":\"stream\"") == 1);
  CHECK(count(events, "\"source\":\"dtmf\"") == 2);  // each key is a turn today
  CHECK(count(events, "\"type\":\"CallEnded\"") == 1);
  CHECK(count(events, "\"reason\":\"stream-stopped\"") == 1);
}

TEST_CASE("webox call without a reply in time: exit 2 naming --timeout, the call still ends",
          "[e2e][stream][softphone]") {
  TempDir dir;
  StreamEngine e(dir);
  tools::CallOptions o = e.options();
  o.call_sid = "CAsoftphone0002";
  o.timeout_seconds = 1;
  std::istringstream in("hello\n");
  std::ostringstream out, err;
  // This engine has no speech: its greeting is a bare mark, and "hello" is never heard.
  const int code = tools::place_call(o, in, false, out, err);
  CHECK(code == 2);
  CHECK_THAT(err.str(), Catch::Contains("--timeout"));
  auto events = events_once(e.s, o.call_sid, "\"CallEnded\"");
  CHECK(count(events, "\"type\":\"CallEnded\"") == 1);
  CHECK(count(events, "\"reason\":\"stream-stopped\"") == 1);

  // A number no tenant answers: the webhook itself is refused, and the message says so.
  o.to = "+33100000000";
  o.call_sid = "CAsoftphone0003";
  std::ostringstream out2, err2;
  CHECK(tools::place_call(o, in, false, out2, err2) == 2);
  CHECK_THAT(err2.str(), Catch::Contains("403") && Catch::Contains("+33100000000"));
}

// Needs the engine's speaking side: greeting audio then mark turn-0, a reply to a key.
// Keys, not words: espeak-ng is one per process and the engine may hold it here.
TEST_CASE("webox call: greeting, a key and its reply, with their texts",
          "[.stream-voice]") {
  TempDir dir;
  StreamEngine e(dir);
  tools::CallOptions o = e.options();
  o.call_sid = "CAsoftphone0004";
  o.api_key = e.s.key;
  o.speed = 4;
  o.timeout_seconds = 5;
  std::istringstream in("1\n");
  std::ostringstream out, err;
  CHECK(tools::place_call(o, in, false, out, err) == 0);
  INFO(out.str() << err.str());
  const std::string said = out.str();
  CHECK(count(said, "assistant: ") == 2);
  CHECK(said.find("caller: 1\n") != std::string::npos);
  CHECK(said.find("first audio after") != std::string::npos);
  CHECK(said.find("(no ReplyGenerated") == std::string::npos);
  auto events = events_once(e.s, o.call_sid, "\"CallEnded\"");
  CHECK(count(events, "\"type\":\"ReplyGenerated\"") == 2);
}
