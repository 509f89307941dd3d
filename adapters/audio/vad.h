// Voice-activity detection with end-of-utterance over a call's inbound audio, one 20 ms frame at
// a time (decoded μ-law at 8 kHz; any rate and frame length work).
//
//   audio::Vad vad({.end_silence_ms = 600});       // the assistant's silence setting
//   for each inbound frame:                        // 160 samples, decoded with mulaw_decode
//     switch (audio::VadEvent e = vad.push(pcm); e.kind) {
//       case VadEvent::Kind::speech_started: ...   // barge-in: stop talking (e.start_ms)
//       case VadEvent::Kind::speech_ended:         // the turn: [e.start_ms, e.end_ms)
//         if (e.is_short) ...                      // a cough, a click train, "euh": filler
//       case VadEvent::Kind::none: break;
//     }
//
// How each frame is judged:
// - Band energy: a 2nd-order high-pass at 200 Hz first drops hum and DC (telephone speech lives
//   in 300-3400 Hz), then the frame's mean square, in dB (re 1 LSB²).
// - Noise floor: the quietest frame of the last ~3 s (a minimum over 10 blocks of 15 frames).
//   Stationary line noise sets it within a frame or two of silence; speech never lowers it and
//   only lifts it after 3 s without a single pause; clicks cannot move a minimum.
// - A frame is "loud" when its energy is speech_db (default 8 dB) over the floor and at least
//   min_level_db (default 30 dB, an RMS of ~32 LSB, -60 dBFS) in absolute terms.
// State machine:
// - Speech starts once loud frames have lasted min_speech_ms in a row (default 80 ms: a click of
//   up to 30 ms touches at most 3 frames of 20 ms, so never starts speech). speech_started is
//   reported at that frame, dated from the run's first frame.
// - Within an utterance, loud frames count as speech at once when they resume within 200 ms of
//   the last speech frame (the dip between two syllables); later than that, only after the same
//   min_speech_ms in a row (a click in the closing silence does not prolong the turn). It ends once
//   end_silence_ms have passed since its last speech frame: speech_ended is reported on the
//   frame that completes the silence, with end_ms = the end of that last speech frame.
// - is_short: the utterance lasted less than short_ms (default 250 ms): a cough, a clack.
// Times are milliseconds of audio pushed since construction or reset(). Deterministic; no
// allocation; sizeof(Vad) is the whole state (184 bytes).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "events/result.h"

namespace webox::audio {

struct VadConfig {
  int sample_rate = 8000;
  int end_silence_ms = 600;  // silence that ends an utterance (per assistant)
  int min_speech_ms = 80;    // loud audio needed, in a row, to start (or resume) speech
  int short_ms = 250;        // utterances shorter than this are flagged is_short
  float speech_db = 8.0f;    // over the noise floor
  float min_level_db = 30.0f;
};

// A config from an assistant's settings: rates 8000..48000, end_silence_ms 100..10000,
// min_speech_ms 20..1000, short_ms 0..10000, speech_db 3..40; Error::invalid naming the field.
[[nodiscard]] Status validate(const VadConfig& config);

struct VadEvent {
  enum class Kind : std::uint8_t { none, speech_started, speech_ended };
  Kind kind = Kind::none;
  std::int64_t start_ms = 0;  // the utterance's first speech frame
  std::int64_t end_ms = 0;    // speech_ended: the end of its last speech frame
  bool is_short = false;      // speech_ended: end_ms - start_ms < short_ms
};

class Vad {
 public:
  // An invalid config is a bug here (std::invalid_argument): validate() it where it is read.
  explicit Vad(const VadConfig& config = {});

  // One frame (20 ms is the design point; any length > 0 works); at most one event per frame.
  VadEvent push(std::span<const std::int16_t> frame) noexcept;
  void reset() noexcept;  // a new stream: floor, state and clock forgotten

  // -- observers --
  bool in_speech() const noexcept { return in_speech_; }
  float noise_floor_db() const noexcept;
  float last_energy_db() const noexcept { return last_db_; }
  std::int64_t now_ms() const noexcept;  // audio pushed so far
  // In an utterance: the end of its last speech frame so far (the silence after it excluded).
  std::int64_t speech_end_ms() const noexcept { return ms(speech_end_); }
  const VadConfig& config() const noexcept { return config_; }

 private:
  static constexpr int kFloorBlocks = 10;
  static constexpr int kFramesPerBlock = 15;
  static constexpr int kBridgeMs = 200;

  float band_energy_db(std::span<const std::int16_t> frame) noexcept;
  std::int64_t ms(std::int64_t samples) const noexcept;

  VadConfig config_;
  // High-pass biquad: coefficients and its state (transposed direct form II).
  float b0_ = 0, b1_ = 0, b2_ = 0, a1_ = 0, a2_ = 0, z1_ = 0, z2_ = 0;
  // Noise floor: minima of the last kFloorBlocks full blocks and of the current one.
  std::array<float, kFloorBlocks> block_min_{};
  float current_min_ = 0;
  int blocks_filled_ = 0, block_next_ = 0, frames_in_block_ = 0;
  float last_db_ = 0;
  // Clock and state machine, in samples.
  std::int64_t samples_ = 0;
  std::int64_t run_start_ = 0;    // first sample of the current run of loud frames
  std::int64_t run_length_ = 0;   // samples in that run (0: the last frame was quiet)
  std::int64_t speech_start_ = 0, speech_end_ = 0;  // the utterance in progress
  std::int64_t min_speech_ = 0, end_silence_ = 0, bridge_ = 0;  // in samples
  bool in_speech_ = false;
};

}  // namespace webox::audio
