// Whole calls over real HTTP on loopback: the engine and its Beast server in this process, a
// client that posts exactly what Twilio posts, and the events read back through the REST API.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include <optional>

#include "adapters/twilio/form.h"
#include "tests/e2e/harness.h"
#include "tests/e2e/twilio_calls.h"
#include "tests/support/restaurant.h"
#include "tests/support/temp_dir.h"
#include "tools/http_client.h"
#include "tools/twiml_reader.h"

using namespace webox;
using webox::testing::TempDir;
using webox::testing::e2e::kAdminKey;
using namespace webox::testing::e2e;

namespace {

// Each test owns its data directory; the base class is built first, so it outlives the server.
struct OwnDir {
  TempDir dir;
};
struct Running : OwnDir, webox::testing::e2e::Server {
  Running() : Server(dir) {}
};

std::vector<std::string> event_types(Running& r, const std::string& sid) {
  auto res = r.send("GET", "/api/v1/calls/" + sid + "/events", "", "");
  std::vector<std::string> out;
  if (res.status != 200) return out;
  simdjson::dom::parser parser;
  auto doc = parser.parse(res.body);
  for (auto ev : doc["events"].get_array()) out.emplace_back(std::string_view(ev["type"]));
  return out;
}

const std::vector<std::string> kBookingSequence = {
    "CallStarted",          "ReplyGenerated",   "AudioSent",
    "UtteranceTranscribed", "AvailabilityChecked", "ReplyGenerated", "AudioSent",
    "UtteranceTranscribed", "ReplyGenerated",   "AudioSent",
    "UtteranceTranscribed", "BookingRequested", "ReplyGenerated", "AudioSent",
    "CallEnded",            "CallCosted"};

}  // namespace

TEST_CASE("a French call over HTTP: incoming, three gathers, completed") {
  Running r;
  REQUIRE(r.api("POST", "/api/v1/assistants", create_assistant_json("+33123456789", "fr")).status == 201);
  run_booking_call(r, "CA0123456789abcdef0123456789abcdef", "+33123456789",
                   {"Bonjour je voudrais réserver une table pour quatre personnes demain soir à 20h",
                    "Au nom de Dupont", "Oui c'est parfait"},
                   "Chez Marcel");
  CHECK(event_types(r, "CA0123456789abcdef0123456789abcdef") == kBookingSequence);
}

TEST_CASE("an English call over HTTP: incoming, three gathers, completed") {
  Running r;
  REQUIRE(r.api("POST", "/api/v1/assistants", create_assistant_json("+14155550100", "en")).status == 201);
  run_booking_call(r, "CAfedcba9876543210fedcba9876543210", "+14155550100",
                   {"Hello, I'd like to book a table for four people tomorrow at 8 pm",
                    "My name is Smith", "Yes that's right"},
                   "Chez Marcel");
  CHECK(event_types(r, "CAfedcba9876543210fedcba9876543210") == kBookingSequence);
}

TEST_CASE("Twilio's retry of the same webhook adds no event") {
  Running r;
  REQUIRE(r.api("POST", "/api/v1/assistants", create_assistant_json("+33123456789", "fr")).status == 201);
  auto base = twilio_params("CA11111111111111111111111111111111", "+33123456789");
  auto a = r.form("/twilio/voice", base);
  auto b = r.form("/twilio/voice", base);
  auto line = with(base, {{"SpeechResult", "Une table pour deux demain soir à 20h"}, {"Confidence", "0.9"}});
  auto c = r.form("/twilio/gather", line);
  auto d = r.form("/twilio/gather", line);
  CHECK(a.body == b.body);
  CHECK(c.body == d.body);
  // Started, greeting and its audio; the utterance, the calendar's check, the reply and its audio.
  // (Tomorrow, not tonight: tonight at 20h is past when the tests run late, and is not checked.)
  CHECK(event_types(r, "CA11111111111111111111111111111111").size() == 7);
}

TEST_CASE("hostile text in speech never breaks the TwiML") {
  Running r;
  REQUIRE(r.api("POST", "/api/v1/assistants", create_assistant_json("+33123456789", "fr")).status == 201);
  auto base = twilio_params("CA22222222222222222222222222222222", "+33123456789");
  REQUIRE(r.form("/twilio/voice", base).status == 200);
  std::vector<std::string> hostile = {"<Say>&amp; \"quoted\" 'single'</Say>",
                                      "Réserver 🍷🎉 pour 2", "bad \xC3\x28 utf8 \xFF",
                                      "au nom de <Hangup/>"};
  for (const auto& said : hostile) {
    auto res = r.form("/twilio/gather", with(base, {{"SpeechResult", said}, {"Confidence", "0.5"}}));
    if (res.status != 200) {
      CHECK(res.status == 400);  // invalid UTF-8 may be refused outright
      continue;
    }
    CHECK(res.body.find("<Hangup/>") == std::string::npos);
    CHECK(res.body.find("<Say>&amp;") == std::string::npos);
    CHECK(res.body.find("\xFF") == std::string::npos);
    // Structurally: a well-formed document whose only elements are the verbs the engine
    // writes, so no caller text became markup.
    auto doc = tools::read_xml(res.body);
    REQUIRE(doc.ok());
    CHECK(doc->name == "Response");
    for (const auto& verb : doc->children) {
      CHECK((verb.name == "Gather" || verb.name == "Say" || verb.name == "Hangup" ||
             verb.name == "Dial"));
      for (const auto& inner : verb.children) CHECK(inner.name == "Say");
    }
  }
}

TEST_CASE("malformed webhooks are refused with a problem naming the field, and write nothing") {
  Running r;
  REQUIRE(r.api("POST", "/api/v1/assistants", create_assistant_json("+33123456789", "fr")).status == 201);
  auto no_sid = r.send("POST", "/twilio/voice", "From=%2B33611&To=%2B33123456789",
                       tools::kFormContentType);
  CHECK(no_sid.status == 400);
  CHECK(no_sid.content_type.find("application/problem+json") == 0);
  CHECK(no_sid.body.find("CallSid") != std::string::npos);
  auto bad_escape = r.send("POST", "/twilio/voice", "CallSid=CA33&To=%2B33123456789&From=%ZZ",
                           tools::kFormContentType);
  CHECK(bad_escape.status == 400);
  CHECK(event_types(r, "CA33").empty());
  auto bad_conf = r.form("/twilio/gather", with(twilio_params("CA44", "+33123456789"),
                                               {{"SpeechResult", "oui"}, {"Confidence", "high"}}));
  CHECK(bad_conf.status == 400);
  CHECK(event_types(r, "CA44").empty());
  auto bad_json = r.api("POST", "/api/v1/assistants", "{\"name\": ");
  CHECK(bad_json.status == 400);
  auto bad_phone = r.api("POST", "/api/v1/assistants", create_assistant_json("0612", "fr"));
  CHECK(bad_phone.status == 400);
  CHECK(bad_phone.body.find("phone_number") != std::string::npos);
  auto list = r.send("GET", "/api/v1/assistants", "", "");
  simdjson::dom::parser parser;
  CHECK(simdjson::dom::array(parser.parse(list.body)["assistants"]).size() == 1);
}

TEST_CASE("two silences in a row are two turns, not a retry, and end the call politely") {
  Running r;
  REQUIRE(r.api("POST", "/api/v1/assistants", create_assistant_json("+33123456789", "fr")).status == 201);
  auto base = twilio_params("CA55555555555555555555555555555555", "+33123456789");
  auto hello = r.form("/twilio/voice", base);
  REQUIRE(hello.body.find("/twilio/gather?turn=1") != std::string::npos);
  auto first = r.send("POST", "/twilio/gather?turn=1", twilio::form_encode(base), tools::kFormContentType);
  REQUIRE(first.status == 200);
  CHECK(first.body.find("<Gather") != std::string::npos);
  auto second = r.send("POST", "/twilio/gather?turn=2", twilio::form_encode(base), tools::kFormContentType);
  REQUIRE(second.status == 200);
  CHECK(second.body.find("<Hangup />") != std::string::npos);
  auto t = event_types(r, "CA55555555555555555555555555555555");
  CHECK(std::count(t.begin(), t.end(), "UtteranceTranscribed") == 2);
}

TEST_CASE("e2e: two tenants on one engine see only their own calls, forged webhooks write nothing",
          "[e2e]") {
  Running r;
  // The admin makes a second tenant; it gets its own owner key and Twilio auth token.
  auto made = r.api("POST", "/api/v1/tenants",
                     R"({"id":"garage","name":"Garage Dupont","time_zone":"Europe/Paris",)"
                     R"("twilio_auth_token":"garage-auth-token"})",
                     kAdminKey);
  REQUIRE(made.status == 201);
  simdjson::dom::parser parser;
  std::string garage_key(std::string_view(parser.parse(made.body)["owner_key"]["key"]));
  REQUIRE(r.api("POST", "/api/v1/assistants", create_assistant_json("+33123456789", "fr")).status ==
          201);
  REQUIRE(r.api("POST", "/api/v1/assistants", create_assistant_json("+33198765432", "fr"),
                 garage_key)
              .status == 201);

  // A call to the default tenant's number, signed with its token, is answered...
  auto base = twilio_params("CA1001", "+33123456789");
  REQUIRE(r.form("/twilio/voice", base).status == 200);
  // ... and the garage's token cannot drive it, nor its owner read it.
  auto forged = r.send("POST", "/twilio/gather",
                       twilio::form_encode(with(base, {{"SpeechResult", "annulez tout"}})),
                       tools::kFormContentType, std::string("garage-auth-token"));
  CHECK(forged.status == 403);
  // Signed with the garage's own token over the garage's number, about the other's call: the
  // signature holds, the call is not the garage's to drive.
  auto foreign = r.send("POST", "/twilio/gather",
                        twilio::form_encode(with(base, {{"To", "+33198765432"},
                                                        {"SpeechResult", "annulez tout"}})),
                        tools::kFormContentType, std::string("garage-auth-token"));
  CHECK(foreign.status == 404);
  CHECK(r.send("GET", "/api/v1/calls/CA1001/events", "", "", garage_key).status == 404);
  CHECK(event_types(r, "CA1001") ==
        std::vector<std::string>{"CallStarted", "ReplyGenerated", "AudioSent"});
  auto listed = r.send("GET", "/api/v1/assistants", "", "", garage_key);
  CHECK(listed.body.find("+33123456789") == std::string::npos);

  // A revoked key stops working at once.
  auto viewer = r.api("POST", "/api/v1/keys", R"({"role":"viewer"})");
  REQUIRE(viewer.status == 201);
  std::string viewer_key(std::string_view(parser.parse(viewer.body)["key"]));
  std::string viewer_id(std::string_view(parser.parse(viewer.body)["id"]));
  CHECK(r.send("GET", "/api/v1/calls/CA1001/events", "", "", viewer_key).status == 200);
  CHECK(r.send("DELETE", "/api/v1/keys/" + viewer_id, "", "").status == 200);
  CHECK(r.send("GET", "/api/v1/calls/CA1001/events", "", "", viewer_key).status == 401);
  auto metrics = r.send("GET", "/metrics", "", "");
  CHECK(metrics.body.find(R"(webox_twilio_webhooks_refused_total{reason="bad_signature"} 1)") !=
        std::string::npos);
}
