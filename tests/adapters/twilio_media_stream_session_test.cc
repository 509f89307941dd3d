// The order of a Media Streams conversation: every scenario of
// tests/data/twilio/media_stream/sessions.txt, frame by frame through the reader and the session,
// with the verdict each step must get.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "adapters/twilio/media_stream_in.h"
#include "adapters/twilio/media_stream_session.h"

using namespace webox;
using namespace webox::twilio::media_stream;

namespace {

struct Step {
  std::string action, code, input;
};

struct Scenario {
  std::string title;
  std::vector<Step> steps;
};

std::vector<Scenario> load() {
  std::ifstream in(std::string(WEBOX_TEST_DATA_DIR) + "/twilio/media_stream/sessions.txt");
  REQUIRE(in.good());
  std::vector<Scenario> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("== ", 0) == 0) {
      out.push_back({line.substr(3), {}});
      continue;
    }
    REQUIRE(!out.empty());
    const auto t1 = line.find('\t');
    const auto t2 = line.find('\t', t1 + 1);
    REQUIRE((t1 != std::string::npos && t2 != std::string::npos));
    out.back().steps.push_back(
        {line.substr(0, t1), line.substr(t1 + 1, t2 - t1 - 1), line.substr(t2 + 1)});
  }
  return out;
}

const char* name(Action a) {
  switch (a) {
    case Action::accept: return "accept";
    case Action::ignore: return "ignore";
    case Action::end: return "end";
  }
  return "?";
}

}  // namespace

TEST_CASE("media stream session: every recorded conversation gets its verdicts",
          "[twilio][media_stream][session]") {
  const auto scenarios = load();
  REQUIRE(scenarios.size() >= 20);
  for (const Scenario& s : scenarios) {
    Reader reader;
    Session session;
    int ends = 0;
    std::vector<std::uint64_t> media_acted_on;  // the sequence numbers a handler would play
    for (const Step& step : s.steps) {
      INFO(s.title << "\n  step: " << step.action << " " << step.code << " " << step.input);
      if (step.action == "sent") {
        session.mark_sent(step.input);
        continue;
      }
      Verdict v;
      if (step.input == "close") {
        v = session.on_close();
      } else {
        auto msg = reader.read(step.input);
        v = msg ? session.on_message(*msg) : session.on_error(msg.error());
        if (msg && v.action == Action::accept) {
          if (auto* m = std::get_if<Media>(&*msg)) media_acted_on.push_back(m->sequence_number);
        }
      }
      CHECK(name(v.action) == step.action);
      CHECK(v.code == step.code);
      CHECK(v.detail.empty() == (v.action == Action::accept));
      ends += v.action == Action::end;
    }
    INFO(s.title);
    // However the conversation went, the call ends exactly once: a final close ends it if
    // nothing did, and is ignored otherwise.
    CHECK(ends <= 1);
    const Verdict last = session.on_close();
    CHECK(ends + (last.action == Action::end) == 1);
    CHECK(session.phase() == Session::Phase::ended);
    // What was acted on came in order, once each.
    for (std::size_t i = 1; i < media_acted_on.size(); ++i) {
      CHECK(media_acted_on[i - 1] < media_acted_on[i]);
    }
  }
}

TEST_CASE("media stream session: what it remembers of the stream",
          "[twilio][media_stream][session]") {
  Reader reader;
  Session session;
  auto start = reader.read(
      R"({"event":"start","sequenceNumber":"1","streamSid":"MZ7","start":{"accountSid":"AC1",)"
      R"("callSid":"CA9","tracks":["inbound"],"mediaFormat":{"encoding":"audio/x-mulaw",)"
      R"("sampleRate":8000,"channels":1}}})");
  REQUIRE(start.ok());
  CHECK(session.on_message(*start).action == Action::accept);
  CHECK(session.stream_sid() == "MZ7");
  CHECK(session.call_sid() == "CA9");
  CHECK(session.phase() == Session::Phase::streaming);

  auto media = [&](int seq) {
    auto m = reader.read(R"({"event":"media","sequenceNumber":")" + std::to_string(seq) +
                         R"(","streamSid":"MZ7","media":{"track":"inbound","chunk":"1",)"
                         R"("timestamp":"0","payload":"AAAA"}})");
    REQUIRE(m.ok());
    return session.on_message(*m);
  };
  CHECK(media(2).action == Action::accept);
  CHECK(media(5).action == Action::accept);  // 3 and 4 lost
  CHECK(session.gaps() == 2);
  CHECK(session.last_sequence() == 5);
  CHECK(media(4).action == Action::ignore);
  CHECK(session.last_sequence() == 5);

  session.mark_sent("a");
  session.mark_sent("b");
  CHECK(session.pending_marks() == std::vector<std::string>{"a", "b"});
  auto mark = reader.read(
      R"({"event":"mark","sequenceNumber":"6","streamSid":"MZ7","mark":{"name":"a"}})");
  REQUIRE(mark.ok());
  CHECK(session.on_message(*mark).action == Action::accept);
  CHECK(session.pending_marks() == std::vector<std::string>{"b"});

  const Verdict closed = session.on_close();
  CHECK(closed.action == Action::end);
  CHECK(closed.code == "socket-closed");
  CHECK(closed.detail == "socket closed before stop");
}

TEST_CASE("media stream session: a malformed frame's reason names the field",
          "[twilio][media_stream][session]") {
  Reader reader;
  Session session;
  auto bad = reader.read(R"({"event":"start","sequenceNumber":"1","streamSid":"MZ7","start":{)"
                         R"("accountSid":"AC1","callSid":"CA9","tracks":["inbound"],"mediaFormat":)"
                         R"({"encoding":"audio/l16","sampleRate":8000,"channels":1}}})");
  REQUIRE_FALSE(bad.ok());
  const Verdict v = session.on_error(bad.error());
  CHECK(v.action == Action::end);
  CHECK(v.code == "malformed-message");
  CHECK(v.detail == "start.mediaFormat.encoding: audio/x-mulaw expected");
}
