// actors/stream_voice.h with fakes all round (no socket, no real speech): what the voice plays
// and marks, what the recogniser is fed, what the call is told, on synthetic inbound audio
// (20 ms frames of silence or of a loud 440 Hz tone) driving the real VAD.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "actors/stream_voice.h"
#include "tests/http/fake_engine.h"

using namespace webox;

namespace {

constexpr int kRate = 8000;
constexpr std::size_t kFrame = 160;  // 20 ms at 8 kHz

// The call: answers each utterance at once with the next turn, records what was played.
struct VoiceEngine : testing::FakeEngine {
  std::vector<StreamUtterance> utterances;
  std::vector<StreamPlayed> played;
  std::string reply_text = "Sure, for how many?";
  std::string reply_action = "listen";
  std::int32_t next_turn = 1;
  void on_stream_utterance(StreamUtterance u, Callback<StreamReply> done) override {
    utterances.push_back(u);
    done(StreamReply{.turn = next_turn++, .text = reply_text, .action = reply_action,
                     .language = "en-US", .brain_micros = 5000});
  }
  void on_stream_played(StreamPlayed p, Callback<std::string> done) override {
    played.push_back(std::move(p));
    done(std::string());
  }
};

// The recogniser: keeps what it is fed, answers each end_utterance at once.
struct FakeStt : speech::SpeechToText {
  std::vector<std::int16_t> fed;  // of the last utterance
  int ended = 0;
  speech::Transcript answer{.text = "a table for two", .confidence = 0.9,
                            .latency = std::chrono::microseconds(1234)};
  struct Session : speech::SttSession {
    FakeStt& stt;
    speech::TranscriptSink sink;
    Session(FakeStt& s, speech::TranscriptSink k) : stt(s), sink(std::move(k)) {}
    void feed(std::span<const std::int16_t> pcm) override {
      stt.fed.insert(stt.fed.end(), pcm.begin(), pcm.end());
    }
    void end_utterance() override {
      ++stt.ended;
      sink(stt.answer);
    }
    void cancel() override {}
  };
  Result<std::unique_ptr<speech::SttSession>> open(const speech::SttRequest&,
                                                   speech::TranscriptSink sink) override {
    return std::unique_ptr<speech::SttSession>(std::make_unique<Session>(*this, std::move(sink)));
  }
};

// A tone of `samples` at 8 kHz, amplitude 8000, 440 Hz (off zero phase: no sample is 0).
std::vector<std::int16_t> tone(std::size_t samples, std::size_t& phase) {
  std::vector<std::int16_t> pcm(samples);
  for (auto& s : pcm)
    s = static_cast<std::int16_t>(
        std::lround(8000 * std::sin(2 * M_PI * 440 * static_cast<double>(phase++) / kRate + 0.3)));
  return pcm;
}

// The speaker: every reply is one sentence, 1 s of tone at 8 kHz, delivered at once.
struct FakeTts : speech::TextToSpeech {
  std::vector<std::string> asked;
  speech::SpeechJob speak(speech::SpeechRequest r, speech::SentenceSink sink) override {
    asked.push_back(r.text);
    std::size_t phase = 0;
    sink(speech::SpokenSentence{.text = r.text, .pcm = tone(kRate, phase), .sample_rate_hz = kRate,
                                .index = 0, .last = true});
    return {};
  }
};

// The socket: "play 1 x50" (turn, frames), "mark turn-1", "clear", "hang_up", "transfer".
struct FakeOutput : VoiceOutput {
  std::vector<std::string> did;
  void play(std::int32_t turn, std::span<const std::uint8_t> mulaw) override {
    CHECK(mulaw.size() % kFrame == 0);
    did.push_back("play " + std::to_string(turn) + " x" + std::to_string(mulaw.size() / kFrame));
  }
  void mark(std::string name) override { did.push_back("mark " + name); }
  void clear() override { did.push_back("clear"); }
  void hang_up() override { did.push_back("hang_up"); }
  void transfer() override { did.push_back("transfer"); }
  int count(const std::string& what) const {
    return static_cast<int>(std::count(did.begin(), did.end(), what));
  }
};

using Strings = std::vector<std::string>;

// One voice and its fakes; `post` runs at once, on this thread.
struct Call {
  explicit Call(int end_silence_ms = 600, int barge_in_ms = 300, bool interruptible = true)
      : voice(engine,
              StreamSpeech{.stt = stt, .tts = tts, .voice = "fake",
                           .end_silence_ms = end_silence_ms, .barge_in_ms = barge_in_ms,
                           .interruptible = interruptible},
              out, [](std::function<void()> f) { f(); }) {}
  VoiceEngine engine;
  std::shared_ptr<FakeStt> stt = std::make_shared<FakeStt>();
  std::shared_ptr<FakeTts> tts = std::make_shared<FakeTts>();
  FakeOutput out;
  std::size_t phase = 0;
  StreamVoice voice;

  void start(std::string greeting = "Hello, table booking.") {
    voice.start({.call_sid = "CA01", .stream_sid = "MZ01", .tenant_id = "t1"},
                StreamReply{.turn = 0, .text = std::move(greeting), .language = "en-US"}, nullptr);
  }
  void silence(int ms) {
    const std::vector<std::int16_t> zeros(kFrame, 0);
    for (int i = 0; i < ms / 20; ++i) voice.on_audio(zeros);
  }
  void loud(int ms) {
    for (int i = 0; i < ms / 20; ++i) voice.on_audio(tone(kFrame, phase));
  }
  // Speech without a pause long enough to end it: 400 ms of tone, 100 ms of quiet (a VAD takes
  // a tone that never stops for line noise).
  void talk(int ms) {
    for (int i = 0; i < ms / 500; ++i) loud(400), silence(100);
  }
};

}  // namespace

TEST_CASE("the greeting is played and marked turn-0, and recorded once its mark returns",
          "[stream-voice]") {
  Call c;
  c.start();
  CHECK(c.out.did == Strings{"play 0 x50", "mark turn-0"});
  CHECK(c.tts->asked == Strings{"Hello, table booking."});
  CHECK(c.voice.speaking() == 1);
  CHECK(c.engine.played.empty());

  c.voice.on_first_frame(0);
  c.voice.on_mark("turn-0");
  REQUIRE(c.engine.played.size() == 1);
  const StreamPlayed& p = c.engine.played[0];
  CHECK(p.call_sid == "CA01");
  CHECK(p.turn == 0);
  CHECK(p.played_ms == 1000);
  CHECK(p.reply_ms == 1000);
  CHECK_FALSE(p.interrupted);
  CHECK(p.voice == "fake");
  CHECK_FALSE(p.timing);  // the greeting answers no utterance
  CHECK(c.voice.speaking() == 0);
  c.voice.on_mark("turn-0");  // an echo twice: recorded once
  CHECK(c.engine.played.size() == 1);
}

TEST_CASE("an utterance is heard without its closing silence, answered, played and timed",
          "[stream-voice]") {
  Call c;
  c.start();
  c.voice.on_first_frame(0);
  c.voice.on_mark("turn-0");
  c.out.did.clear();

  c.silence(500);
  c.loud(1000);
  CHECK(c.stt->ended == 0);
  CHECK(c.engine.utterances.empty());
  c.silence(700);

  // The recogniser got the whole tone, a little lead-in and lead-out, not the 600 ms of silence
  // that ended it: lead-in and lead-out are 250 ms at most (stream_voice.cc, kLeadInMs).
  CHECK(c.stt->ended == 1);
  const auto nonzero = std::count_if(c.stt->fed.begin(), c.stt->fed.end(),
                                     [](std::int16_t s) { return s != 0; });
  CHECK(nonzero == kRate);  // all of the 1 s of tone
  CHECK(c.stt->fed.size() >= std::size_t(kRate * 1.2));   // 1 s and some lead-in/out
  CHECK(c.stt->fed.size() <= std::size_t(kRate * 1.6));   // not the closing 600 ms (1.86 s)
  const auto last_loud = std::find_if(c.stt->fed.rbegin(), c.stt->fed.rend(),
                                      [](std::int16_t s) { return s != 0; });
  CHECK(last_loud - c.stt->fed.rbegin() <= kRate * 3 / 10);  // at most ~250 ms after the words

  REQUIRE(c.engine.utterances.size() == 1);
  CHECK(c.engine.utterances[0].text == "a table for two");
  CHECK(c.engine.utterances[0].index == 1);
  CHECK(c.engine.utterances[0].stream_sid == "MZ01");
  CHECK(c.voice.utterances() == 1);
  CHECK(c.out.did == Strings{"play 1 x50", "mark turn-1"});
  CHECK(c.tts->asked.back() == "Sure, for how many?");

  c.voice.on_first_frame(1);
  c.voice.on_mark("turn-1");
  REQUIRE(c.engine.played.size() == 2);
  const StreamPlayed& p = c.engine.played[1];
  CHECK(p.turn == 1);
  CHECK(p.played_ms == 1000);
  CHECK_FALSE(p.interrupted);
  REQUIRE(p.timing);
  CHECK(p.timing->silence_ms == 600);
  CHECK(p.timing->stt_micros == 1234);
  CHECK(p.timing->brain_micros == 5000);
  CHECK(p.timing->tts_micros >= 0);
  CHECK(p.timing->total_micros >= 0);
  CHECK(p.timing->engine_micros >= 0);
  CHECK(c.voice.barge_ins() == 0);
  CHECK(c.out.count("clear") == 0);
}

TEST_CASE("speaking over a reply for 400 ms cuts it, and the words are still a turn",
          "[stream-voice]") {
  Call c;
  c.start();
  c.voice.on_first_frame(0);  // the greeting is playing, its mark not yet back
  c.silence(300);
  c.loud(400);
  CHECK(c.out.count("clear") == 1);
  CHECK(c.voice.barge_ins() == 1);
  CHECK(c.voice.speaking() == 0);
  REQUIRE(c.engine.played.size() == 1);
  const StreamPlayed& p = c.engine.played[0];
  CHECK(p.turn == 0);
  CHECK(p.interrupted);
  CHECK(p.played_ms >= 0);
  CHECK(p.played_ms <= 1000);
  CHECK(p.reply_ms == 1000);
  CHECK(c.engine.utterances.empty());

  c.voice.on_mark("turn-0");  // Twilio echoes the cleared mark: nothing more is recorded
  CHECK(c.engine.played.size() == 1);

  c.silence(700);
  CHECK(c.stt->ended == 1);
  CHECK(c.engine.utterances.size() == 1);
  CHECK(c.out.did.back() == "mark turn-1");
  CHECK(c.out.count("clear") == 1);
}

// The header's contract: the speech itself, not the silence that closes it, must last
// barge_in_ms. (Measured once from the start of the utterance to now, a 160 ms "hmm" cut every
// reply 300 ms after it began: this case caught it.)
TEST_CASE("a short sound over a reply is a filler - neither a cut nor a turn",
          "[stream-voice]") {
  Call c;
  c.start();
  c.voice.on_first_frame(0);
  c.silence(300);
  c.loud(160);
  c.silence(700);
  CHECK(c.out.count("clear") == 0);
  CHECK(c.voice.barge_ins() == 0);
  CHECK(c.voice.fillers() == 1);
  CHECK(c.voice.utterances() == 0);
  CHECK(c.stt->ended == 0);
  CHECK(c.stt->fed.empty());
  CHECK(c.engine.utterances.empty());
  CHECK(c.voice.speaking() == 1);  // the greeting plays on
  c.voice.on_mark("turn-0");
  REQUIRE(c.engine.played.size() == 1);
  CHECK_FALSE(c.engine.played[0].interrupted);
}

// The same filler where the closing silence is shorter than barge_in_ms.
TEST_CASE("a short sound with a short closing silence is a filler", "[stream-voice]") {
  Call c(/*end_silence_ms=*/100, /*barge_in_ms=*/300);
  c.start();
  c.voice.on_first_frame(0);
  c.silence(300);
  c.loud(160);
  c.silence(200);
  CHECK(c.out.count("clear") == 0);
  CHECK(c.voice.barge_ins() == 0);
  CHECK(c.voice.fillers() == 1);
  CHECK(c.voice.utterances() == 0);
  CHECK(c.stt->ended == 0);
  CHECK(c.stt->fed.empty());
  CHECK(c.engine.utterances.empty());
  CHECK(c.voice.speaking() == 1);
}

TEST_CASE("an assistant that is not interruptible plays its reply out, then answers the words said over it",
          "[stream-voice]") {
  Call c(/*end_silence_ms=*/600, /*barge_in_ms=*/300, /*interruptible=*/false);
  c.start();
  c.voice.on_first_frame(0);
  c.silence(300);
  c.loud(400);  // long enough to cut an interruptible reply
  CHECK(c.out.count("clear") == 0);
  CHECK(c.voice.barge_ins() == 0);
  c.silence(700);
  CHECK(c.voice.fillers() == 0);
  CHECK(c.stt->ended == 1);
  REQUIRE(c.engine.utterances.size() == 1);
  // Its reply is queued behind the greeting, which plays on whole.
  CHECK(c.out.did == Strings{"play 0 x50", "mark turn-0", "play 1 x50", "mark turn-1"});
  CHECK(c.voice.speaking() == 2);
  c.voice.on_mark("turn-0");
  REQUIRE(c.engine.played.size() == 1);
  CHECK_FALSE(c.engine.played[0].interrupted);
  CHECK(c.engine.played[0].played_ms == 1000);

  // A filler over it is still a filler.
  c.voice.on_first_frame(1);
  c.loud(160);
  c.silence(700);
  CHECK(c.voice.fillers() == 1);
  CHECK(c.stt->ended == 1);
}

TEST_CASE("a caller who never pauses is heard in pieces of 30 s", "[stream-voice]") {
  Call c;
  c.start();
  c.voice.on_mark("turn-0");
  c.silence(500);
  c.talk(29'500);
  CHECK(c.stt->ended == 0);
  c.talk(1'000);  // past 30 s: the first piece is heard
  CHECK(c.stt->ended == 1);
  const std::size_t first = c.stt->fed.size();
  CHECK(first >= std::size_t(kRate * 30));
  CHECK(first <= std::size_t(kRate * 31));
  c.talk(29'500);
  CHECK(c.stt->ended == 2);  // 60 s
  c.talk(1'000);
  c.silence(700);  // the rest, once the caller stops
  CHECK(c.stt->ended == 3);
  CHECK(c.engine.utterances.size() == 3);
  // Every sample of tone was heard once, in one piece or the next.
  const auto nonzero = std::count_if(c.stt->fed.begin(), c.stt->fed.end(),
                                     [](std::int16_t s) { return s != 0; });
  CHECK(nonzero == kRate * 61 * 4 / 5);
}

TEST_CASE("a reply that hangs up ends the call once it was heard", "[stream-voice]") {
  Call c;
  c.start();
  c.voice.on_mark("turn-0");
  c.engine.reply_text = "Goodbye.";
  c.engine.reply_action = "hangup";
  c.silence(500);
  c.loud(600);
  c.silence(700);
  REQUIRE(c.engine.utterances.size() == 1);
  CHECK(c.out.did.back() == "mark turn-1");
  CHECK(c.out.count("hang_up") == 0);  // not before its audio was played
  c.voice.on_first_frame(1);
  c.voice.on_mark("turn-1");
  CHECK(c.out.did.back() == "hang_up");
  CHECK(c.out.count("hang_up") == 1);
}

TEST_CASE("a reply that transfers ends the stream once it was heard, and only then",
          "[stream-voice]") {
  Call c;
  c.start();
  c.voice.on_mark("turn-0");
  c.engine.reply_text = "I'm putting you through to someone now.";
  c.engine.reply_action = "transfer";
  c.silence(500);
  c.loud(600);
  c.silence(700);
  REQUIRE(c.engine.utterances.size() == 1);
  CHECK(c.out.did.back() == "mark turn-1");
  CHECK(c.out.count("transfer") == 0);  // the caller has not heard it yet
  c.voice.on_first_frame(1);
  c.voice.on_mark("turn-1");
  CHECK(c.out.did.back() == "transfer");
  CHECK(c.out.count("transfer") == 1);
  CHECK(c.out.count("hang_up") == 0);
  REQUIRE(c.engine.played.size() == 2);  // the greeting and the transfer's words, whole
  CHECK(c.engine.played.back().turn == 1);
  CHECK_FALSE(c.engine.played.back().interrupted);
  // A repeated echo of the same mark does nothing more.
  c.voice.on_mark("turn-1");
  CHECK(c.out.count("transfer") == 1);
}

// CallTransferred is in the log with the reply: an "ok, thanks" over the transfer's words must
// not cut them (the stream would stay open and the caller would never be put through).
TEST_CASE("closing words are not cut by speech or keys, and nothing said over them is a turn",
          "[stream-voice]") {
  for (const std::string action : {"transfer", "hangup"}) {
    CAPTURE(action);
    Call c;
    c.start();
    c.voice.on_mark("turn-0");
    c.engine.reply_action = action;
    c.silence(500);
    c.loud(600);
    c.silence(700);
    REQUIRE(c.engine.utterances.size() == 1);
    c.voice.on_first_frame(1);
    c.loud(600);  // "ok, thank you" over the closing words
    c.silence(700);
    c.voice.on_key();
    CHECK(c.out.count("clear") == 0);
    CHECK(c.voice.barge_ins() == 0);
    CHECK(c.engine.utterances.size() == 1);
    CHECK(c.stt->ended == 1);
    c.voice.say(StreamReply{.turn = 9, .text = "late", .language = "en-US"});
    CHECK(c.out.did.back() == "mark turn-1");  // nothing is queued after the last words
    c.voice.on_mark("turn-1");
    CHECK(c.out.count(action == "transfer" ? "transfer" : "hang_up") == 1);
    REQUIRE(c.engine.played.size() == 2);
    CHECK_FALSE(c.engine.played.back().interrupted);
  }
}

TEST_CASE("an output that does not tell a transfer from a hang-up closes for both",
          "[stream-voice]") {
  struct ClosingOutput : VoiceOutput {
    int closed = 0;
    void play(std::int32_t, std::span<const std::uint8_t>) override {}
    void mark(std::string) override {}
    void clear() override {}
    void hang_up() override { ++closed; }
  } out;
  VoiceOutput& o = out;
  o.transfer();
  CHECK(out.closed == 1);
}

TEST_CASE("a key pressed during a reply cuts it", "[stream-voice]") {
  Call c;
  c.start();
  c.voice.on_first_frame(0);
  c.voice.on_key();
  CHECK(c.out.count("clear") == 1);
  CHECK(c.voice.speaking() == 0);
  REQUIRE(c.engine.played.size() == 1);
  CHECK(c.engine.played[0].interrupted);
  CHECK(c.engine.played[0].played_ms <= 1000);

  c.voice.on_key();  // nothing playing: nothing to cut
  CHECK(c.out.count("clear") == 1);
  CHECK(c.engine.played.size() == 1);
}
