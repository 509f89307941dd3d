// `webox replay` and `webox events` in-process, over a data directory written through the log
// and the key store directly (tests/support/call_log.h), which stay open as the engine would
// hold them: the tools read beside a primary. The whole text and JSON output of a known call
// are compared with recorded files in tests/data/replay/; to re-record them after a deliberate
// change of format, run with WEBOX_RECORD=1 and review the diff.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "events/codec.h"
#include "tests/support/call_log.h"
#include "tests/support/temp_dir.h"
#include "tools/events_command.h"
#include "tools/replay_command.h"
#include "tools/timeline.h"

using namespace webox;
using namespace webox::testing;

namespace {

struct Run {
  int code = -1;
  std::string out, err;
};

Run run(int (*tool)(const std::vector<std::string>&, ToolIo), std::vector<std::string> args,
        std::vector<std::string> env = {}) {
  std::ostringstream out, err;
  std::vector<char*> envp;
  for (auto& kv : env) envp.push_back(kv.data());
  envp.push_back(nullptr);
  Run r;
  r.code = tool(args, ToolIo{.out = out, .err = err, .env = envp.data()});
  r.out = out.str();
  r.err = err.str();
  return r;
}
Run replay(std::vector<std::string> args, std::vector<std::string> env = {}) {
  return run(run_replay, std::move(args), std::move(env));
}
Run events(std::vector<std::string> args) { return run(run_events, std::move(args)); }

// The recorded file's text; with WEBOX_RECORD set, `actual` becomes the recording.
std::string expected(const std::string& name, const std::string& actual) {
  const std::string path = std::string(WEBOX_TEST_DATA_DIR) + "/replay/" + name;
  if (std::getenv("WEBOX_RECORD")) std::ofstream(path, std::ios::binary) << actual;
  std::ifstream in(path, std::ios::binary);
  if (!in) FAIL("no recorded output " << path << " (run once with WEBOX_RECORD=1)");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool contains(const std::string& hay, std::string_view needle) {
  return hay.find(needle) != std::string::npos;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace

TEST_CASE("replay prints a known call as recorded in tests/data/replay") {
  TempDir dir;
  CallLog log(dir);
  log.write_booking_call();

  auto text = replay({kCall, "--data", dir.str()});
  INFO(text.err);
  REQUIRE(text.code == 0);
  CHECK(text.err.empty());
  CHECK(text.out == expected("booking_call.txt", text.out));

  auto json = replay({"--json", "--data=" + dir.str(), kCall});
  REQUIRE(json.code == 0);
  CHECK(json.out == expected("booking_call.json", json.out));
}

TEST_CASE("replay --json is one JSON document with the turns, booking and end") {
  TempDir dir;
  CallLog log(dir);
  log.write_booking_call();
  auto r = replay({kCall, "--json", "--data", dir.str()});
  REQUIRE(r.code == 0);
  simdjson::dom::parser parser;
  auto doc = parser.parse(r.out);
  REQUIRE(doc.error() == simdjson::SUCCESS);
  CHECK(std::string_view(doc["call_sid"]) == kCall);
  CHECK(bool(doc["erased"]) == false);
  CHECK(simdjson::dom::array(doc["events"]).size() == 11);  // 10 in its stream, its booking
  auto turns = simdjson::dom::array(doc["turns"]);
  REQUIRE(turns.size() == 3);
  auto turn1 = turns.at(1);
  CHECK(std::int64_t(turn1["brain_micros"]) == 800);
  CHECK(std::int64_t(turn1["reply_after_micros"]) == 88'250);
  CHECK(std::string_view(turn1["caller"]).starts_with("Bonjour, une table"));
  auto bookings = simdjson::dom::array(doc["bookings"]);
  REQUIRE(bookings.size() == 1);  // b-10 belongs to the other call
  CHECK(std::string_view(bookings.at(0)["name"]) == "Dupont");
  CHECK(std::int64_t(doc["ended"]["offset_micros"]) == 12'250'000);
  CHECK(doc["erasure"].is_null());
}

TEST_CASE("replay of an erased call shows [erased] in every personal field") {
  TempDir dir;
  CallLog log(dir);
  log.write_booking_call();
  log.erase(kCall);

  auto r = replay({kCall, "--data", dir.str()});
  REQUIRE(r.code == 0);
  CHECK(r.out == expected("erased_call.txt", r.out));
  for (const char* personal : {kCaller, "Dupont", "quatre", "noté"}) CHECK_FALSE(contains(r.out, personal));
  CHECK(contains(r.out, "caller [erased] to +33123456789"));
  CHECK(contains(r.out, "turn 1 caller: [erased] (confidence 0.92"));
  CHECK(contains(r.out, "name [erased]"));
  CHECK(contains(r.out, "CallErased            personal data erased (api)"));
  // The facts that are not personal stay: turns, timings, the booking's date, the end.
  CHECK(contains(r.out, "booking b-9: table on 2026-11-26 at 20:00 for 4"));
  CHECK(contains(r.out, "completed after 12 s (assistant-hangup)"));

  auto json = replay({kCall, "--json", "--data", dir.str()});
  REQUIRE(json.code == 0);
  CHECK(contains(json.out, "\"erased\":true"));
  CHECK(contains(json.out, "\"from\":\"[erased]\""));
  CHECK_FALSE(contains(json.out, "Dupont"));

  // The other call keeps its key and reads in clear.
  auto other = replay({kOtherCall, "--data", dir.str()});
  REQUIRE(other.code == 0);
  CHECK(contains(other.out, "caller +33700000000"));
  CHECK(contains(other.out, "name \"Martin\""));
}

TEST_CASE("replay of a call whose key is shredded but not yet marked erased shows [erased]") {
  TempDir dir;
  CallLog log(dir);
  log.write_booking_call();
  log.erase(kCall, /*with_event=*/false);  // the eraser between its two steps
  auto r = replay({kCall, "--data", dir.str()});
  REQUIRE(r.code == 0);
  CHECK(contains(r.out, "caller [erased]"));
  CHECK_FALSE(contains(r.out, "Dupont"));
  CHECK_FALSE(contains(r.out, "  erased    "));  // no CallErased yet: the summary does not say so
}

TEST_CASE("replay --follow prints events appended after it started and stops at CallEnded") {
  TempDir dir;
  CallLog log(dir);
  log.greet(kCall, kT0, kCaller);

  std::ostringstream out, err;
  std::atomic<bool> done{false}, timed_out{false};
  int code = -1;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  std::thread follower([&] {
    code = run_replay({kCall, "--follow", "--data", dir.str()},
                      ToolIo{.out = out, .err = err, .stop = [&] {
                               timed_out = std::chrono::steady_clock::now() > deadline;
                               return timed_out.load();
                             },
                             .poll = std::chrono::milliseconds(20)});
    done = true;
  });
  // Written while the follower runs: a new turn, a booking in its own stream, the end.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  log.hear(kCall, kT0 + 3'412'000, 1, "Une table pour deux au nom de Zola", 0.9);
  log.book(kCall, "b-1", kT0 + 3'412'000, "Zola", 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  CHECK_FALSE(done);  // still watching: the call has not ended
  log.reply(kCall, kT0 + 3'413'000, 1, "C'est noté, au revoir.", "hangup", 500);
  log.put(call_stream(kCall), kT0 + 5'000'000,
          CallEnded{.call_sid = kCall, .status = "completed", .duration_seconds = 5,
                    .reason = "assistant-hangup"});
  follower.join();
  CHECK_FALSE(timed_out);
  CHECK(code == 0);
  // What --follow printed is what a replay of the ended call prints.
  auto after = replay({kCall, "--data", dir.str()});
  CHECK(out.str() == after.out);
  CHECK(contains(out.str(), "caller: \"Une table pour deux au nom de Zola\""));
  CHECK(contains(out.str(), "booking b-1: table on 2026-11-26 at 20:00 for 2, name \"Zola\""));
  CHECK(contains(out.str(), "CallEnded             completed after 5 s"));
}

TEST_CASE("replay --follow --json prints one event object per line") {
  TempDir dir;
  CallLog log(dir);
  log.write_booking_call();  // already ended: prints what there is and returns
  auto r = replay({kCall, "--follow", "--json", "--data", dir.str()});
  REQUIRE(r.code == 0);
  auto ls = lines(r.out);
  REQUIRE(ls.size() == 11);
  simdjson::dom::parser parser;
  for (auto& l : ls) {
    auto obj = parser.parse(l);
    REQUIRE(obj.error() == simdjson::SUCCESS);
    CHECK(std::string_view(obj["offset"]).starts_with("+00:"));
  }
  CHECK(contains(ls.back(), "\"type\":\"CallEnded\""));
}

TEST_CASE("replay refuses bad input with a message naming it") {
  TempDir dir;
  CallLog log(dir);
  log.write_booking_call();
  const std::string events_dir = (dir.path / "events").string();

  auto unknown = replay({"CA404", "--data", dir.str()});
  CHECK(unknown.code == 1);
  CHECK(unknown.err == "webox replay: no call CA404 in " + events_dir + "\n");
  CHECK(unknown.out.empty());

  auto none = replay({"--data", dir.str()});
  CHECK(none.code == 2);
  CHECK(contains(none.err, "webox replay: missing CALL_SID"));
  auto two = replay({kCall, "CA2", "--data", dir.str()});
  CHECK(two.code == 2);
  CHECK(contains(two.err, "unexpected \"CA2\""));
  auto option = replay({kCall, "--jsn"});
  CHECK(option.code == 2);
  CHECK(contains(option.err, "unknown option --jsn"));
  auto no_dir_value = replay({kCall, "--data"});
  CHECK(no_dir_value.code == 2);
  CHECK(contains(no_dir_value.err, "--data needs a directory"));

  auto missing = replay({kCall, "--data", (dir.path / "nope").string()});
  CHECK(missing.code == 1);
  CHECK(missing.err == "webox replay: no data directory " + (dir.path / "nope").string() + "\n");
  TempDir empty;
  auto no_log = replay({kCall, "--data", empty.str()});
  CHECK(no_log.code == 1);
  CHECK(no_log.err == "webox replay: no event log in " + (empty.path / "events").string() + "\n");

  // The default of --data comes from WEBOX_DATA, as for serve.
  auto from_env = replay({kCall}, {"WEBOX_DATA=" + dir.str()});
  CHECK(from_env.code == 0);

  // No master key: an error, and no key is made (it would orphan every sealed field).
  std::filesystem::rename(dir.path / "master.key", dir.path / "master.key.bak");
  auto no_key = replay({kCall, "--data", dir.str()});
  CHECK(no_key.code == 1);
  CHECK(contains(no_key.err, "no master key: " + (dir.path / "master.key").string()));
  CHECK_FALSE(std::filesystem::exists(dir.path / "master.key"));
  auto bad_env_key = replay({kCall, "--data", dir.str()}, {"WEBOX_MASTER_KEY=xyz"});
  CHECK(bad_env_key.code == 1);
  CHECK(contains(bad_env_key.err, "expected 64 hex digits"));
  auto env_key = replay({kCall, "--data", dir.str()}, {"WEBOX_MASTER_KEY=" + log.master.hex()});
  CHECK(env_key.code == 0);
  CHECK(contains(env_key.out, "name \"Dupont\""));

  auto help = replay({"--help"});
  CHECK(help.code == 0);
  CHECK(contains(help.out, "usage: webox replay CALL_SID"));
}

TEST_CASE("events prints the log as JSON lines from --from, for --stream, up to --limit") {
  TempDir dir;
  CallLog log(dir);
  log.write_booking_call();

  auto all = events({"--data", dir.str()});
  REQUIRE(all.code == 0);
  auto ls = lines(all.out);
  REQUIRE(ls.size() == 17);
  for (std::size_t i = 0; i < ls.size(); ++i) {
    auto e = decode(ls[i]);  // exactly what the codec wrote: it reads back
    REQUIRE(e.ok());
    CHECK(e->position == i + 1);
  }
  // Stored, not opened: personal fields stay sealed.
  CHECK(contains(ls[2], "\"from\":\"sealed:v1:"));
  CHECK_FALSE(contains(all.out, kCaller));

  auto from = events({"--from", "16", "--data", dir.str()});
  REQUIRE(from.code == 0);
  REQUIRE(lines(from.out).size() == 2);
  CHECK(decode(lines(from.out)[0])->position == 16);

  auto limited = events({"--from=3", "--limit=4", "--data", dir.str()});
  REQUIRE(lines(limited.out).size() == 4);
  CHECK(decode(lines(limited.out)[3])->position == 6);

  auto stream = events({"--stream", call_stream(kCall), "--from", "10", "--limit", "3",
                        "--data", dir.str()});
  REQUIRE(stream.code == 0);
  auto sl = lines(stream.out);
  REQUIRE(sl.size() == 3);
  for (auto& l : sl) CHECK(decode(l)->stream == call_stream(kCall));
  CHECK(decode(sl[0])->position == 10);
  CHECK(decode(sl[2])->position == 13);

  auto past_end = events({"--from", "99", "--data", dir.str()});
  CHECK(past_end.code == 0);
  CHECK(past_end.out.empty());
}

TEST_CASE("events refuses bad input with a message naming it") {
  TempDir dir;
  CallLog log(dir);
  log.write_booking_call();
  for (const char* bad : {"x", "0", "-3", "1.5", "", "99999999999999999999999"}) {
    auto r = events({"--from", bad, "--data", dir.str()});
    CHECK(r.code == 2);
    CHECK(r.err == std::string("webox events: --from: expected a position (an integer >= 1), "
                               "got \"") + bad + "\"\n(see webox events --help)\n");
  }
  auto limit = events({"--limit", "many", "--data", dir.str()});
  CHECK(limit.code == 2);
  CHECK(contains(limit.err, "--limit: expected a count"));
  auto no_value = events({"--data", dir.str(), "--from"});
  CHECK(no_value.code == 2);
  CHECK(contains(no_value.err, "--from needs a value"));
  auto stray = events({"call-CA01"});
  CHECK(stray.code == 2);
  CHECK(contains(stray.err, "unexpected argument \"call-CA01\""));
  auto unknown = events({"--follow"});
  CHECK(unknown.code == 2);
  CHECK(contains(unknown.err, "unknown option --follow"));
  auto no_stream = events({"--stream", "call-CA404", "--data", dir.str()});
  CHECK(no_stream.code == 1);
  CHECK(no_stream.err == "webox events: no stream call-CA404 in " +
                             (dir.path / "events").string() + "\n");
  auto no_dir = events({"--data", (dir.path / "nope").string()});
  CHECK(no_dir.code == 1);
  CHECK(contains(no_dir.err, "no data directory"));
}

TEST_CASE("timeline offsets, escaping and latency") {
  CHECK(format_offset(0) == "+00:00.000");
  CHECK(format_offset(3'412'999) == "+00:03.412");
  CHECK(format_offset(61'000'000) == "+01:01.000");
  CHECK(format_offset(3'723'004'000) == "+1:02:03.004");
  CHECK(format_offset(-250'000) == "-00:00.250");

  Timeline t("CA01");
  Envelope e;
  e.position = 1;
  e.stream = "call-CA01";
  e.recorded_at = kT0;
  // A transcript cannot drive the terminal: control bytes are escaped, quotes too.
  e.data = UtteranceTranscribed{.call_sid = "CA01", .turn = 1,
                                .text = "a\x1b[2Jb \"q\"\nnext", .confidence = 0.5};
  auto first = t.add(e);
  CHECK(contains(first, R"(caller: "a\u001b[2Jb \"q\"\u000anext")"));
  CHECK(first.find('\x1b') == std::string::npos);
  CHECK(std::count(first.begin(), first.end(), '\n') == 2);  // the header and the line

  e.position = 2;
  e.recorded_at = kT0 + 1'500;
  e.data = ReplyGenerated{.call_sid = "CA01", .turn = 1, .text = "ok", .brain_micros = 42};
  CHECK(contains(t.add(e), "(listen; brain local 0.042 ms; 1.500 ms after the caller)"));
  CHECK(contains(t.summary(), "turn 1: brain 0.042 ms, reply 1.500 ms after the caller"));
  CHECK(contains(t.summary(), "ended     not yet"));
  CHECK(contains(t.json(), "\"reply_after_micros\":1500"));
  CHECK(contains(t.json(), "\"ended\":null"));
}

TEST_CASE("timeline lines of the billing events: refusal, overage, cost to the micro-euro") {
  Timeline t("CA01");
  Envelope e;
  e.stream = "call-CA01";
  e.recorded_at = kT0;
  e.position = 1;
  e.data = CallRejected{.call_sid = "CA01", .assistant_id = "a-1", .month = "2026-12",
                        .language = "fr-FR"};
  CHECK(contains(t.add(e), "CallRejected          refused (quota) in 2026-12, apology in fr-FR"));
  e.position = 2;
  e.data = CallOverage{.call_sid = "CA01", .month = "2026-12", .calls_used = 101, .quota = 100,
                       .price_micros = 500'000};
  CHECK(contains(t.add(e), "past the quota: call 101 of 100 in 2026-12, billed 0.500000 EUR"));
  e.position = 3;
  e.data = CallCosted{.call_sid = "CA01", .billed_minutes = 2, .stt_units = 4,
                      .tts_characters = 950, .twilio_micros = 8'000, .stt_micros = 4'000,
                      .tts_micros = 19'000, .total_micros = 31'000};
  CHECK(contains(t.add(e), "cost 0.031000 EUR: Twilio 2 min 0.008000, speech-to-text 4 x 15 s "
                           "0.004000, LLM 0 tokens 0.000000, text-to-speech 950 characters "
                           "0.019000"));
}
