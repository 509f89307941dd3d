// Bookings over real HTTP: the calendar's optimistic concurrency when two callers want the last
// table at the same moment, and the bookings API (create, idempotency, refusals with
// alternatives, cancel, list), against the real engine and its RocksDB log.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <future>
#include <string>
#include <thread>

#include "adapters/brain/local/calendar.h"
#include "adapters/twilio/signature.h"
#include "tests/e2e/harness.h"
#include "tests/e2e/twilio_calls.h"
#include "tests/support/restaurant.h"
#include "tests/support/temp_dir.h"

using namespace webox;
using webox::testing::TempDir;
using namespace webox::testing::e2e;

namespace {

struct OwnDir {
  TempDir dir;
};
struct Running : OwnDir, Server {
  Running() : Server(dir) {}
};

constexpr const char* kNumber = "+33123456789";

// The restaurant of the call tests with 4 seats: one table of 4 fills the room for 90 minutes.
std::string small_room_json() {
  std::string ctx = webox::testing::restaurant_context();
  ctx.insert(1, R"("seats":4,"table_minutes":90,)");
  return R"({"name":"Chez Marcel","phone_number":")" + std::string(kNumber) +
         R"(","language":"fr","context_data":)" + ctx + "}";
}

// Tomorrow at the restaurant (UTC+01:00), as the callers' "demain" means it.
std::string tomorrow() {
  auto now = brain::local_moment(now_micros(), 60);
  return brain::to_iso(brain::add_days(now.date, 1));
}

std::string create_assistant(Running& r) {
  auto res = r.api("POST", "/api/v1/assistants", small_room_json());
  REQUIRE(res.status == 201);
  simdjson::dom::parser p;
  return std::string(std::string_view(p.parse(res.body)["id"]));
}

// A gather sent on its own connection, as Twilio's concurrent webhooks are.
std::string gather_alone(const std::string& base, const std::string& sid, const std::string& said) {
  tools::HttpClient client;
  auto url = tools::parse_url(base + "/twilio/gather");
  auto params = with(twilio_params(sid, kNumber), {{"SpeechResult", said}, {"Confidence", "0.9"}});
  std::vector<std::pair<std::string, std::string>> headers{
      {"X-Twilio-Signature", twilio::compute_signature(kAuthToken, url->str(), params)}};
  auto res = client.request("POST", *url, twilio::form_encode(params), tools::kFormContentType,
                            headers);
  return res && res->status == 200 ? heard(res->body) : "HTTP error";
}

std::string say(Running& r, const std::string& sid, const std::string& said) {
  auto res = r.form("/twilio/gather",
                    with(twilio_params(sid, kNumber), {{"SpeechResult", said}, {"Confidence", "0.9"}}));
  REQUIRE(res.status == 200);
  return heard(res.body);
}

void start_call(Running& r, const std::string& sid) {
  REQUIRE(r.form("/twilio/voice", with(twilio_params(sid, kNumber), {{"CallStatus", "ringing"}}))
              .status == 200);
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

struct Json {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  explicit Json(const std::string& body) { REQUIRE_FALSE(parser.parse(body).get(doc)); }
};

std::string booking_json(const std::string& assistant, const std::string& date,
                         const std::string& time, int party, const std::string& name) {
  return R"({"assistant_id":")" + assistant + R"(","kind":"table","date":")" + date +
         R"(","time":")" + time + R"(","party_size":)" + std::to_string(party) +
         R"(,"name":")" + name + R"(","phone":"+33611223344"})";
}

}  // namespace

TEST_CASE("two callers confirm the last table at once: one is booked, the other offered another time") {
  Running r;
  const auto assistant = create_assistant(r);
  const std::string a = "CA000000000000000000000000000000a1", b = "CA000000000000000000000000000000b2";
  for (const auto& [sid, name] : {std::pair{a, std::string("Dupont")}, std::pair{b, std::string("Martin")}}) {
    start_call(r, sid);
    auto recap = say(r, sid, "une table pour quatre demain à 20h au nom de " + name);
    REQUIRE(contains(recap, "Je récapitule"));
  }
  // Both yes at the same moment, each on its own connection.
  auto yes_a = std::async(std::launch::async, gather_alone, r.base(), a, "oui c'est parfait");
  auto yes_b = std::async(std::launch::async, gather_alone, r.base(), b, "oui c'est parfait");
  const std::string ra = yes_a.get(), rb = yes_b.get();
  INFO("A heard: " << ra << "\nB heard: " << rb);
  const bool a_won = contains(ra, "C'est réservé");
  const bool b_won = contains(rb, "C'est réservé");
  CHECK(a_won != b_won);  // exactly one
  const std::string& lost = a_won ? rb : ra;
  const std::string loser = a_won ? b : a;
  CHECK(contains(lost, "20h00 vient d'être pris"));
  CHECK(contains(lost, "21h30"));  // the first time the room is free again

  auto bookings = r.api("GET", "/api/v1/bookings?assistant_id=" + assistant + "&status=confirmed");
  REQUIRE(bookings.status == 200);
  {
    Json j(bookings.body);
    REQUIRE(int64_t(j.doc["count"]) == 1);
    CHECK(std::string_view(j.doc["bookings"].at(0)["time"]) == "20:00");
    CHECK(std::string_view(j.doc["bookings"].at(0)["name"]) == (a_won ? "Dupont" : "Martin"));
  }
  // The loser's call recorded the refusal, then takes the time offered.
  auto events = r.api("GET", "/api/v1/calls/" + loser + "/events");
  CHECK(contains(events.body, "\"BookingRefused\""));
  CHECK(contains(events.body, "\"reason\":\"full\""));
  CHECK(contains(say(r, loser, "21h30 alors"), "Je récapitule"));
  CHECK(contains(say(r, loser, "oui"), "C'est réservé"));
  Json after(r.api("GET", "/api/v1/bookings?assistant_id=" + assistant).body);
  CHECK(int64_t(after.doc["count"]) == 2);
}

TEST_CASE("the bookings API books, refuses with alternatives, is idempotent and cancels") {
  Running r;
  const auto assistant = create_assistant(r);
  const auto day = tomorrow();

  auto first = r.send("POST", "/api/v1/bookings", booking_json(assistant, day, "20:00", 4, "Dupont"),
                      "application/json", std::nullopt, {{"Idempotency-Key", "crm-1"}});
  REQUIRE(first.status == 201);
  Json j1(first.body);
  const std::string id{std::string_view(j1.doc["id"])};
  CHECK(std::string_view(j1.doc["status"]) == "confirmed");
  CHECK(std::string_view(j1.doc["name"]) == "Dupont");
  CHECK(std::string_view(j1.doc["phone"]) == "+33611223344");

  SECTION("a retry with the same key answers the same booking and books nothing more") {
    auto again = r.send("POST", "/api/v1/bookings", booking_json(assistant, day, "20:00", 4, "Dupont"),
                        "application/json", std::nullopt, {{"Idempotency-Key", "crm-1"}});
    REQUIRE(again.status == 201);
    CHECK(std::string_view(Json(again.body).doc["id"]) == id);
    CHECK(int64_t(Json(r.api("GET", "/api/v1/bookings").body).doc["count"]) == 1);
  }
  SECTION("the full room is a 409 naming the reason and the free times") {
    auto full = r.api("POST", "/api/v1/bookings", booking_json(assistant, day, "20:30", 2, "Martin"));
    REQUIRE(full.status == 409);
    Json j(full.body);
    CHECK(std::string_view(j.doc["reason"]) == "full");
    CHECK(std::string_view(j.doc["alternatives"].at(0)) == "21:30");
  }
  SECTION("closed hours, the past, a bad body, an unknown assistant") {
    auto closed = r.api("POST", "/api/v1/bookings", booking_json(assistant, day, "16:00", 2, "Martin"));
    CHECK(closed.status == 409);
    CHECK(contains(closed.body, "\"reason\":\"closed\""));
    auto past = r.api("POST", "/api/v1/bookings", booking_json(assistant, "2020-01-01", "20:00", 2, "X"));
    CHECK(past.status == 409);
    CHECK(contains(past.body, "\"reason\":\"past\""));
    auto bad = r.api("POST", "/api/v1/bookings", R"({"assistant_id":")" + assistant + R"(","party_size":"four"})");
    CHECK(bad.status == 400);
    CHECK(contains(bad.body, "\"field\":\"party_size\""));
    auto no_time = r.api("POST", "/api/v1/bookings", R"({"assistant_id":")" + assistant +
                                                         R"(","date":")" + day + R"(","party_size":2,"name":"X"})");
    CHECK(no_time.status == 400);
    CHECK(contains(no_time.body, "\"field\":\"time\""));
    auto unknown = r.api("POST", "/api/v1/bookings", booking_json("nope", day, "20:00", 2, "X"));
    CHECK(unknown.status == 404);
  }
  SECTION("cancelling frees the table; cancelling twice is a conflict") {
    auto cancel = r.api("POST", "/api/v1/bookings/" + id + "/cancel");
    REQUIRE(cancel.status == 200);
    CHECK(std::string_view(Json(cancel.body).doc["status"]) == "cancelled");
    CHECK(r.api("POST", "/api/v1/bookings/" + id + "/cancel").status == 409);
    CHECK(r.api("POST", "/api/v1/bookings", booking_json(assistant, day, "20:30", 4, "Martin")).status == 201);
    auto one = r.api("GET", "/api/v1/bookings/" + id);
    REQUIRE(one.status == 200);
    CHECK(std::string_view(Json(one.body).doc["cancel_reason"]) == "api");
    Json cancelled(r.api("GET", "/api/v1/bookings?status=cancelled").body);
    CHECK(int64_t(cancelled.doc["count"]) == 1);
  }
}

TEST_CASE("the calendar is rebuilt from the log after a restart") {
  TempDir dir;
  std::string key, assistant;
  const auto day = tomorrow();
  {
    Server s(dir);
    key = s.key;
    auto res = s.api("POST", "/api/v1/assistants", small_room_json());
    REQUIRE(res.status == 201);
    assistant = std::string(std::string_view(Json(res.body).doc["id"]));
    REQUIRE(s.api("POST", "/api/v1/bookings", booking_json(assistant, day, "20:00", 4, "Dupont")).status == 201);
  }
  Server again(dir, key);
  auto full = again.api("POST", "/api/v1/bookings", booking_json(assistant, day, "20:00", 1, "Martin"));
  CHECK(full.status == 409);
  CHECK(int64_t(Json(again.api("GET", "/api/v1/bookings").body).doc["count"]) == 1);
}

TEST_CASE("a caller cancels their booking by phone: found by name, read back, cancelled on a yes") {
  TempDir dir;
  std::string key, assistant, id;
  const auto day = tomorrow();
  const std::string sid = "CA000000000000000000000000000000c3";
  {
    Server s(dir);
    key = s.key;
    auto res = s.api("POST", "/api/v1/assistants", small_room_json());
    REQUIRE(res.status == 201);
    assistant = std::string(std::string_view(Json(res.body).doc["id"]));
    auto made = s.api("POST", "/api/v1/bookings", booking_json(assistant, day, "20:00", 4, "Jean Dupont"));
    REQUIRE(made.status == 201);
    id = std::string(std::string_view(Json(made.body).doc["id"]));
    REQUIRE(s.form("/twilio/voice", with(twilio_params(sid, kNumber), {{"CallStatus", "ringing"}}))
                .status == 200);
    auto said = s.form("/twilio/gather", with(twilio_params(sid, kNumber),
                                              {{"SpeechResult", "je voudrais annuler ma réservation"},
                                               {"Confidence", "0.9"}}));
    CHECK(contains(heard(said.body), "À quel nom est la réservation ?"));
    said = s.form("/twilio/gather", with(twilio_params(sid, kNumber),
                                         {{"SpeechResult", "Dupont"}, {"Confidence", "0.9"}}));
    CHECK(contains(heard(said.body), "J'ai trouvé une table pour 4 personnes demain"));
    CHECK(contains(heard(said.body), "à 20h00. Je l'annule ?"));
  }
  // The engine restarts between the read-back and the yes: the call is rebuilt from its stream
  // (BookingLookedUp gives the brain the same booking) and the yes cancels it.
  Server again(dir, key);
  auto yes = again.form("/twilio/gather", with(twilio_params(sid, kNumber),
                                               {{"SpeechResult", "oui"}, {"Confidence", "0.9"}}));
  REQUIRE(yes.status == 200);
  CHECK(contains(heard(yes.body), "C'est annulé : une table pour 4 personnes demain"));
  auto one = again.api("GET", "/api/v1/bookings/" + id);
  REQUIRE(one.status == 200);
  Json b(one.body);
  CHECK(std::string_view(b.doc["status"]) == "cancelled");
  CHECK(std::string_view(b.doc["cancel_reason"]) == "caller");
  // The table is free again, and the call's outcome says what it did.
  CHECK(again.api("POST", "/api/v1/bookings", booking_json(assistant, day, "20:00", 4, "Martin")).status == 201);
  REQUIRE(again.form("/twilio/status", with(twilio_params(sid, kNumber),
                                            {{"CallStatus", "completed"}, {"CallDuration", "40"}}))
              .status == 200);
  auto call = again.api("GET", "/api/v1/calls/" + sid);
  REQUIRE(call.status == 200);
  Json c(call.body);
  CHECK(std::string_view(c.doc["outcome"]) == "booking_cancelled");
  CHECK(std::string_view(c.doc["cancelled_bookings"].at(0)) == id);
  // One booking was cancelled: the one found, nothing else.
  auto events = again.api("GET", "/api/v1/bookings?status=cancelled");
  CHECK(int64_t(Json(events.body).doc["count"]) == 1);
}
