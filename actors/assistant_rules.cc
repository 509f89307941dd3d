#include "actors/assistant_rules.h"

#include <simdjson.h>

namespace webox {
namespace {

Status check_length(const char* field, const std::string& v, std::size_t min, std::size_t max) {
  if (v.size() < min)
    return Error::invalid(field, min == 1 ? "must not be empty"
                                          : "must have at least " + std::to_string(min) + " bytes");
  if (v.size() > max) return Error::invalid(field, "must have at most " + std::to_string(max) + " bytes");
  return {};
}

Status check_language(const std::string& lang) {
  // The local brain speaks French and English; a region is allowed ("fr-FR", "en-GB").
  std::string base = lang.substr(0, lang.find('-'));
  if (base != "fr" && base != "en")
    return Error::invalid("language", "must be \"fr\" or \"en\", optionally with a region (\"fr-FR\")");
  if (lang.size() != 2 && lang.size() != 5)
    return Error::invalid("language", "must look like \"fr\" or \"fr-FR\"");
  return {};
}

Status check_context(const std::string& json) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  auto doc = parser.parse(padded);
  if (doc.error()) return Error::invalid("context_data", "must be valid JSON");
  if (!doc.value().is_object()) return Error::invalid("context_data", "must be a JSON object");
  if (json.size() > 256 * 1024) return Error::invalid("context_data", "must be at most 256 KiB");
  return {};
}

// The VAD's range (adapters/audio/vad.h): under 100 ms a breath between words ends the turn.
Status check_millis(const char* field, std::int32_t ms, std::int32_t min, std::int32_t max) {
  if (ms < min || ms > max)
    return Error::invalid(field, "must be " + std::to_string(min) + " to " + std::to_string(max) +
                                     " milliseconds");
  return {};
}

}  // namespace

bool is_e164(std::string_view phone) {
  if (phone.size() < 9 || phone.size() > 16 || phone[0] != '+' || phone[1] == '0') return false;
  for (std::size_t i = 1; i < phone.size(); ++i)
    if (phone[i] < '0' || phone[i] > '9') return false;
  return true;
}

// Characters, not bytes, as the HTTP layer counts them: "Café" and "Cafe" are both 4.
static Status check_name(const std::string& name) {
  std::size_t n = 0;
  for (unsigned char c : name) n += (c & 0xC0) != 0x80;
  if (n == 0 || n > 255) return Error::invalid("name", "must be 1 to 255 characters");
  return {};
}

Status validate_patch(const AssistantUpdated& u) {
  if (u.name)
    if (auto s = check_name(*u.name); !s) return s;
  if (u.description)
    if (auto s = check_length("description", *u.description, 0, 10'000); !s) return s;
  if (u.phone_number && !is_e164(*u.phone_number))
    return Error::invalid("phone_number", "must be in E.164 form, e.g. \"+33123456789\"");
  if (u.ai_model)
    if (auto s = check_length("ai_model", *u.ai_model, 1, 50); !s) return s;
  if (u.voice_type)
    if (auto s = check_length("voice_type", *u.voice_type, 1, 50); !s) return s;
  if (u.language)
    if (auto s = check_language(*u.language); !s) return s;
  if (u.system_prompt)
    if (auto s = check_length("system_prompt", *u.system_prompt, 0, 32'000); !s) return s;
  if (u.context_data)
    if (auto s = check_context(*u.context_data); !s) return s;
  if (u.mode && *u.mode != "twiml" && *u.mode != "stream")
    return Error::invalid("mode", "must be \"twiml\" or \"stream\"");
  if (u.end_silence_ms)
    if (auto s = check_millis("end_silence_ms", *u.end_silence_ms, 100, 10'000); !s) return s;
  if (u.barge_in_ms)
    if (auto s = check_millis("barge_in_ms", *u.barge_in_ms, 100, 5'000); !s) return s;
  return {};
}

Status validate_profile(const AssistantProfile& p) {
  AssistantUpdated all{.name = p.name, .description = p.description,
                       .phone_number = p.phone_number, .ai_model = p.ai_model,
                       .voice_type = p.voice_type, .language = p.language,
                       .system_prompt = p.system_prompt, .context_data = p.context_data,
                       .is_active = p.is_active, .mode = p.mode,
                       .end_silence_ms = p.end_silence_ms, .barge_in_ms = p.barge_in_ms,
                       .interruptible = p.interruptible};
  return validate_patch(all);
}

AssistantProfile apply_patch(AssistantProfile p, const AssistantUpdated& u) {
  if (u.name) p.name = *u.name;
  if (u.description) p.description = *u.description;
  if (u.phone_number) p.phone_number = *u.phone_number;
  if (u.ai_model) p.ai_model = *u.ai_model;
  if (u.voice_type) p.voice_type = *u.voice_type;
  if (u.language) p.language = *u.language;
  if (u.system_prompt) p.system_prompt = *u.system_prompt;
  if (u.context_data) p.context_data = *u.context_data;
  if (u.is_active) p.is_active = *u.is_active;
  if (u.mode) p.mode = *u.mode;
  if (u.end_silence_ms) p.end_silence_ms = *u.end_silence_ms;
  if (u.barge_in_ms) p.barge_in_ms = *u.barge_in_ms;
  if (u.interruptible) p.interruptible = *u.interruptible;
  return p;
}

}  // namespace webox
