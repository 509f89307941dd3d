#include "http/assistant_json.h"

#include <simdjson.h>

#include <array>
#include <optional>

#include "events/clock.h"
#include "events/codec.h"
#include "http/json_body.h"
#include "http/rules.h"

namespace webox::http {
namespace {

namespace dom = simdjson::dom;

enum Field {
  kName,
  kDescription,
  kPhoneNumber,
  kAiModel,
  kVoiceType,
  kLanguage,
  kSystemPrompt,
  kContextData,
  kIsActive,
  kMode,
  kEndSilenceMs,
  kBargeInMs,
  kInterruptible,
  kFieldCount
};
constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
    "name",     "description",   "phone_number", "ai_model",  "voice_type",
    "language", "system_prompt", "context_data", "is_active", "mode",
    "end_silence_ms", "barge_in_ms", "interruptible"};

std::optional<Field> field_of(std::string_view key) {
  for (int i = 0; i < kFieldCount; ++i)
    if (kFieldNames[i] == key) return Field(i);
  return std::nullopt;
}

// Code points, not bytes: "255 characters" should mean the same for "Café" as for "Cafe".
// simdjson has already validated the UTF-8, so counting non-continuation bytes is exact.
std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; }
char upper(char c) { return c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// "fr", "EN", "fr-fr", "en-GB" -> "fr", "en", "fr-FR", "en-GB"; anything else: nullopt.
std::optional<std::string> normalize_language(std::string_view s) {
  if (s.size() != 2 && s.size() != 5) return std::nullopt;
  std::string out{lower(s[0]), lower(s[1])};
  if (out != "fr" && out != "en") return std::nullopt;
  if (s.size() == 5) {
    if (s[2] != '-' || !is_alpha(s[3]) || !is_alpha(s[4])) return std::nullopt;
    out += '-';
    out += upper(s[3]);
    out += upper(s[4]);
  }
  return out;
}

Status check_string_rule(Field f, std::string& value) {
  const std::string name(kFieldNames[f]);
  switch (f) {
    case kName: {
      auto n = utf8_length(value);
      if (n == 0 || n > 255) return Error::invalid(name, "must be 1 to 255 characters");
      return {};
    }
    case kPhoneNumber:
      if (!is_e164(value)) return Error::invalid(name, "must be E.164: '+' then 8 to 15 digits");
      return {};
    case kAiModel:
    case kVoiceType:
      if (value.empty()) return Error::invalid(name, "must not be empty");
      return {};
    case kLanguage: {
      auto lang = normalize_language(value);
      if (!lang)
        return Error::invalid(name, "must be \"fr\" or \"en\", optionally with a region (\"fr-FR\")");
      value = std::move(*lang);
      return {};
    }
    case kMode:
      if (value != "twiml" && value != "stream") return Error::invalid(name, std::string(kModeRule));
      return {};
    default:
      return {};
  }
}

std::optional<std::string>& slot(AssistantUpdated& p, Field f) {
  switch (f) {
    case kName: return p.name;
    case kDescription: return p.description;
    case kPhoneNumber: return p.phone_number;
    case kAiModel: return p.ai_model;
    case kVoiceType: return p.voice_type;
    case kLanguage: return p.language;
    case kSystemPrompt: return p.system_prompt;
    case kMode: return p.mode;
    default: return p.context_data;
  }
}

// Every field the body carries, type-checked and rule-checked; absent ones stay empty.
// POST and PATCH share this so that the two can never disagree on what a valid value is.
Result<AssistantUpdated> parse_fields(std::string_view json) {
  auto object = parse_json_object(json);
  if (!object) return std::move(object).error();

  AssistantUpdated out;
  std::array<bool, kFieldCount> seen{};
  for (auto [key, value] : *object) {
    auto f = field_of(key);
    if (!f) return Error::invalid(std::string(key), "unknown field");
    if (seen[*f]) return Error::invalid(std::string(key), "given more than once");
    seen[*f] = true;
    const std::string name(key);
    if (*f == kIsActive || *f == kInterruptible) {
      bool b;
      if (value.get(b)) return Error::invalid(name, "must be true or false");
      (*f == kIsActive ? out.is_active : out.interruptible) = b;
    } else if (*f == kEndSilenceMs || *f == kBargeInMs) {
      // Whole milliseconds; the range is the assistant rules' (a 400 naming the field).
      std::int64_t ms;
      if (value.get(ms) || ms < 0 || ms > 1'000'000)
        return Error::invalid(name, "must be a whole number of milliseconds");
      (*f == kEndSilenceMs ? out.end_silence_ms : out.barge_in_ms) = std::int32_t(ms);
    } else if (*f == kContextData) {
      if (!value.is_object()) return Error::invalid(name, "must be a JSON object");
      out.context_data = simdjson::minify(value);
    } else {
      std::string_view s;
      if (value.get(s)) return Error::invalid(name, "must be a string");
      std::string text(s);
      if (auto ok = check_string_rule(*f, text); !ok) return std::move(ok).error();
      slot(out, *f) = std::move(text);
    }
  }
  return out;
}

void append_view(std::string& out, const AssistantView& v) {
  const AssistantProfile& p = v.profile;
  auto str = [&out](std::string_view key, std::string_view value) {
    out += '"';
    out += key;
    out += "\":";
    append_json_string(out, value);
    out += ',';
  };
  out += '{';
  str("id", v.id);
  str("tenant_id", v.tenant_id);
  str("name", p.name);
  str("description", p.description);
  str("phone_number", p.phone_number);
  str("ai_model", p.ai_model);
  str("voice_type", p.voice_type);
  str("language", p.language);
  str("system_prompt", p.system_prompt);
  out += "\"context_data\":";
  // Stored text came from this parser, so it is an object; an empty one only from a default.
  out += p.context_data.empty() ? std::string_view("{}") : std::string_view(p.context_data);
  out += ",\"is_active\":";
  out += p.is_active ? "true" : "false";
  out += ',';
  str("mode", p.mode);
  out += "\"end_silence_ms\":" + std::to_string(p.end_silence_ms);
  out += ",\"barge_in_ms\":" + std::to_string(p.barge_in_ms);
  out += ",\"interruptible\":";
  out += p.interruptible ? "true," : "false,";
  str("created_at", format_utc(v.created_at));
  str("updated_at", format_utc(v.updated_at));
  out += "\"version\":";
  out += std::to_string(v.version);
  out += '}';
}

}  // namespace

Result<AssistantProfile> parse_assistant_profile(std::string_view json) {
  auto fields = parse_fields(json);
  if (!fields) return std::move(fields).error();
  auto& f = *fields;
  if (!f.name) return Error::invalid("name", "is required");
  if (!f.phone_number) return Error::invalid("phone_number", "is required");
  AssistantProfile p;
  p.name = std::move(*f.name);
  p.phone_number = std::move(*f.phone_number);
  if (f.description) p.description = std::move(*f.description);
  if (f.ai_model) p.ai_model = std::move(*f.ai_model);
  if (f.voice_type) p.voice_type = std::move(*f.voice_type);
  if (f.language) p.language = std::move(*f.language);
  if (f.system_prompt) p.system_prompt = std::move(*f.system_prompt);
  if (f.context_data) p.context_data = std::move(*f.context_data);
  if (f.is_active) p.is_active = *f.is_active;
  if (f.mode) p.mode = std::move(*f.mode);
  if (f.end_silence_ms) p.end_silence_ms = *f.end_silence_ms;
  if (f.barge_in_ms) p.barge_in_ms = *f.barge_in_ms;
  if (f.interruptible) p.interruptible = *f.interruptible;
  return p;
}

Result<AssistantUpdated> parse_assistant_patch(std::string id, std::string_view json) {
  auto fields = parse_fields(json);
  if (!fields) return std::move(fields).error();
  fields->assistant_id = std::move(id);
  return fields;
}

bool is_empty_patch(const AssistantUpdated& p) {
  return !p.name && !p.description && !p.phone_number && !p.ai_model && !p.voice_type &&
         !p.language && !p.system_prompt && !p.context_data && !p.is_active && !p.mode && !p.end_silence_ms && !p.barge_in_ms &&
         !p.interruptible;
}

std::string render_assistant(const AssistantView& view) {
  std::string out;
  out.reserve(512 + view.profile.system_prompt.size() + view.profile.context_data.size());
  append_view(out, view);
  return out;
}

std::string render_assistant_list(const std::vector<AssistantView>& views) {
  std::string out = "{\"assistants\":[";
  for (std::size_t i = 0; i < views.size(); ++i) {
    if (i) out += ',';
    append_view(out, views[i]);
  }
  out += "]}";
  return out;
}

std::string render_call_events(std::string_view call_sid, const std::vector<Envelope>& events) {
  std::string out = "{\"call_sid\":";
  append_json_string(out, call_sid);
  out += ",\"events\":[";
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (i) out += ',';
    out += encode(events[i]);
  }
  out += "]}";
  return out;
}

}  // namespace webox::http
