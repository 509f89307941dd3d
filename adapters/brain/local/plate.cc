#include "adapters/brain/local/plate.h"

#include <cctype>

#include "adapters/brain/local/names.h"
#include "adapters/brain/local/spelling.h"

namespace webox::brain {
namespace {

constexpr std::size_t kMinLength = 4, kMaxLength = 8;

constexpr std::string_view kTriggers[] = {"plaque", "immatriculation", "immatriculee", "immatricule",
                                          "immat", "plate", "registration", "reg", "rego", "licence", "license"};
constexpr std::string_view kBetween[] = {"c", "est", "is", "it", "s", "number", "numero", "d", "de",
                                         "plate", "plaque", "immatriculation", "la", "le", "my", "the",
                                         "ma", "euh", "um", "uh", "en", "under"};

bool one_of(std::string_view t, const auto& list) {
  for (auto x : list)
    if (t == x) return true;
  return false;
}

// "AB123CD" -> "AB-123-CD" (SIV), "1234AB75" -> "1234-AB-75" (the older FNI: up to four
// digits, up to three letters, the department); other formats as they are. "20H30" is a time.
std::string french_dashes(const std::string& p) {
  auto letter = [&](std::size_t i) { return std::isalpha(static_cast<unsigned char>(p[i])) != 0; };
  auto digit = [&](std::size_t i) { return std::isdigit(static_cast<unsigned char>(p[i])) != 0; };
  if (p.size() == 7 && letter(0) && letter(1) && digit(2) && digit(3) && digit(4) && letter(5) && letter(6))
    return p.substr(0, 2) + "-" + p.substr(2, 3) + "-" + p.substr(5);
  std::size_t digits = 0, letters = 0;
  while (digits < p.size() && digit(digits)) ++digits;
  while (digits + letters < p.size() && letter(digits + letters)) ++letters;
  const std::size_t rest = p.size() - digits - letters;
  if (digits >= 1 && digits <= 4 && letters >= 1 && letters <= 3 && rest == 2 && digit(p.size() - 2) &&
      digit(p.size() - 1) && p.substr(digits, letters) != "H")
    return p.substr(0, digits) + "-" + p.substr(digits, letters) + "-" + p.substr(digits + letters);
  return p;
}

// "BD21XYZ": the current British shape (two letters, two digits, three letters), as
// unmistakable as the French one when the recogniser writes "BD21" glued and the letters in
// capitals ("Nissan Qashqai, BD21 XYZ" said at "what car?").
bool british_shape(std::string_view p) {
  if (p.size() != 7) return false;
  for (std::size_t i = 0; i < 7; ++i) {
    const bool digit = std::isdigit(static_cast<unsigned char>(p[i])) != 0;
    if (digit != (i == 2 || i == 3)) return false;
  }
  return true;
}

bool all_letters(std::string_view t, std::size_t from, std::size_t to) {
  if (t.size() < from || t.size() > to) return false;
  for (char c : t)
    if (c < 'a' || c > 'z') return false;
  return true;
}

bool digits_only(std::string_view t, std::size_t from, std::size_t to) {
  return t.size() >= from && t.size() <= to && is_number_text(t);
}

// "ab 123 cd", "1234 ab 75": the French shapes said in lower case with spaces, which
// read_spelled takes only in capitals or glued to digits. Unannounced, the letter groups must
// be no everyday word ("le 123 de" is not a plate). Returns the plate and the word after it.
std::optional<std::pair<std::string, std::size_t>> spaced_plate(const Words& w, const std::vector<bool>& used,
                                                                std::size_t i, bool strict) {
  if (i + 3 > w.size() || used[i] || used[i + 1] || used[i + 2]) return std::nullopt;
  const std::string_view a = w[i].text, b = w[i + 1].text, c = w[i + 2].text;
  const bool siv = all_letters(a, 2, 2) && digits_only(b, 3, 3) && all_letters(c, 2, 2);
  const bool fni = digits_only(a, 1, 4) && all_letters(b, strict ? 2 : 1, 3) && digits_only(c, 2, 2) && b != "h";
  if (!siv && !fni) return std::nullopt;
  if (strict && (is_filler(siv ? a : b) || (siv && is_filler(c)))) return std::nullopt;
  std::string text;
  for (std::string_view t : {a, b, c})
    for (char ch : t) text += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return std::pair{french_dashes(text), i + 3};
}

std::optional<std::string> plate_at(std::string_view said, const Words& w, std::vector<bool>& used,
                                    std::size_t from, std::size_t at, bool french_only) {
  if (auto p = spaced_plate(w, used, at, french_only)) {
    for (std::size_t k = from; k < p->second; ++k) used[k] = true;
    return p->first;
  }
  const Spelled s = read_spelled(said, w, used, at, Spelling::code);
  if (s.letters == 0 || s.digits == 0 || s.text.size() < kMinLength || s.text.size() > kMaxLength)
    return std::nullopt;
  const bool glued_start = at + 1 < w.size() && w[at].end == w[at + 1].begin;  // "BD21", not "AB 12"
  if (french_only && french_dashes(s.text) == s.text && !(british_shape(s.text) && glued_start))
    return std::nullopt;
  for (std::size_t k = from; k < s.end; ++k) used[k] = true;
  return french_dashes(s.text);
}

}  // namespace

std::optional<std::string> find_plate(std::string_view said, const Words& w, std::vector<bool>& used,
                                      bool asked) {
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (used[i] || !one_of(w[i].text, kTriggers)) continue;
    // "l'immat c'est DE 345 FG": a word that could come between ("de") may start the plate.
    for (std::size_t k = i + 1; k <= w.size(); ++k) {
      if (auto p = plate_at(said, w, used, i, k, false)) return p;
      if (k >= w.size() || used[k] || !one_of(w[k].text, kBetween)) break;
    }
  }
  // Unannounced, only the unmistakable French shape: "AB 123 CD".
  for (std::size_t i = 0; i < w.size(); ++i)
    if (!used[i])
      if (auto p = plate_at(said, w, used, i, i, !asked)) return p;
  return std::nullopt;
}

}  // namespace webox::brain
