// G.711 μ-law (PCMU) <-> 16-bit linear PCM, as Twilio Media Streams carry it (8 kHz mono, 20 ms =
// 160 bytes per frame; shared protocol notes §4 and §11).
//
//   std::array<std::uint8_t, 160> wire = ...;      // one inbound frame, base64-decoded
//   std::array<std::int16_t, 160> pcm;
//   audio::mulaw_decode(wire, pcm);                 // 160 samples
//   audio::mulaw_encode(pcm, wire);                 // and back (lossy: 14-bit companded)
//   audio::mulaw_from_linear(1000)  -> 0xCE         audio::linear_from_mulaw(0xCE) -> 988
//   audio::mulaw_from_linear(0)     -> 0xFF         (silence on the wire is 0xFF)
//
// Contract:
// - Encoding is the "bias 0x84" form of the notes (§11.2): |x| clipped to 32635, biased by 132,
//   segment = highest set bit, 4 mantissa bits, every bit inverted. It agrees with CPython's
//   audioop except for 381 small or boundary negative inputs (§11.4 caveat) where the bias form
//   is the exact G.711 one. Decoding (§11.3) is identical to every common implementation and
//   gives ±32124 at most; 0x7F (-0) and 0xFF (+0) both decode to 0.
// - Both directions are table-driven (a 256-entry decode table, a 256-entry segment table for
//   encoding), allocation-free and safe to call from any thread.
// - The bulk forms convert min(in.size(), out.size()) samples and return how many; the caller
//   owns both buffers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace webox::audio {

inline constexpr int kTwilioRate = 8000;           // Hz, always, for Media Streams
inline constexpr std::size_t kFrameSamples = 160;  // 20 ms at 8 kHz = 160 μ-law bytes

[[nodiscard]] std::uint8_t mulaw_from_linear(std::int16_t sample) noexcept;
[[nodiscard]] std::int16_t linear_from_mulaw(std::uint8_t code) noexcept;

// One frame (or any run) at a time into caller-provided buffers; returns the samples converted.
std::size_t mulaw_decode(std::span<const std::uint8_t> in, std::span<std::int16_t> out) noexcept;
std::size_t mulaw_encode(std::span<const std::int16_t> in, std::span<std::uint8_t> out) noexcept;

}  // namespace webox::audio
