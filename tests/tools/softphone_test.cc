// The softphone's pure pieces (`webox call`): the TwiML answer read for its stream, the frames it
// sends as Twilio (read back with the engine's own reader, media_stream_in.h), the engine's
// frames, the reply texts out of a call's events, the two clocks, and the flags.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "adapters/twilio/media_stream_in.h"
#include "adapters/twilio/media_stream_out.h"
#include "adapters/twilio/twiml.h"
#include "tools/call_command.h"
#include "tools/softphone_clock.h"
#include "tools/softphone_wire.h"

using namespace webox;
using namespace webox::tools::softphone;
namespace ms = webox::twilio::media_stream;
using std::chrono::milliseconds;

namespace {

const std::string kSid = "MZ0123456789abcdef0123456789abcdef";

TwilioFrames frames() {
  return TwilioFrames({.stream_sid = kSid,
                       .account_sid = "AC0123456789abcdef0123456789abcdef",
                       .call_sid = "CA01",
                       .parameters = {{"CallSid", "CA01"}, {"TenantId", "t \"1\""}}});
}

}  // namespace

TEST_CASE("the engine's Connect/Stream answer gives the url to sign, the path and the parameters",
          "[softphone]") {
  // Written by the engine's own TwiML writer, so the two sides agree.
  twilio::Twiml doc;
  doc.connect_stream({.url = "wss://voice.example.com/twilio/stream/33123456789",
                      .parameters = {{"CallSid", "CA01"}, {"AssistantId", "a&1"},
                                     {"TenantId", ""}}});
  auto a = read_stream_answer(doc.str());
  REQUIRE(a.ok());
  CHECK(a->url == "wss://voice.example.com/twilio/stream/33123456789");
  CHECK(a->path == "/twilio/stream/33123456789");
  REQUIRE(a->parameters.size() == 3);
  CHECK(a->parameters[1] == std::pair<std::string, std::string>{"AssistantId", "a&1"});
  CHECK(a->parameters[2] == std::pair<std::string, std::string>{"TenantId", ""});

  auto bare = read_stream_answer(
      R"(<Response><Connect><Stream url="ws://127.0.0.1:8080"/></Connect></Response>)");
  REQUIRE(bare.ok());
  CHECK(bare->path == "/");
}

TEST_CASE("the Connect action gives the URL to sign and the path to post to", "[softphone]") {
  twilio::Twiml doc;
  doc.connect_stream({.url = "wss://voice.example.com/twilio/stream/33123456789",
                      .action = "https://voice.example.com/twilio/stream-ended?a=1&b=2",
                      .parameters = {{"CallSid", "CA01"}}});
  auto a = read_stream_answer(doc.str());
  REQUIRE(a.ok());
  CHECK(a->action == "https://voice.example.com/twilio/stream-ended?a=1&b=2");
  CHECK(a->action_path == "/twilio/stream-ended?a=1&b=2");
  CHECK(a->path == "/twilio/stream/33123456789");

  auto relative = read_stream_answer(R"(<Response><Connect action="twilio/stream-ended">)"
                                     R"(<Stream url="ws://127.0.0.1:8080/s"/></Connect></Response>)");
  REQUIRE(relative.ok());
  CHECK(relative->action_path == "/twilio/stream-ended");
  auto none = read_stream_answer(
      R"(<Response><Connect><Stream url="ws://127.0.0.1:8080/s"/></Connect></Response>)");
  REQUIRE(none.ok());
  CHECK(none->action.empty());
  CHECK(none->action_path.empty());
}

TEST_CASE("the Connect action's answer: Dial is a transfer, Hangup or nothing ends the call",
          "[softphone]") {
  auto dial = read_stream_ended(twilio::Twiml().dial({.number = "+447700900123"}).str());
  REQUIRE(dial.ok());
  CHECK(dial->dial == "+447700900123");
  auto nested = read_stream_ended("<Response><Dial><Number> +33612345678 </Number></Dial></Response>");
  REQUIRE(nested.ok());
  CHECK(nested->dial == "+33612345678");
  for (const std::string& ends : {twilio::Twiml().hangup().str(), twilio::Twiml().str(),
                                 std::string("<Response><Reject/></Response>")}) {
    auto r = read_stream_ended(ends);
    INFO(ends);
    REQUIRE(r.ok());
    CHECK(r->dial.empty());
  }
  auto say = read_stream_ended("<Response><Say>Hi</Say></Response>");
  REQUIRE_FALSE(say.ok());
  CHECK_THAT(say.error().message, Catch::Contains("<Say>"));
  auto html = read_stream_ended("<html/>");
  REQUIRE_FALSE(html.ok());
  CHECK_THAT(html.error().message, Catch::Contains("not TwiML"));
}

TEST_CASE("an answer that is not a stream says what the engine answered instead", "[softphone]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"<Response><Gather input=\"speech\"><Say>Hi</Say></Gather></Response>", "TwiML mode"},
      {"<Response><Reject reason=\"rejected\"/></Response>", "rejected"},
      {"<Response><Say>Sorry, we cannot take your call.</Say><Hangup/></Response>",
       "Sorry, we cannot take your call."},
      {"<Response><Connect><Stream url=\"https://x/y\"/></Connect></Response>", "ws://"},
      {"<Response><Connect></Connect></Response>", "no <Stream>"},
      {"<Response/>", "empty"},
      {"<html><body>502</body></html>", "root is <html>"},
      {"not xml at all", "not TwiML"},
  };
  for (const auto& [doc, says] : cases) {
    auto a = read_stream_answer(doc);
    INFO(doc);
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().field == "twiml");
    CHECK_THAT(a.error().message, Catch::Contains(says));
  }
}

TEST_CASE("the softphone's frames read back with the engine's Media Streams reader",
          "[softphone]") {
  TwilioFrames out = frames();
  ms::Reader reader;

  auto connected = reader.read(out.connected());
  REQUIRE(connected.ok());
  CHECK(std::get<ms::Connected>(*connected).protocol == "Call");

  auto start = reader.read(out.start());
  REQUIRE(start.ok());
  const auto& s = std::get<ms::Start>(*start);
  CHECK(s.sequence_number == 1);
  CHECK(s.stream_sid == kSid);
  CHECK(s.call_sid == "CA01");
  CHECK(s.inbound_track);
  CHECK_FALSE(s.outbound_track);
  REQUIRE(s.custom_parameters.size() == 2);
  CHECK(s.custom_parameters[1].second == "t \"1\"");  // escaped, read back

  std::vector<std::uint8_t> audio(160, 0xFF);
  audio[0] = 0x00;
  for (std::uint64_t k = 1; k <= 3; ++k) {
    auto media = reader.read(out.media(audio));
    REQUIRE(media.ok());
    const auto& m = std::get<ms::Media>(*media);
    CHECK(m.sequence_number == 1 + k);
    CHECK(m.chunk == k);
    CHECK(m.timestamp_ms == (k - 1) * 20);
    CHECK(m.track == ms::Track::inbound);
    CHECK(std::vector<std::uint8_t>(m.audio.begin(), m.audio.end()) == audio);
  }
  CHECK(out.chunks() == 3);

  auto dtmf = reader.read(out.dtmf('#'));
  REQUIRE(dtmf.ok());
  CHECK(std::get<ms::Dtmf>(*dtmf).digit == '#');
  CHECK(std::get<ms::Dtmf>(*dtmf).sequence_number == 5);

  auto mark = reader.read(out.mark_echo("turn-0"));
  REQUIRE(mark.ok());
  CHECK(std::get<ms::Mark>(*mark).name == "turn-0");
  CHECK(std::get<ms::Mark>(*mark).sequence_number == 6);

  auto stop = reader.read(out.stop());
  REQUIRE(stop.ok());
  CHECK(std::get<ms::Stop>(*stop).call_sid == "CA01");
  CHECK(std::get<ms::Stop>(*stop).stream_sid == kSid);
  CHECK(out.sequence_number() == 7);
}

TEST_CASE("the engine's frames, as its writer makes them, read back", "[softphone]") {
  ms::Writer engine(kSid);
  const std::vector<std::uint8_t> audio = {0x7F, 0xFF, 0x00, 0x80};
  auto media = read_engine_frame(engine.media(audio));
  REQUIRE(media.ok());
  CHECK(std::get<EngineMedia>(*media).mulaw == audio);
  auto mark = read_engine_frame(engine.mark("turn-2"));
  REQUIRE(mark.ok());
  CHECK(std::get<EngineMark>(*mark).name == "turn-2");
  auto clear = read_engine_frame(engine.clear());
  REQUIRE(clear.ok());
  CHECK(std::holds_alternative<EngineClear>(*clear));

  CHECK(read_engine_frame("{").error().field == "frame");
  CHECK(read_engine_frame(R"({"event":"media","media":{"payload":"@@@@"}})").error().field ==
        "media.payload");
  CHECK(read_engine_frame(R"({"event":"mark","mark":{}})").error().field == "mark.name");
  CHECK(read_engine_frame(R"({"event":"hello"})").error().code == Errc::unknown_type);
}

TEST_CASE("reply texts come from the ReplyGenerated events, by turn", "[softphone]") {
  auto texts = reply_texts(
      R"({"call_sid":"CA01","events":[)"
      R"({"type":"CallStarted","data":{"call_sid":"CA01"}},)"
      R"({"type":"ReplyGenerated","data":{"turn":0,"text":"Hello, how can I help?"}},)"
      R"({"type":"UtteranceTranscribed","data":{"turn":1,"text":"a table"}},)"
      R"({"type":"ReplyGenerated","data":{"turn":1,"text":"For how many?"}}]})");
  REQUIRE(texts.ok());
  CHECK(texts->size() == 2);
  CHECK(texts->at(0) == "Hello, how can I help?");
  CHECK(texts->at(1) == "For how many?");
  CHECK_FALSE(reply_texts("[]").ok());
  CHECK_FALSE(reply_texts(R"({"events":[{"type":"ReplyGenerated","data":{}}]})").ok());

  CHECK(turn_of_mark("turn-0") == 0);
  CHECK(turn_of_mark("turn-12") == 12);
  for (const char* bad : {"turn-", "turn-x", "reply-1", "turn--1", "turn-1a", ""})
    CHECK(turn_of_mark(bad) == -1);
}

TEST_CASE("frames leave every 20 ms divided by the speed, on an absolute schedule",
          "[softphone]") {
  FramePacer real(1.0);
  CHECK(real.due(0) == Micros(0));
  CHECK(real.due(50) == milliseconds(1000));
  CHECK(real.frames_by(Micros(0)) == 1);
  CHECK(real.frames_by(milliseconds(19)) == 1);
  CHECK(real.frames_by(milliseconds(20)) == 2);
  CHECK(real.frames_by(milliseconds(1000)) == 51);
  CHECK(real.frames_by(Micros(-5)) == 0);

  FramePacer fast(3.0);
  CHECK(fast.due(3) == milliseconds(20));
  CHECK(fast.due(1) == Micros(6667));
  for (std::int64_t us : {0, 6666, 6667, 20000, 99999, 1000000}) {
    const std::uint64_t n = fast.frames_by(Micros(us));
    INFO(us);
    CHECK(fast.due(n - 1) <= Micros(us));
    CHECK(fast.due(n) > Micros(us));
  }
}

TEST_CASE("a mark is echoed once the audio before it has played, at once on a clear",
          "[softphone]") {
  const auto t0 = Clock::time_point{} + std::chrono::hours(1);
  Playout p(/*real_time=*/true);
  p.media(t0, 160 * 50);  // one second
  p.mark(t0, "turn-0");
  CHECK(p.queued(t0) == milliseconds(1000));
  CHECK(p.due(t0 + milliseconds(999)).empty());
  CHECK(p.next_due() == t0 + milliseconds(1000));
  CHECK(p.due(t0 + milliseconds(1000)) == std::vector<std::string>{"turn-0"});
  CHECK(p.pending_marks() == 0);

  // Audio arriving after the queue ran dry starts when it arrives; later audio queues behind.
  const auto t1 = t0 + milliseconds(5000);
  p.media(t1, 160);
  p.media(t1 + milliseconds(5), 160);
  p.mark(t1 + milliseconds(5), "turn-1");
  CHECK(p.next_due() == t1 + milliseconds(40));

  // A clear drops the rest and hands back every pending mark.
  p.mark(t1 + milliseconds(6), "turn-2");
  CHECK(p.clear(t1 + milliseconds(10)) == std::vector<std::string>{"turn-1", "turn-2"});
  CHECK(p.queued(t1 + milliseconds(10)) == Micros(0));

  // Faster than real time: audio plays in no time.
  Playout fast(/*real_time=*/false);
  fast.media(t0, 160 * 50);
  fast.mark(t0, "turn-0");
  CHECK(fast.due(t0) == std::vector<std::string>{"turn-0"});
}

TEST_CASE("webox call's flags: defaults, and each refusal names its flag", "[softphone]") {
  {
    std::vector<std::string> words = {"webox", "call", "--to", "+33123456789", "--speed=4",
                                      "--timeout", "5", "--language", "fr", "--wav", "x.wav"};
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    auto o = tools::parse_call_args(static_cast<int>(argv.size()), argv.data());
    REQUIRE(o.ok());
    CHECK(o->to == "+33123456789");
    CHECK(o->speed == 4.0);
    CHECK(o->timeout_seconds == 5);
    CHECK(o->language == "fr");
    CHECK(o->wav == "x.wav");
    CHECK(o->url == "http://127.0.0.1:8080");
  }
  std::ifstream table(WEBOX_TEST_DATA_DIR "/tools/call_args.tsv");
  REQUIRE(table);
  std::string row;
  int rows = 0;
  while (std::getline(table, row)) {
    if (row.empty() || row[0] == '#') continue;
    std::istringstream cols(row);
    std::string args, flag, says;
    std::getline(cols, args, '\t');
    std::getline(cols, flag, '\t');
    std::getline(cols, says, '\t');
    std::vector<std::string> words = {"webox", "call"};
    std::istringstream split(args);
    for (std::string w; split >> w;) words.push_back(w);
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    INFO(row);
    auto o = tools::parse_call_args(static_cast<int>(argv.size()), argv.data());
    REQUIRE_FALSE(o.ok());
    CHECK(o.error().field == flag);
    CHECK_THAT(o.error().message, Catch::Contains(says));
    ++rows;
  }
  CHECK(rows >= 15);
  CHECK_THAT(tools::call_usage(), Catch::Contains("--speed N"));
}
