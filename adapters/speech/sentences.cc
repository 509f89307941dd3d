#include "adapters/speech/sentences.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace webox::speech {
namespace {

bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The word that a '.' at `dot` closes, without the dot.
std::string_view word_before(std::string_view text, std::size_t dot) {
  std::size_t b = dot;
  while (b > 0 && !space(text[b - 1]) && text[b - 1] != '(' && text[b - 1] != '"') --b;
  return text.substr(b, dot - b);
}

bool no_break_after(std::string_view word, std::string_view rest) {
  static constexpr std::array<std::string_view, 14> kTitles = {
      "dr", "mr", "mrs", "ms", "st", "m", "mme", "mlle", "me", "pr", "no", "vs", "etc", "n°"};
  const std::string w = lower(word);
  if (std::find(kTitles.begin(), kTitles.end(), w) != kTitles.end()) return true;
  if (w == "a.m" || w == "p.m") {
    const std::size_t next = rest.find_first_not_of(" \t");
    return next == std::string_view::npos ? false
                                          : !std::isupper(static_cast<unsigned char>(rest[next]));
  }
  return w.size() == 1 && std::isalpha(static_cast<unsigned char>(w[0]));
}

void push_trimmed(std::vector<std::string>& out, std::string_view s) {
  const std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return;
  const std::size_t e = s.find_last_not_of(" \t\r\n");
  out.emplace_back(s.substr(b, e - b + 1));
}

}  // namespace

std::vector<std::string> split_sentences(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      push_trimmed(out, text.substr(start, i - start));
      start = i + 1;
      continue;
    }
    std::size_t mark_len = 0;
    if (c == '.' || c == '!' || c == '?') mark_len = 1;
    else if (text.substr(i, 3) == "\xE2\x80\xA6") mark_len = 3;  // …
    if (mark_len == 0) continue;
    std::size_t end = i + mark_len;
    while (end < text.size() && (text[end] == '!' || text[end] == '?' || text[end] == '.' ||
                                 text[end] == '"' || text[end] == ')' || text[end] == '\''))
      ++end;
    if (end < text.size() && !space(text[end])) { i = end - 1; continue; }
    if (c == '.' && end == i + 1 && no_break_after(word_before(text, i), text.substr(end))) continue;
    push_trimmed(out, text.substr(start, end - start));
    start = end;
    i = end - 1;
  }
  push_trimmed(out, text.substr(start));
  return out;
}

}  // namespace webox::speech
