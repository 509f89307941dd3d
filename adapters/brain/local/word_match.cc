#include "adapters/brain/local/word_match.h"

#include <algorithm>
#include <functional>
#include <unordered_map>

namespace webox::brain {
namespace {

std::string_view singular(std::string_view w) {
  if (w.size() > 3 && (w.back() == 's' || w.back() == 'x')) w.remove_suffix(1);
  return w;
}

// Articles, prepositions and the like, in both languages: "de" in "Changement de pneus" says
// nothing about the service.
constexpr std::string_view kFiller[] = {
    "les", "des", "une", "aux", "pour", "avec", "sans", "sur", "par", "dans", "the", "and", "for",
    "with", "from", "your", "our", "votre", "notre", "vos", "nos"};

}  // namespace

bool same_word(std::string_view a, std::string_view b) {
  // "pris" is not "prix" (was "j'ai pris un caillou" a question of price): two words that end
  // in another plural mark are two words.
  const auto plural_mark = [](std::string_view w) { return w.size() > 3 && (w.back() == 's' || w.back() == 'x'); };
  if (plural_mark(a) && plural_mark(b) && a.back() != b.back()) return false;
  a = singular(a);
  b = singular(b);
  if (a == b) return true;
  // "puppies" ~ "puppy", "batteries" ~ "battery": the English plural in -ies.
  const auto ies = [](std::string_view ie, std::string_view y) {
    return ie.size() >= 5 && ie.ends_with("ie") && y.ends_with('y') && y.size() + 1 == ie.size() &&
           ie.substr(0, ie.size() - 2) == y.substr(0, y.size() - 1);
  };
  if (ies(a, b) || ies(b, a)) return true;
  const auto& shorter = a.size() < b.size() ? a : b;
  const auto& longer = a.size() < b.size() ? b : a;
  return shorter.size() >= 5 && longer.size() - shorter.size() <= 2 && longer.starts_with(shorter);
}

Phrase phrase_of(std::string_view text) {
  Phrase out;
  for (auto& w : tokenize(text)) out.push_back(std::move(w.text));
  return out;
}

const Phrase& fixed_phrase(std::string_view phrase) {
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  // Keyed by content, not by address: a view into a temporary cannot leave a stale entry.
  thread_local std::unordered_map<std::string, Phrase, Hash, std::equal_to<>> folded;
  auto it = folded.find(phrase);
  if (it == folded.end()) it = folded.emplace(std::string(phrase), phrase_of(phrase)).first;
  return it->second;
}

bool said(const Words& words, const Phrase& phrase) {
  return find_said(words, phrase) != std::string::npos;
}

std::size_t find_said(const Words& words, const Phrase& phrase, std::size_t from) {
  if (phrase.empty() || phrase.size() > words.size()) return std::string::npos;
  for (std::size_t at = from; at + phrase.size() <= words.size(); ++at) {
    std::size_t k = 0;
    while (k < phrase.size() && same_word(words[at + k].text, phrase[k])) ++k;
    if (k == phrase.size()) return at;
  }
  return std::string::npos;
}

bool said_word(const Words& words, std::string_view word) {
  return std::any_of(words.begin(), words.end(),
                     [&](const Word& w) { return same_word(w.text, word); });
}

Phrase content_words(const Phrase& phrase) {
  Phrase out;
  for (const auto& w : phrase)
    if (w.size() >= 3 && std::find(std::begin(kFiller), std::end(kFiller), w) == std::end(kFiller))
      out.push_back(w);
  return out;
}

}  // namespace webox::brain
