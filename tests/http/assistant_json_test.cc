// Parsing and rendering of the assistants API's JSON.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include "events/clock.h"
#include "http/assistant_json.h"
#include "http/rules.h"

using namespace webox;
using namespace webox::http;

namespace {

std::string with(std::string extra) {
  return R"({"name":"Chez Marcel","phone_number":"+33123456789")" + extra + "}";
}

std::string error_field(std::string_view json) {
  auto p = parse_assistant_profile(json);
  REQUIRE_FALSE(p.ok());
  CHECK(p.error().code == Errc::invalid_argument);
  return p.error().field;
}

}  // namespace

TEST_CASE("a full profile parses with every field", "[json]") {
  auto p = parse_assistant_profile(R"({
    "name": "Chez Marcel", "description": "Bistrot", "phone_number": "+33123456789",
    "ai_model": "claude", "voice_type": "Polly.Lea", "language": "fr-fr",
    "system_prompt": "Sois bref.\nMerci.", "context_data": { "hours" : [12, 14.5], "x": {"y": null} },
    "is_active": false })");
  REQUIRE(p.ok());
  CHECK(p->name == "Chez Marcel");
  CHECK(p->description == "Bistrot");
  CHECK(p->ai_model == "claude");
  CHECK(p->voice_type == "Polly.Lea");
  CHECK(p->language == "fr-FR");
  CHECK(p->system_prompt == "Sois bref.\nMerci.");
  CHECK(p->context_data == R"({"hours":[12,14.5],"x":{"y":null}})");
  CHECK_FALSE(p->is_active);
}

TEST_CASE("defaults apply to absent fields", "[json]") {
  auto p = parse_assistant_profile(with(""));
  REQUIRE(p.ok());
  AssistantProfile defaults;
  CHECK(p->language == defaults.language);
  CHECK(p->ai_model == defaults.ai_model);
  CHECK(p->voice_type == defaults.voice_type);
  CHECK(p->context_data == "{}");
  CHECK(p->is_active);
  CHECK(p->mode == "twiml");
}

TEST_CASE("mode: twiml or stream, on create and update", "[json]") {
  CHECK(parse_assistant_profile(with(R"(,"mode":"stream")"))->mode == "stream");
  CHECK(parse_assistant_profile(with(R"(,"mode":"twiml")"))->mode == "twiml");
  auto patch = parse_assistant_patch("a-1", R"({"mode":"stream"})");
  REQUIRE(patch.ok());
  CHECK(patch->mode == std::optional<std::string>("stream"));
  CHECK_FALSE(is_empty_patch(*patch));
  for (auto bad : {R"("Stream")", R"("")", R"("websocket")", "1", "null", "true"}) {
    CAPTURE(bad);
    CHECK(error_field(with(std::string(R"(,"mode":)") + bad)) == "mode");
    auto p = parse_assistant_patch("a-1", std::string(R"({"mode":)") + bad + "}");
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().field == "mode");
  }
}

TEST_CASE("how a stream call listens: end_silence_ms, barge_in_ms, interruptible", "[json]") {
  auto p = parse_assistant_profile(
      with(R"(,"end_silence_ms":900,"barge_in_ms":450,"interruptible":false)"));
  REQUIRE(p.ok());
  CHECK(p->end_silence_ms == 900);
  CHECK(p->barge_in_ms == 450);
  CHECK_FALSE(p->interruptible);
  auto defaults = parse_assistant_profile(with(""));
  REQUIRE(defaults.ok());
  CHECK(defaults->end_silence_ms == 600);
  CHECK(defaults->barge_in_ms == 300);
  CHECK(defaults->interruptible);

  auto patch = parse_assistant_patch("a-1", R"({"barge_in_ms":500})");
  REQUIRE(patch.ok());
  CHECK(patch->barge_in_ms == std::optional<std::int32_t>(500));
  CHECK_FALSE(patch->end_silence_ms.has_value());
  CHECK_FALSE(patch->interruptible.has_value());
  CHECK_FALSE(is_empty_patch(*patch));
  CHECK_FALSE(is_empty_patch(*parse_assistant_patch("a-1", R"({"interruptible":true})")));

  // Shapes here; ranges are the assistant rules' (actors/assistant_rules.h).
  for (auto bad : {R"("600")", "600.5", "-1", "null", "true", "1e12"}) {
    CAPTURE(bad);
    CHECK(error_field(with(std::string(R"(,"end_silence_ms":)") + bad)) == "end_silence_ms");
    CHECK(error_field(with(std::string(R"(,"barge_in_ms":)") + bad)) == "barge_in_ms");
  }
  for (auto bad : {R"("yes")", "1", "null"}) {
    CAPTURE(bad);
    CHECK(error_field(with(std::string(R"(,"interruptible":)") + bad)) == "interruptible");
  }
}

TEST_CASE("language: fr or en with an optional region", "[json]") {
  CHECK(parse_assistant_profile(with(R"(,"language":"EN")"))->language == "en");
  CHECK(parse_assistant_profile(with(R"(,"language":"en-gb")"))->language == "en-GB");
  for (auto bad : {"de", "fr_FR", "fr-", "fr-FRA", "", "f", "français", "fr-1A"}) {
    CAPTURE(bad);
    CHECK(error_field(with(std::string(R"(,"language":")") + bad + "\"")) == "language");
  }
}

TEST_CASE("name is 1 to 255 characters, counted as characters", "[json]") {
  std::string e_acute = "\xC3\xA9";
  std::string max, over;
  for (int i = 0; i < 255; ++i) max += e_acute;
  over = max + "e";
  CHECK(parse_assistant_profile(R"({"name":")" + max + R"(","phone_number":"+33123456789"})")
            .ok());
  CHECK(error_field(R"({"name":")" + over + R"(","phone_number":"+33123456789"})") == "name");
}

TEST_CASE("E.164 numbers", "[json]") {
  CHECK(is_e164("+33123456789"));
  CHECK(is_e164("+12345678"));
  CHECK(is_e164("+123456789012345"));
  CHECK_FALSE(is_e164("+1234567"));
  CHECK_FALSE(is_e164("+1234567890123456"));
  CHECK_FALSE(is_e164("33123456789"));
  CHECK_FALSE(is_e164("+33-123456789"));
  CHECK_FALSE(is_e164(""));
}

TEST_CASE("shape errors name the field", "[json]") {
  CHECK(error_field(with(R"(,"name":"again")")) == "name");  // given twice
  CHECK(error_field(with(R"(,"ai_model":"")")) == "ai_model");
  CHECK(error_field(with(R"(,"voice_type":1)")) == "voice_type");
  CHECK(error_field(with(R"(,"system_prompt":["x"])")) == "system_prompt");
  CHECK(error_field(with(R"(,"is_active":1)")) == "is_active");
  CHECK(error_field(with(R"(,"context_data":null)")) == "context_data");
  CHECK(error_field(with(R"(,"id":"a-1")")) == "id");
}

TEST_CASE("malformed JSON has no field and says so", "[json]") {
  for (auto bad : {"", "{", "nul", R"({"name":"x",})", R"({"name":"\x"})", "{} {}"}) {
    CAPTURE(bad);
    auto p = parse_assistant_profile(bad);
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().field.empty());
    CHECK(p.error().message.rfind("malformed JSON", 0) == 0);
  }
  auto not_object = parse_assistant_profile("[]");
  REQUIRE_FALSE(not_object.ok());
  CHECK(not_object.error().field.empty());
}

TEST_CASE("a patch carries only the fields given", "[json]") {
  auto p = parse_assistant_patch("a-1", R"({"is_active":false,"language":"en"})");
  REQUIRE(p.ok());
  CHECK(p->assistant_id == "a-1");
  CHECK(p->is_active == std::optional<bool>(false));
  CHECK(p->language == std::optional<std::string>("en"));
  CHECK_FALSE(p->name);
  CHECK_FALSE(p->phone_number);
  CHECK_FALSE(is_empty_patch(*p));

  auto empty = parse_assistant_patch("a-1", "{}");
  REQUIRE(empty.ok());
  CHECK(is_empty_patch(*empty));

  auto unknown = parse_assistant_patch("a-1", R"({"nmae":"x"})");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().field == "nmae");
}

TEST_CASE("a view renders every field, context_data verbatim", "[json]") {
  AssistantView v;
  v.id = "a-1";
  v.tenant_id = "t1";
  v.profile.name = "Chez \"Marcel\"";
  v.profile.phone_number = "+33123456789";
  v.profile.context_data = R"({"hours":[12,14]})";
  v.profile.is_active = false;
  v.created_at = 1'700'000'000'000'000;
  v.updated_at = 1'700'000'000'500'000;
  v.version = 4;
  auto json = render_assistant(v);
  CHECK(json ==
        R"({"id":"a-1","tenant_id":"t1","name":"Chez \"Marcel\"","description":"","phone_number":"+33123456789",)"
        R"("ai_model":"local","voice_type":"alice","language":"fr","system_prompt":"",)"
        R"("context_data":{"hours":[12,14]},"is_active":false,"mode":"twiml",)"
        R"("end_silence_ms":600,"barge_in_ms":300,"interruptible":true,)"
        R"("created_at":")" + format_utc(v.created_at) + R"(","updated_at":")" +
            format_utc(v.updated_at) + R"(","version":4})");

  // What we render, we can read back.
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE_FALSE(parser.parse(json).get(doc));
  CHECK(render_assistant_list({v, v}) == "{\"assistants\":[" + json + "," + json + "]}");
}

TEST_CASE("a parsed profile renders back to what was sent", "[json]") {
  auto p = parse_assistant_profile(
      R"({"name":"Ché","phone_number":"+33123456789","context_data":{"a":"\u00e9\n"}})");
  REQUIRE(p.ok());
  AssistantView v{.id = "a-1", .profile = *p};
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  REQUIRE_FALSE(parser.parse(render_assistant(v)).get(doc));
  std::string_view a;
  REQUIRE_FALSE(doc["context_data"]["a"].get(a));
  CHECK(a == "\xC3\xA9\n");
  std::string_view name;
  REQUIRE_FALSE(doc["name"].get(name));
  CHECK(name == "Ché");
}
