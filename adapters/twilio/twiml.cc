#include "adapters/twilio/twiml.h"

#include <initializer_list>
#include <utility>

#include "events/utf8.h"

namespace webox::twilio {
namespace {

constexpr std::string_view kDeclaration = R"(<?xml version="1.0" encoding="UTF-8"?>)";

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
      out += kReplacementChar;
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
  std::string_view value;  // empty: not written, unless `always`
  bool always = false;
};

// `attrs` must already be in alphabetical order: that is the order the SDK prints.
void append_element(std::string& out, std::string_view name, std::initializer_list<Attr> attrs,
                    std::string_view content) {
  out.push_back('<');
  out += name;
  for (const Attr& a : attrs) {
    if (a.value.empty() && !a.always) continue;
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

Twiml& Twiml::connect_stream(ConnectStream c) {
  std::string params;
  for (const StreamParameter& p : c.parameters) {
    if (p.name.empty()) continue;
    append_element(params, "Parameter", {{"name", p.name}, {"value", p.value, true}}, {});
  }
  std::string stream;
  append_element(stream, "Stream",
                 {{"name", c.name}, {"statusCallback", c.status_callback}, {"url", c.url}},
                 params);
  append_element(verbs_, "Connect", {{"action", c.action}, {"method", c.method}}, stream);
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
