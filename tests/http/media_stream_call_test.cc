// http/media_stream_call.h without a socket: which frames reach the engine, and that the call
// ends exactly once whatever ends it.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "http/media_stream_call.h"
#include "tests/http/fake_engine.h"

using namespace webox;
using namespace webox::testing;
using Next = http::MediaStreamCall::Next;

namespace {

// Records the stream messages; `refuse_start` answers the start with not_found.
struct StreamEngine : FakeEngine {
  std::vector<std::string> seen;  // "start CA01 MZ01 t1", "dtmf 5 #4", "end stopped"
  bool refuse_start = false;
  void on_stream_start(StreamStart s, Callback<StreamReply> done) override {
    seen.push_back("start " + s.call_sid + " " + s.stream_sid + " " + s.tenant_id);
    if (refuse_start) return done(Error::make(Errc::not_found, "no stream call"));
    done(StreamReply{.turn = 0, .text = "Bonjour"});
  }
  void on_stream_dtmf(StreamDtmf d, Callback<StreamReply> done) override {
    seen.push_back("dtmf " + std::string(1, d.digit) + " #" + std::to_string(d.sequence));
    done(StreamReply{.turn = 1, .text = "ok"});
  }
  void on_stream_end(StreamEnd e, Callback<std::string> done) override {
    seen.push_back("end " + e.reason);
    done(std::string());
  }
};

const std::string kConnected = R"({"event":"connected","protocol":"Call","version":"1.0.0"})";
std::string start(const std::string& sid_param, const std::string& tenant_param) {
  return R"({"event":"start","sequenceNumber":"1","start":{"accountSid":"AC01","streamSid":"MZ01",)"
         R"("callSid":"CA01","tracks":["inbound"],"mediaFormat":{"encoding":"audio/x-mulaw",)"
         R"("sampleRate":8000,"channels":1},"customParameters":{"CallSid":")" + sid_param +
         R"(","TenantId":")" + tenant_param + R"("}},"streamSid":"MZ01"})";
}
// "zs7O": three μ-law bytes 0xCE, which decode to 988 (adapters/audio/mulaw.h).
std::string media(int seq, const std::string& payload = "zs7O") {
  return R"({"event":"media","sequenceNumber":")" + std::to_string(seq) +
         R"(","media":{"track":"inbound","chunk":"1","timestamp":"0","payload":")" + payload +
         R"("},"streamSid":"MZ01"})";
}
std::string dtmf(int seq, char d) {
  return R"({"event":"dtmf","streamSid":"MZ01","sequenceNumber":")" + std::to_string(seq) +
         R"(","dtmf":{"track":"inbound_track","digit":")" + std::string(1, d) + R"("}})";
}
std::string stop(int seq) {
  return R"({"event":"stop","sequenceNumber":")" + std::to_string(seq) +
         R"(","stop":{"accountSid":"AC01","callSid":"CA01"},"streamSid":"MZ01"})";
}

}  // namespace

TEST_CASE("a whole stream: start, media decoded, a key, stop, then nothing", "[stream]") {
  StreamEngine engine;
  int hung_up = 0;
  http::MediaStreamCall call(engine, {"t1", "+33123456789"}, [&] { ++hung_up; });
  CHECK(call.on_text(kConnected) == Next::read);
  CHECK(call.on_text(start("CA01", "t1")) == Next::read);
  CHECK(call.on_text(media(2)) == Next::read);
  CHECK(call.on_text(media(3)) == Next::read);
  CHECK(call.on_text(media(3)) == Next::read);  // a replay: ignored, not decoded twice
  CHECK(call.on_text(dtmf(4, '5')) == Next::read);
  CHECK(call.on_text(stop(5)) == Next::close);
  CHECK(call.on_text(stop(6)) == Next::close);
  CHECK(call.on_text(dtmf(7, '6')) == Next::close);
  call.on_close();
  CHECK(engine.seen ==
        std::vector<std::string>{"start CA01 MZ01 t1", "dtmf 5 #4", "end stopped"});
  CHECK(call.media_frames() == 2);
  CHECK(call.samples() == 6);
  REQUIRE(call.last_pcm().size() >= 3);
  CHECK(call.last_pcm()[0] == 988);
  CHECK(call.last_pcm()[2] == 988);
  CHECK(call.ignored() == 1);
  CHECK(hung_up == 0);
}

TEST_CASE("the ways a stream ends: each says its reason once", "[stream]") {
  StreamEngine engine;
  http::MediaStreamCall call(engine, {"t1", "+33123456789"}, [] {});
  SECTION("the socket drops") {
    CHECK(call.on_text(start("CA01", "t1")) == Next::read);
    call.on_close();
    call.on_close();
    CHECK(engine.seen == std::vector<std::string>{"start CA01 MZ01 t1", "end socket-closed"});
  }
  SECTION("a malformed frame") {
    CHECK(call.on_text(start("CA01", "t1")) == Next::read);
    CHECK(call.on_text(R"({"event":"media",)") == Next::close);
    CHECK(call.on_binary() == Next::close);
    call.on_close();
    CHECK(engine.seen ==
          std::vector<std::string>{"start CA01 MZ01 t1", "end malformed-message"});
  }
  SECTION("a binary frame") {
    CHECK(call.on_text(start("CA01", "t1")) == Next::read);
    CHECK(call.on_binary() == Next::close);
    CHECK(engine.seen ==
          std::vector<std::string>{"start CA01 MZ01 t1", "end malformed-message"});
  }
  SECTION("before start there is no call to end") {
    CHECK(call.on_text(media(2)) == Next::close);
    call.on_close();
    CHECK(engine.seen.empty());
  }
  SECTION("a start without this call's parameters touches nothing") {
    CHECK(call.on_text(start("CA99", "t1")) == Next::close);
    call.on_close();
    CHECK(call.end_reason() == "wrong-call");
    CHECK(engine.seen.empty());
  }
  SECTION("another tenant's start touches nothing") {
    CHECK(call.on_text(start("CA01", "t2")) == Next::close);
    CHECK(engine.seen.empty());
  }
}

TEST_CASE("a start the engine refuses hangs up the socket", "[stream]") {
  StreamEngine engine;
  engine.refuse_start = true;
  int hung_up = 0;
  http::MediaStreamCall call(engine, {"t1", "+33123456789"}, [&] { ++hung_up; });
  CHECK(call.on_text(start("CA01", "t1")) == Next::read);
  CHECK(hung_up == 1);
}
