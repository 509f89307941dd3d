#include "adapters/brain/local/age_rule.h"

#include <algorithm>
#include <string_view>

#include "adapters/brain/local/numbers.h"
#include "adapters/brain/local/word_match.h"

namespace webox::brain {
namespace {

bool is_any(std::string_view w, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), w) != list.end();
}

// "12 and over", "over 12", "à partir de 12 ans", "12 ans et plus": the age, else nullopt.
std::optional<int> minimum_age(const Words& w) {
  for (std::size_t i = 0; i < w.size(); ++i) {
    const auto n = parse_number(w, i);
    if (!n) continue;
    const std::size_t after = i + n->length;
    for (std::string_view p : {"and over", "and older", "and up", "and above", "or older", "or over", "plus",
                               "et plus", "ans et plus", "ans ou plus", "years and over", "years and older"})
      if (phrase_at(w, after, p)) return n->value;
    for (std::string_view p : {"over", "plus de", "a partir de", "from age", "des", "older than"}) {
      const std::size_t len = phrase_length(p);
      if (i >= len && phrase_at(w, i - len, p) &&
          (std::string_view(p) != "a partir de" || phrase_at(w, after, "ans")))
        return n->value;
    }
  }
  return std::nullopt;
}

// The ages said: the numbers right after `at` (the keyword), and any "N ans" / "N years".
std::vector<int> ages_said(const Words& w, std::size_t at) {
  std::vector<int> ages;
  std::size_t i = at + 1;
  while (i < w.size() && is_any(w[i].text, {"aged", "age", "ages", "of", "de", "agee", "agees"})) ++i;
  // "six and nine", "de 6 et 9 ans": numbers joined by "and"; "13 and 15, two double rooms"
  // stops at the 15.
  while (i < w.size()) {
    const auto n = parse_number(w, i);
    if (!n) break;
    ages.push_back(n->value);
    i += n->length;
    while (i < w.size() && is_any(w[i].text, {"ans", "years", "year", "old"})) ++i;
    if (i < w.size() && is_any(w[i].text, {"and", "et"})) ++i;
    else break;
  }
  for (std::size_t k = 0; k < w.size(); ++k) {
    const auto n = parse_number(w, k);
    if (!n || k + n->length >= w.size()) continue;
    const std::string& next = w[k + n->length].text;
    if ((next == "ans" || next == "years" || next == "year") && k + n->length > at + 1 &&
        std::find(ages.begin(), ages.end(), n->value) == ages.end())
      ages.push_back(n->value);
  }
  return ages;
}

}  // namespace

bool ChildrenRule::too_young() const {
  return std::any_of(ages.begin(), ages.end(), [&](int a) { return a < min_age; });
}

std::optional<ChildrenRule> children_rule(const BusinessContext& c, const Words& words) {
  for (const Faq& f : c.faq) {
    // What the caller said first: reading each answer's ages is the dearer test.
    std::size_t at = std::string_view::npos;
    for (const auto& k : f.keyword_words) at = std::min(at, find_said(words, k));
    if (at == std::string_view::npos) continue;
    const auto min_age = minimum_age(tokenize(f.answer));
    if (!min_age) continue;
    return ChildrenRule{f.answer, *min_age, ages_said(words, at)};
  }
  return std::nullopt;
}

}  // namespace webox::brain
