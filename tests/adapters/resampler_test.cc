// The resampler's frequency response, measured with stepped sine sweeps for every pair of the
// engine's rates; its streaming (chunked == one-shot), output lengths and tail.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "adapters/audio/resampler.h"

using namespace webox::audio;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kRates[] = {8000, 16000, 22050, 24000};
constexpr double kAmplitude = 10000;

std::vector<std::int16_t> sine(double hz, int rate, std::size_t n) {
  std::vector<std::int16_t> s(n);
  for (std::size_t i = 0; i < n; ++i)
    s[i] = std::int16_t(std::lround(kAmplitude * std::sin(2 * kPi * hz * double(i) / rate)));
  return s;
}

struct Fit {
  double amplitude;  // of the tone at the fitted frequency
  double residual;   // RMS of everything else: aliases, images, noise
};

// Least-squares fit of a*cos + b*sin at `hz` over y[from, to), exact for any window length.
Fit fit_tone(const std::vector<std::int16_t>& y, double hz, int rate, std::size_t from,
             std::size_t to) {
  double cc = 0, ss = 0, cs = 0, yc = 0, ys = 0;
  for (std::size_t i = from; i < to; ++i) {
    const double w = 2 * kPi * hz * double(i) / rate;
    const double c = std::cos(w), s = std::sin(w);
    cc += c * c, ss += s * s, cs += c * s, yc += y[i] * c, ys += y[i] * s;
  }
  const double det = cc * ss - cs * cs;
  const double a = (yc * ss - ys * cs) / det, b = (ys * cc - yc * cs) / det;
  double rest = 0;
  for (std::size_t i = from; i < to; ++i) {
    const double w = 2 * kPi * hz * double(i) / rate;
    const double e = y[i] - (a * std::cos(w) + b * std::sin(w));
    rest += e * e;
  }
  return {std::hypot(a, b), std::sqrt(rest / double(to - from))};
}

double db(double ratio) { return 20 * std::log10(ratio); }

// Resamples half a second and returns the output with its settled window (transients cut).
struct Run {
  std::vector<std::int16_t> out;
  std::size_t from, to;
};

Run run(int from_hz, int to_hz, const std::vector<std::int16_t>& in) {
  Resampler r(from_hz, to_hz);
  Run result;
  r.process(in, result.out);
  const auto settle = std::size_t(std::ceil(2 * r.delay())) + 1;
  result.from = settle;
  result.to = result.out.size() - settle;
  return result;
}

}  // namespace

TEST_CASE("the passband is flat and clean up to 0.8 of the lower Nyquist", "[audio][resampler]") {
  for (int from : kRates) {
    for (int to : kRates) {
      if (from == to) continue;
      const double nyquist = std::min(from, to) / 2.0;
      for (double f : {0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8}) {
        const double hz = f * nyquist;
        INFO(from << " -> " << to << " Hz, tone " << hz << " Hz");
        const auto r = run(from, to, sine(hz, from, std::size_t(from / 2)));
        const Fit fit = fit_tone(r.out, hz, to, r.from, r.to);
        CHECK(std::abs(db(fit.amplitude / kAmplitude)) < 0.05);
        // Everything that is not the tone (aliases, images, rounding) is 60 dB below it.
        CHECK(db(fit.residual / (kAmplitude / std::sqrt(2.0))) < -60);
      }
    }
  }
}

TEST_CASE("tones at or above the output's Nyquist are stopped, not aliased",
          "[audio][resampler]") {
  for (int from : kRates) {
    for (int to : kRates) {
      if (to >= from) continue;  // only a decimation has input above the output's Nyquist
      const double out_nyquist = to / 2.0;
      for (double f = out_nyquist; f < 0.98 * from / 2.0; f += 0.05 * out_nyquist) {
        INFO(from << " -> " << to << " Hz, tone " << f << " Hz");
        const auto r = run(from, to, sine(f, from, std::size_t(from / 2)));
        double energy = 0;
        for (std::size_t i = r.from; i < r.to; ++i) energy += double(r.out[i]) * r.out[i];
        const double rms = std::sqrt(energy / double(r.to - r.from));
        CHECK(db(rms / (kAmplitude / std::sqrt(2.0))) < -60);
      }
    }
  }
}

TEST_CASE("a constant stays constant at every phase", "[audio][resampler]") {
  for (int from : kRates) {
    for (int to : kRates) {
      INFO(from << " -> " << to);
      const std::vector<std::int16_t> in(std::size_t(from / 4), -1234);
      const auto r = run(from, to, in);
      for (std::size_t i = r.from; i < r.to; ++i) REQUIRE(std::abs(r.out[i] + 1234) <= 1);
    }
  }
}

TEST_CASE("chunked input gives the one-shot output and ceil(n * to / from) samples",
          "[audio][resampler]") {
  std::mt19937 rng(6);
  std::uniform_int_distribution<int> sample(-20000, 20000);
  for (int from : kRates) {
    for (int to : kRates) {
      INFO(from << " -> " << to);
      std::vector<std::int16_t> in(std::size_t(from / 5) + 17);
      for (auto& s : in) s = std::int16_t(sample(rng));
      Resampler whole(from, to);
      std::vector<std::int16_t> one_shot;
      whole.process(in, one_shot);

      Resampler streamed(from, to);
      std::vector<std::int16_t> chunked;
      std::uniform_int_distribution<std::size_t> size(0, 700);
      for (std::size_t i = 0; i < in.size();) {
        const std::size_t n = std::min(size(rng), in.size() - i);
        const std::size_t before = chunked.size();
        const std::size_t got = streamed.process(std::span(in).subspan(i, n), chunked);
        CHECK(got == chunked.size() - before);
        CHECK(got <= streamed.max_output(n));
        i += n;
        // After every chunk, exactly ceil(consumed * to / from) samples are out.
        CHECK(chunked.size() == (i * std::size_t(to) + std::size_t(from) - 1) / std::size_t(from));
      }
      CHECK(chunked == one_shot);

      // flush() gives the tail the filter held back, then the stream starts afresh.
      const std::size_t tail = whole.flush(one_shot);
      CHECK(tail == std::size_t(std::ceil(whole.delay())));
      std::vector<std::int16_t> again;
      whole.process(std::span(in).first(100), again);
      std::vector<std::int16_t> fresh;
      Resampler(from, to).process(std::span(in).first(100), fresh);
      CHECK(again == fresh);
    }
  }
}

TEST_CASE("a 20 ms frame's output fits max_output, and state stays small", "[audio][resampler]") {
  Resampler up(8000, 16000);
  std::array<std::int16_t, 160> frame{};
  std::array<std::int16_t, 320> wide{};
  CHECK(up.max_output(frame.size()) == 320);
  CHECK(up.process(frame, std::span(wide)) == 320);
  Resampler down(22050, 8000);
  CHECK(down.max_output(441) == 160);  // 20 ms of output from 20 ms of input
  CHECK(down.state_bytes() < 4096);
  CHECK(Resampler::supported(44100, 8000));
  CHECK_FALSE(Resampler::supported(8000, 0));
  CHECK_FALSE(Resampler::supported(8000, 7919 * 2));  // L = 7919: too long a filter bank
  CHECK_THROWS_AS(Resampler(8000, -1), std::invalid_argument);
  std::array<std::int16_t, 10> too_small{};
  CHECK_THROWS_AS(up.process(frame, std::span(too_small)), std::invalid_argument);
}
