// A "stream" assistant's call end to end over loopback: /twilio/voice answers <Connect><Stream>,
// a Beast WebSocket client plays Twilio on GET /twilio/stream/<number> (signed handshake,
// connected, start, media, dtmf, stop), and the call's stream in the log says what happened:
// CallStarted (mode stream), the key's turn, and exactly one CallEnded, however the stream ends.
#include <catch2/catch.hpp>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "adapters/twilio/signature.h"
#include "tests/e2e/harness.h"
#include "tests/e2e/twilio_calls.h"
#include "tests/e2e/twilio_stream.h"

using namespace webox;
using namespace webox::testing;
using namespace webox::testing::e2e;

namespace {

constexpr const char* kNumber = "+33123456789";

struct StreamServer {
  std::uint16_t port = free_port();
  std::string public_url = "http://127.0.0.1:" + std::to_string(port);
  Server s;
  explicit StreamServer(const TempDir& dir)
      : s(dir, "", {},
          HttpOptions{.host = "127.0.0.1", .port = port, .public_url = public_url}) {
    auto made = s.api("POST", "/api/v1/assistants",
                      R"({"name":"Chez Marcel","phone_number":")" + std::string(kNumber) +
                          R"(","mode":"stream"})");
    REQUIRE(made.status == 201);
  }
  std::string ws_url() const { return "ws://127.0.0.1:" + std::to_string(port) + kStreamPath; }
};



// /twilio/voice for a new call: the Connect/Stream answer.
std::string answer_call(Server& s, const std::string& sid) {
  auto r = s.form("/twilio/voice", with(twilio_params(sid, kNumber), {{"CallStatus", "ringing"}}));
  REQUIRE(r.status == 200);
  return r.body;
}

std::string signature_for(const StreamServer& st) {
  return twilio::compute_signature(kAuthToken, st.ws_url(), twilio::FormParams{});
}

}  // namespace

TEST_CASE("a stream assistant's call: Connect/Stream, the key's turn, one CallEnded on stop",
          "[e2e][stream]") {
  TempDir dir;
  StreamServer st(dir);
  const std::string sid = "CAstream0001";
  const std::string twiml = answer_call(st.s, sid);
  CHECK(twiml.find("<Connect action=\"" + st.public_url + "/twilio/stream-ended\"><Stream url=\"" +
                   st.ws_url() + "\">") != std::string::npos);
  CHECK(twiml.find("<Parameter name=\"CallSid\" value=\"" + sid + "\"") != std::string::npos);
  CHECK(twiml.find("<Parameter name=\"TenantId\" value=\"default\"") != std::string::npos);
  CHECK(twiml.find("<Gather") == std::string::npos);
  // A retry of the same webhook gets the same answer and writes nothing.
  CHECK(answer_call(st.s, sid) == twiml);

  TwilioStream t;
  REQUIRE_FALSE(t.open(st.port, signature_for(st)));
  t.connected();
  t.start(sid);
  // The greeting (no speech engines here: its mark alone) before the key, so the key cuts it
  // every time; sent before the greeting's voice existed, a key cut nothing (a flaky count).
  beast::error_code ec;
  CHECK(t.read(ec).find("\"name\":\"turn-0\"") != std::string::npos);
  t.media(25);
  REQUIRE_FALSE(t.dtmf('4'));
  REQUIRE_FALSE(t.stop(sid));
  (void)t.stop(sid);    // a second stop, and a key after the end: nothing more is written
  (void)t.dtmf('5');
  CHECK(t.until_closed());  // our side closed the stream

  auto events = events_once(st.s, sid, "\"CallEnded\"");
  CHECK(count(events, "\"type\":\"CallStarted\"") == 1);
  CHECK(count(events, "\"mode\":\"stream\"") == 1);
  CHECK(count(events, "\"type\":\"UtteranceTranscribed\"") == 1);
  CHECK(count(events, "\"source\":\"dtmf\"") == 1);
  CHECK(count(events, "\"text\":\"4\"") == 1);
  CHECK(count(events, "\"type\":\"ReplyGenerated\"") == 2);  // the greeting and the key's turn
  // The key cut the greeting before its mark came back: heard for 0 ms (nothing was spoken).
  CHECK(count(events, "\"type\":\"ReplyInterrupted\"") == 1);
  CHECK(count(events, "\"type\":\"AudioSent\"") == 1);
  CHECK(count(events, "\"duration_ms\":0") == 1);
  CHECK(count(events, "\"type\":\"CallEnded\"") == 1);
  CHECK(count(events, "\"reason\":\"stream-stopped\"") == 1);

  // Twilio's status callback afterwards records nothing more.
  auto status = st.s.form("/twilio/status", with(twilio_params(sid, kNumber),
                                                 {{"CallStatus", "completed"},
                                                  {"CallDuration", "3"}}));
  CHECK(status.status == 200);
  // A second stream for the ended call is refused and its drop writes nothing.
  TwilioStream again;
  REQUIRE_FALSE(again.open(st.port, signature_for(st)));
  again.start(sid);
  (void)again.dtmf('7');
  again.until_closed();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto after = st.s.api("GET", "/api/v1/calls/" + sid + "/events").body;
  CHECK(count(after, "\"type\":\"CallEnded\"") == 1);
  CHECK(count(after, "\"type\":\"UtteranceTranscribed\"") == 1);

  // The read model shows the call ended.
  const std::string detail = detail_once(st.s, sid, "stream-stopped");
  CHECK(detail.find("\"end_reason\":\"stream-stopped\"") != std::string::npos);
  CHECK(detail.find("\"status\":\"completed\"") != std::string::npos);
}

TEST_CASE("a stream handshake with a bad or missing signature is refused with 403",
          "[e2e][stream]") {
  TempDir dir;
  StreamServer st(dir);
  answer_call(st.s, "CAstream0002");
  for (const std::string& bad : {std::string("AAAAAAAAAAAAAAAAAAAAAAAAAAA="), std::string()}) {
    TwilioStream t;
    CHECK(t.open(st.port, bad) == websocket::error::upgrade_declined);
  }
  // Signed for another path (another number): refused too.
  TwilioStream other;
  CHECK(other.open(st.port, signature_for(st), "/twilio/stream/33999999999") ==
        websocket::error::upgrade_declined);
  // The refusal itself, read as plain HTTP: 403 with a problem, before any WebSocket exists.
  const std::vector<std::pair<std::string, std::string>> upgrade = {
      {"Connection", "Upgrade"}, {"Upgrade", "websocket"}, {"Sec-WebSocket-Version", "13"},
      {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="}};
  auto refused = st.s.send("GET", kStreamPath, "", "", kAuthToken, upgrade);
  CHECK(refused.status == 403);
  CHECK(refused.body.find("X-Twilio-Signature") != std::string::npos);
}

TEST_CASE("a dropped socket and a malformed frame each end the call once", "[e2e][stream]") {
  TempDir dir;
  StreamServer st(dir);
  SECTION("dropped") {
    const std::string sid = "CAstream0003";
    answer_call(st.s, sid);
    TwilioStream t;
    REQUIRE_FALSE(t.open(st.port, signature_for(st)));
    t.connected();
    t.start(sid);
    t.media(5);
    beast::error_code ignored;
    t.ws.next_layer().close(ignored);  // no stop, no close frame
    auto events = events_once(st.s, sid, "\"CallEnded\"");
    CHECK(count(events, "\"type\":\"CallEnded\"") == 1);
    CHECK(count(events, "\"reason\":\"stream-socket-closed\"") == 1);
  }
  SECTION("malformed") {
    const std::string sid = "CAstream0004";
    answer_call(st.s, sid);
    TwilioStream t;
    REQUIRE_FALSE(t.open(st.port, signature_for(st)));
    t.connected();
    t.start(sid);
    t.media(3);
    REQUIRE_FALSE(t.send(R"({"event":"media","sequenceNumber":"9","media":{)"));
    (void)t.dtmf('1');  // after the end: not acted on
    t.until_closed();
    auto events = events_once(st.s, sid, "\"CallEnded\"");
    CHECK(count(events, "\"type\":\"CallEnded\"") == 1);
    CHECK(count(events, "\"reason\":\"stream-malformed-message\"") == 1);
    CHECK(count(events, "\"type\":\"UtteranceTranscribed\"") == 0);
  }
}

TEST_CASE("a stream assistant without a public URL: the caller hears why, nothing is recorded",
          "[e2e][stream]") {
  TempDir dir;
  Server s(dir);
  REQUIRE(s.api("POST", "/api/v1/assistants",
                R"({"name":"Chez Marcel","phone_number":"+33123456789","mode":"stream"})")
              .status == 201);
  auto r = answer_call(s, "CAstream0005");
  CHECK(r.find("<Say") != std::string::npos);
  CHECK(r.find("<Hangup") != std::string::npos);
  CHECK(r.find("<Connect>") == std::string::npos);
  auto events = s.api("GET", "/api/v1/calls/CAstream0005/events");
  CHECK(events.status == 404);  // no event at all
  // GET shows the mode; a bad one is refused naming it.
  auto list = s.api("GET", "/api/v1/assistants");
  CHECK(list.body.find("\"mode\":\"stream\"") != std::string::npos);
  auto bad = s.api("POST", "/api/v1/assistants",
                   R"({"name":"X","phone_number":"+33123456780","mode":"ws"})");
  CHECK(bad.status == 422);
  CHECK(bad.body.find("\"field\":\"mode\"") != std::string::npos);
}
