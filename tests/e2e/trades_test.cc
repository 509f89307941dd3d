// A whole call per trade and language over real HTTP: an assistant created from the trade's
// template (GET /api/v1/templates/{trade}), called through the signed Twilio webhooks with the
// lines of a script under tests/data/e2e/trades, every reply checked, then the call's events,
// its outcome and the booking it made read back from the API.
//
// Script keys (one per line, "#" comments):
//   template: garage fr          the trade and language of the template to start from
//   caller: ...                  what the caller says; "expect:" lines after it check the reply
//   expect: ...                  a part of what the assistant says (the greeting before any caller)
//   hangup: yes                  the caller hangs up here (default: the status webhook comes last)
//   outcome: booking_made        the call's outcome in GET /api/v1/calls/{sid}
//   events: A, B, C              event types that appear on the call's stream, in this order
//   booking: kind=room | nights=3   fields of the one confirmed booking GET /api/v1/bookings lists
//   cancelled: 1                 how many cancelled ones it lists beside it (default 0)
//   transfer: +33...             the <Dial> number the last reply holds
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <filesystem>
#include <fstream>

#include "adapters/brain/local/calendar.h"
#include "tests/e2e/twilio_calls.h"

using namespace webox;
using namespace webox::testing;
using namespace webox::testing::e2e;
namespace fs = std::filesystem;

namespace {

constexpr const char* kNumber = "+33123450099";

struct Turn {
  std::string said;  // empty: the greeting
  std::vector<std::string> expects;
};

struct Script {
  std::string trade, language, outcome, booking, transfer;
  int cancelled = 0;
  std::vector<std::string> events;
  std::vector<Turn> turns{Turn{}};
};

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
  while (!s.empty() && s.front() == ' ') s.erase(0, 1);
  return s;
}

std::vector<std::string> split(const std::string& s, const std::string& sep) {
  std::vector<std::string> out;
  std::size_t at = 0;
  for (auto next = s.find(sep); next != std::string::npos; at = next + sep.size(), next = s.find(sep, at))
    out.push_back(trim(s.substr(at, next - at)));
  out.push_back(trim(s.substr(at)));
  return out;
}

Script load(const fs::path& file) {
  Script s;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const auto colon = line.find(':');
    REQUIRE(colon != std::string::npos);
    const std::string key = line.substr(0, colon), value = trim(line.substr(colon + 1));
    if (key == "template") {
      auto parts = split(value, " ");
      REQUIRE(parts.size() == 2);
      s.trade = parts[0];
      s.language = parts[1];
    } else if (key == "caller") s.turns.push_back(Turn{value, {}});
    else if (key == "expect") s.turns.back().expects.push_back(value);
    else if (key == "outcome") s.outcome = value;
    else if (key == "events") s.events = split(value, ",");
    else if (key == "booking") s.booking = value;
    else if (key == "transfer") s.transfer = value;
    else if (key == "cancelled") s.cancelled = std::stoi(value);
    else FAIL(file.filename().string() << ": unknown key " << key);
  }
  return s;
}

// Wednesday 25 November 2026, 09:00 UTC, then the real time that passes: "demain" is a
// Thursday whatever day the tests run.
std::function<Micros()> fixed_week() {
  const Micros base = parse_utc("2026-11-25T09:00:00.000000Z").value();
  const Micros started = now_micros();
  return [=] { return base + (now_micros() - started); };
}

std::string text(simdjson::dom::element e) {
  if (e.is_string()) return std::string(std::string_view(e));
  return simdjson::minify(e);
}

void check_booking(Server& s, const std::string& assistant, const std::string& want,
                   int cancelled) {
  auto res = s.api("GET", "/api/v1/bookings?assistant_id=" + assistant);
  REQUIRE(res.status == 200);
  simdjson::dom::parser p;
  simdjson::dom::array list;
  REQUIRE_FALSE(p.parse(res.body)["bookings"].get(list));
  // The one booking still standing (a move leaves the old one there, cancelled).
  std::vector<simdjson::dom::element> standing;
  for (simdjson::dom::element e : list)
    if (text(e["status"]) == "confirmed") standing.push_back(e);
  INFO("bookings: " << res.body);
  REQUIRE(standing.size() == 1);
  CHECK(list.size() - standing.size() == std::size_t(cancelled));
  simdjson::dom::element b = standing.front();
  for (const auto& kv : split(want, "|")) {
    const auto eq = kv.find('=');
    REQUIRE(eq != std::string::npos);
    simdjson::dom::element field;
    INFO("booking field " << kv << " in " << res.body);
    REQUIRE_FALSE(b[kv.substr(0, eq)].get(field));
    CHECK(text(field) == kv.substr(eq + 1));
  }
}

void check_events(Server& s, const std::string& sid, const std::vector<std::string>& want) {
  auto res = s.api("GET", "/api/v1/calls/" + sid + "/events");
  REQUIRE(res.status == 200);
  simdjson::dom::parser p;
  simdjson::dom::array events;
  REQUIRE_FALSE(p.parse(res.body)["events"].get(events));
  std::vector<std::string> types;
  for (simdjson::dom::element e : events) types.push_back(text(e["type"]));
  std::size_t at = 0;
  for (const auto& t : types)
    if (at < want.size() && t == want[at]) ++at;
  INFO("the call's events were: " << res.body.substr(0, 4000));
  CHECK(at == want.size());
}

void play(const fs::path& file) {
  const Script script = load(file);
  TempDir dir;
  Server s(dir, "", fixed_week());
  auto draft = s.api("GET", "/api/v1/templates/" + script.trade + "?language=" + script.language);
  REQUIRE(draft.status == 200);
  simdjson::dom::parser p;
  const std::string assistant_json = simdjson::minify(p.parse(draft.body)["assistant"]);
  auto created = s.api("POST", "/api/v1/assistants",
                       R"({"phone_number":")" + std::string(kNumber) + "\"," + assistant_json.substr(1));
  REQUIRE(created.status == 201);
  const std::string assistant{std::string_view(p.parse(created.body)["id"])};

  const std::string sid = "CA00000000000000000000000000000e2e";
  auto base = twilio_params(sid, kNumber);
  std::string last;
  for (const auto& turn : script.turns) {
    auto res = turn.said.empty()
                   ? s.form("/twilio/voice", with(base, {{"CallStatus", "ringing"}}))
                   : s.form("/twilio/gather",
                            with(base, {{"SpeechResult", turn.said}, {"Confidence", "0.9"}}));
    REQUIRE(res.status == 200);
    last = heard(res.body);
    INFO(file.filename().string() << " — caller: \"" << turn.said << "\"\n  heard: " << last);
    for (const auto& e : turn.expects) CHECK_THAT(last, Catch::Contains(e));
  }
  if (!script.transfer.empty()) CHECK_THAT(last, Catch::Contains(">" + script.transfer + "</Dial>"));
  REQUIRE(s.form("/twilio/status", with(base, {{"CallStatus", "completed"}, {"CallDuration", "95"}}))
              .status == 200);

  check_events(s, sid, script.events);
  auto call = s.api("GET", "/api/v1/calls/" + sid);
  REQUIRE(call.status == 200);
  CHECK(text(p.parse(call.body)["outcome"]) == script.outcome);
  if (!script.booking.empty()) check_booking(s, assistant, script.booking, script.cancelled);
}

}  // namespace

TEST_CASE("a call to each trade, in French and English, over HTTP from its template",
          "[e2e][trades]") {
  const fs::path dir = fs::path(WEBOX_TEST_DATA_DIR) / "e2e" / "trades";
  std::vector<fs::path> files;
  for (const auto& f : fs::directory_iterator(dir)) files.push_back(f.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 10);
  for (const auto& f : files) {
    SECTION(f.filename().string()) { play(f); }
  }
}
