// The recogniser's pronunciation dictionary, and the extra pronunciations a phone line needs.
//
//   auto lex = Lexicon::load("/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict");
//   lex->knows("seven")                -> true
//   lex->narrowband_variants("seven")  -> {"EH V AH N"}   (S EH V AH N without its first /s/)
//   lex->narrowband_variants("six")    -> {"IH K S"}
//   lex->narrowband_variants("twelve") -> {"W EH L V"}    (T W EH L V without its /t/ burst)
//   lex->narrowband_variants("two")    -> {}              (too short to lose its /t/)
//   lex->narrowband_variants("one")    -> {}
//
// Why the variants: the Debian acoustic model was trained on 16 kHz speech, where /s/ and /z/
// carry most of their energy between 4 and 8 kHz. A phone line stops at 4 kHz, so a word-initial
// /s/ or /z/ all but vanishes: through the 8 kHz path "seven" decoded as phones reads
// "M IH L IH M" and was heard as "one" or "eleven", "six" as "eight", "sunday" as "wednesday".
// Offering the pronunciation without that first sibilant lets the decoder match what is left.
// The release burst of a word-initial /t/ is high-frequency noise too: "twelve" was heard as
// "will" and "tonight at" as "like to" until it could be matched without it.
// (Measured on tests/data/speech: 78 % of lines right without the variants, dropping every
// /s/ /z/ 80 % on a subset, only the first one 85 %, plus the initial /t/ 91-94 %; see
// docs/BENCHMARKS.md.)
//
// Contract: load() reads "word PH ON ES" lines, alternates as "word(2) ...". Words are matched as
// given (the dictionary is lower case). A variant is offered only when the first phone is S or Z
// and at least two phones remain, or it is T and at least three remain, and it is not already a
// pronunciation of the word.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "events/result.h"

namespace webox::speech {

class Lexicon {
 public:
  [[nodiscard]] static Result<Lexicon> load(const std::string& path);

  bool knows(std::string_view word) const { return prons_.find(word) != prons_.end(); }
  // How many pronunciations the word has (its alternates are named "word(2)", "word(3)", ...).
  std::size_t pronunciations(std::string_view word) const;
  std::vector<std::string> narrowband_variants(std::string_view word) const;
  std::size_t size() const { return prons_.size(); }

 private:
  std::map<std::string, std::vector<std::string>, std::less<>> prons_;  // word -> phone strings
};

}  // namespace webox::speech
