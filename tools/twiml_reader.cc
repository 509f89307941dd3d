#include "tools/twiml_reader.h"

#include <cstdint>

namespace webox::tools {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_name_start(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':' || u >= 0x80;
}

bool is_name_char(char c) {
  return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

bool is_xml_char(std::uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (!is_xml_char(cp)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

int digit_value(char c, int base) {
  if (c >= '0' && c <= '9') return c - '0';
  if (base == 16 && c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (base == 16 && c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The character a predefined entity stands for, or 0.
char predefined_entity(std::string_view name) {
  if (name == "amp") return '&';
  if (name == "lt") return '<';
  if (name == "gt") return '>';
  if (name == "quot") return '"';
  if (name == "apos") return '\'';
  return 0;
}

// "&#233;" / "&#xE9;" body (without '&#' and ';'); false when it is not a number we can read.
bool parse_char_ref(std::string_view digits, std::uint32_t& cp) {
  int base = 10;
  if (!digits.empty() && (digits[0] == 'x' || digits[0] == 'X')) {
    base = 16;
    digits.remove_prefix(1);
  }
  if (digits.empty()) return false;
  std::uint32_t v = 0;
  for (const char c : digits) {
    const int d = digit_value(c, base);
    if (d < 0) return false;
    v = v * base + d;
    if (v > 0x10FFFF) v = 0x110000;  // saturate: still out of range, never overflows
  }
  cp = v;
  return true;
}

// Appends `raw` with its references decoded; what is not a reference we know stays as written.
void append_decoded(std::string& out, std::string_view raw) {
  for (std::size_t i = 0; i < raw.size();) {
    if (raw[i] != '&') {
      const std::size_t amp = raw.find('&', i);
      const std::size_t end = amp == std::string_view::npos ? raw.size() : amp;
      out.append(raw.substr(i, end - i));
      i = end;
      continue;
    }
    const std::size_t semi = raw.find(';', i + 1);
    const std::string_view name = semi == std::string_view::npos || semi - i > 32
                                      ? std::string_view{}
                                      : raw.substr(i + 1, semi - i - 1);
    std::uint32_t cp = 0;
    if (const char c = predefined_entity(name)) {
      out.push_back(c);
    } else if (name.size() > 1 && name[0] == '#' && parse_char_ref(name.substr(1), cp)) {
      append_utf8(out, cp);
    } else {
      out.push_back('&');
      ++i;
      continue;
    }
    i = semi + 1;
  }
}

class Reader {
 public:
  explicit Reader(std::string_view doc) : s_(doc) {}

  Result<XmlElement> read() {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;
    while (i_ < s_.size() && !done_) {
      Status step = s_[i_] == '<' ? markup() : text();
      if (!step) return std::move(step).error();
    }
    if (done_) return std::move(root_);
    if (!stack_.empty()) return fail("unclosed <" + stack_.back().name + ">");
    return fail("no element");
  }

 private:
  Error fail(const std::string& what) const {
    return Error::invalid("twiml", what + " at byte " + std::to_string(i_));
  }

  bool starts(std::string_view prefix) const { return s_.substr(i_, prefix.size()) == prefix; }

  void skip_spaces() {
    while (i_ < s_.size() && is_space(s_[i_])) ++i_;
  }

  std::string_view name() {
    const std::size_t start = i_;
    while (i_ < s_.size() && is_name_char(s_[i_])) ++i_;
    return s_.substr(start, i_ - start);
  }

  // Skips from i_ to just past `terminator`.
  Status skip_past(std::string_view terminator, const char* what) {
    const std::size_t end = s_.find(terminator, i_);
    if (end == std::string_view::npos) return fail(std::string("unterminated ") + what);
    i_ = end + terminator.size();
    return {};
  }

  Status text() {
    std::size_t end = s_.find('<', i_);
    if (end == std::string_view::npos) end = s_.size();
    // Character data outside the root (before it) is not part of any element.
    if (!stack_.empty()) append_decoded(stack_.back().text, s_.substr(i_, end - i_));
    i_ = end;
    return {};
  }

  Status markup() {
    if (starts("<!--")) return skip_past("-->", "comment");
    if (starts("<![CDATA[")) {
      const std::size_t start = i_ + 9;
      const std::size_t end = s_.find("]]>", start);
      if (end == std::string_view::npos) return fail("unterminated CDATA section");
      if (!stack_.empty()) stack_.back().text.append(s_.substr(start, end - start));
      i_ = end + 3;
      return {};
    }
    if (starts("<!")) return skip_declaration();
    if (starts("<?")) return skip_past("?>", "processing instruction");
    if (starts("</")) return close_tag();
    if (i_ + 1 < s_.size() && is_name_start(s_[i_ + 1])) return open_tag();
    if (!stack_.empty()) stack_.back().text.push_back('<');  // "a < b": text, not a tag
    ++i_;
    return {};
  }

  // <!DOCTYPE ...> with a possible [internal subset]: nothing TwiML uses, skipped whole.
  Status skip_declaration() {
    int depth = 0;
    char quote = 0;
    for (std::size_t j = i_ + 2; j < s_.size(); ++j) {
      const char c = s_[j];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[') {
        ++depth;
      } else if (c == ']') {
        --depth;
      } else if (c == '>' && depth <= 0) {
        i_ = j + 1;
        return {};
      }
    }
    return fail("unterminated declaration");
  }

  Status open_tag() {
    ++i_;
    XmlElement e;
    e.name = std::string(name());
    for (;;) {
      skip_spaces();
      if (i_ >= s_.size()) return fail("unterminated <" + e.name + "> tag");
      if (s_[i_] == '>') {
        ++i_;
        if (stack_.size() >= kMaxXmlDepth) {
          return fail("<" + e.name + "> nested deeper than " + std::to_string(kMaxXmlDepth) +
                      " elements");
        }
        stack_.push_back(std::move(e));
        return {};
      }
      if (starts("/>")) {
        i_ += 2;
        finish(std::move(e));
        return {};
      }
      const std::string_view key = name();
      if (key.empty()) {
        return fail(std::string("unexpected '") + s_[i_] + "' in <" + e.name + "> tag");
      }
      skip_spaces();
      std::string value;
      if (i_ < s_.size() && s_[i_] == '=') {
        ++i_;
        skip_spaces();
        auto raw = attribute_value(e.name);
        if (!raw) return std::move(raw).error();
        // Attribute-value normalisation: literal whitespace becomes spaces, references survive.
        std::string normalised(*raw);
        for (char& c : normalised) {
          if (c == '\t' || c == '\n' || c == '\r') c = ' ';
        }
        append_decoded(value, normalised);
      }
      e.attributes.emplace_back(std::string(key), std::move(value));
    }
  }

  Result<std::string_view> attribute_value(const std::string& element) {
    if (i_ < s_.size() && (s_[i_] == '"' || s_[i_] == '\'')) {
      const char quote = s_[i_];
      const std::size_t end = s_.find(quote, i_ + 1);
      if (end == std::string_view::npos) return fail("unterminated attribute in <" + element + ">");
      const std::string_view raw = s_.substr(i_ + 1, end - i_ - 1);
      i_ = end + 1;
      return raw;
    }
    const std::size_t start = i_;  // unquoted, as sloppy writers do
    while (i_ < s_.size() && !is_space(s_[i_]) && s_[i_] != '>' && !starts("/>")) ++i_;
    return s_.substr(start, i_ - start);
  }

  Status close_tag() {
    i_ += 2;
    const std::string_view closing = name();
    skip_spaces();
    if (i_ >= s_.size() || s_[i_] != '>')
      return fail("unterminated </" + std::string(closing) + ">");
    if (stack_.empty()) return fail("</" + std::string(closing) + "> closes nothing");
    if (stack_.back().name != closing) {
      return fail("</" + std::string(closing) + "> where </" + stack_.back().name +
                  "> was expected");
    }
    ++i_;
    XmlElement e = std::move(stack_.back());
    stack_.pop_back();
    finish(std::move(e));
    return {};
  }

  // A complete element goes into its parent, or becomes the root.
  void finish(XmlElement e) {
    if (stack_.empty()) {
      root_ = std::move(e);
      done_ = true;
      return;
    }
    XmlElement& parent = stack_.back();
    parent.text += e.text;
    parent.children.push_back(std::move(e));
  }

  std::string_view s_;
  std::size_t i_ = 0;
  std::vector<XmlElement> stack_;
  XmlElement root_;
  bool done_ = false;
};

}  // namespace

const std::string* XmlElement::attribute(std::string_view key) const {
  for (const auto& [k, v] : attributes) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::string XmlElement::attribute_or(std::string_view key, std::string_view fallback) const {
  const std::string* v = attribute(key);
  return v ? *v : std::string(fallback);
}

Result<XmlElement> read_xml(std::string_view document) { return Reader(document).read(); }

std::string squish(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (is_space(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace webox::tools
