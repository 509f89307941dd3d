#include "adapters/twilio/base64.h"

#include <array>

namespace webox::twilio {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::uint8_t kBad = 0x80;  // any value >= 64 marks a byte outside the alphabet

constexpr std::array<std::uint8_t, 256> make_table() {
  std::array<std::uint8_t, 256> t{};
  for (auto& v : t) v = kBad;
  for (std::uint8_t i = 0; i < 64; ++i) t[static_cast<unsigned char>(kAlphabet[i])] = i;
  return t;
}
constexpr std::array<std::uint8_t, 256> kTable = make_table();

std::string printable(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= 0x21 && u < 0x7F) return std::string("'") + c + "'";
  static constexpr char kHex[] = "0123456789ABCDEF";
  return std::string("byte 0x") + kHex[u >> 4] + kHex[u & 0xF];
}

Error bad_char(std::string_view text, std::size_t from) {
  std::size_t i = from;
  while (i < text.size() && kTable[static_cast<unsigned char>(text[i])] < 64) ++i;
  if (i >= text.size()) return Error::invalid("base64", "bad character");  // not reached
  if (i < text.size() && text[i] == '=') {
    return Error::invalid("base64", "padding '=' before the end, at offset " + std::to_string(i));
  }
  return Error::invalid("base64", "bad character " + printable(text[i]) + " at offset " +
                                      std::to_string(i));
}

}  // namespace

Result<std::size_t> base64_decode(std::string_view text, std::span<std::uint8_t> out) {
  if (text.size() % 4 != 0) {
    return Error::invalid("base64", "length " + std::to_string(text.size()) +
                                        " is not a multiple of 4");
  }
  if (out.size() < base64_decoded_capacity(text.size())) {
    return Error::invalid("base64", "output buffer of " + std::to_string(out.size()) +
                                        " bytes is too small");
  }
  if (text.empty()) return std::size_t{0};

  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  std::uint8_t* o = out.data();
  const std::size_t last = text.size() - 4;  // the last quantum may carry padding
  for (std::size_t i = 0; i < last; i += 4) {
    const std::uint32_t a = kTable[in[i]], b = kTable[in[i + 1]], c = kTable[in[i + 2]],
                        d = kTable[in[i + 3]];
    if ((a | b | c | d) & kBad) return bad_char(text, i);
    const std::uint32_t v = a << 18 | b << 12 | c << 6 | d;
    o[0] = static_cast<std::uint8_t>(v >> 16);
    o[1] = static_cast<std::uint8_t>(v >> 8);
    o[2] = static_cast<std::uint8_t>(v);
    o += 3;
  }

  const unsigned char* q = in + last;
  const int pad = (q[3] == '=') + (q[3] == '=' && q[2] == '=');
  const std::uint32_t a = kTable[q[0]], b = kTable[q[1]];
  const std::uint32_t c = pad >= 2 ? 0 : kTable[q[2]];
  const std::uint32_t d = pad >= 1 ? 0 : kTable[q[3]];
  if ((a | b | c | d) & kBad) return bad_char(text, last);
  const std::uint32_t v = a << 18 | b << 12 | c << 6 | d;
  // Bits below the last whole byte must be zero, or two texts would decode to the same bytes.
  if ((pad == 1 && (v & 0xFF) != 0) || (pad == 2 && (v & 0xFFFF) != 0)) {
    return Error::invalid("base64", "non-zero bits after the last byte at offset " +
                                        std::to_string(last) + " (not canonical)");
  }
  o[0] = static_cast<std::uint8_t>(v >> 16);
  if (pad < 2) o[1] = static_cast<std::uint8_t>(v >> 8);
  if (pad < 1) o[2] = static_cast<std::uint8_t>(v);
  return static_cast<std::size_t>(o - out.data()) + 3 - static_cast<std::size_t>(pad);
}

void base64_append(std::string& out, std::span<const std::uint8_t> bytes) {
  const std::size_t start = out.size();
  out.resize(start + base64_encoded_size(bytes.size()));
  char* o = out.data() + start;
  const std::uint8_t* p = bytes.data();
  std::size_t n = bytes.size();
  for (; n >= 3; n -= 3, p += 3, o += 4) {
    const std::uint32_t v = std::uint32_t(p[0]) << 16 | std::uint32_t(p[1]) << 8 | p[2];
    o[0] = kAlphabet[v >> 18];
    o[1] = kAlphabet[(v >> 12) & 63];
    o[2] = kAlphabet[(v >> 6) & 63];
    o[3] = kAlphabet[v & 63];
  }
  if (n == 0) return;
  const std::uint32_t v = std::uint32_t(p[0]) << 16 | (n == 2 ? std::uint32_t(p[1]) << 8 : 0);
  o[0] = kAlphabet[v >> 18];
  o[1] = kAlphabet[(v >> 12) & 63];
  o[2] = n == 2 ? kAlphabet[(v >> 6) & 63] : '=';
  o[3] = '=';
}

}  // namespace webox::twilio
