// A reply cut into the sentences a text-to-speech engine says one at a time.
//
//   split_sentences("Of course! A table for 4 at 8.30 p.m., is that right? Thanks")
//     -> {"Of course!", "A table for 4 at 8.30 p.m., is that right?", "Thanks"}
//   split_sentences("Dr. Martin sees you at 10 a.m. Bring your card.")
//     -> {"Dr. Martin sees you at 10 a.m.", "Bring your card."}   (no break after "Dr.")
//
// Contract: a sentence ends at '.', '!', '?' or '…' (with any closing quotes or brackets
// after it) followed by white space or the end of the text; a line break also ends one. A '.'
// between digits ("8.30") is no end (no white space follows). A '.' after a title (Dr, Mr, Mrs,
// Ms, St, M, Mme, Mlle, Me, Pr, No, vs, etc) or after a single letter ("J. Smith") is no end;
// after "a.m."/"p.m." it ends the sentence only when the next word starts with a capital.
// Sentences are trimmed; empty ones are dropped. Pure; UTF-8 passes through unchanged.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace webox::speech {

std::vector<std::string> split_sentences(std::string_view text);

}  // namespace webox::speech
