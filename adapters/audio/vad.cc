#include "adapters/audio/vad.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace webox::audio {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kHighPassHz = 200;

}  // namespace

Status validate(const VadConfig& c) {
  if (c.sample_rate < 8000 || c.sample_rate > 48000)
    return Error::invalid("sample_rate", "must be 8000..48000 Hz");
  if (c.end_silence_ms < 100 || c.end_silence_ms > 10000)
    return Error::invalid("end_silence_ms", "must be 100..10000 ms");
  if (c.min_speech_ms < 20 || c.min_speech_ms > 1000)
    return Error::invalid("min_speech_ms", "must be 20..1000 ms");
  if (c.short_ms < 0 || c.short_ms > 10000)
    return Error::invalid("short_ms", "must be 0..10000 ms");
  if (!(c.speech_db >= 3 && c.speech_db <= 40))
    return Error::invalid("speech_db", "must be 3..40 dB");
  if (!(c.min_level_db >= 0 && c.min_level_db <= 90))
    return Error::invalid("min_level_db", "must be 0..90 dB");
  return {};
}

Vad::Vad(const VadConfig& config) : config_(config) {
  if (auto ok = validate(config); !ok)
    throw std::invalid_argument("Vad: " + ok.error().field + " " + ok.error().message);
  // Butterworth high-pass (Q = 1/sqrt 2), bilinear transform.
  const double w0 = 2 * kPi * kHighPassHz / config.sample_rate;
  const double alpha = std::sin(w0) / (2 / std::sqrt(2.0));
  const double cw = std::cos(w0);
  const double a0 = 1 + alpha;
  b0_ = float((1 + cw) / 2 / a0);
  b1_ = float(-(1 + cw) / a0);
  b2_ = b0_;
  a1_ = float(-2 * cw / a0);
  a2_ = float((1 - alpha) / a0);
  min_speech_ = std::int64_t(config.min_speech_ms) * config.sample_rate / 1000;
  end_silence_ = std::int64_t(config.end_silence_ms) * config.sample_rate / 1000;
  bridge_ = std::int64_t(kBridgeMs) * config.sample_rate / 1000;
  reset();
}

void Vad::reset() noexcept {
  z1_ = z2_ = 0;
  block_min_.fill(0);
  current_min_ = 0;
  blocks_filled_ = block_next_ = frames_in_block_ = 0;
  last_db_ = 0;
  samples_ = run_start_ = run_length_ = speech_start_ = speech_end_ = 0;
  in_speech_ = false;
}

std::int64_t Vad::ms(std::int64_t samples) const noexcept {
  return samples * 1000 / config_.sample_rate;
}

std::int64_t Vad::now_ms() const noexcept { return ms(samples_); }

float Vad::band_energy_db(std::span<const std::int16_t> frame) noexcept {
  float z1 = z1_, z2 = z2_, sum = 0;
  for (std::int16_t s : frame) {
    const float x = s;
    const float y = b0_ * x + z1;
    z1 = b1_ * x - a1_ * y + z2;
    z2 = b2_ * x - a2_ * y;
    sum += y * y;
  }
  z1_ = z1;
  z2_ = z2;
  // +1 LSB² keeps digital silence finite (0 dB) without mattering at any audible level.
  return 10.0f * std::log10(sum / float(frame.size()) + 1.0f);
}

float Vad::noise_floor_db() const noexcept {
  float floor = frames_in_block_ > 0 ? current_min_ : 1e9f;
  for (int i = 0; i < blocks_filled_; ++i) floor = std::min(floor, block_min_[std::size_t(i)]);
  return floor;
}

VadEvent Vad::push(std::span<const std::int16_t> frame) noexcept {
  if (frame.empty()) return {};
  const float db = band_energy_db(frame);
  last_db_ = db;
  current_min_ = frames_in_block_ == 0 ? db : std::min(current_min_, db);
  const float floor = noise_floor_db();  // includes this frame: a first frame is never loud
  if (++frames_in_block_ == kFramesPerBlock) {
    block_min_[std::size_t(block_next_)] = current_min_;
    block_next_ = (block_next_ + 1) % kFloorBlocks;
    blocks_filled_ = std::min(blocks_filled_ + 1, kFloorBlocks);
    frames_in_block_ = 0;
  }
  const bool loud = db >= floor + config_.speech_db && db >= config_.min_level_db;

  const std::int64_t frame_start = samples_;
  samples_ += std::int64_t(frame.size());
  if (!loud) {
    run_length_ = 0;
  } else {
    if (run_length_ == 0) run_start_ = frame_start;
    run_length_ += std::int64_t(frame.size());
  }
  const bool confirmed = run_length_ >= min_speech_;

  VadEvent event;
  if (!in_speech_) {
    if (confirmed) {
      in_speech_ = true;
      speech_start_ = run_start_;
      speech_end_ = samples_;
      event.kind = VadEvent::Kind::speech_started;
      event.start_ms = ms(speech_start_);
    }
  } else if (confirmed || (loud && run_start_ - speech_end_ <= bridge_)) {
    speech_end_ = samples_;
  } else if (samples_ - speech_end_ >= end_silence_) {
    in_speech_ = false;
    event.kind = VadEvent::Kind::speech_ended;
    event.start_ms = ms(speech_start_);
    event.end_ms = ms(speech_end_);
    event.is_short = event.end_ms - event.start_ms < config_.short_ms;
  }
  return event;
}

}  // namespace webox::audio
