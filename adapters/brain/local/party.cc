#include "adapters/brain/local/party.h"

#include <algorithm>
#include <string_view>

#include "adapters/brain/local/numbers.h"
#include "adapters/brain/local/spelling.h"
#include "adapters/brain/local/times.h"

namespace webox::brain {
namespace {

bool is(const Words& w, std::size_t i, std::string_view s) { return i < w.size() && w[i].text == s; }

bool free_span(const std::vector<bool>& used, std::size_t begin, std::size_t end) {
  for (std::size_t k = begin; k < end && k < used.size(); ++k)
    if (used[k]) return false;
  return end <= used.size();
}

void mark(std::vector<bool>& used, std::size_t begin, std::size_t end) {
  for (std::size_t k = begin; k < end; ++k) used[k] = true;
}

// "une table", "un anniversaire": an article before a noun, not one person. "un seul", "une" at
// the end of the sentence, and "one" (never an article) are numbers.
bool article_before_noun(const Words& w, std::size_t i) {
  if (!(is(w, i, "un") || is(w, i, "une") || is(w, i, "a") || is(w, i, "an"))) return false;
  return i + 1 < w.size() && !is(w, i + 1, "seul") && !is(w, i + 1, "seule");
}

bool is_thing_for(const Words& w, std::size_t i) {
  for (std::string_view t : {"cot", "cots", "crib", "bed", "beds", "chair", "chairs", "seat", "seats",
                             "menu", "menus", "food", "friendly", "monitor"})
    if (is(w, i, t)) return true;
  return false;
}

// "One of the six is a toddler", "c'est un bébé", "she's a child": who someone is, not how many
// come. Only the article reads so; "we are 4 adults" still counts.
bool describes_someone(const Words& w, std::size_t i) {
  if (i == 0 || !(is(w, i, "a") || is(w, i, "an") || is(w, i, "un") || is(w, i, "une"))) return false;
  for (std::string_view copula : {"is", "s", "was", "est", "sera", "etait"})
    if (is(w, i - 1, copula)) return true;
  return false;
}

// "Have you put me down for one?", "sign me up for one": one of the things just talked of.
bool one_of_a_thing(const Words& w, std::size_t lead, std::size_t k) {
  return is(w, k, "one") && lead > 0 && (is(w, lead - 1, "down") || is(w, lead - 1, "up"));
}

// Phrases after which a number is the party size; the longest are listed first.
constexpr std::string_view kLeadIns[] = {
    "nous serons a", "on sera a", "nous sommes", "nous serons", "nous serions", "on sera",
    "on serait", "on est", "on va etre",
    "we will be", "we ll be", "we are", "we re", "there will be", "there ll be", "there are",
    "party of", "group of", "groupe de", "family of", "famille de", "table de", "table for", "table of", "pour nous", "for us", "pour",
    "for", "a"};  // "on vient à trois": only numbers no time has taken

// Phrases that are a party size by themselves.
struct Fixed {
  std::string_view phrase;
  int size;
};
// Couples first: "just me and my wife" is two, whatever "just me" says alone.
constexpr Fixed kFixed[] = {
    {"ma femme et moi", 2},    {"mon mari et moi", 2},     {"mon epouse et moi", 2},
    {"mon ami et moi", 2},     {"mon amie et moi", 2},     {"ma copine et moi", 2},
    {"mon copain et moi", 2},  {"moi et ma femme", 2},     {"moi et mon mari", 2},
    {"moi et mon epouse", 2},  {"moi et mon ami", 2},      {"moi et mon amie", 2},
    {"moi et ma copine", 2},   {"moi et mon copain", 2},   {"my wife and i", 2},
    {"my husband and i", 2},   {"my wife and me", 2},      {"my husband and me", 2},
    {"my partner and i", 2},   {"my partner and me", 2},   {"my girlfriend and i", 2},
    {"my boyfriend and i", 2}, {"me and my wife", 2},      {"me and my husband", 2},
    {"me and my partner", 2},  {"me and my girlfriend", 2}, {"me and my boyfriend", 2},
    {"en tete a tete", 2},     {"a couple", 2},            {"en amoureux", 2},
    {"juste moi", 1},          {"moi seul", 1},            {"seulement moi", 1},
    {"just me", 1},            {"only me", 1},             {"just myself", 1},
    {"for me alone", 1},       {"me alone", 1},            {"just for me", 1},
    {"only for me", 1},        {"by myself", 1},           {"on my own", 1},
    {"pour moi seul", 1},      {"moi seule", 1},           {"juste pour moi", 1},
    {"je serai seul", 1},      {"je serai seule", 1},      {"je suis seul", 1},
    {"je suis seule", 1},
    {"une dizaine", 10},       {"une douzaine", 12},       {"une quinzaine", 15},
    {"une vingtaine", 20},     {"une trentaine", 30},      {"a dozen", 12},
    {"two dozen", 24}};

// The caller and the companions named before a counted group: "me, my wife and our two kids",
// "moi et trois amis". Walks back from `at` (the group's first word) over "and"/"our"/"my"...
int companions_before(const Words& w, std::size_t at) {
  static constexpr std::string_view kGlue[] = {"and", "et", "our", "nos", "my", "mes", "ma",
                                               "mon", "with", "avec", "plus"};
  static constexpr std::string_view kPeople[] = {"me", "moi", "wife", "husband", "partner",
                                                 "femme", "mari", "epouse", "compagne",
                                                 "compagnon", "girlfriend", "boyfriend",
                                                 "copine", "copain"};
  auto person = [&](std::size_t k) {
    return std::find(std::begin(kPeople), std::end(kPeople), w[k].text) != std::end(kPeople);
  };
  // "just me, one person": a person right before the count, with nothing joining them, is the
  // count said again, not a companion (was a party of two).
  if (at > 0 && person(at - 1)) return 0;
  int n = 0;
  while (at > 0) {
    const std::string& t = w[at - 1].text;
    if (std::find(std::begin(kPeople), std::end(kPeople), t) != std::end(kPeople)) ++n;
    else if (std::find(std::begin(kGlue), std::end(kGlue), t) == std::end(kGlue)) break;
    --at;
  }
  return n;
}

// "on sera six, enfin non sept", "for four, no, five": a number right after the size, behind
// a correction, replaces it (its words marked).
std::optional<int> corrected_after(const Words& w, std::vector<bool>& used, std::size_t at) {
  static constexpr std::string_view kCorrections[] = {
      "enfin", "non", "pardon", "plutot", "ou", "disons", "no", "sorry", "actually", "i mean",
      "make that", "make it", "or", "rather", "wait", "attendez", "attends"};
  std::size_t k = at;
  bool corrected = false;
  for (bool more = true; more && k < w.size();) {
    more = false;
    if (phrase_at(w, k, "no one")) return std::nullopt;  // "for two, no one else"
    if (is_hesitation(w[k].text)) {
      ++k;
      more = true;
      continue;
    }
    for (std::string_view c : kCorrections)
      if (phrase_at(w, k, c)) {
        k += phrase_length(c);
        corrected = more = true;
        break;
      }
  }
  if (!corrected || k >= w.size() || used[k]) return std::nullopt;
  auto n = parse_number(w, k);
  if (!n || n->value < 1 || n->value > 999 || !free_span(used, k, k + n->length)) return std::nullopt;
  if (article_before_noun(w, k) || is_duration_word(w, k + n->length)) return std::nullopt;
  mark(used, k, k + n->length);
  return n->value;
}

}  // namespace

std::optional<int> find_party(const Words& w, std::vector<bool>& used, bool bare) {
  // 1. Counted people: "deux adultes et trois enfants" adds up, "4 personnes, non 5 personnes"
  // corrects (only groups joined by "et"/"and"/"plus"/"with" add), "pas 4 personnes" is denied.
  std::optional<int> counted;
  std::size_t last_end = 0, group_start = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (used[i]) continue;
    auto n = parse_number(w, i);
    if (!n && (is(w, i, "a") || is(w, i, "an"))) n = NumberMatch{1, 1};  // "and a child"
    if (!n || n->value < 1 || n->value > 999) continue;
    const std::size_t p = i + n->length;
    if (!free_span(used, i, p) || !is_person_word(w, p)) continue;
    if (describes_someone(w, i)) continue;
    // "can I speak to a person?", "parler à une personne": whom to talk to, not a party (was a
    // party of one, and the person asked for was not put through).
    if (i >= 2 && n->length == 1 && (is(w, i - 2, "speak") || is(w, i - 2, "talk") || is(w, i - 2, "parler")) &&
        (is(w, i - 1, "to") || is(w, i - 1, "with") || is(w, i - 1, "a") || is(w, i - 1, "avec")))
      continue;
    // "a baby cot", "a kids menu": the person word describes a thing.
    if (is_thing_for(w, p + 1)) continue;
    const std::size_t end = p + (is(w, p, "of") ? 2 : 1);
    mark(used, i, end);
    if (!negated_before(w, i)) {
      const bool joined = counted && i == last_end + 1 &&
                          (is(w, last_end, "et") || is(w, last_end, "and") || is(w, last_end, "plus") ||
                           is(w, last_end, "avec") || is(w, last_end, "with"));
      if (!joined) group_start = i;
      counted = joined ? *counted + n->value : n->value;
      last_end = end;
      // "for two people, no wait, three": the number behind the correction replaces the count.
      if (auto fixed = corrected_after(w, used, end)) {
        counted = *fixed;
        group_start = i;
      }
    }
    i = end - 1;
  }
  if (counted) return *counted + companions_before(w, group_start);

  // 2. Phrases that are a size by themselves ("juste moi", "une dizaine") before lead-ins, so
  // "on sera une dizaine" is not "on sera une".
  for (const auto& f : kFixed) {
    const std::size_t at = find_phrase(w, f.phrase);
    if (at != std::string_view::npos && free_span(used, at, at + phrase_length(f.phrase))) {
      mark(used, at, at + phrase_length(f.phrase));
      return f.size;
    }
  }

  // 3. A lead-in then a number: "pour deux", "nous serons 6", "a table for two".
  std::optional<int> led;
  for (std::size_t i = 0; i < w.size(); ++i) {
    for (auto lead : kLeadIns) {
      if (!phrase_at(w, i, lead)) continue;
      // "de la fièvre à 40", "a fever of 104": a temperature, not a party.
      if (i > 0 && (is(w, i - 1, "fievre") || is(w, i - 1, "fever") || is(w, i - 1, "temperature")))
        continue;
      std::size_t k = i + phrase_length(lead);
      // "on sera, euh, six".
      while (k < w.size() && is_hesitation(w[k].text)) ++k;
      // "on sera que deux", "we'll be only three".
      if (is(w, k, "que") || is(w, k, "only") || is(w, k, "just") || is(w, k, "juste") ||
          is(w, k, "seulement"))
        ++k;
      auto n = k < w.size() && !used[k] ? parse_number(w, k) : std::nullopt;
      if (!n || n->value < 1 || n->value > 999 || !free_span(used, k, k + n->length)) continue;
      if (article_before_noun(w, k) || one_of_a_thing(w, i, k)) continue;
      if (is_duration_word(w, k + n->length)) continue;  // "for three days", "il a trois ans"
      mark(used, k, k + n->length);
      if (!negated_before(w, i)) led = n->value;  // "pas pour 4, pour 5"
      if (auto fixed = corrected_after(w, used, k + n->length)) led = fixed;
      break;
    }
  }
  if (led) return led;

  // 3b. "actually make that seven, my cousin's coming": a lone number behind "make that" corrects
  // a count (a time corrected so says its minutes or its "pm": "make it eight thirty").
  for (std::string_view lead : {"make that", "make it"}) {
    const std::size_t at = find_phrase(w, lead);
    if (at == std::string_view::npos) continue;
    const std::size_t k = at + phrase_length(lead);
    auto n = k < w.size() && !used[k] ? parse_number(w, k) : std::nullopt;
    if (!n || n->value < 2 || n->value > 30 || !free_span(used, k, k + n->length)) continue;
    if (article_before_noun(w, k) || is_duration_word(w, k + n->length)) continue;
    mark(used, k, k + n->length);
    return n->value;
  }

  // 4. The size was just asked: a lone number will do ("quatre", "6 s'il vous plaît"); the
  // last one, because a caller correcting herself says the right one last ("six, no, seven").
  std::optional<int> bare_size;
  if (bare) {
    for (std::size_t i = 0; i < w.size(); ++i) {
      if (used[i]) continue;
      auto n = parse_number(w, i);
      if (!n || n->value < 1 || n->value > 999 || !free_span(used, i, i + n->length)) continue;
      if (article_before_noun(w, i) || is_duration_word(w, i + n->length)) continue;
      mark(used, i, i + n->length);
      if (!negated_before(w, i)) bare_size = n->value;
      i += n->length - 1;
    }
  }
  return bare_size;
}

}  // namespace webox::brain
