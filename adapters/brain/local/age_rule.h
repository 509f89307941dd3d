// A business's minimum age for children, against the ages a caller gives.
//
//   // faq: {"keywords": ["children", "kids"], "answer": "We welcome children aged 12 and over."}
//   auto r = children_rule(c, tokenize("two adults and two kids, six and nine, next weekend"));
//   r->answer   -> "We welcome children aged 12 and over."
//   r->min_age  -> 12        r->ages -> {6, 9}        r->too_young() -> true
//   children_rule(c, tokenize("two adults and our son, he's 14"))  -> nullopt (no FAQ word said)
//   children_rule(c, tokenize("we have two kids"))->too_young()     -> false (no age given)
//
// Contract: pure. The rule is the FAQ entry one of whose keywords the caller says and whose
// answer gives an age as a minimum ("12 and over", "aged 12 or older", "over 12", "à partir de
// 12 ans", "12 ans et plus", "de plus de 12 ans"); nullopt when no such entry is said. The ages
// are the numbers said right after the first keyword ("kids, six and nine", "enfants de 6 et 9
// ans"), and any number followed by "ans"/"years"/"year old" ("a 6-year-old"); a count before
// the keyword ("two kids") is no age.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "adapters/brain/local/context.h"
#include "adapters/brain/local/normalize.h"

namespace webox::brain {

struct ChildrenRule {
  std::string answer;     // the FAQ's words
  int min_age = 0;
  std::vector<int> ages;  // as said; empty when none was
  [[nodiscard]] bool too_young() const;
};

[[nodiscard]] std::optional<ChildrenRule> children_rule(const BusinessContext& c, const Words& words);

}  // namespace webox::brain
