#include "adapters/brain/local/answer.h"

#include "adapters/brain/local/normalize.h"

namespace webox::brain {
namespace {

constexpr std::string_view kLeadIns[] = {
    "euh", "heu", "hum", "hmm", "um", "uh", "er", "erm", "ben", "bah", "alors", "donc", "ah", "oh",
    "oui", "ouais", "yes", "yeah", "well", "so", "ok", "okay", "c est", "c etait", "ce serait",
    "it s", "it is", "it was", "that s", "ce sera", "pour", "for", "avec", "with"};
constexpr std::string_view kTrailers[] = {"s il vous plait", "s il te plait", "svp", "please", "merci",
                                          "thanks", "thank you", "merci beaucoup"};

}  // namespace

std::optional<std::string> clean_answer(std::string_view said) {
  const Words w = tokenize(said);
  std::size_t first = 0, last = w.size();
  for (bool moved = true; moved && first < last;) {
    moved = false;
    for (auto p : kLeadIns)
      if (phrase_at(w, first, p) && first + phrase_length(p) <= last) {
        first += phrase_length(p);
        moved = true;
        break;
      }
  }
  for (bool moved = true; moved && first < last;) {
    moved = false;
    for (auto p : kTrailers) {
      const std::size_t n = phrase_length(p);
      if (last - first > n && phrase_at(w, last - n, p)) {
        last -= n;
        moved = true;
        break;
      }
    }
  }
  if (first >= last) return std::nullopt;
  return std::string(said.substr(w[first].begin, w[last - 1].end - w[first].begin));
}

}  // namespace webox::brain
