#include "events/utf8.h"

namespace webox {
namespace {

// A lead byte's sequence length and the bounds of the byte after it. Length 0: not a lead byte.
struct Lead {
  std::size_t len;
  unsigned char lo, hi;
};

Lead classify(unsigned char c) {
  if (c < 0x80) return {1, 0, 0};
  if (c >= 0xC2 && c <= 0xDF) return {2, 0x80, 0xBF};
  if (c == 0xE0) return {3, 0xA0, 0xBF};
  if (c == 0xED) return {3, 0x80, 0x9F};
  if (c >= 0xE1 && c <= 0xEF) return {3, 0x80, 0xBF};
  if (c == 0xF0) return {4, 0x90, 0xBF};
  if (c >= 0xF1 && c <= 0xF3) return {4, 0x80, 0xBF};
  if (c == 0xF4) return {4, 0x80, 0x8F};
  return {0, 0, 0};
}

}  // namespace

std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp, std::size_t& skip) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const Lead lead = classify(p[i]);
  skip = 1;
  if (lead.len == 0) return 0;
  if (lead.len > 1 && (i + 1 >= s.size() || p[i + 1] < lead.lo || p[i + 1] > lead.hi)) return 0;
  for (std::size_t k = 2; k < lead.len; ++k) {
    if (i + k >= s.size() || p[i + k] < 0x80 || p[i + k] > 0xBF) {
      skip = k;
      return 0;
    }
  }
  static constexpr unsigned char kLeadBits[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  cp = p[i] & kLeadBits[lead.len];
  for (std::size_t k = 1; k < lead.len; ++k) cp = (cp << 6) | (p[i + k] & 0x3F);
  return lead.len;
}

std::size_t first_invalid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp;
    std::size_t skip;
    const std::size_t len = utf8_sequence(s, i, cp, skip);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

}  // namespace webox
