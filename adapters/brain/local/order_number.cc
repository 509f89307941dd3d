#include "adapters/brain/local/order_number.h"

#include "adapters/brain/local/spelling.h"

namespace webox::brain {
namespace {

constexpr std::size_t kMinLength = 3;

constexpr std::string_view kTriggers[] = {"commande", "commandes", "order", "orders"};
// Words between the trigger and the code: "commande numéro c'est la ...", "order number is".
constexpr std::string_view kBetween[] = {"numero", "number", "no", "num", "n", "is", "c", "est", "s",
                                         "it", "la", "le", "de", "the", "ma", "my", "reference",
                                         "ref", "was", "euh", "um", "uh", "bien"};

bool between_word(std::string_view t) {
  for (auto b : kBetween)
    if (t == b) return true;
  return false;
}

// The code proper: the spelled run cut before letters that trail its digits.
std::optional<Spelled> code_at(std::string_view said, const Words& w, const std::vector<bool>& used,
                               std::size_t at) {
  Spelled s = read_spelled(said, w, used, at, Spelling::code);
  if (s.digits == 0) return std::nullopt;
  s.text.resize(s.length_after_digits);
  s.end = s.end_after_digits;
  if (s.text.size() < kMinLength) return std::nullopt;
  return s;
}

void mark(std::vector<bool>& used, std::size_t begin, std::size_t end) {
  for (std::size_t k = begin; k < end; ++k) used[k] = true;
}

}  // namespace

std::optional<std::string> find_order_number(std::string_view said, const Words& w,
                                             std::vector<bool>& used, bool asked) {
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (used[i]) continue;
    // "CMD-2291", "C M D mille quarante-deux": the reference's own prefix, written or spelled.
    if (w[i].text == "cmd" || w[i].text == "c")
      if (auto c = code_at(said, w, used, i); c && c->text.starts_with("CMD")) {
        mark(used, i, c->end);
        return c->text;
      }
    bool trigger = false;
    for (auto t : kTriggers) trigger = trigger || w[i].text == t;
    if (!trigger) continue;
    std::size_t k = i + 1;
    // "commande c'est C M D ...": a spelled "C" is the code's first letter, not "c'est"'s.
    auto spelled_cmd = [&](std::size_t at) {
      const auto c = w[at].text == "c" ? code_at(said, w, used, at) : std::nullopt;
      return c && c->text.starts_with("CMD");
    };
    // "the order is C K eight eight...": a "c" not followed by "est" is a spelled letter.
    auto spelled_c = [&](std::size_t at) {
      return w[at].text == "c" && !(at + 1 < w.size() && w[at + 1].text == "est");
    };
    while (k < w.size() && between_word(w[k].text) && !used[k] && !spelled_cmd(k) && !spelled_c(k)) ++k;
    if (auto c = code_at(said, w, used, k)) {
      mark(used, i, c->end);
      return c->text;
    }
  }
  if (!asked) return std::nullopt;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (used[i]) continue;
    if (auto c = code_at(said, w, used, i)) {
      mark(used, i, c->end);
      return c->text;
    }
  }
  return std::nullopt;
}

}  // namespace webox::brain
