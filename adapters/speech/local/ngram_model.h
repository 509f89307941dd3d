// A small back-off n-gram language model, written as ARPA text for pocketsphinx.
//
//   std::vector<std::string> lines = {"a table for four", "a table for two tomorrow"};
//   std::string arpa = arpa_from_sentences(lines, 3);
//   // "\data\\nngram 1=7\nngram 2=..." : <s> and </s> added, every line one sentence
//   ps_set_lm(decoder, "restaurant", ngram_model_read(config, file, NGRAM_ARPA, logmath));
//
// Why our own: pocketsphinx needs a language model of what callers of *this* business say, built
// at run time from its context_data; Debian packages no LM toolkit (CMU-Cambridge, SRILM, KenLM).
//
// Contract: words are the sentences' space-separated tokens, kept as they are (the caller lower-
// cases them and keeps to words the dictionary knows). Probabilities are Witten-Bell smoothed
// and written in back-off form: p(w|h) = c(h w) / (c(h) + t(h)) for an n-gram seen in the text,
// where t(h) is the number of distinct words seen after h, and the mass t(h) / (c(h) + t(h))
// left over goes to the shorter history through the back-off weight of h, normalised so every
// distribution sums to one. Unigrams are maximum likelihood (the vocabulary is closed: a word
// outside the text cannot be recognised anyway). <s> has probability 0 (-99) as ARPA expects.
// Deterministic: the same sentences give the same text, n-grams in lexicographic order.
#pragma once

#include <string>
#include <vector>

namespace webox::speech {

// order: 1..5. Empty sentences are skipped.
std::string arpa_from_sentences(const std::vector<std::string>& sentences, int order = 3);

}  // namespace webox::speech
