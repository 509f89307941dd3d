// Who may do what through the router: API keys and roles, tenant scoping (another tenant's
// objects are 404 on every endpoint), the tenants and keys API, and the X-Twilio-Signature gate
// (forged, altered, replayed-elsewhere and unsigned webhooks never reach the engine).
#include <catch2/catch.hpp>

#include "tests/http/drive.h"

using namespace webox;
using namespace webox::testing;

namespace {

constexpr const char* kVoiceBody =
    "AccountSid=AC01&CallSid=CA01&CallStatus=ringing&Direction=inbound&From=%2B33612345678&"
    "To=%2B33123456789";

http::Request with_key(http::Request r, const char* key) {
  r.headers.emplace_back("Authorization", std::string("Bearer ") + key);
  return r;
}

http::Request with_header(http::Request r, std::string name, std::string value) {
  r.headers.emplace_back(std::move(name), std::move(value));
  return r;
}

AssistantView owned_by(std::string tenant, std::string id) {
  AssistantView v{.id = std::move(id), .tenant_id = std::move(tenant)};
  v.profile.name = "A";
  v.profile.phone_number = "+33123456789";
  return v;
}

Envelope call_of(std::string tenant) {
  Envelope e{.position = 1, .stream = call_stream("CA77"), .version = 1,
             .event_id = Uuid::random(), .tenant = std::move(tenant), .recorded_at = 1,
             .data = CallStarted{.call_sid = "CA77"}};
  return e;
}

}  // namespace

TEST_CASE("every /api/v1 endpoint needs a valid bearer key", "[access]") {
  FakeEngine engine;
  auto target = GENERATE(as<std::string>{}, "/api/v1/assistants", "/api/v1/assistants/a-1",
                         "/api/v1/calls/CA01/events", "/api/v1/tenants", "/api/v1/tenants/t1",
                         "/api/v1/keys");
  auto none = drive(engine, anonymous(get(target)));
  CHECK(none.status == 401);
  CHECK(none.content_type == "application/problem+json");
  REQUIRE(header(none, "WWW-Authenticate"));
  CHECK(header(none, "WWW-Authenticate")->starts_with("Bearer"));

  auto wrong = drive(engine, anonymous(with_key(get(target), "not-a-key")));
  CHECK(wrong.status == 401);
  CHECK(wrong.body.find("not-a-key") == std::string::npos);  // a key is never echoed

  auto basic = drive(engine, anonymous(with_header(get(target), "Authorization", "Basic abc")));
  CHECK(basic.status == 401);
}

TEST_CASE("a refused API request writes nothing and is counted", "[access]") {
  FakeEngine engine;
  http::HttpMetrics metrics;
  drive(engine, anonymous(json_request("POST", "/api/v1/assistants", R"({"name":"x"})")), &metrics);
  drive(engine,
        with_key(json_request("POST", "/api/v1/assistants",
                              R"({"name":"x","phone_number":"+33123456789"})"),
                 kViewerKey),
        &metrics);
  CHECK(engine.writes() == 0);
  CHECK(metrics.api_unauthenticated == 1);
  CHECK(metrics.api_forbidden == 1);
}

TEST_CASE("a viewer reads but never writes", "[access]") {
  FakeEngine engine;
  engine.assistants["a-1"] = owned_by("t1", "a-1");
  CHECK(drive(engine, with_key(get("/api/v1/assistants"), kViewerKey)).status == 200);
  CHECK(drive(engine, with_key(get("/api/v1/assistants/a-1"), kViewerKey)).status == 200);
  auto post = drive(engine, with_key(json_request("POST", "/api/v1/assistants",
                                                  R"({"name":"x","phone_number":"+33123456789"})"),
                                     kViewerKey));
  CHECK(post.status == 403);
  CHECK(drive(engine, with_key(json_request("PATCH", "/api/v1/assistants/a-1", "{}"), kViewerKey))
            .status == 403);
  CHECK(drive(engine, with_key(http::Request{"DELETE", "/api/v1/assistants/a-1", {}, {}},
                               kViewerKey))
            .status == 403);
  CHECK(drive(engine, with_key(get("/api/v1/keys"), kViewerKey)).status == 403);
  CHECK(engine.writes() == 0);
}

TEST_CASE("another tenant's assistants and calls are not found, on every endpoint", "[access]") {
  FakeEngine engine;
  engine.assistants["a-2"] = owned_by("t2", "a-2");
  engine.events["CA77"] = {call_of("t2")};
  // The owner of t1 cannot see, change, delete or read the events of t2's objects...
  CHECK(drive(engine, get("/api/v1/assistants/a-2")).status == 404);
  CHECK(drive(engine, json_request("PATCH", "/api/v1/assistants/a-2", R"({"name":"mine"})"))
            .status == 404);
  CHECK(drive(engine, http::Request{"DELETE", "/api/v1/assistants/a-2", {}, {}}).status == 404);
  CHECK(drive(engine, get("/api/v1/calls/CA77/events")).status == 404);
  auto list = drive(engine, get("/api/v1/assistants"));
  CHECK(list.body.find("a-2") == std::string::npos);
  CHECK(engine.assistants.at("a-2").profile.name == "A");
  CHECK(engine.assistants.count("a-2") == 1);
  // ... which their own owner can.
  CHECK(drive(engine, with_key(get("/api/v1/assistants/a-2"), kOtherOwnerKey)).status == 200);
  CHECK(drive(engine, with_key(get("/api/v1/calls/CA77/events"), kOtherOwnerKey)).status == 200);
  // Naming another tenant does not help a tenant key: it asked for what it cannot have.
  CHECK(drive(engine, with_header(get("/api/v1/assistants/a-2"), "X-Webox-Tenant", "t2"))
            .status == 403);
}

TEST_CASE("admin acts on every tenant, or on the one it names", "[access]") {
  FakeEngine engine;
  engine.assistants["a-1"] = owned_by("t1", "a-1");
  engine.assistants["a-2"] = owned_by("t2", "a-2");
  auto all = drive(engine, with_key(get("/api/v1/assistants"), kAdminKey));
  CHECK(all.body.find("a-1") != std::string::npos);
  CHECK(all.body.find("a-2") != std::string::npos);
  auto t2 = drive(engine, with_header(with_key(get("/api/v1/assistants"), kAdminKey),
                                      "X-Webox-Tenant", "t2"));
  CHECK(t2.body.find("a-1") == std::string::npos);
  CHECK(t2.body.find("a-2") != std::string::npos);
  // Creating needs a named tenant; the new assistant belongs to it.
  const char* body = R"({"name":"x","phone_number":"+33123456780"})";
  auto unnamed = drive(engine, with_key(json_request("POST", "/api/v1/assistants", body), kAdminKey));
  CHECK(unnamed.status == 400);
  CHECK(problem_field(unnamed) == "tenant");
  auto named = drive(engine, with_header(with_key(json_request("POST", "/api/v1/assistants", body),
                                                  kAdminKey),
                                         "X-Webox-Tenant", "t2"));
  CHECK(named.status == 201);
  CHECK(json_string(named.body, "tenant_id") == "t2");
}

TEST_CASE("tenants: only admin creates, owners update their own but never the plan", "[access]") {
  FakeEngine engine;
  const char* spec = R"({"name":"Garage Dupont","time_zone":"Europe/Paris","plan":"pro"})";
  CHECK(drive(engine, json_request("POST", "/api/v1/tenants", spec)).status == 403);
  auto made = drive(engine, with_key(json_request("POST", "/api/v1/tenants", spec), kAdminKey));
  CHECK(made.status == 201);
  REQUIRE(header(made, "Cache-Control"));
  CHECK(*header(made, "Cache-Control") == "no-store");
  CHECK(made.body.find("\"owner_key\"") != std::string::npos);

  CHECK(drive(engine, get("/api/v1/tenants/t1")).status == 200);
  CHECK(drive(engine, get("/api/v1/tenants/t2")).status == 404);
  auto mine = drive(engine, get("/api/v1/tenants"));
  CHECK(mine.body.find("\"t1\"") != std::string::npos);
  CHECK(mine.body.find("\"t2\"") == std::string::npos);

  CHECK(drive(engine, json_request("PATCH", "/api/v1/tenants/t1", R"({"name":"Un"})")).status ==
        200);
  auto plan = drive(engine, json_request("PATCH", "/api/v1/tenants/t1", R"({"plan":"business"})"));
  CHECK(plan.status == 403);
  CHECK(drive(engine, json_request("PATCH", "/api/v1/tenants/t2", R"({"name":"x"})")).status ==
        404);
  CHECK(drive(engine, with_key(json_request("PATCH", "/api/v1/tenants/t1", R"({"plan":"pro"})"),
                               kAdminKey))
            .status == 200);
  auto patches = engine.tenant_patches();
  REQUIRE(patches.size() == 2);
  CHECK(patches[0].name == "Un");
  CHECK(patches[1].plan == "pro");
}

TEST_CASE("tenant bodies are checked before the engine is asked", "[access]") {
  FakeEngine engine;
  auto admin = [&](const char* body) {
    return drive(engine, with_key(json_request("POST", "/api/v1/tenants", body), kAdminKey));
  };
  CHECK(problem_field(admin(R"({"time_zone":"UTC"})")) == "name");
  CHECK(problem_field(admin(R"({"name":"x","colour":"red"})")) == "colour");
  CHECK(problem_field(admin(R"({"name":"x","plan":3})")) == "plan");
  CHECK(admin(R"({"name":)").status == 400);
}

TEST_CASE("keys: created once with their secret, listed without, revoked", "[access]") {
  FakeEngine engine;
  auto made = drive(engine, json_request("POST", "/api/v1/keys", R"({"role":"viewer","name":"CRM"})"));
  CHECK(made.status == 201);
  CHECK(json_string(made.body, "key") == "wbx_k9_secret");
  CHECK(json_string(made.body, "tenant_id") == "t1");
  CHECK(*header(made, "Cache-Control") == "no-store");
  auto listed = drive(engine, get("/api/v1/keys"));
  CHECK(listed.status == 200);
  CHECK(listed.body.find("\"key\"") == std::string::npos);
  CHECK(problem_field(drive(engine, json_request("POST", "/api/v1/keys", R"({"name":"x"})"))) ==
        "role");
  CHECK(drive(engine, http::Request{"DELETE", "/api/v1/keys/k1", {}, {}}).status == 200);
  CHECK(drive(engine, http::Request{"DELETE", "/api/v1/keys/nope", {}, {}}).status == 404);
  // An admin manages keys of a named tenant only.
  CHECK(drive(engine, with_key(get("/api/v1/keys"), kAdminKey)).status == 400);
  CHECK(drive(engine, with_header(with_key(get("/api/v1/keys"), kAdminKey), "X-Webox-Tenant", "t2"))
            .status == 200);
}

TEST_CASE("/healthz and /metrics need no key", "[access]") {
  FakeEngine engine;
  CHECK(drive(engine, anonymous(get("/healthz"))).status == 200);
  auto m = drive(engine, anonymous(get("/metrics")));
  CHECK(m.status == 200);
  CHECK(m.body.find("webox_twilio_webhooks_refused_total{reason=\"bad_signature\"} 0") !=
        std::string::npos);
}

// -- Twilio signatures --

TEST_CASE("a correctly signed webhook reaches the engine with its tenant", "[access][twilio]") {
  FakeEngine engine;
  CHECK(drive(engine, form_post("/twilio/voice", kVoiceBody)).status == 200);
  REQUIRE(engine.voice().size() == 1);
  CHECK(engine.voice()[0].tenant_id == "t1");
}

TEST_CASE("forged and altered webhooks are refused with 403, counted, and never reach the engine",
          "[access][twilio]") {
  FakeEngine engine;
  http::HttpMetrics metrics;
  auto signed_req = as_caller(form_post("/twilio/voice", kVoiceBody));
  auto refused = [&](http::Request r) {
    auto res = drive(engine, anonymous(std::move(r)), &metrics);
    CHECK(res.status == 403);
    CHECK(res.content_type == "application/problem+json");
    return res;
  };
  // No signature at all.
  refused(form_post("/twilio/voice", kVoiceBody));
  // A signature made with another token.
  refused(as_caller(form_post("/twilio/voice", kVoiceBody), kOwnerKey, "another-token-123"));
  // A signed request whose body was altered (another caller number)...
  auto altered = signed_req;
  altered.body = std::string(kVoiceBody).replace(std::string(kVoiceBody).find("612"), 3, "699");
  refused(altered);
  // ... whose URL was changed (a parameter added to the query)...
  auto moved = signed_req;
  moved.target += "?somethingUnexpected=true";
  refused(moved);
  // ... or replayed to another endpoint.
  auto elsewhere = signed_req;
  elsewhere.target = "/twilio/status";
  refused(elsewhere);
  // A number nobody answers cannot be checked at all.
  refused(as_caller(form_post("/twilio/voice", "CallSid=CA02&From=%2B336&To=%2B33999999999")));
  CHECK(engine.writes() == 0);
  using http::TwilioRefusal;
  CHECK(metrics.twilio_refused[TwilioRefusal::missing_signature] == 1);
  CHECK(metrics.twilio_refused[TwilioRefusal::bad_signature] == 4);
  CHECK(metrics.twilio_refused[TwilioRefusal::unknown_number] == 1);
}

TEST_CASE("a tenant's Twilio account SID must match the webhook's", "[access][twilio]") {
  FakeEngine engine;
  engine.numbers["+33123456789"].account_sid = "AC99";
  http::HttpMetrics metrics;
  CHECK(drive(engine, form_post("/twilio/voice", kVoiceBody), &metrics).status == 403);
  CHECK(metrics.twilio_refused[http::TwilioRefusal::wrong_account] == 1);
  engine.numbers["+33123456789"].account_sid = "AC01";
  CHECK(drive(engine, form_post("/twilio/voice", kVoiceBody)).status == 200);
}

TEST_CASE("a tenant without an auth token gets every webhook refused", "[access][twilio]") {
  FakeEngine engine;
  engine.numbers["+33123456789"].auth_token.clear();
  auto res = drive(engine, form_post("/twilio/voice", kVoiceBody));
  CHECK(res.status == 403);
  CHECK(engine.writes() == 0);
}

TEST_CASE("the signature holds with or without the default port", "[access][twilio]") {
  FakeEngine engine;
  auto form = *twilio::parse_form(kVoiceBody);
  for (const char* url : {"https://voice.example.com:443/twilio/voice",
                          "https://voice.example.com/twilio/voice"}) {
    auto r = form_post("/twilio/voice", kVoiceBody);
    r.headers.emplace_back("X-Twilio-Signature", twilio::compute_signature(kAuthToken, url, form));
    CHECK(drive(engine, r).status == 200);
  }
}

TEST_CASE("with checks off, unsigned webhooks pass and still carry the number's tenant",
          "[access][twilio]") {
  FakeEngine engine;
  http::HttpMetrics metrics;
  http::RouteContext ctx{engine, http::TwilioSecurity{false, ""}, metrics};
  int answers = 0;
  http::handle(ctx, form_post("/twilio/voice", kVoiceBody), [&](http::Response r) {
    ++answers;
    CHECK(r.status == 200);
  });
  CHECK(answers == 1);
  REQUIRE(engine.voice().size() == 1);
  CHECK(engine.voice()[0].tenant_id == "t1");
}

TEST_CASE("without a public URL the signed URL is rebuilt from the Host header", "[access][twilio]") {
  http::Request r = form_post("/twilio/voice?x=1", kVoiceBody);
  r.headers.emplace_back("Host", "127.0.0.1:8080");
  CHECK(http::signed_url(http::TwilioSecurity{}, r) == "http://127.0.0.1:8080/twilio/voice?x=1");
  CHECK(http::signed_url(http::TwilioSecurity{true, "https://v.example.com"}, r) ==
        "https://v.example.com/twilio/voice?x=1");
}
