// Erasure over real HTTP: whole calls, then DELETE /api/v1/calls/{sid} and
// DELETE /api/v1/callers/{number}; the events read back erased with every non-personal fact
// intact, other tenants cannot erase (404, nothing erased), and a raw scan of every file under
// the data directory (engine closed) finds no plaintext, neither before erasure (it was never
// stored in clear) nor after (and then not the data key or its record either).
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <filesystem>
#include <optional>

#include "actors/engine.h"
#include "adapters/twilio/form.h"
#include "adapters/twilio/signature.h"
#include "http/server.h"
#include "storage/data_keys.h"
#include "storage/master_key.h"
#include "tests/e2e/harness.h"
#include "tests/support/raw_files.h"
#include "tests/support/restaurant.h"
#include "tests/support/temp_dir.h"
#include "tools/http_client.h"

using namespace webox;
using webox::testing::raw_bytes;
using webox::testing::TempDir;
using webox::testing::e2e::kAdminKey;

namespace {

constexpr const char* kNumber = "+33699887766";   // the caller of calls A and B
constexpr const char* kOther = "+33655443322";    // the caller of call C
constexpr const char* kA = "CA0000000000000000000000000000000a";
constexpr const char* kB = "CA0000000000000000000000000000000b";
constexpr const char* kC = "CA0000000000000000000000000000000c";
constexpr const char* kLineA = "Bonjour je voudrais réserver une table pour quatre personnes demain soir à 20h";
constexpr const char* kNameLine = "Au nom de Zabulonski";
constexpr const char* kName = "Zabulonski";
constexpr const char* kLineB = "Bonjour je voudrais une table pour deux samedi midi";
constexpr const char* kLineC = "Bonjour une table pour six vendredi soir";

// One engine + server on a directory that outlives it (restarts reuse the directory).
using Running = webox::testing::e2e::Server;

twilio::FormParams params(const std::string& sid, const std::string& from,
                          std::vector<std::pair<std::string, std::string>> extra = {}) {
  twilio::FormParams p{{{"AccountSid", "AC9a9f9392d6e84bb3a0a2d1c5e5e2a1b0"},
                        {"CallSid", sid},
                        {"Direction", "inbound"},
                        {"From", from},
                        {"To", "+33123456789"}}};
  bool has_status = false;
  for (auto& kv : extra) {
    has_status |= kv.first == "CallStatus";
    p.pairs.push_back(std::move(kv));
  }
  if (!has_status) p.pairs.emplace_back("CallStatus", "in-progress");
  return p;
}

void call(Running& r, const std::string& sid, const std::string& from,
          const std::vector<std::string>& lines) {
  REQUIRE(r.form("/twilio/voice", params(sid, from)).status == 200);
  for (auto& line : lines)
    REQUIRE(r.form("/twilio/gather",
                   params(sid, from, {{"SpeechResult", line}, {"Confidence", "0.9"}}))
                .status == 200);
  REQUIRE(r.form("/twilio/status",
                 params(sid, from, {{"CallStatus", "completed"}, {"CallDuration", "57"}}))
              .status == 200);
}

bool contains(const std::string& hay, std::string_view needle) {
  return hay.find(needle) != std::string::npos;
}

struct CallView {
  int status = 0;
  std::string from, name, last_type, last_reason;
  std::vector<std::string> texts;
  std::int64_t party_size = -1, duration = -1, turns = 0;
};

CallView read_call(Running& r, const std::string& sid, std::optional<std::string> as = {}) {
  auto res = r.api("GET", "/api/v1/calls/" + sid + "/events", "", as);
  CallView v;
  v.status = res.status;
  if (res.status != 200) return v;
  simdjson::dom::parser parser;
  auto doc = parser.parse(res.body);
  for (auto ev : doc["events"].get_array()) {
    std::string type{std::string_view(ev["type"])};
    auto data = ev["data"];
    if (type == "CallStarted") v.from = std::string(std::string_view(data["from"]));
    if (type == "UtteranceTranscribed" || type == "ReplyGenerated") {
      v.texts.emplace_back(std::string_view(data["text"]));
      v.turns = std::max<std::int64_t>(v.turns, std::int64_t(data["turn"]));
    }
    if (type == "BookingRequested") {  // the call's side of its booking
      v.name = std::string(std::string_view(data["booking"]["name"]));
      v.party_size = std::int64_t(data["booking"]["party_size"]);
    }
    if (type == "CallEnded") v.duration = std::int64_t(data["duration_seconds"]);
    if (type == "CallErased") v.last_reason = std::string(std::string_view(data["reason"]));
    v.last_type = type;
  }
  return v;
}

std::vector<std::string> erased_sids(const tools::HttpResponse& res) {
  simdjson::dom::parser parser;
  auto doc = parser.parse(res.body);
  std::vector<std::string> out;
  for (auto s : doc["call_sids"].get_array()) out.emplace_back(std::string_view(s));
  CHECK(std::uint64_t(doc["erased"]) == out.size());
  return out;
}

std::optional<SecretKey> data_key_of(const TempDir& dir, const std::string& sid) {
  auto master = load_or_create_master_key((dir.path / "master.key").string());
  REQUIRE(master.ok());
  auto keys = DataKeyStore::open((dir.path / "keys").string(), *master);
  REQUIRE(keys.ok());
  auto k = (*keys)->get("call-" + sid);
  REQUIRE(k.ok());
  return *k;
}

}  // namespace

TEST_CASE("erasure over HTTP: shredded calls read back erased and leave no plaintext on disk") {
  TempDir dir;
  std::string owner, other_owner;
  {
    Running r(dir);
    owner = r.key;
    REQUIRE(r.api("POST", "/api/v1/assistants",
                  R"({"name":"Chez Marcel","phone_number":"+33123456789","language":"fr","context_data":)" +
                      webox::testing::restaurant_context() + "}")
                .status == 201);
    call(r, kA, kNumber, {kLineA, kNameLine, "Oui c'est parfait"});
    call(r, kB, kNumber, {kLineB});
    call(r, kC, kOther, {kLineC});
    auto a = read_call(r, kA);
    REQUIRE(a.status == 200);
    CHECK(a.from == kNumber);
    CHECK(a.name == kName);
    CHECK(a.texts.front().find("Bonjour") != std::string::npos);  // greeting, in clear
    auto t2 = r.api("POST", "/api/v1/tenants", R"({"id":"other","name":"Other"})", kAdminKey);
    REQUIRE(t2.status == 201);
    simdjson::dom::parser parser;
    other_owner = std::string(std::string_view(parser.parse(t2.body)["owner_key"]["key"]));
  }

  // Before erasure: personal data was never stored in clear.
  auto key_a = data_key_of(dir, kA);
  REQUIRE(key_a);
  {
    auto raw = raw_bytes(dir.path);
    CHECK(contains(raw, "Chez Marcel"));  // the scan does see what is stored in clear
    CHECK_FALSE(contains(raw, kNumber));
    CHECK_FALSE(contains(raw, kLineA));
    CHECK_FALSE(contains(raw, kLineB));
    CHECK_FALSE(contains(raw, kName));
    CHECK_FALSE(contains(raw, key_a->hex()));
  }

  {
    Running r(dir, owner);
    // Another tenant's owner: the call is not found, the caller has no calls there.
    CHECK(r.api("DELETE", std::string("/api/v1/calls/") + kA, "", other_owner).status == 404);
    auto foreign = r.api("DELETE", "/api/v1/callers/%2B33699887766", "", other_owner);
    REQUIRE(foreign.status == 200);
    CHECK(erased_sids(foreign).empty());
    CHECK(read_call(r, kA).from == kNumber);
    CHECK(read_call(r, kB).from == kNumber);

    auto erased = r.api("DELETE", std::string("/api/v1/calls/") + kA);
    REQUIRE(erased.status == 200);
    CHECK(erased_sids(erased) == std::vector<std::string>{kA});
    auto again = r.api("DELETE", std::string("/api/v1/calls/") + kA);  // idempotent
    REQUIRE(again.status == 200);
    CHECK(erased_sids(again) == std::vector<std::string>{kA});

    auto a = read_call(r, kA);
    REQUIRE(a.status == 200);
    CHECK(a.from == "[erased]");
    CHECK(a.name == "[erased]");
    for (auto& t : a.texts) CHECK(t == "[erased]");
    CHECK(a.party_size == 4);   // what is not personal stays: statistics and billing
    CHECK(a.duration == 57);
    CHECK(a.turns == 3);
    CHECK(a.last_type == "CallErased");
    CHECK(a.last_reason == "api");

    // The caller's remaining calls (A is already out of the caller index with its key).
    auto by_caller = r.api("DELETE", "/api/v1/callers/%2B33699887766");
    REQUIRE(by_caller.status == 200);
    CHECK(erased_sids(by_caller) == std::vector<std::string>{kB});
    CHECK(read_call(r, kB).from == "[erased]");
    CHECK(read_call(r, kB).last_reason == "caller-request");
    CHECK(read_call(r, kC).from == kOther);  // another caller: untouched

    CHECK(r.api("DELETE", "/api/v1/callers/not-a-number").status == 400);
    CHECK(r.api("DELETE", std::string("/api/v1/calls/CAnothing")).status == 404);
  }

  // After erasure, engine closed: nothing of A or B anywhere, nor A's key or its record.
  {
    auto raw = raw_bytes(dir.path);
    CHECK(contains(raw, "Chez Marcel"));
    CHECK_FALSE(contains(raw, kNumber));
    CHECK_FALSE(contains(raw, kLineA));
    CHECK_FALSE(contains(raw, kLineB));
    CHECK_FALSE(contains(raw, kName));
    CHECK_FALSE(contains(raw, key_a->hex()));
    std::string_view key_bytes(reinterpret_cast<const char*>(key_a->bytes().data()),
                               key_a->bytes().size());
    CHECK_FALSE(contains(raw, key_bytes));
    auto keys_raw = raw_bytes(dir.path / "keys");
    CHECK_FALSE(contains(keys_raw, std::string("kcall-") + kA));
    CHECK_FALSE(contains(keys_raw, std::string("kcall-") + kB));
    CHECK(contains(keys_raw, std::string("kcall-") + kC));  // the scan sees live keys
  }
  CHECK_FALSE(data_key_of(dir, kA));
  CHECK(data_key_of(dir, kC));

  // Restart: still erased, C still readable, a late webhook of an erased call hangs up.
  {
    Running r(dir, owner);
    auto a = read_call(r, kA);
    CHECK(a.from == "[erased]");
    CHECK(a.duration == 57);
    CHECK(read_call(r, kC).from == kOther);
    auto late = r.form("/twilio/gather", params(kA, kNumber, {{"SpeechResult", "encore moi"}}));
    CHECK(late.status == 200);
    CHECK(contains(late.body, "<Hangup"));
    CHECK(read_call(r, kA).last_type == "CallErased");
  }
}

TEST_CASE("a restart mid-call still opens the sealed conversation") {
  TempDir dir;
  std::string owner;
  {
    Running r(dir);
    owner = r.key;
    REQUIRE(r.api("POST", "/api/v1/assistants",
                  R"({"name":"Chez Marcel","phone_number":"+33123456789","language":"fr","context_data":)" +
                      webox::testing::restaurant_context() + "}")
                .status == 201);
    REQUIRE(r.form("/twilio/voice", params(kA, kNumber)).status == 200);
    REQUIRE(r.form("/twilio/gather", params(kA, kNumber, {{"SpeechResult", kLineA}})).status == 200);
  }
  Running r(dir, owner);
  auto next = r.form("/twilio/gather", params(kA, kNumber, {{"SpeechResult", kNameLine}}));
  REQUIRE(next.status == 200);
  CHECK(contains(next.body, kName));  // the replayed conversation knew the booking so far
  auto a = read_call(r, kA);
  CHECK(a.from == kNumber);
  CHECK(a.texts.size() == 5);
  CHECK(a.texts[1] == kLineA);
}
