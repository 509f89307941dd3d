// A small, tolerant XML reader: just what the simulator needs to follow a TwiML document.
//
//   auto root = read_xml(R"(<?xml version="1.0"?><Response><Gather action="/g?a=1&amp;b=2">)"
//                        R"(<Say>C&apos;est not&#233;.</Say></Gather><Hangup/></Response>)");
//   root->name                                   -> "Response"
//   root->children[0].attribute_or("action")     -> "/g?a=1&b=2"
//   root->children[0].children[0].text           -> "C'est noté."
//   root->children[1].name                       -> "Hangup"
//
// Contract:
// - Elements, attributes ('…' or "…"), character data, CDATA, the five predefined entities and
//   numeric character references. The declaration, processing instructions, comments and a
//   DOCTYPE are skipped.
// - `text` is all the character data inside an element, its children's included, in document
//   order: a <Say> with SSML children still reads as one sentence, and a <Dial> gives its number
//   whether bare or inside <Number>.
// - Tolerant where a guess is safe: an unknown entity or a lone '&' stays as written, a '<' that
//   cannot start a tag is text, an attribute may be unquoted or have no value, anything after
//   the root element is ignored, a character reference to a non-XML code point becomes U+FFFD.
// - Strict where a guess would change the meaning: a close tag that does not match, an
//   unterminated tag, comment or CDATA, an unclosed element, or no element at all is
//   Error::invalid("twiml", message with the byte offset).
// - Elements nested deeper than kMaxXmlDepth are refused. TwiML needs four levels; the cap keeps
//   a runaway document from exhausting the stack when the tree is destroyed. The reader itself
//   does not recurse.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "events/result.h"

namespace webox::tools {

inline constexpr std::size_t kMaxXmlDepth = 256;

struct XmlElement {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;  // in document order
  std::string text;                                             // see the contract above
  std::vector<XmlElement> children;

  const std::string* attribute(std::string_view key) const;  // nullptr when absent
  std::string attribute_or(std::string_view key, std::string_view fallback = {}) const;
};

Result<XmlElement> read_xml(std::string_view document);

// Whitespace runs to one space, trimmed: what a voice would say of pretty-printed XML text.
std::string squish(std::string_view text);

}  // namespace webox::tools
