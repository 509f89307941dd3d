// Billing over real HTTP and a real log: the plan set by the admin, quota warnings at 80 and
// 100 % written once even across a restart, the "reject" policy's spoken refusal, overage
// calls, a known call's cost, the month in the tenant's zone, and who may see or change what.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <algorithm>
#include <atomic>

#include "events/pricing.h"
#include "tests/e2e/harness.h"
#include "tests/e2e/twilio_calls.h"
#include "tests/support/temp_dir.h"
#include "tools/log_access.h"

using namespace webox;
using namespace webox::testing::e2e;
using webox::testing::TempDir;

namespace {

const std::string kNumber = "+33123456789";

struct Json {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  explicit Json(const std::string& body) { REQUIRE_FALSE(parser.parse(body).get(doc)); }
  std::int64_t num(const char* key) {
    std::int64_t v = -1;
    REQUIRE_FALSE(doc[key].get(v));
    return v;
  }
  std::string str(const char* key) {
    std::string_view v;
    REQUIRE_FALSE(doc[key].get(v));
    return std::string(v);
  }
};

std::string sid(int i) {
  std::string n = std::to_string(i);
  return "CA" + std::string(32 - n.size(), '0') + n;
}

tools::HttpResponse as_admin(Server& s, const std::string& method, const std::string& target,
                             const std::string& body = "", const std::string& tenant = "default") {
  std::vector<std::pair<std::string, std::string>> h;
  if (!tenant.empty()) h.emplace_back("X-Webox-Tenant", tenant);
  return s.send(method, target, body, "application/json", std::string(kAdminKey), std::move(h));
}

tools::HttpResponse put_plan(Server& s, const std::string& body) {
  return as_admin(s, "PUT", "/api/v1/billing/plan", body);
}

// An incoming call: its TwiML answer.
std::string ring(Server& s, const std::string& call_sid) {
  auto r = s.form("/twilio/voice", with(twilio_params(call_sid, kNumber), {{"CallStatus", "ringing"}}));
  REQUIRE(r.status == 200);
  return r.body;
}

void hang_up(Server& s, const std::string& call_sid, int seconds) {
  auto r = s.form("/twilio/status", with(twilio_params(call_sid, kNumber),
                                         {{"CallStatus", "completed"},
                                          {"CallDuration", std::to_string(seconds)}}));
  REQUIRE(r.status == 200);
}

std::vector<std::string> types(Server& s, const std::string& call_sid) {
  auto r = s.api("GET", "/api/v1/calls/" + call_sid + "/events");
  std::vector<std::string> out;
  if (r.status != 200) return out;
  Json j(r.body);
  for (auto e : j.doc["events"].get_array()) out.emplace_back(std::string_view(e["type"]));
  return out;
}

Json billing(Server& s, const std::string& query = "") {
  auto r = s.api("GET", "/api/v1/billing" + query);
  REQUIRE(r.status == 200);
  return Json(r.body);
}

bool is_gather(const std::string& twiml) { return twiml.find("<Gather") != std::string::npos; }

}  // namespace

TEST_CASE("quota: 79, 80 and 100 % of a Starter plan, then the reject policy, across a restart") {
  TempDir dir;
  std::string owner;
  {
    Server s(dir);
    owner = s.key;
    REQUIRE(s.api("POST", "/api/v1/assistants", create_assistant_json(kNumber, "fr")).status == 201);
    auto set = put_plan(s, R"({"plan":"starter","overage_policy":"reject"})");
    REQUIRE(set.status == 200);
    CHECK(Json(set.body).str("overage_policy") == "reject");

    for (int i = 1; i <= 79; ++i) {
      REQUIRE(is_gather(ring(s, sid(i))));
      hang_up(s, sid(i), 30);
    }
    {
      auto b = billing(s);
      CHECK(b.num("used") == 79);
      CHECK(b.num("percent") == 79);
      CHECK(b.num("quota") == 100);
      CHECK(b.num("warnings") == 0);
      CHECK(b.str("plan") == "starter");
      CHECK(b.str("overage_policy") == "reject");
    }
    REQUIRE(is_gather(ring(s, sid(80))));
    {
      auto b = billing(s);
      CHECK(b.num("used") == 80);
      CHECK(b.num("percent") == 80);
      CHECK(b.num("warnings") == 1);
    }
    for (int i = 81; i <= 100; ++i) REQUIRE(is_gather(ring(s, sid(i))));
    {
      auto b = billing(s);
      CHECK(b.num("used") == 100);
      CHECK(b.num("percent") == 100);
      CHECK(b.num("warnings") == 2);
      CHECK(b.num("rejected_calls") == 0);
    }

    // Call 101: a polite refusal in French, then the call hangs up (<Hangup />); only CallRejected.
    std::string refused = ring(s, sid(101));
    CHECK_FALSE(is_gather(refused));
    CHECK(refused.find("<Say language=\"fr-FR\"") != std::string::npos);
    CHECK(refused.find(">Bonjour, nous ne pouvons pas prendre votre appel pour le moment.") !=
          std::string::npos);
    CHECK(refused.find("<Hangup />") != std::string::npos);
    CHECK(types(s, sid(101)) == std::vector<std::string>{"CallRejected"});
    // Twilio retries the webhook, then reports the end: the same answer, nothing more written.
    CHECK(ring(s, sid(101)) == refused);
    hang_up(s, sid(101), 0);
    CHECK(types(s, sid(101)) == std::vector<std::string>{"CallRejected"});
    // The call list shows it, refused.
    auto listed = s.api("GET", "/api/v1/calls?outcome=rejected");
    REQUIRE(listed.status == 200);
    {
      Json l(listed.body);
      auto calls = l.doc["calls"].get_array();
      REQUIRE(calls.size() == 1);
      CHECK(std::string_view(calls.at(0)["call_sid"]) == sid(101));
    }
    auto b = billing(s);
    CHECK(b.num("used") == 100);
    CHECK(b.num("rejected_calls") == 1);
    CHECK(b.num("warnings") == 2);
  }
  {
    // After a restart the month is counted again from the log: still full, no warning twice.
    Server s(dir, owner);
    CHECK_FALSE(is_gather(ring(s, sid(102))));
    CHECK(types(s, sid(102)) == std::vector<std::string>{"CallRejected"});
    auto b = billing(s);
    CHECK(b.num("used") == 100);
    CHECK(b.num("rejected_calls") == 2);
    CHECK(b.num("warnings") == 2);

    // Switched to overage: the next call is answered and billed on top of the plan.
    REQUIRE(put_plan(s, R"({"plan":"starter","overage_policy":"overage"})").status == 200);
    REQUIRE(is_gather(ring(s, sid(103))));
    auto t = types(s, sid(103));
    CHECK(std::count(t.begin(), t.end(), "CallStarted") == 1);
    CHECK(std::count(t.begin(), t.end(), "CallOverage") == 1);
    // The month's quota stream, read beside the running engine: 80 % then 100 %, once each.
    auto data = LogAccess::open(dir.str(), {});
    REQUIRE(data.ok());
    auto warnings = (*data)->log().read_stream(quota_stream("default", b.str("month")));
    REQUIRE(warnings.ok());
    REQUIRE(warnings->size() == 2);
    auto& w80 = std::get<QuotaWarning>((*warnings)[0].data);
    auto& w100 = std::get<QuotaWarning>((*warnings)[1].data);
    CHECK(w80.threshold_percent == 80);
    CHECK(w80.calls_used == 80);
    CHECK(w100.threshold_percent == 100);
    CHECK(w100.calls_used == 100);
    CHECK(w100.quota == 100);
    CHECK(w100.plan == "starter");

    auto after = billing(s);
    CHECK(after.num("used") == 101);
    CHECK(after.num("percent") == 101);
    CHECK(after.num("overage_calls") == 1);
    CHECK(after.num("warnings") == 2);
    CHECK(after.num("overage_revenue_micros") == PriceTable{}.overage_per_call_micros);
    CHECK(after.num("revenue_micros") == 50'000'000 + PriceTable{}.overage_per_call_micros);
  }
}

TEST_CASE("the overage policy (the default) answers calls past the quota and counts them") {
  TempDir dir;
  Server s(dir);
  REQUIRE(s.api("POST", "/api/v1/assistants", create_assistant_json(kNumber, "en")).status == 201);
  CHECK(billing(s).str("overage_policy") == "overage");
  for (int i = 1; i <= 102; ++i) REQUIRE(is_gather(ring(s, sid(i))));
  auto b = billing(s);
  CHECK(b.num("used") == 102);
  CHECK(b.num("overage_calls") == 2);
  CHECK(b.num("rejected_calls") == 0);
  CHECK(b.num("warnings") == 2);
  CHECK(types(s, sid(100)) == std::vector<std::string>{"CallStarted", "ReplyGenerated", "AudioSent"});
  CHECK(types(s, sid(101)) ==
        std::vector<std::string>{"CallStarted", "ReplyGenerated", "AudioSent", "CallOverage"});
  // A retried incoming call after it was answered is not counted twice.
  REQUIRE(is_gather(ring(s, sid(101))));
  CHECK(billing(s).num("used") == 102);
}

TEST_CASE("a known call's CallCosted, once whatever Twilio retries, in the billing") {
  TempDir dir;
  Server s(dir);
  REQUIRE(s.api("POST", "/api/v1/assistants", create_assistant_json(kNumber, "fr")).status == 201);
  const std::string call = sid(1);
  run_booking_call(s, call, kNumber,
                   {"Bonjour je voudrais réserver une table pour quatre personnes demain soir à 20h",
                    "Au nom de Dupont", "Oui c'est parfait"},
                   "Chez Marcel");  // ends with CallDuration 57
  // Twilio retries the status callback, and sends a late one with another duration.
  hang_up(s, call, 57);
  hang_up(s, call, 58);

  auto r = s.api("GET", "/api/v1/calls/" + call + "/events");
  REQUIRE(r.status == 200);
  Json j(r.body);
  std::int64_t characters = 0, costed = 0;
  simdjson::dom::element cost;
  for (auto e : j.doc["events"].get_array()) {
    std::string_view type = e["type"];
    if (type == "AudioSent") characters += std::int64_t(e["data"]["characters"]);
    if (type == "CallCosted") {
      ++costed;
      cost = e["data"];
    }
  }
  REQUIRE(costed == 1);
  REQUIRE(characters > 100);
  CHECK(std::int64_t(cost["billed_minutes"]) == 1);  // 57 s bills one minute
  CHECK(std::int64_t(cost["stt_units"]) == 3);       // three utterances
  CHECK(std::int64_t(cost["llm_tokens"]) == 0);      // the local brain
  CHECK(std::int64_t(cost["tts_characters"]) == characters);
  CHECK(std::int64_t(cost["twilio_micros"]) == 4'000);
  CHECK(std::int64_t(cost["stt_micros"]) == 3'000);
  CHECK(std::int64_t(cost["llm_micros"]) == 0);
  CHECK(std::int64_t(cost["tts_micros"]) == characters * 20);  // 20,000 per 1,000 characters
  std::int64_t total = 7'000 + characters * 20;
  CHECK(std::int64_t(cost["total_micros"]) == total);
  CHECK(std::string_view(cost["currency"]) == "EUR");

  auto b = billing(s);
  CHECK(b.num("cost_micros") == total);
  CHECK(b.num("margin_micros") == 50'000'000 - total);
  auto line = b.doc["assistants"].at(0);
  CHECK(std::int64_t(line["calls"]) == 1);
  CHECK(std::int64_t(line["cost_micros"]) == total);
  CHECK(std::int64_t(line["revenue_micros"]) == 500'000);  // 50 € / 100 included calls
  CHECK(std::int64_t(line["margin_micros"]) == 500'000 - total);
}

TEST_CASE("a call at 23:30 UTC on the month's last day counts in the next month in Paris") {
  TempDir dir;
  std::atomic<Micros> now{*parse_utc("2026-11-30T23:30:00.000000Z")};
  Server s(dir, "", [&now] { return now.load(); });
  REQUIRE(s.api("PATCH", "/api/v1/tenants/default", R"({"time_zone":"Europe/Paris"})").status == 200);
  REQUIRE(s.api("POST", "/api/v1/assistants", create_assistant_json(kNumber, "fr")).status == 201);
  REQUIRE(is_gather(ring(s, sid(1))));  // 00:30 on 1 December in Paris
  {
    auto b = billing(s);  // "this month" is December in Paris already
    CHECK(b.str("month") == "2026-12");
    CHECK(b.str("time_zone") == "Europe/Paris");
    CHECK(b.num("used") == 1);
  }
  CHECK(billing(s, "?month=2026-11").num("used") == 0);
  now = *parse_utc("2026-11-30T22:30:00.000000Z");  // 23:30 on 30 November in Paris
  REQUIRE(is_gather(ring(s, sid(2))));
  CHECK(billing(s, "?month=2026-11").num("used") == 1);
  CHECK(billing(s, "?month=2026-12").num("used") == 1);
}

TEST_CASE("billing access: only the admin sets a plan, each tenant sees its own billing") {
  TempDir dir;
  Server s(dir);
  auto problem_field = [](const tools::HttpResponse& r) {
    CHECK(r.content_type.find("application/problem+json") == 0);
    return Json(r.body).str("field");
  };
  // An owner, a viewer: 403 on PUT; their tenant's billing is theirs to read.
  CHECK(s.api("PUT", "/api/v1/billing/plan", R"({"plan":"business"})").status == 403);
  auto viewer = s.api("POST", "/api/v1/keys", R"({"role":"viewer"})");
  REQUIRE(viewer.status == 201);
  std::string viewer_key = Json(viewer.body).str("key");
  CHECK(s.api("PUT", "/api/v1/billing/plan", R"({"plan":"business"})", viewer_key).status == 403);
  CHECK(s.api("GET", "/api/v1/billing", "", viewer_key).status == 200);
  CHECK(billing(s).str("plan") == "starter");  // nothing changed

  // The admin must name the tenant.
  auto unnamed = as_admin(s, "PUT", "/api/v1/billing/plan", R"({"plan":"pro"})", "");
  CHECK(unnamed.status == 400);
  CHECK(problem_field(unnamed) == "X-Webox-Tenant");

  // Bad bodies: 400 naming the field, nothing written.
  for (auto [body, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({"plan":"gold"})", "plan"},
           {R"({})", "plan"},
           {R"({"plan":7})", "plan"},
           {R"({"plan":"pro","overage_policy":"maybe"})", "overage_policy"},
           {R"({"plan":"pro","overage_policy":null})", "overage_policy"},
           {R"({"plan":"pro","discount":true})", "discount"}}) {
    auto r = put_plan(s, body);
    CHECK(r.status == 400);
    CHECK(problem_field(r) == field);
  }
  CHECK(put_plan(s, "[1]").status == 400);
  CHECK(billing(s).str("plan") == "starter");

  auto ok = put_plan(s, R"({"plan":"business"})");
  REQUIRE(ok.status == 200);
  CHECK(Json(ok.body).str("plan") == "business");
  CHECK(Json(ok.body).str("overage_policy") == "overage");  // kept when not given
  {
    auto b = billing(s);
    CHECK(b.str("plan") == "business");
    CHECK(b.num("quota") == 2000);
    CHECK(b.num("plan_price_micros") == 500'000'000);
  }
  CHECK(s.api("GET", "/api/v1/tenants/default").body.find("\"plan\":\"business\"") != std::string::npos);

  // Another tenant's owner sees its own month, never the default tenant's.
  REQUIRE(s.api("POST", "/api/v1/assistants", create_assistant_json(kNumber, "fr")).status == 201);
  REQUIRE(is_gather(ring(s, sid(1))));
  auto made = as_admin(s, "POST", "/api/v1/tenants", R"({"id":"other","name":"Other"})", "");
  REQUIRE(made.status == 201);
  Json m(made.body);
  std::string_view other_key;
  REQUIRE_FALSE(m.doc["owner_key"]["key"].get(other_key));
  auto theirs = s.api("GET", "/api/v1/billing", "", std::string(other_key));
  REQUIRE(theirs.status == 200);
  CHECK(Json(theirs.body).str("tenant_id") == "other");
  CHECK(Json(theirs.body).num("used") == 0);
  auto peek = s.send("GET", "/api/v1/billing", "", "application/json", std::string(other_key),
                     {{"X-Webox-Tenant", "default"}});
  CHECK(peek.status == 403);
  CHECK(billing(s).num("used") == 1);

  // Bad queries.
  CHECK(s.api("GET", "/api/v1/billing?month=2026-13").status == 400);
  CHECK(problem_field(s.api("GET", "/api/v1/billing?month=2026-1")) == "month");
  CHECK(problem_field(s.api("GET", "/api/v1/billing?from=2026-01")) == "from");
  CHECK(s.api("POST", "/api/v1/billing").status == 405);
  CHECK(as_admin(s, "GET", "/api/v1/billing/plan").status == 405);
}

TEST_CASE("a call restarted mid-way is costed as if it had not been") {
  const std::vector<std::string> lines = {
      "Bonjour je voudrais réserver une table pour quatre personnes demain soir à 20h",
      "Au nom de Dupont", "Oui c'est parfait"};
  TempDir dir;
  std::string owner;
  auto costed = [](Server& s, const std::string& call) {
    auto r = s.api("GET", "/api/v1/calls/" + call + "/events");
    REQUIRE(r.status == 200);
    Json j(r.body);
    for (auto e : j.doc["events"].get_array())
      if (std::string_view(e["type"]) == "CallCosted") {
        CallCosted c;
        c.billed_minutes = std::int32_t(std::int64_t(e["data"]["billed_minutes"]));
        c.stt_units = std::int32_t(std::int64_t(e["data"]["stt_units"]));
        c.tts_characters = std::int64_t(e["data"]["tts_characters"]);
        c.total_micros = std::int64_t(e["data"]["total_micros"]);
        return c;
      }
    FAIL("no CallCosted");
    return CallCosted{};
  };
  auto say = [&](Server& s, const std::string& call, const std::string& line) {
    auto r = s.form("/twilio/gather", with(twilio_params(call, kNumber),
                                           {{"SpeechResult", line}, {"Confidence", "0.92"}}));
    REQUIRE(r.status == 200);
  };
  CallCosted straight;
  {
    Server s(dir);
    owner = s.key;
    REQUIRE(s.api("POST", "/api/v1/assistants", create_assistant_json(kNumber, "fr")).status == 201);
    run_booking_call(s, sid(1), kNumber, lines, "Chez Marcel");
    straight = costed(s, sid(1));
    REQUIRE(is_gather(ring(s, sid(2))));
    say(s, sid(2), lines[0]);
    say(s, sid(2), lines[1]);
  }
  Server s(dir, owner);  // the second call's actor is gone: rebuilt from its stream
  say(s, sid(2), lines[2]);
  hang_up(s, sid(2), 57);
  auto restarted = costed(s, sid(2));
  CHECK(straight.stt_units == 3);
  CHECK(restarted.stt_units == straight.stt_units);
  CHECK(restarted.tts_characters == straight.tts_characters);
  CHECK(restarted.billed_minutes == straight.billed_minutes);
  CHECK(restarted.total_micros == straight.total_micros);
}
