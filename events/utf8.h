// UTF-8 and hex primitives shared by every parser and writer of text at the edges.
//
//   char32_t cp; std::size_t skip;
//   utf8_sequence("é!", 0, cp, skip)   -> 2, cp == U+00E9
//   utf8_sequence("\xC3(", 0, cp, skip) -> 0, skip == 1   (write one U+FFFD, move on by `skip`)
//   first_invalid_utf8("ok\xFF")       -> 2
//   hex_value('b')                     -> 11, hex_value('g') -> -1
//
// Well-formedness follows Unicode §3.9 table 3-7: no overlongs, no surrogates, nothing above
// U+10FFFF. (events/codec.cc keeps its own inlined copy of the same table in its hot loop.)
#pragma once

#include <cstddef>
#include <string_view>

namespace webox {

inline constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";  // U+FFFD

// Length of the well-formed sequence at s[i], or 0 when ill-formed; then `skip` is the maximal
// ill-formed subpart, so each broken sequence becomes one U+FFFD as the standard recommends.
std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp, std::size_t& skip);

// Offset of the first byte that does not start a well-formed sequence, or npos.
std::size_t first_invalid_utf8(std::string_view s);

// 0-15 for a hexadecimal digit of either case, -1 otherwise.
constexpr int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace webox
