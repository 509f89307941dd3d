// The assistant templates (http/templates.h) and their API over real loopback sockets: every
// template is a valid assistant whose context_data the local engine reads strictly, and a
// client can create an assistant from one by adding a phone number.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <set>

#include "adapters/brain/local/context.h"
#include "adapters/brain/local/knowledge.h"
#include "http/assistant_json.h"
#include "http/templates.h"
#include "tests/http/drive.h"
#include "tests/http/socket_client.h"

using namespace webox;
using namespace webox::testing;

namespace {

std::string member_json(const std::string& json, const char* key) {
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  REQUIRE_FALSE(parser.parse(json)[key].get(e));
  return simdjson::minify(e);
}

// The draft with a phone number, as a client would POST it.
std::string with_phone(const std::string& assistant) {
  REQUIRE(assistant.front() == '{');
  return R"({"phone_number":"+33123456789",)" + assistant.substr(1);
}

}  // namespace

TEST_CASE("one template per trade and language, each a valid assistant", "[templates]") {
  const auto& all = http::assistant_templates();
  REQUIRE(all.size() == 10);
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& t : all) {
    INFO("templates/" << t.trade << "." << t.language << ".json");
    seen.emplace(t.trade, t.language);
    CHECK(brain::is_trade(t.trade));
    auto profile = http::parse_assistant_profile(with_phone(t.assistant));
    REQUIRE(profile);  // no unknown field, every rule met
    CHECK(profile->language == t.language);
    CHECK_FALSE(profile->description.empty());
    CHECK_FALSE(profile->system_prompt.empty());
    CHECK(profile->voice_type != "alice");  // a chosen voice, not the default

    auto c = brain::parse_context(profile->context_data);
    INFO((c ? "" : c.error().field + ": " + c.error().message));
    REQUIRE(c);
    CHECK(c->trade == t.trade);
    CHECK_FALSE(c->business_name.empty());
    CHECK(c->hours.has_value() != (t.trade == "hotel"));  // a hotel's desk is always open
    CHECK_FALSE(c->transfer_number.empty());
    CHECK_FALSE(c->faq.empty());
    if (t.trade == "restaurant") CHECK_FALSE(c->menu.empty());
    if (t.trade == "medical") CHECK(c->practitioners.size() >= 2);
    if (t.trade == "hotel") {
      CHECK(c->check_in);
      CHECK(c->check_out);
      CHECK(c->rooms.size() >= 3);
      for (const auto& r : c->rooms) CHECK_FALSE(r.price.empty());
    }
    if (t.trade == "ecommerce") {
      CHECK(c->orders.size() >= 2);
      CHECK_FALSE(c->returns_policy.empty());
    }
    if (t.trade == "garage" || t.trade == "medical") {
      REQUIRE_FALSE(c->services.empty());
      for (const auto& s : c->services) CHECK_FALSE(s.price.empty());
    }
  }
  CHECK(seen.size() == 10);
  CHECK(http::find_template("garage", "en"));
  CHECK_FALSE(http::find_template("bakery", "fr"));
  CHECK_FALSE(http::find_template("garage", "de"));
}

TEST_CASE("each template answers its trade's usual questions", "[templates]") {
  for (const auto& t : http::assistant_templates()) {
    INFO(t.trade << "." << t.language);
    auto c = brain::parse_context(member_json(t.assistant, "context_data"));
    REQUIRE(c);
    const bool fr = t.language == "fr";
    auto ask = [&](const char* french, const char* english) {
      return brain::answer_question(*c, brain::tokenize(fr ? french : english), t.language);
    };
    if (t.trade != "restaurant") CHECK(ask("Quels sont vos tarifs ?", "What are your prices?"));
    if (t.trade == "restaurant") CHECK(ask("Qu'y a-t-il au menu ?", "What's on the menu?"));
    if (t.trade == "hotel") {
      auto a = ask("À quelle heure est le check-in ?", "What time is check-in?");
      REQUIRE(a);
      CHECK(a->find(fr ? "15h00" : "3:00 PM") != std::string::npos);
      CHECK(ask("Combien coûte une chambre double ?", "How much is a double room?"));
    }
    if (t.trade == "ecommerce") {
      CHECK(ask("Comment retourner un article ?", "How do I return an item?"));
      const auto& first = c->orders.front();
      CHECK(brain::lookup_order(*c, first.number) == &first);
    }
    if (t.trade == "medical") {
      const auto& doctor = c->practitioners.front();
      const std::string last = doctor.name.substr(doctor.name.rfind(' ') + 1);
      CHECK(brain::find_practitioner(*c, brain::tokenize((fr ? "le docteur " : "doctor ") + last)) ==
            &doctor);
    }
    for (const auto& s : c->services) {  // every service is found by its own name
      INFO(s.name);
      CHECK(brain::find_service(*c, brain::tokenize(s.name)) == &s);
    }
  }
}

TEST_CASE("templates over HTTP: list, filter, one, and an assistant made from one",
          "[templates][server]") {
  FakeEngine engine;
  auto server = start_server(engine);
  Client client(server->port());
  simdjson::dom::parser parser;

  auto all = client.request(bhttp::verb::get, "/api/v1/templates");
  REQUIRE(all.result_int() == 200);
  CHECK(all[bhttp::field::content_type] == "application/json");
  simdjson::dom::element doc;
  REQUIRE_FALSE(parser.parse(all.body()).get(doc));
  CHECK(std::int64_t(doc["count"]) == 10);
  CHECK(simdjson::dom::array(doc["templates"]).size() == 10);

  auto fr = client.request(bhttp::verb::get, "/api/v1/templates?language=fr");
  REQUIRE(fr.result_int() == 200);
  REQUIRE_FALSE(parser.parse(fr.body()).get(doc));
  CHECK(std::int64_t(doc["count"]) == 5);
  for (auto t : simdjson::dom::array(doc["templates"]))
    CHECK(std::string_view(t["language"]) == "fr");

  auto hotels = client.request(bhttp::verb::get, "/api/v1/templates?trade=hotel");
  REQUIRE_FALSE(parser.parse(hotels.body()).get(doc));
  CHECK(std::int64_t(doc["count"]) == 2);

  auto one = client.request(bhttp::verb::get, "/api/v1/templates/medical?language=en");
  REQUIRE(one.result_int() == 200);
  CHECK(json_string(one.body(), "trade") == "medical");
  CHECK(json_string(one.body(), "language") == "en");
  const std::string draft = member_json(one.body(), "assistant");
  CHECK(draft == http::find_template("medical", "en")->assistant);

  auto default_fr = client.request(bhttp::verb::get, "/api/v1/templates/garage");
  REQUIRE(default_fr.result_int() == 200);
  CHECK(json_string(default_fr.body(), "language") == "fr");

  auto created = client.request(bhttp::verb::post, "/api/v1/assistants", with_phone(draft),
                                "application/json");
  CHECK(created.result_int() == 201);
  REQUIRE(engine.created().size() == 1);
  CHECK(engine.created()[0].language == "en");
  CHECK(engine.created()[0].context_data == member_json(draft, "context_data"));
  server->stop();
}

TEST_CASE("templates refuse what they do not know, naming it", "[templates]") {
  FakeEngine engine;
  auto unknown = drive(engine, get("/api/v1/templates/bakery"));
  CHECK(unknown.status == 404);
  CHECK(unknown.content_type == "application/problem+json");

  struct Case {
    const char* target;
    const char* field;
  };
  auto [target, field] = GENERATE(values<Case>({
      {"/api/v1/templates/hotel?language=de", "language"},
      {"/api/v1/templates/hotel?language=", "language"},
      {"/api/v1/templates/hotel?lang=fr", "lang"},
      {"/api/v1/templates?language=FR-fr", "language"},
      {"/api/v1/templates?trade=bakery", "trade"},
      {"/api/v1/templates?trade=hotel&trade=garage", "trade"},
  }));
  CAPTURE(target);
  auto res = drive(engine, get(target));
  CHECK(res.status == 400);
  CHECK(problem_field(res) == field);

  auto post = drive(engine, json_request("POST", "/api/v1/templates", "{}"));
  CHECK(post.status == 405);
  REQUIRE(header(post, "Allow"));
  CHECK(*header(post, "Allow") == "GET");
  CHECK(drive(engine, anonymous(get("/api/v1/templates"))).status == 401);
  CHECK(drive(engine, anonymous(get("/api/v1/templates/hotel"))).status == 401);
  CHECK(drive(engine, get("/api/v1/templates")).status == 200);
  CHECK(engine.writes() == 0);
}

TEST_CASE("server: an assistant whose context_data is unreadable is 422 naming the field",
          "[templates][server]") {
  FakeEngine engine;
  engine.answer_on_thread = true;
  auto server = start_server(engine);
  Client client(server->port());
  auto res = client.request(
      bhttp::verb::post, "/api/v1/assistants",
      R"({"name":"Garage","phone_number":"+33123456789","context_data":{"trade":"garage",)"
      R"("services":[{"name":"Vidange","price":"89 €"},{"name":"Pneus","duration_minutes":"long"}]}})",
      "application/json");
  CHECK(res.result_int() == 422);
  CHECK(res[bhttp::field::content_type] == "application/problem+json");
  CHECK(json_string(res.body(), "field") == "context_data.services[1].duration_minutes");
  CHECK(engine.writes() == 0);
  server->stop();
}
