// Fuzzes the REST API's assistant bodies (http/assistant_json.h): POST /api/v1/assistants and
// PATCH /api/v1/assistants/{id} read untrusted JSON straight off the socket.
//
// Properties, besides "no crash, no leak, no UB":
// - a refusal is invalid_argument; only malformed JSON or a non-object body names no field;
// - an accepted body obeys the rules the header lists, checked here independently: name 1..255
//   code points, phone '+' then 8..15 digits, language "fr"/"en" with an uppercase region,
//   ai_model and voice_type non-empty, context_data a canonical JSON object;
// - POST and PATCH agree: the profile POST builds is AssistantProfile{} with PATCH's fields
//   applied, and POST accepts exactly the patches that carry name and phone_number;
// - writing an accepted patch back as JSON and parsing it gives the same patch;
// - the actors' rules (actors/assistant_rules.h) accept what the HTTP layer accepts, except
//   the byte-length limits the header leaves to them.
#include <cstdint>
#include <optional>
#include <string>

#include "actors/assistant_rules.h"
#include "events/codec.h"
#include "fuzz/check.h"
#include "http/assistant_json.h"

using namespace webox;
using namespace webox::fuzz;

namespace {

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) {
    char32_t cp;
    std::size_t skip;
    std::size_t len = utf8_decode(s, i, cp, skip);
    i += len ? len : skip;
  }
  return n;
}

bool e164(std::string_view p) {
  if (p.size() < 9 || p.size() > 16 || p[0] != '+' || p[1] == '0') return false;
  for (char c : p.substr(1))
    if (c < '0' || c > '9') return false;
  return true;
}

bool normalized_language(std::string_view l) {
  if (l.substr(0, 2) != "fr" && l.substr(0, 2) != "en") return false;
  if (l.size() == 2) return true;
  return l.size() == 5 && l[2] == '-' && l[3] >= 'A' && l[3] <= 'Z' && l[4] >= 'A' && l[4] <= 'Z';
}

bool canonical_object(const std::string& text) {
  auto c = canonical_json(text);
  return c.ok() && *c == text && !text.empty() && text.front() == '{';
}

void check_fields(const AssistantUpdated& p) {
  if (p.name) {
    auto n = code_points(*p.name);
    FUZZ_CHECK(n >= 1 && n <= 255, "name is 1 to 255 characters");
  }
  if (p.phone_number) FUZZ_CHECK(e164(*p.phone_number), "phone_number is E.164");
  if (p.language) FUZZ_CHECK(normalized_language(*p.language), "language is normalised");
  if (p.ai_model) FUZZ_CHECK(!p.ai_model->empty(), "ai_model is not empty");
  if (p.voice_type) FUZZ_CHECK(!p.voice_type->empty(), "voice_type is not empty");
  if (p.context_data) FUZZ_CHECK(canonical_object(*p.context_data), "context_data is canonical");
  if (p.mode) FUZZ_CHECK(*p.mode == "twiml" || *p.mode == "stream", "mode is twiml or stream");
  for (const auto* ms : {&p.end_silence_ms, &p.barge_in_ms})
    if (*ms) FUZZ_CHECK(**ms >= 0 && **ms <= 1'000'000, "milliseconds are whole and bounded");
  for (const auto* s : {&p.name, &p.description, &p.phone_number, &p.ai_model, &p.voice_type,
                        &p.language, &p.system_prompt})
    if (*s) FUZZ_CHECK(valid_utf8(**s), "strings are valid UTF-8");
}

std::string to_json(const AssistantUpdated& p) {
  std::string out = "{";
  auto sep = [&] { if (out.size() > 1) out += ','; };
  auto str = [&](const char* key, const std::optional<std::string>& v) {
    if (!v) return;
    sep();
    out += '"';
    out += key;
    out += "\":";
    append_json_string(out, *v);
  };
  str("name", p.name);
  str("description", p.description);
  str("phone_number", p.phone_number);
  str("ai_model", p.ai_model);
  str("voice_type", p.voice_type);
  str("language", p.language);
  str("system_prompt", p.system_prompt);
  str("mode", p.mode);
  if (p.context_data) {
    sep();
    out += "\"context_data\":" + *p.context_data;
  }
  if (p.is_active) {
    sep();
    out += *p.is_active ? "\"is_active\":true" : "\"is_active\":false";
  }
  auto millis = [&](const char* key, const std::optional<std::int32_t>& v) {
    if (!v) return;
    sep();
    out += std::string("\"") + key + "\":" + std::to_string(*v);
  };
  millis("end_silence_ms", p.end_silence_ms);
  millis("barge_in_ms", p.barge_in_ms);
  if (p.interruptible) {
    sep();
    out += *p.interruptible ? "\"interruptible\":true" : "\"interruptible\":false";
  }
  return out + "}";
}

void check_refusal(const Error& e) {
  FUZZ_CHECK(e.code == Errc::invalid_argument, "a refused body is invalid_argument");
  // An empty key ("":1) is an unknown field whose name is empty.
  if (e.field.empty())
    FUZZ_CHECK(e.message.rfind("malformed JSON", 0) == 0 ||
                   e.message == "the body must be a JSON object" || e.message == "unknown field",
               "only malformed JSON, a non-object body or the key \"\" names no field");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view json = as_text(data, size);
  auto patch = http::parse_assistant_patch("a-1", json);
  auto profile = http::parse_assistant_profile(json);

  if (!patch) {
    check_refusal(patch.error());
    FUZZ_CHECK(!profile, "POST refuses what PATCH refuses");
    check_refusal(profile.error());
    FUZZ_CHECK(profile.error().field == patch.error().field, "POST and PATCH blame one field");
    return 0;
  }
  FUZZ_CHECK(patch->assistant_id == "a-1", "the patch keeps its id");
  check_fields(*patch);
  const bool empty = !patch->name && !patch->description && !patch->phone_number &&
                     !patch->ai_model && !patch->voice_type && !patch->language &&
                     !patch->system_prompt && !patch->context_data && !patch->is_active &&
                     !patch->mode && !patch->end_silence_ms && !patch->barge_in_ms &&
                     !patch->interruptible;
  FUZZ_CHECK(http::is_empty_patch(*patch) == empty, "is_empty_patch sees every field");

  auto again = http::parse_assistant_patch("a-1", to_json(*patch));
  FUZZ_CHECK(again.ok(), "a patch written back as JSON parses");
  FUZZ_CHECK(*again == *patch, "the patch survives being written back");

  // HTTP checks the listening settings' shape (whole milliseconds), the rules their range.
  if (auto s = validate_patch(*patch); !s)
    FUZZ_CHECK(s.error().message.find("at most") != std::string::npos ||
                   ((s.error().field == "end_silence_ms" || s.error().field == "barge_in_ms") &&
                    s.error().message.find("milliseconds") != std::string::npos),
               "the actors refuse an HTTP-valid patch only for a length limit or a range");

  const bool has_required = patch->name && patch->phone_number;
  FUZZ_CHECK(profile.ok() == has_required, "POST accepts exactly the patches with name and phone");
  if (profile) {
    FUZZ_CHECK(*profile == apply_patch(AssistantProfile{}, *patch),
               "POST's profile is the defaults with PATCH's fields applied");
  } else {
    FUZZ_CHECK(profile.error().message == "is required", "POST refuses a valid body only for "
                                                         "a missing required field");
  }
  return 0;
}
