// A stream call put through to a person, end to end over loopback: the restaurant template's
// assistant in mode "stream", open (Wednesday 12:30 in London), a caller who asks for someone
// (a scripted recogniser hears the words), the transfer's mark echoed, our server closing the
// socket, then Twilio's POST of the <Connect action> answered with <Dial> to the template's
// transfer number. The log says CallTransferred then CallEnded "transferred", once, whatever
// Twilio retries; the status callback afterwards adds nothing.
#include <catch2/catch.hpp>

#include <simdjson.h>

#include <cmath>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>
#include <chrono>
#include <string>

#include "adapters/audio/mulaw.h"
#include "adapters/twilio/base64.h"
#include "events/clock.h"
#include "tests/e2e/harness.h"
#include "tests/e2e/twilio_calls.h"
#include "tests/e2e/twilio_stream.h"
#include "tools/call_command.h"

using namespace webox;
using namespace webox::testing;
using namespace webox::testing::e2e;

namespace {

constexpr const char* kNumber = "+33123456789";
constexpr const char* kTransferTo = "+447700900123";  // templates/restaurant.en.json

// The recogniser: each utterance is heard as the next of `lines`.
struct ScriptedStt : speech::SpeechToText {
  std::mutex mutex;
  std::vector<std::string> lines;
  std::size_t next = 0;
  explicit ScriptedStt(std::vector<std::string> l) : lines(std::move(l)) {}
  struct Session : speech::SttSession {
    ScriptedStt& stt;
    speech::TranscriptSink sink;
    Session(ScriptedStt& s, speech::TranscriptSink k) : stt(s), sink(std::move(k)) {}
    void feed(std::span<const std::int16_t>) override {}
    void end_utterance() override {
      std::string text;
      {
        std::lock_guard lock(stt.mutex);
        if (stt.next < stt.lines.size()) text = stt.lines[stt.next++];
      }
      sink(speech::Transcript{.text = text, .confidence = 0.9});
    }
    void cancel() override {}
  };
  Result<std::unique_ptr<speech::SttSession>> open(const speech::SttRequest&,
                                                   speech::TranscriptSink sink) override {
    return std::unique_ptr<speech::SttSession>(std::make_unique<Session>(*this, std::move(sink)));
  }
};

// Wednesday 25 November 2026, 12:30 UTC (the Marcel Bistro opens 12:00-14:30), then real time.
std::function<Micros()> lunch_time() {
  const Micros base = parse_utc("2026-11-25T12:30:00.000000Z").value();
  const Micros started = now_micros();
  return [=] { return base + (now_micros() - started); };
}

// The engine with a public URL, a recogniser that hears `lines` and no voice (each reply is a
// bare mark), and the restaurant template's assistant in mode "stream".
struct TransferServer {
  std::uint16_t port = free_port();
  std::string public_url = "http://127.0.0.1:" + std::to_string(port);
  Server s;
  TransferServer(const TempDir& dir, std::vector<std::string> lines)
      : s(dir, "", lunch_time(),
          HttpOptions{.host = "127.0.0.1", .port = port, .public_url = public_url},
          StreamSpeech{.stt = std::make_shared<ScriptedStt>(std::move(lines))}) {
    auto draft = s.api("GET", "/api/v1/templates/restaurant?language=en");
    REQUIRE(draft.status == 200);
    simdjson::dom::parser p;
    const std::string assistant = simdjson::minify(p.parse(draft.body)["assistant"]);
    auto made = s.api("POST", "/api/v1/assistants",
                      R"({"phone_number":")" + std::string(kNumber) + R"(","mode":"stream",)" +
                          assistant.substr(1));
    REQUIRE(made.status == 201);
  }
  std::string signature() const {
    return twilio::compute_signature(kAuthToken, "ws://127.0.0.1:" + std::to_string(port) +
                                                     kStreamPath,
                                     twilio::FormParams{});
  }
  tools::HttpResponse stream_ended(const std::string& sid) {
    return s.form("/twilio/stream-ended", twilio_params(sid, kNumber));
  }
};

// 20 ms of a 440 Hz tone, μ-law, base64: what the VAD takes for speech.
std::string loud_payload() {
  std::vector<std::int16_t> pcm(160);
  for (std::size_t i = 0; i < pcm.size(); ++i)
    pcm[i] = static_cast<std::int16_t>(8000 * std::sin(2 * M_PI * 440 * double(i) / 8000 + 0.3));
  std::vector<std::uint8_t> mulaw(pcm.size());
  audio::mulaw_encode(pcm, mulaw);
  std::string out;
  twilio::base64_append(out, mulaw);
  return out;
}

// The server's messages until the mark `name`; fails if the socket closes first.
void until_mark(TwilioStream& t, const std::string& name) {
  for (int i = 0; i < 10000; ++i) {
    beast::error_code ec;
    const std::string m = t.read(ec);
    REQUIRE_FALSE(ec);
    if (m.find(R"("event":"mark")") != std::string::npos &&
        m.find("\"" + name + "\"") != std::string::npos)
      return;
  }
  FAIL("no mark " << name);
}

// The caller says something: a breath of quiet, 600 ms of speech, then more than the 600 ms of
// quiet that ends it.
void speak(TwilioStream& t) {
  const std::string loud = loud_payload();
  t.media(25);
  for (int i = 0; i < 30; ++i) REQUIRE_FALSE(t.media_frame(loud));
  t.media(40);
}

std::string dial(const std::string& number) {
  return R"(<?xml version="1.0" encoding="UTF-8"?><Response><Dial timeout="30">)" + number +
         "</Dial></Response>";
}
const std::string kHangup = R"(<?xml version="1.0" encoding="UTF-8"?><Response><Hangup /></Response>)";

}  // namespace

TEST_CASE("a stream call asks for a person: heard, the stream closes, the Connect action dials",
          "[e2e][stream][transfer]") {
  TempDir dir;
  TransferServer st(dir, {"Can I speak to someone please?"});
  const std::string sid = "CAtransfer0001";
  auto voice = st.s.form("/twilio/voice", with(twilio_params(sid, kNumber),
                                               {{"CallStatus", "ringing"}}));
  REQUIRE(voice.status == 200);
  CHECK(voice.body.find("<Connect action=\"" + st.public_url + "/twilio/stream-ended\"><Stream") !=
        std::string::npos);

  TwilioStream t;
  REQUIRE_FALSE(t.open(st.port, st.signature()));
  t.connected();
  t.start(sid);
  until_mark(t, "turn-0");  // the greeting (no voice: its mark alone)
  REQUIRE_FALSE(t.mark("turn-0"));
  speak(t);
  until_mark(t, "turn-1");  // the transfer's words
  auto before = st.s.api("GET", "/api/v1/calls/" + sid + "/events").body;
  CHECK(count(before, "\"type\":\"CallTransferred\"") == 1);
  CHECK(count(before, "\"type\":\"CallEnded\"") == 0);  // not before the caller heard it
  REQUIRE_FALSE(t.mark("turn-1"));
  CHECK(t.until_closed());  // our side closes the stream

  // Twilio posts the <Connect action>: put through, no <Say> (the words were said already).
  auto action = st.stream_ended(sid);
  REQUIRE(action.status == 200);
  CHECK(action.body == dial(kTransferTo));

  auto events = events_once(st.s, sid, "\"CallEnded\"");
  CHECK(count(events, "\"type\":\"CallTransferred\"") == 1);
  CHECK(count(events, "\"to\":\"" + std::string(kTransferTo) + "\"") == 1);
  CHECK(count(events, "\"reason\":\"caller-asked\"") == 1);
  CHECK(count(events, "\"type\":\"CallEnded\"") == 1);
  CHECK(count(events, "\"reason\":\"transferred\"") == 1);
  CHECK(count(events, "\"type\":\"CallCosted\"") == 1);
  CHECK(events.find("\"CallTransferred\"") < events.find("\"CallEnded\""));
  CHECK(count(events, "\"action\":\"transfer\"") == 1);
  CHECK(count(events, "\"channel\":\"media-stream\"") == 2);  // greeting and transfer played

  // Twilio retries the action: the same answer, nothing written. Its status callback neither.
  CHECK(st.stream_ended(sid).body == action.body);
  auto status = st.s.form("/twilio/status", with(twilio_params(sid, kNumber),
                                                 {{"CallStatus", "completed"},
                                                  {"CallDuration", "42"}}));
  CHECK(status.status == 200);
  CHECK(st.stream_ended(sid).body == action.body);  // after the actor retired: rebuilt, same
  CHECK(st.s.api("GET", "/api/v1/calls/" + sid + "/events").body == events);

  // The call list says transferred, with the end's reason.
  const std::string detail = detail_once(st.s, sid, "\"end_reason\":\"transferred\"");
  CHECK(detail.find("\"outcome\":\"transferred\"") != std::string::npos);
  CHECK(detail.find("\"end_reason\":\"transferred\"") != std::string::npos);
}

TEST_CASE("webox call asks for a person: the softphone posts the Connect action and says where",
          "[e2e][stream][transfer][softphone]") {
  TempDir dir;
  TransferServer st(dir, {"Can I speak to someone please?"});
  tools::CallOptions o;
  o.to = kNumber;
  o.url = st.public_url;
  o.auth_token = kAuthToken;
  o.api_key = st.s.key;
  o.call_sid = "CAtransfer0005";
  o.speed = 5;
  o.timeout_seconds = 10;
  std::istringstream in("can I speak to someone please\nthis is never said\n");
  std::ostringstream out, err;
  const int code = tools::place_call(o, in, false, out, err);
  INFO(out.str() << err.str());
  CHECK(code == 0);
  CHECK_THAT(out.str(), Catch::EndsWith("transferred to " + std::string(kTransferTo) + "\n"));
  CHECK(out.str().find("never said") == std::string::npos);
  auto events = events_once(st.s, o.call_sid, "\"CallEnded\"");
  CHECK(count(events, "\"type\":\"CallTransferred\"") == 1);
  CHECK(count(events, "\"type\":\"CallEnded\"") == 1);  // the status callback added nothing
  CHECK(count(events, "\"reason\":\"transferred\"") == 1);
}

TEST_CASE("the Connect action hangs up after a goodbye, a drop, or for a call it does not know",
          "[e2e][stream][transfer]") {
  TempDir dir;
  TransferServer st(dir, {});
  SECTION("a socket dropped mid-call: the call ended, nobody to put through") {
    const std::string sid = "CAtransfer0002";
    REQUIRE(st.s.form("/twilio/voice", with(twilio_params(sid, kNumber),
                                            {{"CallStatus", "ringing"}}))
                .status == 200);
    TwilioStream t;
    REQUIRE_FALSE(t.open(st.port, st.signature()));
    t.connected();
    t.start(sid);
    until_mark(t, "turn-0");
    beast::error_code ignored;
    t.ws.next_layer().close(ignored);
    auto events = events_once(st.s, sid, "\"CallEnded\"");
    CHECK(count(events, "\"reason\":\"stream-socket-closed\"") == 1);
    CHECK(st.stream_ended(sid).body == kHangup);
    CHECK(st.s.api("GET", "/api/v1/calls/" + sid + "/events").body == events);
  }
  SECTION("the action before the stream's end reached us (a restart): it ends the call, once") {
    const std::string sid = "CAtransfer0003";
    REQUIRE(st.s.form("/twilio/voice", with(twilio_params(sid, kNumber),
                                            {{"CallStatus", "ringing"}}))
                .status == 200);
    auto first = st.stream_ended(sid);
    REQUIRE(first.status == 200);
    CHECK(first.body == kHangup);
    auto events = events_once(st.s, sid, "\"CallEnded\"");
    CHECK(count(events, "\"type\":\"CallEnded\"") == 1);
    CHECK(count(events, "\"reason\":\"stream-socket-closed\"") == 1);
    CHECK(st.stream_ended(sid).body == kHangup);  // the retry
    CHECK(st.s.api("GET", "/api/v1/calls/" + sid + "/events").body == events);
  }
  SECTION("an unknown call: hang up, nothing written") {
    CHECK(st.stream_ended("CAnobody").body == kHangup);
    CHECK(st.s.api("GET", "/api/v1/calls/CAnobody/events").status == 404);
  }
  SECTION("unsigned or signed with another token: 403, nothing reaches the engine") {
    auto forged = st.s.send("POST", "/twilio/stream-ended",
                            twilio::form_encode(twilio_params("CAnobody", kNumber)),
                            tools::kFormContentType, std::string("not-the-token"));
    CHECK(forged.status == 403);
  }
}
