// A streaming sample-rate converter for 16-bit mono PCM: espeak-ng's 22,050 Hz and cloud TTS's
// 24 or 16 kHz down to Twilio's 8 kHz, and 8 kHz up to pocketsphinx's 16 kHz.
//
//   audio::Resampler down(22050, 8000);
//   std::vector<std::int16_t> out;
//   down.process(tts_chunk, out);        // appends ~chunk.size() * 160 / 441 samples
//   down.process(next_chunk, out);       // history kept: chunked output == one-shot output
//   down.flush(out);                     // the filter's tail once the input has ended
//
//   std::array<std::int16_t, 320> wide;  // allocation-free form for the hot path
//   std::size_t n = up.process(frame160, std::span(wide));   // up = Resampler(8000, 16000)
//
// How: rational polyphase FIR. The ratio is reduced to L/M (22050 -> 8000 is 160/441); the
// input is conceptually upsampled by L, low-pass filtered, and decimated by M, computing only
// the outputs kept. The low-pass is a Kaiser-windowed sinc whose transition band runs from
// 0.8 to 1.0 times the lower of the two Nyquist frequencies, designed for 72 dB: the passband
// (up to 0.8 x the lower Nyquist) is flat within a few thousandths of a dB, and everything at
// or above the lower Nyquist is attenuated by at least ~65 dB, so decimation does not alias and
// interpolation leaves no images. Tests in tests/adapters/resampler_test.cc measure this.
//
// Contract:
// - Any pair of rates whose reduced ratio has L, M <= 1000 (8000, 16000, 22050, 24000, 44100,
//   48000 in any order); supported() says so. Constructing an unsupported pair is a bug
//   (std::invalid_argument). Equal rates copy.
// - The filter bank of a rate pair is designed once per process and shared read-only by every
//   Resampler of that pair (thread-safe); one stream's own state is its history, a few hundred
//   samples (state_bytes()).
// - After n input samples in total, ceil(n * L / M) output samples have come out, however the
//   input was chunked, and they are the same samples. The output lags the input by delay()
//   output samples (the filter's group delay, about 3 ms); flush() pushes the held-back tail out
//   (delay() samples, rounded up) and makes the stream start afresh.
// - Output is rounded to nearest and saturated to int16.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace webox::audio {

struct FilterBank;  // per rate pair, immutable, shared

class Resampler {
 public:
  Resampler(int from_hz, int to_hz);
  ~Resampler();
  Resampler(Resampler&&) noexcept;
  Resampler& operator=(Resampler&&) noexcept;
  Resampler(const Resampler&) = delete;
  Resampler& operator=(const Resampler&) = delete;

  [[nodiscard]] static bool supported(int from_hz, int to_hz) noexcept;

  // -- converting --
  // Appends every output the input completes; returns how many were appended.
  std::size_t process(std::span<const std::int16_t> in, std::vector<std::int16_t>& out);
  // Allocation-free: `out` must hold max_output(in.size()) samples; returns how many written.
  std::size_t process(std::span<const std::int16_t> in, std::span<std::int16_t> out);
  // The held-back tail (ceil(delay()) samples, appended), then back to a fresh stream.
  std::size_t flush(std::vector<std::int16_t>& out);
  void reset() noexcept;  // a fresh stream: zero history, nothing pending

  // -- observers --
  int from_hz() const noexcept { return from_; }
  int to_hz() const noexcept { return to_; }
  // The most outputs `in_samples` more input can give (one more than the exact count at most).
  std::size_t max_output(std::size_t in_samples) const noexcept;
  double delay() const noexcept;         // group delay, in output samples
  std::size_t taps_per_phase() const noexcept;
  std::size_t state_bytes() const noexcept;  // this stream's own memory, the shared bank aside

 private:
  int from_, to_;
  const FilterBank* bank_ = nullptr;  // null when from == to
  std::unique_ptr<float[]> buf_;      // history (taps - 1 samples) then the block being read
  std::size_t filled_ = 0;            // valid samples in buf_
  std::size_t pos_ = 0;               // buf_ index of the newest input the next output uses
  std::uint32_t phase_ = 0;           // that output's filter phase, 0..L-1
};

}  // namespace webox::audio
