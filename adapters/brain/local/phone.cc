#include "adapters/brain/local/phone.h"

#include "adapters/brain/local/spelling.h"

namespace webox::brain {
namespace {

constexpr int kMinDigits = 8;
constexpr int kMinDigitsWhenAsked = 4;
constexpr int kMaxDigits = 15;  // E.164

// A '+' written just before the word ("+33"), or "plus" said before it.
bool plus_before(std::string_view said, const Words& w, std::size_t i, std::size_t& start) {
  start = i;
  std::size_t c = w[i].begin;
  while (c > 0 && said[c - 1] == ' ') --c;
  if (c > 0 && said[c - 1] == '+') return true;
  if (i > 0 && w[i - 1].text == "plus") {
    start = i - 1;
    return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> find_phone(std::string_view said, const Words& w, std::vector<bool>& used,
                                      bool asked) {
  const int min_digits = asked ? kMinDigitsWhenAsked : kMinDigits;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (used[i]) continue;
    const Spelled run = read_spelled(said, w, used, i, Spelling::digits);
    if (run.digits == 0) continue;
    if (run.digits < min_digits || run.digits > kMaxDigits) {
      i = run.end - 1;
      continue;
    }
    std::size_t start = i;
    const bool plus = plus_before(said, w, i, start) && !used[start];
    for (std::size_t k = start; k < run.end; ++k) used[k] = true;
    return (plus ? "+" : "") + run.text;
  }
  return std::nullopt;
}

}  // namespace webox::brain
