// What every fuzz target shares: a property check that stops the run, and an independent UTF-8
// reader.
//
//   FUZZ_CHECK(decoded == original, "round trip changed the value");
//
// A failed check prints the property and aborts: libFuzzer records the input as a crash
// artifact, and the corpus replay test (replay_main.cc) fails. The UTF-8 reader is written
// again here, from Unicode §3.9 table 3-7, rather than taken from events/utf8.h, so that a bug
// in the engine's table cannot hide itself by agreeing with its own output.
#pragma once

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#define FUZZ_CHECK(cond, what)                                                           \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      std::fprintf(stderr, "\nproperty violated at %s:%d: %s\n  (%s)\n", __FILE__, __LINE__, \
                   what, #cond);                                                         \
      std::abort();                                                                      \
    }                                                                                    \
  } while (0)

namespace webox::fuzz {

inline std::string_view as_text(const unsigned char* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Decodes the UTF-8 sequence at s[i]. Returns its length and sets cp, or returns 0 for an
// ill-formed sequence and sets `skip` to its maximal ill-formed subpart (at least 1): the unit
// Unicode recommends replacing by one U+FFFD.
inline std::size_t utf8_decode(std::string_view s, std::size_t i, char32_t& cp, std::size_t& skip) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  skip = 1;
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 == 0xE0) {
    len = 3, lo = 0xA0;
  } else if (b0 >= 0xE1 && b0 <= 0xEC) {
    len = 3;
  } else if (b0 == 0xED) {
    len = 3, hi = 0x9F;
  } else if (b0 >= 0xEE && b0 <= 0xEF) {
    len = 3;
  } else if (b0 == 0xF0) {
    len = 4, lo = 0x90;
  } else if (b0 >= 0xF1 && b0 <= 0xF3) {
    len = 4;
  } else if (b0 == 0xF4) {
    len = 4, hi = 0x8F;
  } else {
    return 0;
  }
  char32_t v = b0 & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (std::size_t k = 1; k < len; ++k) {
    if (i + k >= s.size()) return 0;
    const unsigned char b = byte(i + k);
    if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return 0;
    v = (v << 6) | (b & 0x3F);
    skip = k + 1;
  }
  cp = v;
  return len;
}

inline bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp;
    std::size_t skip;
    std::size_t n = utf8_decode(s, i, cp, skip);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

inline void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

}  // namespace webox::fuzz
