// application/x-www-form-urlencoded, as Twilio sends its webhooks (POST bodies, GET queries).
//
//   auto form = parse_form("CallSid=CA01&From=%2B33612345678&CallerCity=SAINT+ETIENNE&ToZip=");
//   form->value_or("From")        -> "+33612345678"
//   form->value_or("CallerCity")  -> "SAINT ETIENNE"
//   form->has("ToZip")            -> true (empty values are kept: they count in the signature)
//   form->get("Digits")           -> nullptr
//   parse_form("SpeechResult=caf%G9")  -> Error{invalid_argument, field "SpeechResult"}
//   form_encode(*form)  -> "CallSid=CA01&From=%2B33612345678&CallerCity=SAINT+ETIENNE&ToZip="
//
// Contract:
// - Pairs keep arrival order; repeated keys are all kept (StatusCallbackEvent=a&...=b).
// - '+' is a space, %XX is a byte (hex digits in either case). Empty segments ("a=1&&b=2", a
//   trailing '&') are skipped; a segment without '=' is a key with an empty value. Only '&'
//   separates pairs.
// - Decoded keys and values must be valid UTF-8. A bad escape (%G1, a truncated %4) or invalid
//   UTF-8 is refused as Error::invalid(field, message) where field is the decoded key of the
//   faulty value, or "body" when the key itself is at fault. Nothing is silently dropped or
//   repaired: a webhook we cannot read exactly is one we must not act on.
// - A query string is passed without its leading '?'.
// - form_encode() writes what Twilio's SDKs write: RFC 3986 unreserved characters as they are,
//   space as '+', every other byte as uppercase %XX. parse_form(form_encode(f)) gives back f.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "events/result.h"

namespace webox::twilio {

struct FormParams {
  std::vector<std::pair<std::string, std::string>> pairs;  // in arrival order

  const std::string* get(std::string_view key) const;  // the first value, or nullptr
  std::string value_or(std::string_view key, std::string_view fallback = {}) const;
  std::vector<std::string_view> all(std::string_view key) const;  // every value, in order
  bool has(std::string_view key) const;
};

Result<FormParams> parse_form(std::string_view body);

std::string form_encode(const FormParams& form);

// %XX decoding of one component, bytes in, bytes out (no UTF-8 check: parse_form adds it).
// With plus_is_space, '+' decodes to ' ' (forms); without it '+' stays (URL paths).
// A bad escape is Error::invalid("body", ...) naming the escape and its offset.
Result<std::string> percent_decode(std::string_view text, bool plus_is_space = true);

// The encoding form_encode() uses for one key or value.
std::string percent_encode(std::string_view text);

}  // namespace webox::twilio
