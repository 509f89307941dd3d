// The Media Streams frame reader and writer: the documented messages (protocols.md §4, recorded
// in tests/data/twilio/media_stream/*.json), every refusal in refused.tsv, and what we send.
#include <catch2/catch.hpp>

#include <simdjson.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "adapters/twilio/base64.h"
#include "adapters/twilio/media_stream_in.h"
#include "adapters/twilio/media_stream_out.h"

using namespace webox;
using namespace webox::twilio;
using namespace webox::twilio::media_stream;

namespace {

const std::string kDir = std::string(WEBOX_TEST_DATA_DIR) + "/twilio/media_stream/";
const std::string kSid = "MZ18ad3ab5a668481ce02b83e7395059f0";

std::string slurp(const std::string& name) {
  std::ifstream in(kDir + name, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto tab = line.find('\t', start);
    out.push_back(line.substr(start, tab - start));
    if (tab == std::string::npos) return out;
    start = tab + 1;
  }
}

template <class T>
const T& as(const Result<Inbound>& r) {
  if (!r.ok()) FAIL(describe(r.error()));
  REQUIRE(std::holds_alternative<T>(*r));
  return std::get<T>(*r);
}

}  // namespace

TEST_CASE("media stream: the documented inbound messages", "[twilio][media_stream]") {
  Reader reader;

  auto connected = reader.read(slurp("connected.json"));
  CHECK(as<Connected>(connected).protocol == "Call");
  CHECK(as<Connected>(connected).version == "1.0.0");
  CHECK(event_name(*connected) == "connected");

  auto start_msg = reader.read(slurp("start.json"));
  const Start& start = as<Start>(start_msg);
  CHECK(start.sequence_number == 1);
  CHECK(start.stream_sid == kSid);
  CHECK(start.account_sid == "AC25e16e9a716a4a1786a7c83f58e30482");
  CHECK(start.call_sid == "CA8c1a3a2b5f7a4ad9b0c1d2e3f4a5b6c7");
  CHECK(start.inbound_track);
  CHECK_FALSE(start.outbound_track);
  using P = std::pair<std::string, std::string>;
  CHECK(start.custom_parameters == std::vector<P>{{"FirstName", "Jane"}, {"LastName", "Doe"}});

  auto media_msg = reader.read(slurp("media.json"));
  const Media& media = as<Media>(media_msg);
  CHECK(media.sequence_number == 4);
  CHECK(media.stream_sid == kSid);
  CHECK(media.track == Track::inbound);
  CHECK(media.chunk == 2);
  CHECK(media.timestamp_ms == 5);
  const std::string ulaw = slurp("media_160.ulaw");  // what the payload is the base64 of
  REQUIRE(media.audio.size() == 160);
  CHECK(std::string(reinterpret_cast<const char*>(media.audio.data()), 160) == ulaw);

  auto dtmf = reader.read(slurp("dtmf.json"));
  CHECK(as<Dtmf>(dtmf).digit == '1');
  CHECK(as<Dtmf>(dtmf).track == "inbound_track");
  CHECK(as<Dtmf>(dtmf).sequence_number == 5);
  CHECK(as<Dtmf>(dtmf).stream_sid == kSid);

  auto mark = reader.read(slurp("mark.json"));
  CHECK(as<Mark>(mark).name == "my label");
  CHECK(as<Mark>(mark).sequence_number == 4);

  auto stop = reader.read(slurp("stop.json"));
  CHECK(as<Stop>(stop).sequence_number == 5);
  CHECK(as<Stop>(stop).stream_sid == kSid);
  CHECK(as<Stop>(stop).call_sid == "CA8c1a3a2b5f7a4ad9b0c1d2e3f4a5b6c7");
  CHECK(as<Stop>(stop).account_sid == "AC25e16e9a716a4a1786a7c83f58e30482");
}

TEST_CASE("media stream: what may be absent, and keys nobody reads", "[twilio][media_stream]") {
  Reader reader;
  auto bare = reader.read(R"({"event":"connected"})");
  CHECK(as<Connected>(bare).protocol.empty());
  auto stop = reader.read(R"({"event":"stop","sequenceNumber":"9","streamSid":"MZ1"})");
  CHECK(as<Stop>(stop).call_sid.empty());
  auto start = reader.read(
      R"({"event":"start","sequenceNumber":"1","streamSid":"MZ1","extra":[1,{"a":null}],)"
      R"("start":{"accountSid":"AC1","callSid":"CA1","tracks":["outbound","inbound"],)"
      R"("mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1,"bits":8}}})");
  CHECK(as<Start>(start).custom_parameters.empty());
  CHECK((as<Start>(start).inbound_track && as<Start>(start).outbound_track));
  auto dtmf = reader.read(R"({"event":"dtmf","sequenceNumber":"3","streamSid":"MZ1",)"
                          R"("dtmf":{"digit":"#"}})");
  CHECK(as<Dtmf>(dtmf).digit == '#');
  CHECK(as<Dtmf>(dtmf).track.empty());
  auto empty_audio = reader.read(
      R"({"event":"media","sequenceNumber":"2","streamSid":"MZ1",)"
      R"("media":{"track":"outbound","chunk":"007","timestamp":"0","payload":""}})");
  CHECK(as<Media>(empty_audio).audio.empty());
  CHECK(as<Media>(empty_audio).chunk == 7);
  CHECK(as<Media>(empty_audio).track == Track::outbound);
  auto big = reader.read(
      R"({"event":"media","sequenceNumber":"9999999999999999999","streamSid":"MZ1",)"
      R"("media":{"track":"inbound","chunk":"1","timestamp":"1","payload":"AAAA"}})");
  CHECK(as<Media>(big).sequence_number == 9999999999999999999ull);
}

TEST_CASE("media stream: every refused frame names its field", "[twilio][media_stream]") {
  std::ifstream in(kDir + "refused.tsv", std::ios::binary);
  REQUIRE(in.good());
  Reader reader;
  std::string line;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto f = split_tabs(line);
    REQUIRE(f.size() == 4);
    INFO(f[3]);
    auto r = reader.read(f[3]);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().field == f[0]);
    CHECK(r.error().code == (f[1] == "unknown" ? Errc::unknown_type : Errc::invalid_argument));
    CHECK_THAT(r.error().message, Catch::Contains(f[2]));
    CHECK(describe(r.error()) == f[0] + ": " + r.error().message);
    ++rows;
  }
  CHECK(rows > 50);
}

TEST_CASE("media stream: a frame above the limit is refused unread", "[twilio][media_stream]") {
  Reader reader;
  const std::string huge =
      R"({"event":"connected","pad":")" + std::string(Reader::kMaxFrame, 'x') + "\"}";
  auto r = reader.read(huge);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().field == "frame");
  // The reader is still good for the next frame.
  CHECK(reader.read(slurp("connected.json")).ok());
}

TEST_CASE("media stream: a media frame's audio lives until the next read",
          "[twilio][media_stream]") {
  Reader reader;
  const std::string frame = slurp("media.json");
  auto first = reader.read(frame);
  const std::uint8_t* where = as<Media>(first).audio.data();
  // The same buffer is reused frame after frame: no allocation per message.
  for (int i = 0; i < 100; ++i) {
    auto again = reader.read(frame);
    CHECK(as<Media>(again).audio.data() == where);
  }
}

TEST_CASE("media stream: the outbound messages, as documented", "[twilio][media_stream]") {
  Writer out("MZ0123");
  const std::uint8_t audio[] = {0xFF, 0x7F, 0x00};
  CHECK(out.media(audio) ==
        R"({"event":"media","streamSid":"MZ0123","media":{"payload":"/38A"}})");
  CHECK(out.mark("utterance-17") ==
        R"({"event":"mark","streamSid":"MZ0123","mark":{"name":"utterance-17"}})");
  CHECK(out.clear() == R"({"event":"clear","streamSid":"MZ0123"})");
  CHECK(out.mark("say \"hi\"\n\\") ==
        R"({"event":"mark","streamSid":"MZ0123","mark":{"name":"say \"hi\"\u000a\\"}})");
  CHECK(out.mark("caf\xE9") ==
        "{\"event\":\"mark\",\"streamSid\":\"MZ0123\",\"mark\":{\"name\":\"caf\xEF\xBF\xBD\"}}");
}

TEST_CASE("media stream: what we write is JSON whose payload decodes to what we sent",
          "[twilio][media_stream]") {
  const std::string ulaw = slurp("media_160.ulaw");
  Writer out(kSid);
  const std::string_view frame = out.media(
      {reinterpret_cast<const std::uint8_t*>(ulaw.data()), ulaw.size()});
  simdjson::dom::parser parser;
  simdjson::padded_string padded(frame);
  simdjson::dom::element root;
  REQUIRE(!parser.parse(padded).get(root));
  std::string_view event, sid, payload;
  REQUIRE(!root["event"].get(event));
  REQUIRE(!root["streamSid"].get(sid));
  REQUIRE(!root["media"]["payload"].get(payload));
  CHECK(event == "media");
  CHECK(sid == kSid);
  // The recorded inbound message carries the same 160 bytes: its payload is what we write.
  const std::string recorded = slurp("media.json");
  CHECK(recorded.find("\"payload\": \"" + std::string(payload) + "\"") != std::string::npos);
  std::vector<std::uint8_t> back(base64_decoded_capacity(payload.size()));
  auto n = base64_decode(payload, back);
  REQUIRE(n.ok());
  CHECK(std::string(reinterpret_cast<const char*>(back.data()), *n) == ulaw);
}
