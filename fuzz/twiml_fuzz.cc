// Fuzzes the TwiML writer (adapters/twilio/twiml.h): whatever the brain or a caller's words put
// in a <Say>, Twilio must receive a document it can parse, saying what was meant.
//
// The input drives a sequence of verbs with arbitrary text, attributes and numbers. Properties,
// checked with a small XML reader written here (not the engine's), besides "no crash, no UB":
// - the document is well-formed: the declaration, one <Response> root, balanced tags, quoted
//   attributes, '<' and '&' only as markup or entity/character references, every character
//   allowed by XML 1.0 and valid UTF-8;
// - the SDK form twiml.h promises: `<Name />` for empty elements, attributes in alphabetical
//   order, no raw tab/LF/CR in attribute values, the five specials always escaped;
// - the document says what was built: the reader's tree equals a model of the verbs, where each
//   text is the input with invalid UTF-8 as U+FFFD and unspeakable controls dropped (the
//   contract, reimplemented here), Says left out when that leaves nothing, and so on;
// - xml_escape alone on the raw input obeys the same rules.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "adapters/twilio/twiml.h"
#include "fuzz/check.h"
#include "fuzz/input.h"

using namespace webox;
using namespace webox::fuzz;
using namespace webox::twilio;

namespace {

// ---- the contract, reimplemented: what a text should read as once parsed ----

bool speakable(char32_t cp) {
  if (cp == 0x9 || cp == 0xA || cp == 0xD) return true;
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return false;
  return cp != 0xFFFE && cp != 0xFFFF;
}

std::string expected_text(std::string_view in) {
  std::string out;
  for (std::size_t i = 0; i < in.size();) {
    char32_t cp;
    std::size_t skip;
    std::size_t len = utf8_decode(in, i, cp, skip);
    if (len == 0) {
      append_utf8(out, 0xFFFD);
      i += skip;
      continue;
    }
    if (speakable(cp)) out.append(in.substr(i, len));
    i += len;
  }
  return out;
}

// ---- a small XML reader: the subset TwiML uses, strictly ----

struct Node {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attrs;  // decoded values, in document order
  std::string text;                                        // decoded character data
  std::vector<Node> children;
  bool operator==(const Node&) const = default;
};

class Reader {
 public:
  explicit Reader(std::string_view doc) : s_(doc) {}

  Node document() {
    constexpr std::string_view kDecl = R"(<?xml version="1.0" encoding="UTF-8"?>)";
    FUZZ_CHECK(s_.substr(0, kDecl.size()) == kDecl, "the document starts with the declaration");
    FUZZ_CHECK(valid_utf8(s_), "the document is valid UTF-8");
    i_ = kDecl.size();
    Node root = element();
    FUZZ_CHECK(i_ == s_.size(), "nothing follows the root element");
    FUZZ_CHECK(root.name == "Response", "the root is <Response>");
    return root;
  }

 private:
  bool at(std::string_view t) const { return s_.substr(i_, t.size()) == t; }
  void expect(std::string_view t, const char* what) {
    FUZZ_CHECK(at(t), what);
    i_ += t.size();
  }

  std::string name() {
    std::size_t b = i_;
    while (i_ < s_.size() && ((s_[i_] >= 'A' && s_[i_] <= 'Z') || (s_[i_] >= 'a' && s_[i_] <= 'z')))
      ++i_;
    FUZZ_CHECK(i_ > b, "an element or attribute has a name");
    return std::string(s_.substr(b, i_ - b));
  }

  // One XML Char (UTF-8 already checked), minus what twiml.h drops: DEL and C1 controls.
  void character(std::string& out, bool attribute) {
    char32_t cp;
    std::size_t skip;
    std::size_t len = utf8_decode(s_, i_, cp, skip);
    FUZZ_CHECK(len > 0, "valid UTF-8");
    FUZZ_CHECK(speakable(cp), "only characters XML allows and a voice can speak");
    FUZZ_CHECK(cp != '>' && cp != '\'' && cp != '"', "the five specials are always escaped");
    if (attribute) FUZZ_CHECK(cp != '\t' && cp != '\n' && cp != '\r', "no raw tab/LF/CR in attributes");
    out.append(s_.substr(i_, len));
    i_ += len;
  }

  void reference(std::string& out) {
    static const std::pair<std::string_view, char> kNamed[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    for (auto [ref, c] : kNamed)
      if (at(ref)) {
        out += c;
        i_ += ref.size();
        return;
      }
    expect("&#", "'&' starts an entity or character reference");
    char32_t cp = 0;
    std::size_t digits = 0;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9' && digits < 8) {
      cp = cp * 10 + char32_t(s_[i_++] - '0');
      ++digits;
    }
    FUZZ_CHECK(digits > 0, "a character reference has digits");
    expect(";", "a character reference ends with ';'");
    FUZZ_CHECK(cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0x10FFFF),
               "a character reference names an XML character");
    append_utf8(out, cp);
  }

  Node element() {
    Node n;
    expect("<", "an element starts with '<'");
    n.name = name();
    while (at(" ") && !at(" />")) {
      ++i_;
      std::string key = name();
      expect("=\"", "an attribute is name=\"value\"");
      std::string value;
      while (i_ < s_.size() && s_[i_] != '"') {
        FUZZ_CHECK(s_[i_] != '<', "no '<' in an attribute value");
        if (s_[i_] == '&')
          reference(value);
        else
          character(value, true);
      }
      expect("\"", "an attribute value is closed");
      if (!n.attrs.empty())
        FUZZ_CHECK(n.attrs.back().first < key, "attributes in alphabetical order, each once");
      n.attrs.emplace_back(std::move(key), std::move(value));
    }
    if (at(" />")) {
      i_ += 3;
      return n;
    }
    expect(">", "a start tag ends with '>' (or ' />' when empty)");
    bool any_content = false;
    while (!at("</")) {
      FUZZ_CHECK(i_ < s_.size(), "every element is closed");
      any_content = true;
      if (at("<"))
        n.children.push_back(element());
      else if (at("&"))
        reference(n.text);
      else
        character(n.text, false);
    }
    FUZZ_CHECK(any_content, "an element with no content is written <Name />");
    FUZZ_CHECK(n.text.empty() || n.children.empty(), "TwiML never mixes text and elements");
    i_ += 2;
    expect(n.name, "the end tag names the element it closes");
    expect(">", "an end tag ends with '>'");
    return n;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

// ---- the model: what each verb should look like once read back ----

using Attrs = std::vector<std::pair<std::string, std::string>>;

// Attributes as twiml.h writes them: only when the raw value is non-empty, escaped.
Attrs attrs(std::initializer_list<std::pair<const char*, std::string>> list) {
  Attrs out;
  for (const auto& [k, v] : list)
    if (!v.empty()) out.emplace_back(k, expected_text(v));
  return out;
}

std::string positive(int n) { return n > 0 ? std::to_string(n) : std::string(); }

void model_say(std::vector<Node>& out, const Say& s) {
  std::string text = expected_text(s.text);
  if (text.empty()) return;
  out.push_back(Node{"Say", attrs({{"language", s.language}, {"voice", s.voice}}), text, {}});
}

void check_escape(std::string_view raw) {
  const std::string escaped = xml_escape(raw);
  FUZZ_CHECK(valid_utf8(escaped), "xml_escape writes valid UTF-8");
  // Read it back as the content of an element: the reader checks every character and entity.
  const std::string doc = R"(<?xml version="1.0" encoding="UTF-8"?><Response><Say>)" + escaped +
                          "</Say></Response>";
  if (escaped.empty()) return;
  Node root = Reader(doc).document();
  FUZZ_CHECK(root.children.size() == 1 && root.children[0].text == expected_text(raw),
             "xml_escape's text reads back as the input minus what the contract drops");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Input in(data, size);
  auto text = [&] { return in.text(256); };
  auto say = [&] { return Say{.text = text(), .voice = text(), .language = text()}; };

  Twiml doc;
  std::vector<Node> expected;
  for (int verbs = 0; verbs < 8 && in.remaining() > 0; ++verbs) {
    switch (in.in_range(0, 6)) {
      case 0: {
        Say s = say();
        model_say(expected, s);
        doc.say(std::move(s));
        break;
      }
      case 1: {
        Gather g{.input = text(), .action = text(), .method = text(), .language = text(),
                 .speech_timeout = text(), .timeout = in.integral<int>(), .hints = text(),
                 .action_on_empty_result = in.boolean()};
        for (int n = in.in_range(0, 3); n > 0; --n) g.prompts.push_back(say());
        Node node{"Gather",
                  attrs({{"action", g.action},
                         {"actionOnEmptyResult", g.action_on_empty_result ? "true" : "false"},
                         {"hints", g.hints}, {"input", g.input}, {"language", g.language},
                         {"method", g.method}, {"speechTimeout", g.speech_timeout},
                         {"timeout", positive(g.timeout)}}),
                  "", {}};
        for (const Say& s : g.prompts) model_say(node.children, s);
        expected.push_back(std::move(node));
        doc.gather(std::move(g));
        break;
      }
      case 2: {
        Dial d{.number = text(), .caller_id = text(), .timeout = in.integral<int>(),
               .action = text()};
        expected.push_back(Node{"Dial",
                                attrs({{"action", d.action}, {"callerId", d.caller_id},
                                       {"timeout", positive(d.timeout)}}),
                                expected_text(d.number), {}});
        doc.dial(std::move(d));
        break;
      }
      case 3: {
        std::string url = text(), method = text();
        expected.push_back(Node{"Redirect", attrs({{"method", method}}), expected_text(url), {}});
        doc.redirect(std::move(url), std::move(method));
        break;
      }
      case 4: {
        int seconds = in.integral<int>();
        if (seconds > 0) expected.push_back(Node{"Pause", attrs({{"length", positive(seconds)}}), "", {}});
        doc.pause(seconds);
        break;
      }
      case 5:
        expected.push_back(Node{"Hangup", {}, "", {}});
        doc.hangup();
        break;
      default: {
        std::string reason = text();
        expected.push_back(Node{"Reject", attrs({{"reason", reason}}), "", {}});
        doc.reject(std::move(reason));
        break;
      }
    }
  }
  const std::string xml = doc.str();
  Node root = Reader(xml).document();
  FUZZ_CHECK(root.attrs.empty() && root.text.empty(), "<Response> holds only verbs");
  FUZZ_CHECK(root.children == expected, "the document says exactly what was built");

  check_escape(in.rest());
  return 0;
}
