#include "adapters/brain/local/names.h"

#include <algorithm>
#include <iterator>

#include "adapters/brain/local/dates.h"
#include "adapters/brain/local/numbers.h"
#include "adapters/brain/local/spelling.h"

namespace webox::brain {
namespace {

constexpr std::size_t kMaxNameWords = 4;

// Sorted (checked by a static_assert), so is_filler is a binary search. Imperatives ("mettez",
// "notez", "prenez", "put", "make", "take") tell us what to do and are never a name, nor is a
// room ("mettez-nous dans une chambre familiale" after "à quel nom ?"), nor when to come ("as
// early as you can, this morning" was the name "Early"). A name ends before "from"/"chez" (the
// caller's company: "Greg Miller from Apex Consulting" was "Greg Miller From Apex") and before
// "comme" ("Petit, comme petit" explains the word, was "Comme Petit"); "fils", "son" say whose
// name it is ("Lucas Martin, c'est mon fils").
constexpr std::string_view kFillers[] = {
    "a", "about", "accord", "actually", "afternoon", "ah", "ai", "aimerais", "ais", "ait", "alors",
    "also", "am", "an", "and", "appelez", "appelle", "appelles", "apres", "are", "around", "as",
    "asap", "at", "attendez", "attends", "au", "aujourd", "aujourdhui", "aussi", "autre", "aux",
    "avec", "avez", "avoir", "bah", "be", "beaucoup", "ben", "bien", "bon", "bonjour", "bonsoir",
    "book", "booking", "both", "buddy", "but", "bye", "c", "ca", "call", "called", "can", "ce", "cela",
    "certainly", "cest", "cette", "chambre", "chambres", "change", "changer", "chez", "combien",
    "comme", "comment", "comprends", "cool", "coucou", "could", "d", "dac", "dans", "daughter", "de", "demain",
    "des", "desole", "dis", "disons", "dit", "do", "donc", "donnez", "down", "du", "dude",
    "earliest", "early", "ecoutez", "ecrivez", "effectivement", "elle", "en", "enfin", "ensuite",
    "er", "erm", "est", "et", "etait", "euh", "evening", "exact", "exactement", "faire", "fait",
    "fille", "fils", "finalement", "fine", "for", "from", "gardez", "give", "go", "good", "great",
    "guys", "ha", "had", "have", "he", "hello", "heu", "hey", "hi", "hm", "hmm", "hold", "how",
    "hum", "i", "ici", "idea", "if", "il", "im", "in", "inscrivez", "instant", "instead", "is",
    "it", "its", "j", "je", "just", "juste", "keep", "know", "l", "la", "le", "les", "let", "lets",
    "like", "ll", "lui", "m", "ma", "madame", "mademoiselle", "mais", "make", "man", "marquez",
    "mate", "matin", "me", "merci", "mes", "mets", "mettez", "mettre", "midi", "minute", "mister",
    "mme", "moi", "moment", "mon", "monsieur", "morning", "mr", "mrs", "ms", "my", "n", "name",
    "ne", "no", "nom", "non", "nope", "not", "note", "noter", "notez", "notre", "nous", "of", "oh", "ok",
    "okay", "on", "only", "or", "ou", "ouais", "oui", "our", "pardon", "parfait", "pas", "perfect",
    "peut", "place", "plait", "please", "plus", "plutot", "possible", "pour", "pourquoi", "prendre",
    "prends", "prenez", "puis", "put", "quand", "que", "quel", "quelle", "quelles", "quels", "qui",
    "quoi", "rather", "re", "reservation", "reserve", "reserver", "right", "room", "rooms", "s",
    "said", "sais", "say", "says", "sera", "serait", "serons", "seulement", "she", "si",
    "simplement", "simply", "so", "soir", "son", "soon", "sorry", "sous", "suis", "sur", "sure",
    "svp", "t", "table", "take", "te", "thank", "thanks", "that", "the", "then", "this", "to",
    "today", "tomorrow", "tonight", "tot", "tout", "tres", "tu", "uh", "um", "un", "under", "understand", "une",
    "us", "ve", "vers", "vite", "voici", "voila", "voudrais", "vous", "wait", "want", "we", "well",
    "what", "when", "where", "which", "who", "why", "with", "would", "write", "y", "yeah", "yep",
    "yes", "you", "your",
};
static_assert(std::is_sorted(std::begin(kFillers), std::end(kFillers)));

// Strong markers: whatever follows is the name.
constexpr std::string_view kStrong[] = {
    // A title after "c'est"/"ici"/"this is": the caller introduces herself ("c'est madame Garnier").
    "c est madame", "c est monsieur", "c est mademoiselle", "ici madame", "ici monsieur",
    "this is mrs", "this is mr", "this is ms", "this is miss", "it s mrs", "it s mr", "it s ms",
    "moi c est madame", "moi c est monsieur",
    "au nom de monsieur", "au nom de madame", "au nom de", "au nom d", "a nom de", "sous le nom de",
    "sous le nom", "mon nom est", "mon nom c est", "mon nom", "le nom c est", "le nom est", "je m appelle",
    "nom de famille", "elle s appelle", "il s appelle",
    "under the name of", "under the name", "my name is", "my name s", "the name is", "name is",
    "name s", "last name is", "under", "c est au nom de"};
// What may open a line before "nom"/"name" said as a label ("ok, le nom Dupont").
constexpr std::string_view kLeadIns[] = {"alors", "and", "er", "et", "euh", "le", "ok", "okay",
                                         "oui", "so", "the", "uh", "um", "well", "yeah", "yes"};
// Weak markers: only before a capitalised word.
// A relative booked for: "pour mon fils Hugo Blanc", "for my daughter Emma".
constexpr std::string_view kWeak[] = {
    "moi c est", "c est", "je suis", "ici", "it s", "it is", "this is", "i m", "i am",
    // "It's for me, Maeve Doyle, and my husband Ciaran": the first person named is the one
    // booked for (was the husband).
    "for me", "for myself", "pour moi",
    "mon fils", "ma fille", "mon mari", "ma femme", "ma mere", "mon pere", "my son", "my daughter",
    "my wife", "my husband", "my mother", "my mum", "my mom", "my father", "my dad"};
// "The name is just Miller", "le nom c'est juste Petit": the word after the marker only stresses.
constexpr std::string_view kStress[] = {"just", "juste", "only", "simply", "simplement", "seulement"};

std::size_t past_stress(const Words& w, std::size_t from) {
  while (from < w.size() && std::ranges::find(kStress, w[from].text) != std::end(kStress)) ++from;
  return from;
}

bool name_word(const Words& w, const std::vector<bool>& used, std::size_t i, bool may_be_filler) {
  if (i >= w.size() || used[i]) return false;
  if (is_filler(w[i].text) && !(may_be_filler && w[i].capitalised)) return false;
  if (parse_number(w, i) || weekday_at(w, i) >= 0) return false;
  // "I don't understand": a verb's contraction ("don't", "didn't", "can't") is no name ("Don").
  if (i + 1 < w.size() && w[i + 1].text == "t" && w[i + 1].begin - w[i].end <= 3) return false;
  // A spelled-out letter ("D U P O N T") is not a word of the name.
  return w[i].text.size() > 1 || w[i].text == "o";  // "O'Brien" splits into "o" "brien"
}

// The number before `after` is an age: "7 ans", "7 years old".
// "she's 14", "he is 7", "il a 7": a number said of the person is her age, "ans" left unsaid.
bool said_of_a_person(const Words& w, std::size_t at) {
  const auto before = [&](std::size_t back, std::string_view s) { return at >= back && w[at - back].text == s; };
  return ((before(1, "s") || before(1, "is")) && (before(2, "she") || before(2, "he"))) ||
         (before(1, "a") && (before(2, "il") || before(2, "elle"))) || before(1, "aged");
}

bool is_age(const Words& w, std::size_t after) {
  if (after >= w.size()) return false;
  const std::string& t = w[after].text;
  return t == "ans" || t == "an" || t == "years" || t == "year" || t == "yo";
}

// Names do not run across a comma or a full stop: "Dupont, pour 4", "Smith. Thanks".
bool joined(std::string_view said, const Words& w, std::size_t k) {
  for (std::size_t c = w[k - 1].end; c < w[k].begin; ++c)
    if (said[c] != ' ' && said[c] != '-' && said[c] != '\'' && said[c] != '\xE2' && said[c] != '\x80' &&
        said[c] != '\x99')
      return false;
  return true;
}

// "nom ! Passez", "name? Smith": a '!', '?' or '.' before word `k` closes what came before.
bool ends_sentence(std::string_view said, const Words& w, std::size_t k) {
  for (std::size_t c = w[k - 1].end; c < w[k].begin; ++c)
    if (said[c] == '!' || said[c] == '?' || said[c] == '.') return true;
  return false;
}

// A surname's particle ("Le Goff", "Le Bihan", "De La Tour", "van Dyke", "Mac Lean") opens the
// name when a capitalised name word follows it: "le"/"la"/"de" are fillers elsewhere, so the
// recogniser's capital is the sign ("le Goff" in lower case stays an article). "van", "von",
// "mac", "mc" are no French or English word, so they count in any case.
bool particle_opens(std::string_view said, const Words& w, const std::vector<bool>& used, std::size_t i) {
  if (i + 1 >= w.size() || used[i]) return false;
  const std::string& t = w[i].text;
  const bool foreign = t == "van" || t == "von" || t == "mac" || t == "mc";
  const bool french = t == "le" || t == "la" || t == "de" || t == "du" || t == "des";
  if (!foreign && !(french && w[i].capitalised)) return false;
  if (!joined(said, w, i + 1) || !w[i + 1].capitalised) return false;
  return particle_opens(said, w, used, i + 1) || name_word(w, used, i + 1, false);
}

// After a strong marker a capitalised first word is a name even if it looks like a filler
// ("au nom de Ben").
std::optional<std::string> take_run(std::string_view said, const Words& w, std::vector<bool>& used,
                                    std::size_t from, bool strong) {
  std::size_t end = from;
  while (end < w.size() && end - from < kMaxNameWords - 1 && particle_opens(said, w, used, end)) ++end;
  while (end < w.size() && end - from < kMaxNameWords &&
         (name_word(w, used, end, strong && end == from) || particle_opens(said, w, used, end)) &&
         (end == from || joined(said, w, end)))
    ++end;
  if (end == from) return std::nullopt;
  for (std::size_t k = from; k < end; ++k) used[k] = true;
  return capitalise_name(said.substr(w[from].begin, w[end - 1].end - w[from].begin));
}

// The run of name words from `from` is written all in capitals' case ("Craig Wilson").
bool capitalised_run(std::string_view said, const Words& w, const std::vector<bool>& used, std::size_t from) {
  std::size_t end = from;
  while (end < w.size() && end - from < kMaxNameWords && name_word(w, used, end, false) &&
         (end == from || joined(said, w, end))) {
    if (!w[end].capitalised) return false;
    ++end;
  }
  return end > from;
}

// "Bernard, Paul Bernard", "under Smith, John Smith", "my name is John, John Smith": the name
// said again in full right after the one just taken is the one meant. `name` was taken, its
// words marked; nullopt: not so.
std::optional<std::string> restated(std::string_view said, const Words& w, std::vector<bool>& used,
                                    std::size_t after, const std::string& name) {
  for (std::size_t k = after; k < w.size(); ++k) {
    if (!name_word(w, used, k, false)) continue;
    std::vector<bool> trial = used;
    auto fuller = take_run(said, w, trial, k, false);
    if (!fuller || fuller->size() <= name.size()) return std::nullopt;
    const std::string full = fold(*fuller), part = fold(name);
    if (!full.ends_with(" " + part) && !full.starts_with(part + " ")) return std::nullopt;
    used = trial;
    return fuller;
  }
  return std::nullopt;
}

constexpr int kMinSpelledLetters = 3;

// "D U P O N T", "d-u-p-o-n-t", "N as in Nancy G U Y E N": the longest run, its words marked.
std::optional<std::string> spelled_name(std::string_view said, const Words& w, std::vector<bool>& used) {
  Spelled best;
  std::size_t best_at = 0;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (used[i]) continue;
    // "Lefebvre, avec un B : L, E, F, ...", "with a B": the letter named after an article is
    // the one stressed, not the name's first (was "Blefebvre").
    if (i > 0 && (w[i - 1].text == "un" || w[i - 1].text == "une" || w[i - 1].text == "a") &&
        w[i].text.size() == 1)
      continue;
    if (i > 0 && (w[i - 1].text == "with" || w[i - 1].text == "avec") && (w[i].text == "a" || w[i].text == "un"))
      continue;
    const Spelled s = read_spelled(said, w, used, i, Spelling::letters);
    if (s.letters > best.letters) {
      best = s;
      best_at = i;
    }
    if (s.end > i) i = s.end - 1;
  }
  if (best.letters < kMinSpelledLetters) return std::nullopt;
  for (std::size_t k = best_at; k < best.end; ++k) used[k] = true;
  return best.text;
}

// "Lefèvre" against "LEFEVRE": the same letters once folded, spaces and hyphens aside.
bool spells(std::string_view spoken, std::string_view letters) {
  std::string a;
  for (char c : fold(spoken))
    if (c >= 'a' && c <= 'z') a += c;
  std::string b;
  for (char c : letters) b += static_cast<char>(c - 'A' + 'a');
  return a.find(b) != std::string::npos;
}

std::optional<std::string> spoken_name(std::string_view said, const Words& w, std::vector<bool>& used,
                                       bool asked) {
  for (std::size_t i = 0; i < w.size(); ++i) {
    for (auto marker : kStrong) {
      if (!phrase_at(w, i, marker)) continue;
      const std::size_t after = i + phrase_length(marker), from = past_stress(w, after);
      if (auto n = take_run(said, w, used, from, true)) {
        // "the name is just Miller. Greg Miller.": "just" says the shorter one is meant.
        if (from > after) return n;
        if (auto fuller = restated(said, w, used, from + 1, *n)) return fuller;
        return n;
      }
    }
  }
  // "Name Smith", "nom Dupont", "ok, the name Smith", "surname Baker": the label opening the line
  // introduces the name, whatever was asked.
  std::size_t lead = 0;
  while (lead < w.size() && std::ranges::find(kLeadIns, w[lead].text) != std::end(kLeadIns)) ++lead;
  // So does the label opening a clause after a comma or full stop: "the 24th at 7 for four
  // people, name Garcia" (was asked again).
  std::vector<std::size_t> opens = {lead};
  for (std::size_t i = 1; i < w.size(); ++i)
    if (!joined(said, w, i)) opens.push_back(i);
  for (std::size_t open : opens)
    for (std::string_view label : {"nom", "name", "surname", "last name", "family name"}) {
      if (!phrase_at(w, open, label)) continue;
      const std::size_t from = open + phrase_length(label);
      // "Le nom ! Passez-moi quelqu'un": the label said alone, as an exclamation, is what to
      // change, not the name's opening (was the name "Passez").
      if (from < w.size() && ends_sentence(said, w, from)) continue;
      if (auto n = take_run(said, w, used, from, true)) {
        if (auto fuller = restated(said, w, used, from + 1, *n)) return fuller;
        return n;
      }
    }
  for (std::size_t i = 0; i < w.size(); ++i) {
    for (auto marker : kWeak) {
      if (!phrase_at(w, i, marker)) continue;
      const std::size_t k = i + phrase_length(marker);
      if (k < w.size() && (w[k].capitalised || asked))
        if (auto n = take_run(said, w, used, k, false)) {
          if (auto fuller = restated(said, w, used, k + 1, *n)) return fuller;
          return n;
        }
    }
  }
  if (!asked) return std::nullopt;
  // Names hold no numbers: "let's say 9" answers something else than "what name?". An age said
  // beside the name is no answer to something else ("Lucas Martin, il a 7 ans" was asked again).
  for (std::size_t i = 0; i < w.size(); ++i)
    if (auto n = parse_number(w, i);
        !used[i] && n && !is_filler(w[i].text) && !is_age(w, i + n->length) && !said_of_a_person(w, i))
      return std::nullopt;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (!name_word(w, used, i, false) && !particle_opens(said, w, used, i)) continue;
    // "ah fair enough. Craig Wilson.": words the recogniser wrote in lower case, then a name it
    // wrote with capitals: the capitals are the name.
    if (!capitalised_run(said, w, used, i))
      for (std::size_t k = i + 1; k < w.size(); ++k)
        if (name_word(w, used, k, false) && !joined(said, w, k) && capitalised_run(said, w, used, k)) {
          i = k;
          break;
        }
    auto name = take_run(said, w, used, i, false);
    if (!name) return name;
    if (auto fuller = restated(said, w, used, i + 1, *name)) return fuller;
    return name;
  }
  return std::nullopt;
}

}  // namespace

bool is_filler(std::string_view word) {
  return std::binary_search(std::begin(kFillers), std::end(kFillers), word);
}

std::optional<std::string> find_name(std::string_view said, const Words& w, std::vector<bool>& used,
                                     bool asked) {
  std::vector<bool> trial = used;
  const auto letters = spelled_name(said, w, trial);
  auto spoken = spoken_name(said, w, trial, asked);
  // A spelled name backs a spoken one ("Dupont, D U P O N T"); when no word said it, or one
  // that does not match, the caller's letters are the name.
  if (letters && (asked || spoken) && !(spoken && spells(*spoken, *letters))) spoken = capitalise_name(*letters);
  if (spoken) used = trial;
  return spoken;
}

bool spells_a_name(std::string_view utterance) {
  const Words w = tokenize(utterance);
  std::vector<bool> used(w.size(), false);
  return spelled_name(utterance, w, used).has_value();
}

std::optional<std::size_t> denies_name(const Words& words, std::string_view name) {
  std::string folded;
  for (const Word& x : tokenize(name)) folded += (folded.empty() ? "" : " ") + x.text;
  if (folded.empty()) return std::nullopt;
  for (std::size_t k = 0; k + 1 < words.size(); ++k)
    if ((words[k].text == "pas" || words[k].text == "not") && phrase_at(words, k + 1, folded))
      return words[k + phrase_length(folded)].end;
  return std::nullopt;
}

}  // namespace webox::brain
