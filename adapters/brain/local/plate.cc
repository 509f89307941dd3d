#include "adapters/brain/local/plate.h"

#include <cctype>

#include "adapters/brain/local/spelling.h"

namespace webox::brain {
namespace {

constexpr std::size_t kMinLength = 4, kMaxLength = 8;

constexpr std::string_view kTriggers[] = {"plaque", "immatriculation", "immatriculee", "immatricule",
                                          "immat", "plate", "registration", "reg", "licence", "license"};
constexpr std::string_view kBetween[] = {"c", "est", "is", "it", "s", "number", "numero", "d", "de",
                                         "plate", "plaque", "immatriculation", "la", "le", "my", "the",
                                         "ma", "euh", "um", "uh", "en", "under"};

bool one_of(std::string_view t, const auto& list) {
  for (auto x : list)
    if (t == x) return true;
  return false;
}

// "AB123CD" -> "AB-123-CD"; other formats as they are.
std::string french_dashes(const std::string& p) {
  auto letter = [&](std::size_t i) { return std::isalpha(static_cast<unsigned char>(p[i])) != 0; };
  auto digit = [&](std::size_t i) { return std::isdigit(static_cast<unsigned char>(p[i])) != 0; };
  if (p.size() == 7 && letter(0) && letter(1) && digit(2) && digit(3) && digit(4) && letter(5) && letter(6))
    return p.substr(0, 2) + "-" + p.substr(2, 3) + "-" + p.substr(5);
  return p;
}

std::optional<std::string> plate_at(std::string_view said, const Words& w, std::vector<bool>& used,
                                    std::size_t from, std::size_t at, bool french_only) {
  const Spelled s = read_spelled(said, w, used, at, Spelling::code);
  if (s.letters == 0 || s.digits == 0 || s.text.size() < kMinLength || s.text.size() > kMaxLength)
    return std::nullopt;
  if (french_only && french_dashes(s.text) == s.text) return std::nullopt;
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
