#include "adapters/brain/local/spelling.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "adapters/brain/local/numbers.h"

namespace webox::brain {
namespace {

bool is(const Words& w, std::size_t i, std::string_view s) { return i < w.size() && w[i].text == s; }

bool apostrophe_at(std::string_view said, std::size_t pos) {
  if (pos >= said.size()) return false;
  if (said[pos] == '\'') return true;
  return said.substr(pos, 3) == "\xE2\x80\x99";  // ’
}

bool apostrophe_before(std::string_view said, std::size_t pos) {
  if (pos == 0) return false;
  if (said[pos - 1] == '\'') return true;
  return pos >= 3 && said.substr(pos - 3, 3) == "\xE2\x80\x99";
}

bool single_letter(std::string_view said, const Word& w) {
  if (w.text.size() != 1 || w.text[0] < 'a' || w.text[0] > 'z') return false;
  // "l'heure", "n'est", "it's": a clitic, not a spelled letter.
  return !apostrophe_at(said, w.end) && !apostrophe_before(said, w.begin);
}

bool all_letters(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

bool all_caps(std::string_view said, const Word& w) {
  for (std::size_t k = w.begin; k < w.end; ++k)
    if (!(said[k] >= 'A' && said[k] <= 'Z')) return false;
  return true;
}

// Written together, or joined by a dash as plates and references are: "ab123cd", "ab-123-cd".
bool glued(std::string_view said, const Word& a, const Word& b) {
  return b.begin == a.end || (b.begin == a.end + 1 && said[a.end] == '-');
}

bool glued_to_digits(std::string_view said, const Words& w, std::size_t i) {
  return (i > 0 && glued(said, w[i - 1], w[i]) && is_number_text(w[i - 1].text)) ||
         (i + 1 < w.size() && glued(said, w[i], w[i + 1]) && is_number_text(w[i + 1].text));
}

// "comme Anatole", "as in alpha", "like London", "pour Paris", "for bravo": the example word.
std::size_t example_after(const Words& w, std::size_t i) {
  for (std::string_view p : {"comme", "as in", "like", "for"})
    if (phrase_at(w, i, p) && i + phrase_length(p) < w.size()) return phrase_length(p) + 1;
  return 0;
}

// One digit said as a word: "five", "zéro", "oh".
std::optional<char> digit_word(const Words& w, std::size_t i) {
  if (is(w, i, "oh") || is(w, i, "o")) return '0';
  if (auto n = parse_number(w, i); n && n->length == 1 && n->value < 10 && !is_number_text(w[i].text))
    return static_cast<char>('0' + n->value);
  return std::nullopt;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// The recogniser's sentence break (". ", "? ", "! ") between word i - 1 and word i.
bool sentence_ends_before(std::string_view said, const Words& w, std::size_t i) {
  if (i == 0 || w[i - 1].end > w[i].begin || w[i].begin > said.size()) return false;
  return said.substr(w[i - 1].end, w[i].begin - w[i - 1].end).find_first_of(".?!") != std::string_view::npos;
}

}  // namespace

bool is_hesitation(std::string_view t) {
  return t == "euh" || t == "heu" || t == "hum" || t == "um" || t == "uh" || t == "er" ||
         t == "erm" || t == "hmm" || t == "tiret" || t == "dash" || t == "hyphen";
}

Spelled read_spelled(std::string_view said, const Words& w, const std::vector<bool>& used,
                     std::size_t at, Spelling mode) {
  Spelled s;
  s.end = at;
  const bool code = mode != Spelling::letters;
  const bool letters = mode != Spelling::digits;
  for (std::size_t i = at; i < w.size() && !used[i];) {
    const Word& word = w[i];
    const int digits_before = s.digits;
    if (letters && single_letter(said, word) && !(code && word.text == "o" && s.digits > 0)) {
      s.text += upper(word.text);
      ++s.letters;
      i += 1;
      // The example word only after a letter, and never a digit: "A for 4" is not "A" + "for".
      if (std::size_t e = example_after(w, i); e && !parse_number(w, i + e - 1)) i += e;
    } else if (!code && s.letters > 0 && (word.text == "deux" || word.text == "double" || word.text == "two") &&
               i + 1 < w.size() && !used[i + 1] && single_letter(said, w[i + 1])) {
      // "R O U deux S E L", "double L": the letter twice, inside a run (a party size before
      // the first letter, "pour deux, D U P O N T", is no letter); "double u", "double v" is W.
      const std::string l = upper(w[i + 1].text);
      const bool dubya = word.text == "double" && (l == "U" || l == "V");
      s.text += dubya ? std::string("W") : l + l;
      s.letters += dubya ? 1 : 2;
      i += 2;
    } else if (code && letters && all_letters(word.text) && word.text.size() <= 3 &&
               (all_caps(said, word) || glued_to_digits(said, w, i)) &&
               !digit_word(w, i)) {  // a number word shouted ("after TWO") is the number, not T W O
      s.text += upper(word.text);
      s.letters += static_cast<int>(word.text.size());
      i += 1;
    } else if (code && is_number_text(word.text)) {
      s.text += word.text;
      s.digits += static_cast<int>(word.text.size());
      i += 1;
    } else if (code && (word.text == "double" || word.text == "triple") && digit_word(w, i + 1)) {
      const std::string d(1, *digit_word(w, i + 1));
      const int times = word.text == "double" ? 2 : 3;
      for (int k = 0; k < times; ++k) s.text += d;
      s.digits += times;
      i += 2;
    } else if (code && (word.text == "oh" || word.text == "o") && (s.digits > 0 || parse_number(w, i + 1)) &&
               !sentence_ends_before(said, w, i)) {
      // "oh" is zero only before or among digits; else it is a hesitation, and so is one that
      // opens a new sentence ("YB19 KXT. oh and my clutch...").
      s.text += '0';
      s.digits += 1;
      i += 1;
    } else if (auto n = code ? parse_number(w, i) : std::nullopt) {
      // "nine hundred one two three" reads out 900 then 1 2 3, not 901 then 2 3.
      if (n->length == 3 && n->value % 100 < 10 && digit_word(w, i + 3) &&
          (is(w, i + 1, "hundred") || is(w, i + 1, "cent")))
        *n = NumberMatch{n->value - n->value % 100, 2};
      const std::string d = std::to_string(n->value);
      s.text += d;
      s.digits += static_cast<int>(d.size());
      i += n->length;
    } else if (is_hesitation(word.text) && s.end > at) {
      i += 1;
      continue;  // skipped, but the run does not end on it
    } else {
      break;
    }
    s.end = i;
    if (s.digits > digits_before) {
      s.end_after_digits = i;
      s.length_after_digits = s.text.size();
    }
  }
  return s;
}

}  // namespace webox::brain
