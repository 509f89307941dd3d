// Fuzzes application/x-www-form-urlencoded parsing (adapters/twilio/form.h), the first code
// that touches every Twilio webhook body.
//
// Properties (form.h's contract), besides "no crash, no leak, no UB":
// - parse_form either refuses with invalid_argument naming a field, or gives pairs whose keys
//   and values are all valid UTF-8 (checked with fuzz/check.h's own reader);
// - form_encode writes only unreserved characters, '+', uppercase %XX, '=' and '&', and
//   parse_form(form_encode(f)) == f;
// - percent_decode(percent_encode(b)) == b for any bytes b, and a successful percent_decode
//   re-encodes to text that decodes to the same bytes;
// - without plus_is_space, decoding differs from the form decoding only where '+' was.
#include <cstdint>
#include <string>

#include "adapters/twilio/form.h"
#include "fuzz/check.h"

using namespace webox;
using namespace webox::twilio;
using namespace webox::fuzz;

namespace {

bool is_unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '.' || c == '_' || c == '~';
}

bool is_upper_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); }

// What form_encode may write, checked character by character.
bool encoded_shape_ok(std::string_view s, bool separators_allowed) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (is_unreserved(c) || c == '+') continue;
    if (separators_allowed && (c == '=' || c == '&')) continue;
    if (c != '%' || i + 2 >= s.size() || !is_upper_hex(s[i + 1]) || !is_upper_hex(s[i + 2]))
      return false;
    i += 2;
  }
  return true;
}

void check_form(std::string_view body) {
  auto form = parse_form(body);
  if (!form) {
    FUZZ_CHECK(form.error().code == Errc::invalid_argument, "a refused form is invalid_argument");
    // The field is the faulty value's key, or "body"; it can only be empty for an empty key.
    const bool empty_key = body.substr(0, 1) == "=" || body.find("&=") != std::string_view::npos;
    FUZZ_CHECK(!form.error().field.empty() || empty_key, "a refused form names a field (or \"body\")");
    return;
  }
  for (const auto& [k, v] : form->pairs) {
    FUZZ_CHECK(valid_utf8(k), "a parsed key is valid UTF-8");
    FUZZ_CHECK(valid_utf8(v), "a parsed value is valid UTF-8");
  }
  // Every non-empty '&'-separated segment is one pair: nothing dropped, nothing invented.
  std::size_t segments = 0;
  for (std::size_t start = 0; start <= body.size();) {
    std::size_t end = body.find('&', start);
    if (end == std::string_view::npos) end = body.size();
    segments += end > start;
    start = end + 1;
  }
  FUZZ_CHECK(form->pairs.size() == segments, "one pair per non-empty segment");

  const std::string encoded = form_encode(*form);
  FUZZ_CHECK(encoded_shape_ok(encoded, true), "form_encode writes only its alphabet");
  auto again = parse_form(encoded);
  FUZZ_CHECK(again.ok(), "what form_encode writes parses");
  FUZZ_CHECK(again->pairs == form->pairs, "parse_form(form_encode(f)) == f");
  FUZZ_CHECK(form_encode(*again) == encoded, "form_encode is a fixed point after one round");

  // Lookups scan the pairs: the first few keys are enough, and keep a run linear.
  for (std::size_t i = 0; i < form->pairs.size() && i < 16; ++i) {
    const std::string& k = form->pairs[i].first;
    FUZZ_CHECK(form->get(k) != nullptr && form->has(k), "every parsed key is found");
    FUZZ_CHECK(form->all(k).size() >= 1 && form->all(k).front() == *form->get(k),
               "get() is the first of all()");
  }
}

void check_percent(std::string_view text) {
  // Any bytes survive encode then decode.
  const std::string enc = percent_encode(text);
  FUZZ_CHECK(encoded_shape_ok(enc, false), "percent_encode writes only its alphabet");
  auto back = percent_decode(enc);
  FUZZ_CHECK(back.ok() && *back == text, "percent_decode(percent_encode(b)) == b");

  auto plus_space = percent_decode(text, true);
  auto plus_kept = percent_decode(text, false);
  FUZZ_CHECK(plus_space.ok() == plus_kept.ok(), "'+' handling does not change what is refused");
  if (!plus_space) {
    FUZZ_CHECK(plus_space.error().field == "body", "a bad escape names the body");
    return;
  }
  FUZZ_CHECK(plus_space->size() == plus_kept->size(), "'+' decodes to one byte either way");
  FUZZ_CHECK(plus_space->size() <= text.size(), "decoding never grows the text");
  for (std::size_t i = 0; i < plus_space->size(); ++i) {
    char a = (*plus_space)[i], b = (*plus_kept)[i];
    FUZZ_CHECK(a == b || (a == ' ' && b == '+'), "the two modes differ only on '+'");
  }
  auto round = percent_decode(percent_encode(*plus_space));
  FUZZ_CHECK(round.ok() && *round == *plus_space, "decoded bytes re-encode to themselves");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = as_text(data, size);
  check_form(text);
  check_percent(text);
  return 0;
}
