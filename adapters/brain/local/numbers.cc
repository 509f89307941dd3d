#include "adapters/brain/local/numbers.h"

#include <string_view>
#include <unordered_set>

namespace webox::brain {
namespace {

struct Entry {
  std::string_view word;
  int value;
};

constexpr Entry kUnits[] = {
    {"zero", 0}, {"un", 1},     {"une", 1},    {"one", 1},   {"deux", 2},  {"two", 2},
    {"trois", 3}, {"three", 3}, {"quatre", 4}, {"four", 4},  {"cinq", 5},  {"five", 5},
    {"six", 6},  {"sept", 7},   {"seven", 7},  {"huit", 8},  {"eight", 8}, {"neuf", 9},
    {"nine", 9}};
constexpr Entry kTeens[] = {
    {"dix", 10},      {"ten", 10},       {"onze", 11},      {"eleven", 11},  {"douze", 12},
    {"twelve", 12},   {"treize", 13},    {"thirteen", 13},  {"quatorze", 14}, {"fourteen", 14},
    {"quinze", 15},   {"fifteen", 15},   {"seize", 16},     {"sixteen", 16}, {"seventeen", 17},
    {"eighteen", 18}, {"nineteen", 19}};
constexpr Entry kTens[] = {
    {"vingt", 20},    {"vingts", 20},   {"twenty", 20},   {"trente", 30},   {"thirty", 30},
    {"quarante", 40}, {"forty", 40},    {"fourty", 40},   {"cinquante", 50}, {"fifty", 50},
    {"soixante", 60}, {"sixty", 60},    {"septante", 70}, {"seventy", 70},  {"huitante", 80},
    {"octante", 80},  {"eighty", 80},   {"nonante", 90},  {"ninety", 90}};
constexpr Entry kOrdinals[] = {
    {"premier", 1},     {"premiere", 1},     {"first", 1},       {"unieme", 1},
    {"second", 2},      {"seconde", 2},      {"deuxieme", 2},    {"third", 3},
    {"troisieme", 3},   {"fourth", 4},       {"quatrieme", 4},   {"fifth", 5},
    {"cinquieme", 5},   {"sixth", 6},        {"sixieme", 6},     {"seventh", 7},
    {"septieme", 7},    {"eighth", 8},       {"huitieme", 8},    {"ninth", 9},
    {"neuvieme", 9},    {"tenth", 10},       {"dixieme", 10},    {"eleventh", 11},
    {"onzieme", 11},    {"twelfth", 12},     {"douzieme", 12},   {"thirteenth", 13},
    {"treizieme", 13},  {"fourteenth", 14},  {"quatorzieme", 14}, {"fifteenth", 15},
    {"quinzieme", 15},  {"sixteenth", 16},   {"seizieme", 16},   {"seventeenth", 17},
    {"eighteenth", 18}, {"nineteenth", 19},  {"twentieth", 20},  {"vingtieme", 20},
    {"thirtieth", 30},  {"trentieme", 30}};
constexpr std::string_view kOrdinalSuffixes[] = {"st", "nd", "rd", "th", "er", "ere", "e",
                                                 "eme", "ieme", "em", "me"};

template <std::size_t N>
std::optional<int> lookup(const Entry (&table)[N], const Words& w, std::size_t i) {
  if (i >= w.size()) return std::nullopt;
  for (const auto& e : table)
    if (e.word == w[i].text) return e.value;
  return std::nullopt;
}

bool is(const Words& w, std::size_t i, std::string_view s) { return i < w.size() && w[i].text == s; }

// Whether a number said in words can start with `word`: a unit, a teen, a ten, a hundred or a
// thousand (an ordinal too when `ordinal`). Numbers are looked for at every word of every
// utterance, and most words are none of these: one set lookup turns them away before the
// tables are scanned one by one.
bool may_start_number(std::string_view word, bool ordinal) {
  static const auto kFirst = [] {
    std::unordered_set<std::string_view> s{"cent", "cents", "hundred", "mille", "thousand"};
    for (const auto& e : kUnits) s.insert(e.word);
    for (const auto& e : kTeens) s.insert(e.word);
    for (const auto& e : kTens) s.insert(e.word);
    return s;
  }();
  static const auto kOrdinal = [] {
    std::unordered_set<std::string_view> s;
    for (const auto& e : kOrdinals) s.insert(e.word);
    return s;
  }();
  return kFirst.contains(word) || (ordinal && kOrdinal.contains(word));
}

// Two words of one number are said together: a space or a hyphen between them, no comma or
// full stop ("seven thirty, four of us" is 7:30 and a party of four, not thirty-four).
bool together(const Words& w, std::size_t a, std::size_t b) {
  return b < w.size() && w[b].begin <= w[a].end + 1;
}

// 10..19, including French "dix sept", "dix-huit", "dix neuf".
std::optional<NumberMatch> teen(const Words& w, std::size_t i) {
  auto t = lookup(kTeens, w, i);
  if (!t) return std::nullopt;
  if (*t == 10) {
    if (auto u = lookup(kUnits, w, i + 1); u && *u >= 7) return NumberMatch{10 + *u, 2};
  }
  return NumberMatch{*t, 1};
}

std::optional<NumberMatch> below_100(const Words& w, std::size_t i) {
  std::optional<int> tens = lookup(kTens, w, i);
  std::size_t j = i + 1;
  bool french_vigesimal = false;  // after soixante / quatre-vingt a teen follows, not a unit
  // "quatre-vingts" takes its s only when nothing follows: "quatre-vingts treize" is 80 then 13
  // (a phone number read in pairs), "quatre-vingt-treize" is 93.
  if (is(w, i, "quatre") && is(w, i + 1, "vingts")) return NumberMatch{80, 2};
  if (is(w, i, "quatre") && is(w, i + 1, "vingt")) {
    tens = 80;
    j = i + 2;
    french_vigesimal = true;
  } else if (is(w, i, "soixante")) {
    french_vigesimal = true;
  }
  if (tens) {
    std::size_t k = j;
    // "vingt et un", "soixante et onze": "et" only before one/eleven; "hundred and" is elsewhere.
    if (is(w, k, "et") && (is(w, k + 1, "un") || is(w, k + 1, "une") || is(w, k + 1, "onze")))
      ++k;
    if (french_vigesimal) {
      if (auto t = teen(w, k)) return NumberMatch{*tens + t->value, k + t->length - i};
    }
    if (auto u = lookup(kUnits, w, k); u && *u >= 1 && together(w, k - 1, k))
      return NumberMatch{*tens + *u, k + 1 - i};
    return NumberMatch{*tens, j - i};
  }
  if (auto t = teen(w, i)) return t;
  if (auto u = lookup(kUnits, w, i)) return NumberMatch{*u, 1};
  return std::nullopt;
}

bool is_hundred(const Words& w, std::size_t i) {
  return is(w, i, "cent") || is(w, i, "cents") || is(w, i, "hundred");
}

std::optional<NumberMatch> below_1000(const Words& w, std::size_t i) {
  int value = 0;
  std::size_t j = i;
  if (is_hundred(w, j)) {  // "cent vingt"
    value = 100;
    ++j;
  } else if (auto u = lookup(kUnits, w, j); u && *u >= 1 && is_hundred(w, j + 1)) {
    value = *u * 100;
    j += 2;
  }
  if (value > 0) {
    std::size_t k = is(w, j, "and") ? j + 1 : j;
    if (auto r = below_100(w, k)) return NumberMatch{value + r->value, k + r->length - i};
    return NumberMatch{value, j - i};
  }
  return below_100(w, i);
}

}  // namespace

std::optional<NumberMatch> parse_number(const Words& w, std::size_t at) {
  if (at >= w.size()) return std::nullopt;
  if (is_number_text(w[at].text)) {
    if (w[at].text.size() > 6) return std::nullopt;
    return NumberMatch{std::stoi(w[at].text), 1};
  }
  if (!may_start_number(w[at].text, false)) return std::nullopt;
  std::optional<NumberMatch> head;
  std::size_t j = at;
  if (is(w, at, "mille") || is(w, at, "thousand")) {
    head = NumberMatch{1, 0};
  } else {
    head = below_1000(w, at);
    if (!head) return std::nullopt;
    j = at + head->length;
  }
  if (!(is(w, j, "mille") || is(w, j, "thousand"))) return head;
  const int thousands = head->value == 0 ? 1 : head->value;
  std::size_t k = j + 1;
  if (is(w, k, "and") && below_1000(w, k + 1)) ++k;  // "five thousand and one"
  if (auto rest = below_1000(w, k)) return NumberMatch{thousands * 1000 + rest->value, k + rest->length - at};
  return NumberMatch{thousands * 1000, k - at};
}

std::optional<NumberMatch> parse_ordinal(const Words& w, std::size_t at) {
  if (at >= w.size()) return std::nullopt;
  if (is_number_text(w[at].text) && w[at].text.size() <= 2) {
    if (at + 1 < w.size() && w[at + 1].begin == w[at].end) {  // "3rd", "1er": written together
      for (auto s : kOrdinalSuffixes)
        if (w[at + 1].text == s) return NumberMatch{std::stoi(w[at].text), 2};
    }
    return std::nullopt;
  }
  if (!may_start_number(w[at].text, true)) return std::nullopt;
  if (auto o = lookup(kOrdinals, w, at)) return NumberMatch{*o, 1};
  // "twenty first", "vingt et unième", "dix-septième": a cardinal then an ordinal unit.
  auto tens = below_100(w, at);
  if (!tens) return std::nullopt;
  for (std::size_t len = tens->length; len >= 1; --len) {
    std::size_t k = at + len;
    // Re-read the shorter cardinal prefix (e.g. "vingt" out of "vingt et un...").
    auto prefix = below_100(Words(w.begin() + at, w.begin() + at + len), 0);
    if (!prefix || prefix->length != len) continue;
    if (is(w, k, "et") || is(w, k, "and")) ++k;
    if (auto u = lookup(kOrdinals, w, k); u && *u < 10 && prefix->value % 10 == 0 && prefix->value >= 10)
      return NumberMatch{prefix->value + *u, k + 1 - at};
  }
  return std::nullopt;
}

}  // namespace webox::brain
