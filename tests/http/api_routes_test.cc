// The REST API through the router, against the fake engine.
#include <catch2/catch.hpp>

#include "events/codec.h"
#include "tests/http/drive.h"

using namespace webox;
using namespace webox::testing;

namespace {

constexpr const char* kValid =
    R"({"name":"Chez Marcel","phone_number":"+33123456789","context_data":{"hours":"12-14h"}})";

AssistantView stored(std::string id) {
  AssistantView v;
  v.id = std::move(id);
  v.tenant_id = "t1";
  v.profile.name = "Chez Marcel";
  v.profile.phone_number = "+33123456789";
  v.created_at = 1'700'000'000'000'000;
  v.updated_at = 1'700'000'100'000'000;
  v.version = 3;
  return v;
}

}  // namespace

TEST_CASE("POST /api/v1/assistants creates and answers 201 with Location and the view", "[api]") {
  FakeEngine engine;
  auto res = drive(engine, json_request("POST", "/api/v1/assistants", kValid));
  CHECK(res.status == 201);
  CHECK(res.content_type == "application/json");
  REQUIRE(header(res, "Location"));
  CHECK(*header(res, "Location") == "/api/v1/assistants/a-1");
  CHECK(json_string(res.body, "id") == "a-1");
  CHECK(json_string(res.body, "name") == "Chez Marcel");
  CHECK(json_string(res.body, "language") == "fr");
  CHECK(json_string(res.body, "created_at") == format_utc(1'700'000'000'000'000));

  auto created = engine.created();
  REQUIRE(created.size() == 1);
  CHECK(created[0].name == "Chez Marcel");
  CHECK(created[0].phone_number == "+33123456789");
  CHECK(created[0].context_data == R"({"hours":"12-14h"})");
  CHECK(created[0].ai_model == "local");
  CHECK(created[0].is_active);
}

TEST_CASE("POST /api/v1/assistants refuses bad bodies, naming the field, and writes nothing",
          "[api]") {
  struct Case {
    const char* body;
    const char* field;
  };
  auto [body, field] = GENERATE(values<Case>({
      {R"({"name":"x","phone_number":"+33123456789")", ""},  // malformed
      {"", ""},
      {R"(["name"])", ""},
      {R"({"phone_number":"+33123456789"})", "name"},
      {R"({"name":"","phone_number":"+33123456789"})", "name"},
      {R"({"name":42,"phone_number":"+33123456789"})", "name"},
      {R"({"name":"x"})", "phone_number"},
      {R"({"name":"x","phone_number":"0612345678"})", "phone_number"},
      {R"({"name":"x","phone_number":"+3312"})", "phone_number"},
      {R"({"name":"x","phone_number":"+33 1 23 45 67 89"})", "phone_number"},
      {R"({"name":"x","phone_number":"+33123456789","language":"de"})", "language"},
      {R"({"name":"x","phone_number":"+33123456789","context_data":"{}"})", "context_data"},
      {R"({"name":"x","phone_number":"+33123456789","context_data":[1]})", "context_data"},
      {R"({"name":"x","phone_number":"+33123456789","is_active":"yes"})", "is_active"},
      {R"({"name":"x","phone_number":"+33123456789","phone":"+33123456789"})", "phone"},
      {R"({"name":"x","phone_number":"+33123456789","description":null})", "description"},
  }));
  FakeEngine engine;
  CAPTURE(body);
  auto res = drive(engine, json_request("POST", "/api/v1/assistants", body));
  CHECK(res.status == 400);
  CHECK(problem_field(res) == field);
  CHECK(json_string(res.body, "detail").size() > 0);
  CHECK(engine.writes() == 0);
}

TEST_CASE("POST /api/v1/assistants with a non-JSON Content-Type is 415 (none is fine)", "[api]") {
  FakeEngine engine;
  http::Request form{"POST", "/api/v1/assistants",
                     {{"Content-Type", "application/x-www-form-urlencoded"}}, kValid};
  CHECK(drive(engine, form).status == 415);
  CHECK(engine.writes() == 0);
  CHECK(drive(engine, http::Request{"POST", "/api/v1/assistants", {}, kValid}).status == 201);
  http::Request vendor{"POST", "/api/v1/assistants",
                       {{"Content-Type", "application/vnd.webox+json; charset=utf-8"}}, kValid};
  CHECK(drive(engine, vendor).status == 201);
}

TEST_CASE("engine refusals of a create map to problems", "[api]") {
  FakeEngine engine;
  engine.fail_with = Error{Errc::conflict, "+33123456789 is already in use", "phone_number"};
  auto res = drive(engine, json_request("POST", "/api/v1/assistants", kValid));
  CHECK(res.status == 409);
  CHECK(problem_field(res) == "phone_number");
  CHECK(json_string(res.body, "title") == "Conflict");
}

TEST_CASE("GET /api/v1/assistants lists every view", "[api]") {
  FakeEngine engine;
  engine.assistants["a-1"] = stored("a-1");
  engine.assistants["a-2"] = stored("a-2");
  auto res = drive(engine, get("/api/v1/assistants"));
  CHECK(res.status == 200);
  simdjson::dom::parser parser;
  simdjson::dom::array list;
  REQUIRE_FALSE(parser.parse(res.body)["assistants"].get(list));
  CHECK(list.size() == 2);

  FakeEngine empty;
  CHECK(drive(empty, get("/api/v1/assistants")).body == R"({"assistants":[]})");
}

TEST_CASE("GET, PATCH, DELETE /api/v1/assistants/{id}", "[api]") {
  FakeEngine engine;
  engine.assistants["a-7"] = stored("a-7");

  SECTION("GET") {
    auto res = drive(engine, get("/api/v1/assistants/a-7"));
    CHECK(res.status == 200);
    CHECK(json_string(res.body, "id") == "a-7");
    auto missing = drive(engine, get("/api/v1/assistants/nope"));
    CHECK(missing.status == 404);
    CHECK(missing.content_type == "application/problem+json");
  }
  SECTION("PATCH applies only the given fields") {
    auto res = drive(engine,
                     json_request("PATCH", "/api/v1/assistants/a-7", R"({"name":"Chez Paul"})"));
    CHECK(res.status == 200);
    CHECK(json_string(res.body, "name") == "Chez Paul");
    auto updated = engine.updated();
    REQUIRE(updated.size() == 1);
    CHECK(updated[0].assistant_id == "a-7");
    CHECK(updated[0].name == std::optional<std::string>("Chez Paul"));
    CHECK_FALSE(updated[0].phone_number);
    CHECK_FALSE(updated[0].is_active);
    CHECK_FALSE(updated[0].context_data);
  }
  SECTION("PATCH with an unknown field is 400 naming it") {
    auto res = drive(engine, json_request("PATCH", "/api/v1/assistants/a-7",
                                          R"({"name":"Chez Paul","colour":"blue"})"));
    CHECK(res.status == 400);
    CHECK(problem_field(res) == "colour");
    CHECK(engine.writes() == 0);
  }
  SECTION("PATCH validates like POST") {
    auto res = drive(engine, json_request("PATCH", "/api/v1/assistants/a-7",
                                          R"({"phone_number":"12"})"));
    CHECK(res.status == 400);
    CHECK(problem_field(res) == "phone_number");
    auto bad = drive(engine, json_request("PATCH", "/api/v1/assistants/a-7", "{"));
    CHECK(bad.status == 400);
    CHECK(engine.writes() == 0);
  }
  SECTION("an empty PATCH writes nothing and answers the current view") {
    auto res = drive(engine, json_request("PATCH", "/api/v1/assistants/a-7", "{}"));
    CHECK(res.status == 200);
    CHECK(json_string(res.body, "id") == "a-7");
    CHECK(engine.writes() == 0);
  }
  SECTION("PATCH of an unknown assistant is the engine's 404") {
    auto res = drive(engine, json_request("PATCH", "/api/v1/assistants/zz", R"({"name":"x"})"));
    CHECK(res.status == 404);
  }
  SECTION("DELETE answers 200 with the deleted view") {
    auto res = drive(engine, http::Request{"DELETE", "/api/v1/assistants/a-7", {}, {}});
    CHECK(res.status == 200);
    CHECK(json_string(res.body, "id") == "a-7");
    CHECK(engine.deleted() == std::vector<std::string>{"a-7"});
    CHECK(drive(engine, get("/api/v1/assistants/a-7")).status == 404);
  }
  SECTION("other methods are 405 with Allow") {
    auto res = drive(engine, json_request("PUT", "/api/v1/assistants/a-7", kValid));
    CHECK(res.status == 405);
    REQUIRE(header(res, "Allow"));
    CHECK(*header(res, "Allow") == "GET, PATCH, DELETE");
    auto coll = drive(engine, http::Request{"DELETE", "/api/v1/assistants", {}, {}});
    CHECK(coll.status == 405);
    CHECK(*header(coll, "Allow") == "GET, POST");
    CHECK(engine.writes() == 0);
  }
}

TEST_CASE("GET /api/v1/calls/{CallSid}/events", "[api]") {
  FakeEngine engine;
  Envelope e;
  e.position = 1;
  e.stream = call_stream("CA01");
  e.tenant = "t1";
  e.version = 1;
  e.event_id = Uuid::random();
  e.recorded_at = 1'700'000'000'000'000;
  e.data = CallStarted{.call_sid = "CA01", .account_sid = "AC01", .assistant_id = "a-1", .from = "+33612345678",
                       .to = "+33123456789", .direction = "inbound", .language = "fr-FR",
                       .mode = "twiml"};
  engine.events["CA01"] = {e};

  auto res = drive(engine, get("/api/v1/calls/CA01/events"));
  CHECK(res.status == 200);
  CHECK(res.body == R"({"call_sid":"CA01","events":[)" + encode(e) + "]}");
  CHECK(json_string(res.body, "call_sid") == "CA01");

  auto none = drive(engine, get("/api/v1/calls/CA99/events"));
  CHECK(none.status == 404);
  CHECK(none.content_type == "application/problem+json");

  CHECK(drive(engine, http::Request{"POST", "/api/v1/calls/CA01/events", {}, {}}).status == 405);
}

TEST_CASE("GET /healthz", "[api]") {
  FakeEngine engine;
  engine.in_progress = 3;
  auto res = drive(engine, get("/healthz"));
  CHECK(res.status == 200);
  CHECK(res.content_type == "application/json");
  CHECK(res.body == R"({"status":"ok","calls_in_progress":3})");
  CHECK(drive(engine, http::Request{"POST", "/healthz", {}, {}}).status == 405);
}

TEST_CASE("unknown paths are 404 problems", "[api]") {
  FakeEngine engine;
  auto path = GENERATE("/", "/nope", "/api/v1/assistants/", "/api/v1/assistants/a/b",
                       "/api/v1/calls//events", "/api/v1/calls/CA01/x", "/twilio/voice/x",
                       "/healthz/");
  CAPTURE(path);
  auto res = drive(engine, get(path));
  CHECK(res.status == 404);
  CHECK(res.content_type == "application/problem+json");
  CHECK(json_string(res.body, "title") == "Not Found");
}

TEST_CASE("context_data the local engine cannot read is 422, naming the field inside it", "[api]") {
  struct Case {
    const char* context;
    const char* field;
  };
  auto [context, field] = GENERATE(values<Case>({
      {R"({"opening_hours":{"monday":"all day"}})", "context_data.opening_hours.monday"},
      {R"({"trade":"bakery"})", "context_data.trade"},
      {R"({"services":[{"name":"A"},{"name":"B","duration_minutes":0}]})",
       "context_data.services[1].duration_minutes"},
      {R"({"orders":[{"status":"sent"}]})", "context_data.orders[0].number"},
      {R"({"timezone":"Europe/Paris"})", "context_data.timezone"},
      {R"({"capacity":"eight"})", "context_data.capacity"},
  }));
  CAPTURE(context);
  FakeEngine engine;
  engine.assistants["a-7"] = stored("a-7");
  auto created = drive(engine, json_request("POST", "/api/v1/assistants",
                                            R"({"name":"x","phone_number":"+33123456789",)"
                                            R"("context_data":)" + std::string(context) + "}"));
  CHECK(created.status == 422);
  CHECK(json_string(created.body, "title") == "Unprocessable Content");
  CHECK(problem_field(created) == field);
  auto patched = drive(engine, json_request("PATCH", "/api/v1/assistants/a-7",
                                            R"({"context_data":)" + std::string(context) + "}"));
  CHECK(patched.status == 422);
  CHECK(problem_field(patched) == field);
  CHECK(engine.writes() == 0);
}

TEST_CASE("context_data with a trade's facts and keys of its own is accepted", "[api]") {
  FakeEngine engine;
  engine.assistants["a-7"] = stored("a-7");
  const std::string context =
      R"({"trade":"hotel","check_in":"15:00","rooms":[{"type":"double","count":3,"price":"120 €"}],)"
      R"("seats":12,"my_own_key":[1,2]})";
  auto patched = drive(engine, json_request("PATCH", "/api/v1/assistants/a-7",
                                            R"({"context_data":)" + context + "}"));
  CHECK(patched.status == 200);
  REQUIRE(engine.updated().size() == 1);
  CHECK(engine.updated()[0].context_data == context);
}
