// A stream call with the real local speech, over a real WebSocket on loopback: espeak-ng says
// the caller's words into the stream as 8 kHz μ-law, pocketsphinx hears them, the local brain
// answers, espeak-ng speaks the reply back in paced frames with a mark, and the log holds what
// the caller heard. Then the caller talks over the greeting: the engine clears the stream and
// records what was heard of it.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "adapters/audio/mulaw.h"
#include "adapters/audio/resampler.h"
#include "adapters/brain/local/context.h"
#include "adapters/speech/local/caller_phrases.h"
#include "adapters/twilio/base64.h"
#include "adapters/twilio/signature.h"
#include "tests/e2e/harness.h"
#include "tests/e2e/twilio_calls.h"
#include "tests/e2e/twilio_stream.h"
#include "tests/speech/engines.h"
#include "tests/speech/phone_line.h"

using namespace webox;
using namespace webox::testing;
using namespace webox::testing::e2e;

namespace {

constexpr const char* kNumber = "+33123456789";
constexpr const char* kContext =
    R"({"trade":"restaurant","business_name":"The Marcel Bistro"})";

StreamSpeech local_speech() {
  auto& e = speech::testing::engines();
  StreamSpeech s;  // the engines outlive every server of this binary
  s.tts = std::shared_ptr<speech::TextToSpeech>(e.tts.get(), [](auto*) {});
  s.stt = std::shared_ptr<speech::SpeechToText>(e.stt.get(), [](auto*) {});
  s.phrases = [](const std::string& context) {
    return speech::caller_phrases(brain::read_context(context).context);
  };
  return s;
}

struct VoiceServer {
  std::uint16_t port = free_port();
  Server s;
  explicit VoiceServer(const TempDir& dir)
      : s(dir, "", {},
          HttpOptions{.host = "127.0.0.1", .port = port,
                      .public_url = "http://127.0.0.1:" + std::to_string(port)},
          local_speech()) {
    auto made = s.api("POST", "/api/v1/assistants",
                      R"({"name":"The Marcel Bistro","phone_number":")" + std::string(kNumber) +
                          R"(","mode":"stream","language":"en","context_data":)" + kContext +
                          "}");
    REQUIRE(made.status == 201);
  }
  std::string signature() const {
    return twilio::compute_signature(
        kAuthToken, "ws://127.0.0.1:" + std::to_string(port) + kStreamPath, {});
  }
};

// The caller's words as Twilio carries them: 160-byte μ-law frames, base64.
std::vector<std::string> caller_frames(const std::string& words, int silence_ms) {
  auto& e = speech::testing::engines();
  auto pcm22 = speech::testing::speak_all(*e.tts, words, "en");
  audio::Resampler down(22050, 8000);
  std::vector<std::int16_t> pcm8;
  down.process(pcm22, pcm8);
  down.flush(pcm8);
  pcm8.resize((pcm8.size() / 160 + 1 + silence_ms / 20) * 160, 0);
  std::vector<std::uint8_t> wire(pcm8.size());
  audio::mulaw_encode(pcm8, wire);
  std::vector<std::string> frames;
  for (std::size_t at = 0; at < wire.size(); at += 160) {
    std::string b64;
    twilio::base64_append(b64, std::span<const std::uint8_t>(wire).subspan(at, 160));
    frames.push_back(std::move(b64));
  }
  return frames;
}

// What the server sent for one reply: its audio (decoded) up to its mark, or up to a clear.
struct Heard {
  std::vector<std::int16_t> pcm;
  std::string mark;
  bool cleared = false;
  double rms() const {
    double sum = 0;
    for (auto s : pcm) sum += double(s) * s;
    return pcm.empty() ? 0 : std::sqrt(sum / double(pcm.size()));
  }
  int ms() const { return static_cast<int>(pcm.size() / 8); }
};

std::string field(const std::string& json, const std::string& name) {
  auto at = json.find("\"" + name + "\":\"");
  if (at == std::string::npos) return {};
  at += name.size() + 4;
  return json.substr(at, json.find('"', at) - at);
}

Heard listen(TwilioStream& t, bool stop_at_first_media = false) {
  Heard h;
  for (;;) {
    beast::error_code ec;
    std::string m = t.read(ec);
    REQUIRE_FALSE(ec);
    const std::string event = field(m, "event");
    if (event == "media") {
      const std::string payload = field(m, "payload");
      std::vector<std::uint8_t> wire(twilio::base64_decoded_capacity(payload.size()));
      auto n = twilio::base64_decode(payload, wire);
      REQUIRE(n);
      std::vector<std::int16_t> pcm(*n);
      audio::mulaw_decode(std::span(wire).first(*n), pcm);
      h.pcm.insert(h.pcm.end(), pcm.begin(), pcm.end());
      if (stop_at_first_media) return h;
    } else if (event == "mark") {
      h.mark = field(m, "name");
      return h;
    } else if (event == "clear") {
      h.cleared = true;
      return h;
    }
  }
}



}  // namespace

TEST_CASE("a stream call hears the caller, answers aloud and records what was played",
          "[voice]") {
  TempDir dir;
  VoiceServer v(dir);
  const std::string sid = "CAvoice0001";
  REQUIRE(v.s.form("/twilio/voice", with(twilio_params(sid, kNumber), {{"CallStatus", "ringing"}}))
              .status == 200);
  TwilioStream t;
  REQUIRE_FALSE(t.open(v.port, v.signature()));
  t.connected();
  t.start(sid);

  Heard greeting = listen(t);
  CHECK(greeting.mark == "turn-0");
  CHECK(greeting.ms() > 1000);    // "Hello, The Marcel Bistro, ..." lasts seconds
  CHECK(greeting.rms() > 300);    // a voice, not silence
  REQUIRE_FALSE(t.mark("turn-0"));  // Twilio played it

  for (const auto& f : caller_frames("I would like to book a table for four people tomorrow at eight", 1000))
    REQUIRE_FALSE(t.media_frame(f));
  Heard reply = listen(t);
  CHECK(reply.mark == "turn-1");
  CHECK(reply.ms() > 500);
  CHECK(reply.rms() > 300);
  REQUIRE_FALSE(t.mark("turn-1"));
  // The mark's echo is recorded before the stop is read: the socket keeps the order.
  REQUIRE_FALSE(t.stop(sid));
  t.until_closed();

  const std::string events = events_once(v.s, sid, "\"CallEnded\"");
  INFO(events);
  CHECK(count(events, "\"source\":\"stream\"") == 1);
  auto said = events.find("\"source\":\"stream\"");
  auto utterance = events.rfind("\"text\":\"", said);
  const std::string heard = events.substr(utterance, said - utterance);
  CHECK(heard.find("table") != std::string::npos);
  CHECK(heard.find("four") != std::string::npos);
  CHECK(count(events, "\"type\":\"ReplyGenerated\"") == 2);
  CHECK(count(events, "\"channel\":\"media-stream\"") == 2);  // AudioSent for both turns
  CHECK(count(events, "\"type\":\"TurnTimed\"") == 1);
  CHECK(count(events, "\"type\":\"ReplyInterrupted\"") == 0);
  CHECK(count(events, "\"reason\":\"stream-stopped\"") == 1);
  // The call detail shows what was heard and where the turn's time went.
  std::string detail;
  for (int i = 0; i < 500; ++i) {
    detail = v.s.api("GET", "/api/v1/calls/" + sid).body;
    if (detail.find("\"timing\"") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(detail.find("\"played_ms\":" + std::to_string(reply.ms())) != std::string::npos);
  CHECK(detail.find("\"timing\":{\"silence_ms\":") != std::string::npos);
  CHECK(detail.find("\"stt_ms\":") != std::string::npos);
  // The audio recorded as played is the audio the client received.
  CHECK(events.find("\"duration_ms\":" + std::to_string(greeting.ms())) != std::string::npos);
  CHECK(events.find("\"duration_ms\":" + std::to_string(reply.ms())) != std::string::npos);
}

TEST_CASE("a caller who talks over the greeting cuts it: clear, and what was heard is recorded",
          "[voice]") {
  TempDir dir;
  VoiceServer v(dir);
  const std::string sid = "CAvoice0002";
  REQUIRE(v.s.form("/twilio/voice", with(twilio_params(sid, kNumber), {{"CallStatus", "ringing"}}))
              .status == 200);
  TwilioStream t;
  REQUIRE_FALSE(t.open(v.port, v.signature()));
  t.connected();
  t.start(sid);
  listen(t, /*stop_at_first_media=*/true);  // the greeting has begun
  // A cough-length sound first: too short to interrupt.
  std::string click;
  {
    std::vector<std::int16_t> tone(160);
    for (int i = 0; i < 160; ++i) tone[i] = static_cast<std::int16_t>(8000 * std::sin(i * 0.35));
    std::vector<std::uint8_t> wire(160);
    audio::mulaw_encode(tone, wire);
    twilio::base64_append(click, wire);
  }
  for (int i = 0; i < 8; ++i) REQUIRE_FALSE(t.media_frame(click));   // 160 ms
  std::string quiet;  // μ-law silence
  twilio::base64_append(quiet, std::vector<std::uint8_t>(160, 0xFF));
  for (int i = 0; i < 35; ++i) REQUIRE_FALSE(t.media_frame(quiet));  // 700 ms
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  for (const auto& f : caller_frames("a table for two tonight please", 1000))
    REQUIRE_FALSE(t.media_frame(f));
  Heard cut = listen(t);
  CHECK(cut.cleared);
  Heard reply = listen(t);  // the interruption is heard as the caller's turn
  CHECK(reply.mark == "turn-1");
  REQUIRE_FALSE(t.mark("turn-1"));
  REQUIRE_FALSE(t.stop(sid));
  t.until_closed();

  const std::string events = events_once(v.s, sid, "\"CallEnded\"");
  INFO(events);
  CHECK(count(events, "\"type\":\"ReplyInterrupted\"") == 1);
  CHECK(count(events, "\"source\":\"stream\"") == 1);  // the click was not a turn
  auto at = events.find("\"type\":\"ReplyInterrupted\"");
  const std::string cut_event = events.substr(at, events.find('}', events.find("\"data\"", at)) - at);
  CHECK(cut_event.find("\"turn\":0") != std::string::npos);
  const int heard_ms = std::stoi(events.substr(events.find("\"heard_ms\":", at) + 11));
  const int reply_ms = std::stoi(events.substr(events.find("\"reply_ms\":", at) + 11));
  CHECK(heard_ms >= 200);        // the click, the pause and 300 ms of words were heard
  CHECK(heard_ms < reply_ms);    // but not the whole greeting
}
