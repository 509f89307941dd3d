// The voice-activity detector on synthetic calls: voiced "speech" (a 110 Hz harmonic voice with
// vibrato and formants, amplitude-modulated at a syllable rate of 4 Hz), silence, white line
// noise at 20 and 10 dB SNR, clicks, a cough. Every signal goes through μ-law and back, as
// inbound audio does.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "adapters/audio/mulaw.h"
#include "adapters/audio/resampler.h"
#include "adapters/audio/vad.h"

using namespace webox::audio;
using Kind = VadEvent::Kind;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kRate = 8000;
constexpr double kSpeechRms = 2000;  // about -24 dBFS, a normal telephone level

std::size_t at(int ms) { return std::size_t(ms) * kRate / 1000; }

// The harmonics' amplitudes of an open vowel heard over a telephone line: three formants
// (700, 1200, 2600 Hz), nothing below the line's 300 Hz edge.
double formants(double hz) {
  if (hz < 300) return 0;
  double a = 0;
  for (auto [centre, width] : {std::pair{700.0, 130.0}, {1200.0, 150.0}, {2600.0, 250.0}})
    a += 1 / (1 + ((hz - centre) / width) * ((hz - centre) / width));
  return a;
}

// A call's audio built up in floating point, then companded like Twilio's.
struct Signal {
  std::vector<double> x;
  explicit Signal(int total_ms) : x(at(total_ms), 0.0) {}

  // Voiced speech over [from, to) ms with average RMS kSpeechRms.
  void speech(int from_ms, int to_ms) {
    double phase = 0;
    std::vector<double> seg;
    for (std::size_t i = at(from_ms); i < at(to_ms); ++i) {
      const double t = double(i - at(from_ms)) / kRate;
      const double f0 = 110 + 8 * std::sin(2 * kPi * 3 * t);
      phase += 2 * kPi * f0 / kRate;
      double v = 0;
      for (int k = 1; k * 118 < 3400; ++k) v += formants(k * f0) * std::sin(k * phase);
      const double syllables = 0.55 + 0.45 * std::cos(2 * kPi * 4 * t);
      const double edge = std::min({1.0, t / 0.01, (double(to_ms - from_ms) / 1000 - t) / 0.01});
      seg.push_back(v * syllables * edge);
    }
    double power = 0;
    for (double v : seg) power += v * v;
    const double gain = kSpeechRms / std::sqrt(power / double(seg.size()));
    for (std::size_t i = 0; i < seg.size(); ++i) x[at(from_ms) + i] += gain * seg[i];
  }

  // White Gaussian noise over the whole signal, snr_db below kSpeechRms.
  void noise(double snr_db, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> g(0, kSpeechRms / std::pow(10, snr_db / 20));
    for (double& v : x) v += g(rng);
  }

  // A loud broadband burst (a click, or a cough when long) starting at `from`, in samples.
  void burst(std::size_t from, int length_ms, double rms, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> g(0, rms);
    const std::size_t n = at(length_ms);
    for (std::size_t i = 0; i < n && from + i < x.size(); ++i) {
      const double shape = std::sin(kPi * (double(i) + 0.5) / double(n));  // no hard edges
      x[from + i] += g(rng) * shape;
    }
  }

  std::vector<std::int16_t> through_mulaw() const {
    std::vector<std::int16_t> pcm(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
      pcm[i] = linear_from_mulaw(mulaw_from_linear(
          std::int16_t(std::clamp(std::lround(x[i]), -32768L, 32767L))));
    return pcm;
  }
};

struct Seen {
  VadEvent event;
  std::int64_t at_ms;  // when it was reported: the end of the frame that produced it
};

std::vector<Seen> detect(const std::vector<std::int16_t>& pcm, const VadConfig& config = {},
                         std::size_t frame = kFrameSamples) {
  Vad vad(config);
  std::vector<Seen> seen;
  for (std::size_t i = 0; i + frame <= pcm.size(); i += frame) {
    const VadEvent e = vad.push(std::span(pcm).subspan(i, frame));
    if (e.kind != Kind::none) seen.push_back({e, vad.now_ms()});
  }
  return seen;
}

// Speech 1000-2500 ms, a 300 ms pause (within one turn), speech 2800-3750 ms, then silence.
Signal one_turn() {
  Signal s(6000);
  s.speech(1000, 2500);
  s.speech(2800, 3750);
  return s;
}

void check_one_turn(const std::vector<Seen>& seen, int tolerance_ms) {
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].event.kind == Kind::speech_started);
  CHECK(std::abs(seen[0].event.start_ms - 1000) <= tolerance_ms);
  // Started as soon as min_speech_ms of speech is in: within a frame of start + 80 ms.
  CHECK(std::abs(seen[0].at_ms - (seen[0].event.start_ms + 80)) <= 20);
  CHECK(seen[1].event.kind == Kind::speech_ended);
  CHECK(seen[1].event.start_ms == seen[0].event.start_ms);
  CHECK(std::abs(seen[1].event.end_ms - 3750) <= tolerance_ms);
  // End of utterance: reported when 600 ms of silence have passed, within one frame.
  CHECK(std::abs(seen[1].at_ms - (3750 + 600)) <= 20 + tolerance_ms);
  CHECK(seen[1].at_ms - seen[1].event.end_ms == 600);
  CHECK_FALSE(seen[1].event.is_short);
}

}  // namespace

TEST_CASE("silence and steady line noise alone never start speech", "[audio][vad]") {
  CHECK(detect(Signal(10000).through_mulaw()).empty());
  for (double snr : {20.0, 10.0, 0.0}) {  // noise RMS 200, 632 and 2000
    INFO("noise " << snr << " dB under speech level");
    Signal s(10000);
    s.noise(snr, 11);
    CHECK(detect(s.through_mulaw()).empty());
  }
}

TEST_CASE("an utterance in silence is timed to the frame, its pause kept inside",
          "[audio][vad]") {
  check_one_turn(detect(one_turn().through_mulaw()), 20);
}

TEST_CASE("an utterance in white noise at 20 and 10 dB SNR is timed to the frame too",
          "[audio][vad]") {
  for (double snr : {20.0, 10.0}) {
    for (unsigned seed : {1u, 2u, 3u}) {
      INFO("SNR " << snr << " dB, seed " << seed);
      Signal s = one_turn();
      s.noise(snr, seed);
      check_one_turn(detect(s.through_mulaw()), 20);
    }
  }
}

TEST_CASE("a pause longer than the end silence splits the turn, the silence is configurable",
          "[audio][vad]") {
  Signal s(8000);
  s.speech(1000, 2000);
  s.speech(2800, 3750);  // an 800 ms pause
  s.noise(20, 5);
  const auto pcm = s.through_mulaw();

  const auto two = detect(pcm);
  REQUIRE(two.size() == 4);
  CHECK(two[1].event.kind == Kind::speech_ended);
  CHECK(std::abs(two[1].event.end_ms - 2000) <= 20);
  CHECK(two[1].at_ms == two[1].event.end_ms + 600);
  CHECK(std::abs(two[2].event.start_ms - 2800) <= 20);

  const auto one = detect(pcm, {.end_silence_ms = 1000});
  REQUIRE(one.size() == 2);
  CHECK(std::abs(one[1].event.end_ms - 3750) <= 20);
  CHECK(one[1].at_ms == one[1].event.end_ms + 1000);
}

TEST_CASE("clicks of 10 to 30 ms never start speech, wherever they fall in a frame",
          "[audio][vad]") {
  for (double snr : {-1.0, 20.0}) {  // -1: no noise at all
    Signal s(20000);
    if (snr > 0) s.noise(snr, 9);
    unsigned seed = 100;
    std::size_t when = at(500);
    for (int length : {10, 20, 30}) {
      for (std::size_t offset : {0u, 40u, 100u, 150u}) {  // samples into a 20 ms frame
        s.burst(when - when % kFrameSamples + offset, length, 12000, seed++);
        when += at(600);
      }
    }
    INFO("noise " << snr);
    CHECK(detect(s.through_mulaw()).empty());
  }
}

TEST_CASE("a click in the closing silence does not prolong the turn", "[audio][vad]") {
  Signal s = one_turn();
  s.noise(20, 4);
  s.burst(at(3750 + 300), 30, 12000, 77);
  check_one_turn(detect(s.through_mulaw()), 20);
}

TEST_CASE("a cough-length burst is an utterance flagged short", "[audio][vad]") {
  Signal s(4000);
  s.noise(20, 8);
  s.burst(at(1010), 150, 4000, 21);
  const auto seen = detect(s.through_mulaw());
  REQUIRE(seen.size() == 2);
  CHECK(seen[1].event.kind == Kind::speech_ended);
  const auto length = seen[1].event.end_ms - seen[1].event.start_ms;
  CHECK(length >= 100);
  CHECK(length <= 180);
  CHECK(seen[1].event.is_short);
  // The same burst is not short for a caller whose assistant counts only < 100 ms as short.
  const auto strict = detect(s.through_mulaw(), {.short_ms = 100});
  REQUIRE(strict.size() == 2);
  CHECK_FALSE(strict[1].event.is_short);
}

TEST_CASE("at 16 kHz with 20 ms frames the turn is the same", "[audio][vad]") {
  Signal s = one_turn();
  s.noise(20, 6);
  const auto narrow = s.through_mulaw();
  Resampler up(8000, 16000);
  std::vector<std::int16_t> wide;
  up.process(narrow, wide);  // ~3 ms late: the resampler's delay
  const auto seen = detect(wide, {.sample_rate = 16000}, 320);
  check_one_turn(seen, 20);
}

TEST_CASE("a VAD config is checked field by field", "[audio][vad]") {
  CHECK(validate(VadConfig{}).ok());
  auto field = [](VadConfig c) { return validate(c).error().field; };
  CHECK(field({.sample_rate = 4000}) == "sample_rate");
  CHECK(field({.end_silence_ms = 50}) == "end_silence_ms");
  CHECK(field({.min_speech_ms = 0}) == "min_speech_ms");
  CHECK(field({.short_ms = -1}) == "short_ms");
  CHECK(field({.speech_db = 1}) == "speech_db");
  CHECK_THROWS_AS(Vad({.end_silence_ms = 20000}), std::invalid_argument);
  Vad vad;
  std::array<std::int16_t, 160> frame{};
  for (int i = 0; i < 10; ++i) CHECK(vad.push(frame).kind == Kind::none);
  CHECK(vad.now_ms() == 200);
  vad.reset();
  CHECK(vad.now_ms() == 0);
}
