#include "adapters/brain/local/normalize.h"

#include <algorithm>
#include <cstdint>

namespace webox::brain {
namespace {

// Decodes one UTF-8 code point at `i`; returns 0 with len 1 for a malformed byte.
char32_t decode(std::string_view s, std::size_t i, std::size_t& len) {
  const auto c = static_cast<unsigned char>(s[i]);
  len = 1;
  if (c < 0x80) return c;
  std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  char32_t cp = c & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  len = n;
  return cp;
}

void encode(char32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The accent-free lower-case spelling of one code point ("" when it is not a letter we know).
std::string_view base_letter(char32_t cp) {
  // Latin-1 supplement, U+00C0..U+00FF, lower-cased and unaccented.
  static constexpr std::string_view kLatin1[64] = {
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
      "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "ss",
      "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
      "d", "n", "o", "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "y"};
  if (cp >= 0xC0 && cp <= 0xFF) return kLatin1[cp - 0xC0];
  switch (cp) {
    case 0x152: case 0x153: return "oe";
    case 0x178: return "y";
    default: return "";
  }
}

enum class Kind { letter, digit, apostrophe, colon, other };

Kind kind_of(char32_t cp) {
  if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) return Kind::letter;
  if (cp >= '0' && cp <= '9') return Kind::digit;
  if (cp == '\'' || cp == 0x2019 || cp == 0x2018) return Kind::apostrophe;
  if (cp == ':') return Kind::colon;
  if (!base_letter(cp).empty()) return Kind::letter;
  // Other scripts' letters are kept whole so a foreign name survives; punctuation blocks split.
  if (cp >= 0x100 && !(cp >= 0x2000 && cp <= 0x2BFF) && cp != 0xFEFF) return Kind::letter;
  return Kind::other;
}

bool is_upper(char32_t cp) {
  return (cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || cp == 0x152;
}

}  // namespace

std::string fold(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = 1;
    const char32_t cp = decode(text, i, len);
    if (cp >= 'A' && cp <= 'Z') {
      out += static_cast<char>(cp - 'A' + 'a');
    } else if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (auto b = base_letter(cp); !b.empty()) {
      out += b;
    } else if (cp == 0x2019 || cp == 0x2018) {
      out += '\'';
    } else if (cp != 0) {
      encode(cp, out);
    }
    i += len;
  }
  return out;
}

namespace {

// A recogniser that drops apostrophes writes "cest", "jai", "ladresse": the elided word and
// the next are split as if the apostrophe were there. Only forms that are no word of their
// own, in French nor English ("nest", "quest" are kept whole).
struct Elision {
  std::string_view said;
  std::size_t cut;  // length of the elided part
};
constexpr Elision kElisions[] = {
    {"cest", 1},      {"cetait", 1},   {"jai", 1},      {"jaimerais", 1}, {"javais", 1},
    {"jetais", 1},    {"ladresse", 1}, {"lheure", 1},   {"lhotel", 1},    {"louverture", 1},
    {"daccord", 1},   {"jusqua", 5},   {"sil", 1},      {"quil", 2},      {"quon", 2},
    {"aujourdhui", 7},  {"quelquun", 7}, {"lentree", 1}};

void push_word(Words& words, Word w) {
  for (const Elision& e : kElisions) {
    if (w.text != e.said) continue;
    Word rest = w;
    rest.text = w.text.substr(e.cut);
    rest.begin = w.begin + e.cut;  // folded letters are one byte each here
    rest.capitalised = false;
    w.text.resize(e.cut);
    w.end = rest.begin;
    words.push_back(std::move(w));
    words.push_back(std::move(rest));
    return;
  }
  words.push_back(std::move(w));
}

}  // namespace

Words tokenize(std::string_view text) {
  Words words;
  std::size_t start = std::string_view::npos;
  Kind current = Kind::other;
  auto flush = [&](std::size_t end) {
    if (start == std::string_view::npos) return;
    Word w;
    w.begin = start;
    w.end = end;
    w.text = fold(text.substr(start, end - start));
    std::size_t len = 1;
    w.capitalised = is_upper(decode(text, start, len));
    push_word(words, std::move(w));
    start = std::string_view::npos;
  };
  for (std::size_t i = 0; i < text.size();) {
    std::size_t len = 1;
    const char32_t cp = decode(text, i, len);
    const Kind k = kind_of(cp);
    if (k == Kind::letter || k == Kind::digit) {
      if (start != std::string_view::npos && k != current) flush(i);
      if (start == std::string_view::npos) start = i;
      current = k;
    } else {
      flush(i);
      // "20:30": the colon is a word only between two digits.
      if (k == Kind::colon && !words.empty() && is_number_text(words.back().text) &&
          words.back().end == i && i + 1 < text.size() && text[i + 1] >= '0' && text[i + 1] <= '9') {
        words.push_back(Word{":", i, i + 1, false});
      }
    }
    i += len;
  }
  flush(text.size());
  return words;
}

std::size_t phrase_length(std::string_view phrase) {
  std::size_t n = 0;
  bool in_word = false;
  for (char c : phrase) {
    if (c == ' ') {
      in_word = false;
    } else if (!in_word) {
      in_word = true;
      ++n;
    }
  }
  return n;
}

bool phrase_at(const Words& words, std::size_t at, std::string_view phrase) {
  std::size_t pos = phrase.find_first_not_of(' ');
  if (at >= words.size() || pos == std::string_view::npos) return false;
  // Most (word, phrase) pairs differ at their first byte: reject those before splitting the
  // phrase. Intent lists are scanned at every word of every utterance, so this is hot.
  const std::string& first = words[at].text;
  if (first.empty() || first[0] != phrase[pos]) return false;
  std::size_t k = at;
  while (pos < phrase.size()) {
    while (pos < phrase.size() && phrase[pos] == ' ') ++pos;
    if (pos >= phrase.size()) break;
    std::size_t end = phrase.find(' ', pos);
    if (end == std::string_view::npos) end = phrase.size();
    if (k >= words.size() || words[k].text != phrase.substr(pos, end - pos)) return false;
    ++k;
    pos = end;
  }
  return k > at;
}

std::size_t find_phrase(const Words& words, std::string_view phrase, std::size_t from) {
  // The phrase's first word is cut out once, and only the words equal to it try the rest: word
  // lists are looked for at every word of every utterance, so this is the brain's hottest loop.
  constexpr auto npos = std::string_view::npos;
  const std::size_t b = phrase.find_first_not_of(' ');
  if (b == npos) return npos;
  const std::size_t e = std::min(phrase.find(' ', b), phrase.size());
  const std::string_view first = phrase.substr(b, e - b);
  const bool one_word = phrase.find_first_not_of(' ', e) == npos;
  for (std::size_t i = from; i < words.size(); ++i) {
    if (std::string_view(words[i].text) != first) continue;
    if (one_word || phrase_at(words, i, phrase)) return i;
  }
  return npos;
}

bool said_any_phrase(const Words& words, std::span<const std::string_view> phrases) {
  for (std::string_view p : phrases)
    if (find_phrase(words, p) != std::string_view::npos) return true;
  return false;
}

bool said_any_phrase(const Words& words, std::initializer_list<std::string_view> phrases) {
  return said_any_phrase(words, std::span<const std::string_view>(phrases.begin(), phrases.size()));
}

bool negated_before(const Words& w, std::size_t at) {
  static constexpr std::string_view kDenials[] = {"pas", "not", "instead of", "rather than",
                                                  "plutot que", "au lieu de", "au lieu du"};
  for (std::size_t skip = 0; skip <= 2 && skip <= at; ++skip) {
    // Allow a preposition or article between the denial and the value: "pas à 20h", "not on Friday".
    if (skip > 0) {
      const auto& t = w[at - skip].text;
      if (t != "a" && t != "at" && t != "on" && t != "le" && t != "the" && t != "pour" && t != "for") break;
    }
    for (auto d : kDenials) {
      const std::size_t n = phrase_length(d);
      if (at - skip >= n && phrase_at(w, at - skip - n, d)) return true;
    }
  }
  return false;
}

bool is_number_text(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::string capitalise_name(std::string_view name) {
  // A word written all in capitals is shouted, not spelled that way: normalise it.
  std::string out;
  out.reserve(name.size());
  bool word_start = true;
  bool word_all_caps = false;
  for (std::size_t i = 0; i < name.size();) {
    std::size_t len = 1;
    char32_t cp = decode(name, i, len);
    if (word_start && kind_of(cp) == Kind::letter) {
      // Look ahead: is the whole word in capitals?
      word_all_caps = true;
      int letters = 0;
      for (std::size_t j = i; j < name.size();) {
        std::size_t l2 = 1;
        char32_t c2 = decode(name, j, l2);
        if (kind_of(c2) != Kind::letter) break;
        ++letters;
        if (!is_upper(c2)) word_all_caps = false;
        j += l2;
      }
      if (letters < 2) word_all_caps = false;
      if ((cp >= 'a' && cp <= 'z') || (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7)) cp -= 0x20;
      encode(cp, out);
      word_start = false;
    } else if (kind_of(cp) == Kind::letter) {
      if (word_all_caps && is_upper(cp) && cp != 0x152) cp += 0x20;
      encode(cp, out);
    } else {
      if (cp != 0) encode(cp, out);
      word_start = true;
    }
    i += len;
  }
  return out;
}

}  // namespace webox::brain
