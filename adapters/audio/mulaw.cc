#include "adapters/audio/mulaw.h"

#include <algorithm>
#include <array>

namespace webox::audio {

namespace {

constexpr int kBias = 0x84;   // 132: moves segment boundaries onto powers of two
constexpr int kClip = 32635;  // 32767 - 132, so the biased magnitude stays below 2^15

// §11.3, evaluated once at compile time for all 256 codes.
constexpr std::array<std::int16_t, 256> make_decode_table() {
  std::array<std::int16_t, 256> t{};
  for (int byte = 0; byte < 256; ++byte) {
    const int u = ~byte & 0xFF;
    int mag = ((u & 0x0F) << 3) + kBias;
    mag <<= (u & 0x70) >> 4;
    t[std::size_t(byte)] = std::int16_t((u & 0x80) ? (kBias - mag) : (mag - kBias));
  }
  return t;
}

// The segment of a biased magnitude m (132..32767) is the index of its highest set bit minus 7;
// indexing by m >> 7 (1..255) turns the search into one load.
constexpr std::array<std::uint8_t, 256> make_segment_table() {
  std::array<std::uint8_t, 256> t{};
  for (int i = 1; i < 256; ++i) {
    int seg = 0;
    while ((i >> (seg + 1)) != 0) ++seg;
    t[std::size_t(i)] = std::uint8_t(seg);
  }
  return t;
}

constexpr auto kDecode = make_decode_table();
constexpr auto kSegment = make_segment_table();

}  // namespace

std::uint8_t mulaw_from_linear(std::int16_t sample) noexcept {
  int x = sample;
  const int sign = x < 0 ? 0x80 : 0x00;
  int m = x < 0 ? -x : x;  // int, so |-32768| is 32768 before the clip
  m = std::min(m, kClip) + kBias;
  const int seg = kSegment[std::size_t(m >> 7)];
  const int mantissa = (m >> (seg + 3)) & 0x0F;
  return std::uint8_t(~(sign | (seg << 4) | mantissa) & 0xFF);
}

std::int16_t linear_from_mulaw(std::uint8_t code) noexcept { return kDecode[code]; }

std::size_t mulaw_decode(std::span<const std::uint8_t> in, std::span<std::int16_t> out) noexcept {
  const std::size_t n = std::min(in.size(), out.size());
  for (std::size_t i = 0; i < n; ++i) out[i] = kDecode[in[i]];
  return n;
}

std::size_t mulaw_encode(std::span<const std::int16_t> in, std::span<std::uint8_t> out) noexcept {
  const std::size_t n = std::min(in.size(), out.size());
  for (std::size_t i = 0; i < n; ++i) out[i] = mulaw_from_linear(in[i]);
  return n;
}

}  // namespace webox::audio
