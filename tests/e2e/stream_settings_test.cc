// How a stream assistant listens is its own: end_silence_ms, barge_in_ms and interruptible are
// set over the API (checked, rendered, patched) and reach its calls. Over loopback with instant
// fake speech (the reply is 1 s of tone; the recogniser hears "a table for two"), a caller talks
// over the greeting: an interruptible assistant clears its audio and records ReplyInterrupted;
// one that is not plays the greeting on and answers the words after it.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "adapters/audio/mulaw.h"
#include "adapters/twilio/base64.h"
#include "adapters/twilio/signature.h"
#include "tests/e2e/harness.h"
#include "tests/e2e/twilio_calls.h"
#include "tests/e2e/twilio_stream.h"

using namespace webox;
using namespace webox::testing;
using namespace webox::testing::e2e;

namespace {

constexpr int kRate = 8000;

std::vector<std::int16_t> tone(std::size_t samples) {
  std::vector<std::int16_t> pcm(samples);
  for (std::size_t i = 0; i < samples; ++i)
    pcm[i] = static_cast<std::int16_t>(std::lround(8000 * std::sin(2 * M_PI * 440 * double(i) / kRate + 0.3)));
  return pcm;
}

struct InstantStt final : speech::SpeechToText {
  struct Session final : speech::SttSession {
    speech::TranscriptSink sink;
    explicit Session(speech::TranscriptSink s) : sink(std::move(s)) {}
    void feed(std::span<const std::int16_t>) override {}
    void end_utterance() override { sink(speech::Transcript{.text = "a table for two", .confidence = 0.9}); }
    void cancel() override {}
  };
  Result<std::unique_ptr<speech::SttSession>> open(const speech::SttRequest&,
                                                   speech::TranscriptSink sink) override {
    return std::unique_ptr<speech::SttSession>(std::make_unique<Session>(std::move(sink)));
  }
};

struct InstantTts final : speech::TextToSpeech {
  speech::SpeechJob speak(speech::SpeechRequest r, speech::SentenceSink sink) override {
    sink(speech::SpokenSentence{.text = r.text, .pcm = tone(kRate), .sample_rate_hz = kRate,
                                .index = 0, .last = true});
    return {};
  }
};

StreamSpeech instant_speech() {
  return StreamSpeech{.stt = std::make_shared<InstantStt>(), .tts = std::make_shared<InstantTts>(),
                      .voice = "fake"};
}

// One 20 ms frame of loud tone (or of silence), base64 μ-law.
std::string frame(bool loud) {
  auto pcm = tone(audio::kFrameSamples);
  if (!loud) pcm.assign(pcm.size(), 0);
  std::vector<std::uint8_t> wire(pcm.size());
  audio::mulaw_encode(pcm, wire);
  std::string out;
  twilio::base64_append(out, wire);
  return out;
}

struct Listening {
  bool cleared = false;
  bool greeting_marked = false;     // turn-0's mark was sent (its audio was all queued)
  bool answered = false;            // turn-1's mark
  bool greeting_whole_first = false;  // turn-0's mark came before the answer's
};

// A caller who talks over the greeting (200 ms of quiet, 600 ms of tone, then 800 ms of quiet), then reads what
// the server sends until the answer's mark.
Listening talk_over_greeting(std::uint16_t port, const std::string& path, const std::string& sid) {
  const std::string url = "ws://127.0.0.1:" + std::to_string(port) + path;
  TwilioStream t;
  REQUIRE_FALSE(t.open(port, twilio::compute_signature(kAuthToken, url, twilio::FormParams{}), path));
  t.connected();
  t.start(sid);
  beast::error_code ec;
  const std::string first = t.read(ec);  // the greeting's audio: the call now listens
  REQUIRE(first.find("\"event\":\"media\"") != std::string::npos);
  // The line's quiet first (the VAD hears speech over its noise floor), then the words and the
  // silence that ends them; chunks numbered on (TwilioStream::media would start again at 1).
  const std::string loud = frame(true), quiet = frame(false);
  for (int i = 0; i < 10; ++i) REQUIRE_FALSE(t.media_frame(quiet));
  for (int i = 0; i < 30; ++i) REQUIRE_FALSE(t.media_frame(loud));
  for (int i = 0; i < 40; ++i) REQUIRE_FALSE(t.media_frame(quiet));
  Listening seen;
  for (int i = 0; i < 2000 && !seen.answered; ++i) {
    const std::string m = t.read(ec);
    REQUIRE_FALSE(ec);
    if (m.find("\"event\":\"clear\"") != std::string::npos) seen.cleared = true;
    if (m.find("\"name\":\"turn-0\"") != std::string::npos) seen.greeting_marked = true;
    if (m.find("\"name\":\"turn-1\"") != std::string::npos) {
      seen.answered = true;
      seen.greeting_whole_first = seen.greeting_marked;
    }
  }
  REQUIRE_FALSE(t.stop(sid));
  t.until_closed();
  return seen;
}

}  // namespace

TEST_CASE("a stream assistant's listening settings are set, checked and patched over the API",
          "[e2e][stream]") {
  TempDir dir;
  Server s(dir);
  auto made = s.api("POST", "/api/v1/assistants",
                    R"({"name":"Garage","phone_number":"+33123456789","mode":"stream",)"
                    R"("end_silence_ms":900,"barge_in_ms":450,"interruptible":false})");
  REQUIRE(made.status == 201);
  CHECK(made.body.find(R"("end_silence_ms":900,"barge_in_ms":450,"interruptible":false)") !=
        std::string::npos);
  const auto at = made.body.find("\"id\":\"") + 6;
  const std::string id = made.body.substr(at, made.body.find('"', at) - at);

  StreamSpeech speech = s.engine->stream_speech(id, "");
  CHECK(speech.end_silence_ms == 900);
  CHECK(speech.barge_in_ms == 450);
  CHECK_FALSE(speech.interruptible);
  CHECK(s.engine->stream_speech("", "+33123456789").end_silence_ms == 900);  // by its number

  for (auto [body, field] : {std::pair{R"({"end_silence_ms":50})", "end_silence_ms"},
                             std::pair{R"({"end_silence_ms":20000})", "end_silence_ms"},
                             std::pair{R"({"barge_in_ms":99})", "barge_in_ms"},
                             std::pair{R"({"barge_in_ms":"300"})", "barge_in_ms"},
                             std::pair{R"({"interruptible":"no"})", "interruptible"}}) {
    CAPTURE(body);
    auto r = s.api("PATCH", "/api/v1/assistants/" + id, body);
    CHECK(r.status == 400);
    CHECK(r.body.find(std::string("\"field\":\"") + field + "\"") != std::string::npos);
  }
  auto patched = s.api("PATCH", "/api/v1/assistants/" + id, R"({"barge_in_ms":200,"interruptible":true})");
  REQUIRE(patched.status == 200);
  CHECK(patched.body.find(R"("end_silence_ms":900,"barge_in_ms":200,"interruptible":true)") !=
        std::string::npos);
  speech = s.engine->stream_speech(id, "");
  CHECK(speech.barge_in_ms == 200);
  CHECK(speech.interruptible);
  // An assistant made without them listens with the defaults.
  auto plain = s.api("POST", "/api/v1/assistants",
                     R"({"name":"Bistrot","phone_number":"+33123456780","mode":"stream"})");
  REQUIRE(plain.status == 201);
  CHECK(plain.body.find(R"("end_silence_ms":600,"barge_in_ms":300,"interruptible":true)") !=
        std::string::npos);
}

TEST_CASE("speech over the greeting cuts it only when the assistant is interruptible",
          "[e2e][stream]") {
  TempDir dir;
  const std::uint16_t port = free_port();
  const std::string public_url = "http://127.0.0.1:" + std::to_string(port);
  Server s(dir, "", {}, HttpOptions{.host = "127.0.0.1", .port = port, .public_url = public_url},
           instant_speech());
  for (auto [number, interruptible] : {std::pair{"+33123456781", true},
                                       std::pair{"+33123456782", false}}) {
    CAPTURE(interruptible);
    auto made = s.api("POST", "/api/v1/assistants",
                      std::string(R"({"name":"Chez Marcel","mode":"stream","phone_number":")") +
                          number + R"(","interruptible":)" + (interruptible ? "true" : "false") + "}");
    REQUIRE(made.status == 201);
    const std::string sid = std::string("CAsettings") + (interruptible ? "1" : "2");
    auto voice = s.form("/twilio/voice", with(twilio_params(sid, number), {{"CallStatus", "ringing"}}));
    REQUIRE(voice.status == 200);
    const std::string path = "/twilio/stream/" + std::string(number).substr(1);
    Listening seen = talk_over_greeting(port, path, sid);
    CHECK(seen.answered);
    CHECK(seen.cleared == interruptible);
    if (!interruptible) CHECK(seen.greeting_whole_first);
    auto events = events_once(s, sid, "\"CallEnded\"");
    CHECK(count(events, "\"type\":\"ReplyInterrupted\"") == (interruptible ? 1u : 0u));
    CHECK(count(events, "\"type\":\"UtteranceTranscribed\"") == 1);
    CHECK(count(events, "\"text\":\"a table for two\"") == 1);
  }
}
