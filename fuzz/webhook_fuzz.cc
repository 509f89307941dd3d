// Fuzzes the Twilio webhook parsers (http/twilio_routes.h): parse_voice_webhook,
// parse_gather_webhook and parse_status_webhook turn a form body from the internet into what
// the engine acts on, and a refusal must happen before anything reaches the engine.
//
// Properties, besides "no crash, no leak, no UB":
// - a body that is not a valid form is refused by all three, naming the same field parse_form
//   names; every refusal is invalid_argument with a field;
// - what is accepted obeys the header's rules, checked here independently: CallSid is 1..64
//   letters/digits/'-'/'_', To is '+' then 8..15 digits, Confidence a finite number in [0, 1],
//   CallDuration non-negative, has_speech exactly when SpeechResult is present, and the fields
//   are the form's first values;
// - request_digest is the lowercase hex SHA-256 of the body, so equal bodies hash equal;
// - the same form, re-encoded (form_encode), parses to the same webhook.
#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>

#include "adapters/twilio/form.h"
#include "adapters/twilio/signature.h"
#include "fuzz/check.h"
#include "http/twilio_routes.h"

using namespace webox;
using namespace webox::fuzz;

namespace {

bool call_sid_shape(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
          c == '_'))
      return false;
  return true;
}

bool e164(std::string_view p) {
  if (p.size() < 9 || p.size() > 16 || p[0] != '+' || p[1] == '0') return false;
  for (char c : p.substr(1))
    if (c < '0' || c > '9') return false;
  return true;
}

bool lower_hex_64(std::string_view d) {
  if (d.size() != 64) return false;
  for (char c : d)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

template <class Hook>
void check_common(const Result<Hook>& hook, const Result<twilio::FormParams>& form,
                  std::string_view body) {
  if (!form) {
    FUZZ_CHECK(!hook, "a body that is not a form is refused");
    FUZZ_CHECK(hook.error().field == form.error().field, "the refusal names parse_form's field");
    return;
  }
  if (!hook) {
    FUZZ_CHECK(hook.error().code == Errc::invalid_argument, "a refused webhook is invalid_argument");
    FUZZ_CHECK(!hook.error().field.empty(), "a refused webhook names the form field");
    return;
  }
  FUZZ_CHECK(call_sid_shape(hook->call_sid), "CallSid is letters, digits, '-', '_'");
  FUZZ_CHECK(hook->call_sid == form->value_or("CallSid"), "CallSid is the form's first value");
  FUZZ_CHECK(lower_hex_64(hook->request_digest), "the digest is lowercase hex SHA-256");
  FUZZ_CHECK(hook->request_digest == twilio::sha256_hex(body), "the digest hashes the body");
}

// Parsing the re-encoded form gives the same webhook, digest aside (the bytes differ).
template <class Hook>
void check_reencoded(const Result<Hook>& hook, Result<Hook> again) {
  FUZZ_CHECK(hook.ok() == again.ok(), "re-encoding the form does not change the verdict");
  if (!hook) {
    FUZZ_CHECK(hook.error().field == again.error().field, "nor the field at fault");
    return;
  }
  again->request_digest = hook->request_digest;
  if constexpr (std::is_same_v<Hook, GatherWebhook>) {
    FUZZ_CHECK(hook->call_sid == again->call_sid && hook->has_speech == again->has_speech &&
                   hook->speech_result == again->speech_result &&
                   hook->confidence == again->confidence && hook->digits == again->digits,
               "a re-encoded gather form is the same webhook");
  } else if constexpr (std::is_same_v<Hook, VoiceWebhook>) {
    FUZZ_CHECK(hook->call_sid == again->call_sid && hook->account_sid == again->account_sid &&
                   hook->from == again->from && hook->to == again->to &&
                   hook->call_status == again->call_status && hook->direction == again->direction,
               "a re-encoded voice form is the same webhook");
  } else {
    FUZZ_CHECK(hook->call_sid == again->call_sid && hook->call_status == again->call_status &&
                   hook->call_duration == again->call_duration,
               "a re-encoded status form is the same webhook");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body = as_text(data, size);
  const auto form = twilio::parse_form(body);

  const auto voice = http::parse_voice_webhook(body);
  check_common(voice, form, body);
  if (voice) {
    FUZZ_CHECK(e164(voice->to), "To is E.164");
    FUZZ_CHECK(!voice->from.empty() && voice->from == form->value_or("From"), "From is the form's");
    FUZZ_CHECK(voice->account_sid == form->value_or("AccountSid") &&
                   voice->call_status == form->value_or("CallStatus") &&
                   voice->direction == form->value_or("Direction"),
               "pass-through fields are the form's first values");
  }

  const auto gather = http::parse_gather_webhook(body);
  check_common(gather, form, body);
  if (gather) {
    FUZZ_CHECK(gather->has_speech == form->has("SpeechResult"), "has_speech iff SpeechResult");
    FUZZ_CHECK(gather->speech_result == form->value_or("SpeechResult"), "the speech is the form's");
    FUZZ_CHECK(std::isfinite(gather->confidence) && gather->confidence >= 0 &&
                   gather->confidence <= 1,
               "Confidence is a number in [0, 1]");
    FUZZ_CHECK(gather->digits == form->value_or("Digits"), "Digits is the form's");
  }

  const auto status = http::parse_status_webhook(body);
  check_common(status, form, body);
  if (status) {
    FUZZ_CHECK(!status->call_status.empty() && status->call_status == form->value_or("CallStatus"),
               "CallStatus is the form's and not empty");
    FUZZ_CHECK(status->call_duration >= 0, "CallDuration is not negative");
  }

  if (form) {
    const std::string reencoded = twilio::form_encode(*form);
    check_reencoded(voice, http::parse_voice_webhook(reencoded));
    check_reencoded(gather, http::parse_gather_webhook(reencoded));
    check_reencoded(status, http::parse_status_webhook(reencoded));
    FUZZ_CHECK(!status || http::parse_status_webhook(body)->request_digest == status->request_digest,
               "the same body hashes the same");
  }
  return 0;
}
