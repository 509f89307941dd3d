// What callers of one business say, as text for the recogniser's language model.
//
//   BusinessContext c = read_context(R"({"trade": "restaurant", "business_name": "Marcel"})").context;
//   std::vector<std::string> lines = caller_phrases(c);
//   // "i'd like to book a table for four people tomorrow at eight p.m.", "yes please",
//   // "half past seven", "in the name of martin", "what time do you open on sunday", ...
//   std::string arpa = arpa_from_sentences(lines);    // ngram_model.h
//
// Why: with its general English model pocketsphinx hears espeak's voice on a phone line badly
// ("book a table for four people tomorrow at eight" -> "look up to go for four people what do
// you"); a model of the few hundred words this business's callers use makes the same audio read
// right. English only: the only acoustic model Debian packages is en-US.
//
// Contract: lower-case words separated by single spaces, no punctuation but the apostrophes and
// dots of dictionary words ("i'd", "o'clock", "p.m."). Deterministic. The lines combine the
// trade's requests ("a table", "an appointment", "a room", "a service"), party sizes, days
// (today, tonight, tomorrow, the day after tomorrow, weekdays, this/next weekday, dates of the
// month), times as they are said ("eight", "eight thirty", "half past seven", "a quarter to
// nine", "seven p.m.", "noon", with "in the evening" and the like), names and words from
// context_data (business name, services, practitioners, room types), answers (yes, no, a lone
// number, day or time), corrections ("no, five people", "actually make it eight thirty") and
// common questions (hours, address, prices). Words the recogniser's dictionary lacks are the
// caller's to drop (recogniser.h does: lines with such a word are left out).
#pragma once

#include <string>
#include <vector>

#include "adapters/brain/local/context.h"

namespace webox::speech {

std::vector<std::string> caller_phrases(const brain::BusinessContext& business);

}  // namespace webox::speech
