#include "adapters/twilio/twiml.h"

#include <initializer_list>
#include <utility>

namespace webox::twilio {
namespace {

constexpr std::string_view kDeclaration = R"(<?xml version="1.0" encoding="UTF-8"?>)";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// A lead byte's sequence length and the bounds of the byte after it (Unicode table 3-7), which
// rule out overlongs, surrogates and anything above U+10FFFF. Length 0: not a lead byte.
struct Lead {
  std::size_t len;
  unsigned char lo, hi;
};

Lead classify(unsigned char c) {
  if (c < 0x80) return {1, 0, 0};
  if (c >= 0xC2 && c <= 0xDF) return {2, 0x80, 0xBF};
  if (c == 0xE0) return {3, 0xA0, 0xBF};
  if (c == 0xED) return {3, 0x80, 0x9F};
  if (c >= 0xE1 && c <= 0xEF) return {3, 0x80, 0xBF};
  if (c == 0xF0) return {4, 0x90, 0xBF};
  if (c >= 0xF1 && c <= 0xF3) return {4, 0x80, 0xBF};
  if (c == 0xF4) return {4, 0x80, 0x8F};
  return {0, 0, 0};
}

// Length of the well-formed UTF-8 sequence at s[i], or 0 when ill-formed. On 0, `skip` is the
// maximal ill-formed subpart, so each broken sequence becomes one U+FFFD as the Unicode standard
// recommends (and as browsers and Python do).
std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp, std::size_t& skip) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const Lead lead = classify(p[i]);
  skip = 1;
  if (lead.len == 0) return 0;
  if (lead.len > 1 && (i + 1 >= s.size() || p[i + 1] < lead.lo || p[i + 1] > lead.hi)) return 0;
  for (std::size_t k = 2; k < lead.len; ++k) {
    if (i + k >= s.size() || p[i + k] < 0x80 || p[i + k] > 0xBF) {
      skip = k;
      return 0;
    }
  }
  static constexpr unsigned char kLeadBits[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  cp = p[i] & kLeadBits[lead.len];
  for (std::size_t k = 1; k < lead.len; ++k) cp = (cp << 6) | (p[i + k] & 0x3F);
  return lead.len;
}

// XML 1.0 Char production, minus DEL and the C1 controls (allowed but meaningless to a voice).
bool speakable_xml_char(char32_t cp) {
  if (cp == 0x9 || cp == 0xA || cp == 0xD) return true;
  if (cp < 0x20) return false;
  if (cp >= 0x7F && cp <= 0x9F) return false;
  if (cp == 0xFFFE || cp == 0xFFFF) return false;
  return true;  // surrogates and > U+10FFFF never come out of a well-formed sequence
}

void append_escaped(std::string& out, std::string_view text, bool attribute) {
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    std::size_t skip = 1;
    const std::size_t len = utf8_sequence(text, i, cp, skip);
    if (len == 0) {
      out += kReplacement;
      i += skip;
      continue;
    }
    if (speakable_xml_char(cp)) {
      switch (cp) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        // Attribute-value normalisation would turn these into spaces; references survive it.
        case '\t': out += attribute ? "&#9;" : "\t"; break;
        case '\n': out += attribute ? "&#10;" : "\n"; break;
        case '\r': out += attribute ? "&#13;" : "\r"; break;
        default: out.append(text.substr(i, len));
      }
    }
    i += len;
  }
}

struct Attr {
  std::string_view name;
  std::string_view value;  // empty: not written
};

// `attrs` must already be in alphabetical order: that is the order the SDK prints.
void append_element(std::string& out, std::string_view name, std::initializer_list<Attr> attrs,
                    std::string_view content) {
  out.push_back('<');
  out += name;
  for (const Attr& a : attrs) {
    if (a.value.empty()) continue;
    out.push_back(' ');
    out += a.name;
    out += "=\"";
    append_escaped(out, a.value, /*attribute=*/true);
    out.push_back('"');
  }
  if (content.empty()) {
    out += " />";
    return;
  }
  out.push_back('>');
  out += content;
  out += "</";
  out += name;
  out.push_back('>');
}

std::string positive(int n) { return n > 0 ? std::to_string(n) : std::string(); }

void append_say(std::string& out, const Say& s) {
  const std::string text = xml_escape(s.text);
  if (text.empty()) return;
  append_element(out, "Say", {{"language", s.language}, {"voice", s.voice}}, text);
}

}  // namespace

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_escaped(out, text, /*attribute=*/false);
  return out;
}

Twiml& Twiml::say(Say s) {
  append_say(verbs_, s);
  return *this;
}

Twiml& Twiml::gather(Gather g) {
  std::string prompts;
  for (const Say& s : g.prompts) append_say(prompts, s);
  const std::string timeout = positive(g.timeout);
  append_element(verbs_, "Gather",
                 {{"action", g.action},
                  {"actionOnEmptyResult", g.action_on_empty_result ? "true" : "false"},
                  {"hints", g.hints},
                  {"input", g.input},
                  {"language", g.language},
                  {"method", g.method},
                  {"speechTimeout", g.speech_timeout},
                  {"timeout", timeout}},
                 prompts);
  return *this;
}

Twiml& Twiml::dial(Dial d) {
  const std::string timeout = positive(d.timeout);
  append_element(verbs_, "Dial",
                 {{"action", d.action}, {"callerId", d.caller_id}, {"timeout", timeout}},
                 xml_escape(d.number));
  return *this;
}

Twiml& Twiml::redirect(std::string url, std::string method) {
  append_element(verbs_, "Redirect", {{"method", method}}, xml_escape(url));
  return *this;
}

Twiml& Twiml::pause(int seconds) {
  if (seconds <= 0) return *this;
  append_element(verbs_, "Pause", {{"length", std::to_string(seconds)}}, {});
  return *this;
}

Twiml& Twiml::hangup() {
  append_element(verbs_, "Hangup", {}, {});
  return *this;
}

Twiml& Twiml::reject(std::string reason) {
  append_element(verbs_, "Reject", {{"reason", reason}}, {});
  return *this;
}

std::string Twiml::str() const {
  std::string out(kDeclaration);
  if (verbs_.empty()) {
    out += "<Response />";
    return out;
  }
  out.reserve(out.size() + verbs_.size() + 21);
  out += "<Response>";
  out += verbs_;
  out += "</Response>";
  return out;
}

}  // namespace webox::twilio
