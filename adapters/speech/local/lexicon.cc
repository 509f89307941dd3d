#include "adapters/speech/local/lexicon.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace webox::speech {

Result<Lexicon> Lexicon::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error::make(Errc::io, "cannot read the pronunciation dictionary " + path);
  Lexicon lex;
  for (std::string line; std::getline(in, line);) {
    const std::size_t sp = line.find_first_of(" \t");
    if (sp == std::string::npos || sp == 0) continue;
    std::string word = line.substr(0, sp);
    if (const std::size_t paren = word.find('('); paren != std::string::npos) word.resize(paren);
    const std::size_t ph = line.find_first_not_of(" \t", sp);
    if (ph == std::string::npos) continue;
    lex.prons_[word].push_back(line.substr(ph));
  }
  if (lex.prons_.empty()) return Error::make(Errc::corrupt, "no pronunciation in " + path);
  return lex;
}

std::size_t Lexicon::pronunciations(std::string_view word) const {
  auto it = prons_.find(word);
  return it == prons_.end() ? 0 : it->second.size();
}

std::vector<std::string> Lexicon::narrowband_variants(std::string_view word) const {
  std::vector<std::string> out;
  auto it = prons_.find(word);
  if (it == prons_.end()) return out;
  for (const std::string& pron : it->second) {
    std::istringstream phones(pron);
    std::string first, rest, p;
    phones >> first;
    // A /t/ burst is weaker and shorter than a sibilant: drop it only from longer words, so
    // "two" and "ten" never lose their only consonant.
    const bool sibilant = first == "S" || first == "Z";
    if (!sibilant && first != "T") continue;
    int n = 0;
    while (phones >> p) rest += (n++ ? " " : "") + p;
    if (n < (sibilant ? 2 : 3)) continue;
    if (std::find(it->second.begin(), it->second.end(), rest) != it->second.end()) continue;
    if (std::find(out.begin(), out.end(), rest) != out.end()) continue;
    out.push_back(rest);
  }
  return out;
}

}  // namespace webox::speech
