#include "adapters/audio/resampler.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

namespace webox::audio {

struct FilterBank {
  std::uint32_t up = 1, down = 1;  // L and M of the reduced ratio
  std::size_t taps = 0;            // per phase, a multiple of 16 (see dot())
  std::uint32_t step_whole = 0, step_frac = 0;  // M / L and M % L: one output's input stride
  double delay = 0;                             // in output samples
  std::vector<float> coeffs;  // phase p at [p * taps], oldest input's tap first
};

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kStopbandDb = 72;      // design target; the tests require >= 60 measured
constexpr double kPassEdge = 0.8;       // of the lower Nyquist: flat up to here
constexpr double kStopEdge = 1.0;       // of the lower Nyquist: attenuated from here
constexpr std::uint32_t kMaxFactor = 1000;
constexpr std::size_t kBlock = 256;     // input samples read per pass, beside the history
constexpr std::size_t kTapMultiple = 16;  // taps per phase are padded to this (see dot())

double bessel_i0(double x) {
  double sum = 1, term = 1;
  for (int k = 1; k < 200; ++k) {
    term *= (x / (2 * k)) * (x / (2 * k));
    sum += term;
    if (term < sum * 1e-15) break;
  }
  return sum;
}

std::unique_ptr<FilterBank> design(int from_hz, int to_hz) {
  const int g = std::gcd(from_hz, to_hz);
  auto bank = std::make_unique<FilterBank>();
  bank->up = std::uint32_t(to_hz / g);
  bank->down = std::uint32_t(from_hz / g);
  const double L = bank->up;
  const double fu = double(from_hz) * L;  // the conceptual upsampled rate
  const double nyquist = std::min(from_hz, to_hz) / 2.0;
  const double cutoff = (kPassEdge + kStopEdge) / 2 * nyquist;
  const double transition = (kStopEdge - kPassEdge) * nyquist;
  // Kaiser's estimates for the window's shape and the filter's length.
  const double beta = 0.1102 * (kStopbandDb - 8.7);
  const double length = (kStopbandDb - 7.95) / (14.36 * transition / fu) + 1;
  std::size_t taps = std::size_t(std::ceil(length / L));
  taps = (taps + kTapMultiple - 1) / kTapMultiple * kTapMultiple;
  bank->taps = taps;
  const std::size_t total = taps * bank->up;
  const double centre = (double(total) - 1) / 2;
  const double fc = cutoff / fu;  // cycles per upsampled sample
  const double i0_beta = bessel_i0(beta);
  std::vector<double> h(total);
  for (std::size_t m = 0; m < total; ++m) {
    const double t = double(m) - centre;
    const double x = 2 * fc * t;
    const double sinc = std::abs(x) < 1e-12 ? 1.0 : std::sin(kPi * x) / (kPi * x);
    const double r = t / (centre + 0.5);
    const double window = bessel_i0(beta * std::sqrt(std::max(0.0, 1 - r * r))) / i0_beta;
    h[m] = 2 * fc * sinc * window;
  }
  // Each phase is its own FIR over the input; giving each a DC gain of exactly 1 keeps a
  // constant input constant whatever the phase (no ripple at the output rate from rounding).
  bank->coeffs.resize(total);
  for (std::uint32_t p = 0; p < bank->up; ++p) {
    double sum = 0;
    for (std::size_t k = 0; k < taps; ++k) sum += h[p + k * bank->up];
    for (std::size_t j = 0; j < taps; ++j)
      bank->coeffs[p * taps + j] = float(h[p + (taps - 1 - j) * bank->up] / sum);
  }
  bank->step_whole = bank->down / bank->up;
  bank->step_frac = bank->down % bank->up;
  bank->delay = (double(total) - 1) / 2 / double(bank->down);
  return bank;
}

// Designed once per rate pair for the life of the process; handed out read-only.
const FilterBank& bank_for(int from_hz, int to_hz) {
  static std::mutex mutex;
  static std::map<std::pair<int, int>, std::unique_ptr<FilterBank>> banks;
  std::lock_guard lock(mutex);
  auto& slot = banks[{from_hz, to_hz}];
  if (!slot) slot = design(from_hz, to_hz);
  return *slot;
}

// Four 4-lane partial sums (GCC/Clang vector extensions: SSE2 on x86-64, NEON on arm64): the
// compiler does not reorder a float reduction by itself, and four chains hide the add latency.
typedef float Lanes __attribute__((vector_size(16)));

inline Lanes load(const float* p) {
  Lanes v;
  std::memcpy(&v, p, sizeof v);  // unaligned: the history window slides by one sample
  return v;
}

inline float dot(const float* c, const float* x, std::size_t n) {
  Lanes a{}, b{}, d{}, e{};
  for (std::size_t j = 0; j < n; j += kTapMultiple) {
    a += load(c + j) * load(x + j);
    b += load(c + j + 4) * load(x + j + 4);
    d += load(c + j + 8) * load(x + j + 8);
    e += load(c + j + 12) * load(x + j + 12);
  }
  a += b;
  d += e;
  a += d;
  return (a[0] + a[1]) + (a[2] + a[3]);
}

// Rounds half away from zero; inline, where std::nearbyint is a libm call per sample.
inline std::int16_t to_int16(float v) {
  const float c = std::clamp(v, -32768.0f, 32767.0f);
  return std::int16_t(c < 0 ? c - 0.5f : c + 0.5f);
}

}  // namespace

bool Resampler::supported(int from_hz, int to_hz) noexcept {
  if (from_hz <= 0 || to_hz <= 0) return false;
  const int g = std::gcd(from_hz, to_hz);
  return std::uint32_t(from_hz / g) <= kMaxFactor && std::uint32_t(to_hz / g) <= kMaxFactor;
}

Resampler::Resampler(int from_hz, int to_hz) : from_(from_hz), to_(to_hz) {
  if (!supported(from_hz, to_hz))
    throw std::invalid_argument("Resampler: unsupported rates " + std::to_string(from_hz) +
                                " -> " + std::to_string(to_hz));
  if (from_hz == to_hz) return;
  bank_ = &bank_for(from_hz, to_hz);
  buf_ = std::make_unique<float[]>(bank_->taps - 1 + kBlock);
  reset();
}

Resampler::~Resampler() = default;
Resampler::Resampler(Resampler&&) noexcept = default;
Resampler& Resampler::operator=(Resampler&&) noexcept = default;

void Resampler::reset() noexcept {
  if (!bank_) return;
  const std::size_t history = bank_->taps - 1;
  std::fill(buf_.get(), buf_.get() + history, 0.0f);  // silence before the first sample
  filled_ = history;
  pos_ = history;
  phase_ = 0;
}

std::size_t Resampler::max_output(std::size_t in_samples) const noexcept {
  if (!bank_) return in_samples;
  return (in_samples * bank_->up + bank_->down - 1) / bank_->down;
}

std::size_t Resampler::process(std::span<const std::int16_t> in, std::span<std::int16_t> out) {
  if (out.size() < max_output(in.size()))
    throw std::invalid_argument("Resampler::process: output span smaller than max_output()");
  if (!bank_) {
    std::copy(in.begin(), in.end(), out.begin());
    return in.size();
  }
  const FilterBank& b = *bank_;
  const std::size_t history = b.taps - 1;
  const std::size_t capacity = history + kBlock;
  float* buf = buf_.get();
  std::size_t written = 0;
  std::size_t i = 0;
  while (i < in.size()) {
    const std::size_t take = std::min(capacity - filled_, in.size() - i);
    for (std::size_t j = 0; j < take; ++j) buf[filled_ + j] = float(in[i + j]);
    filled_ += take;
    i += take;
    while (pos_ < filled_) {
      out[written++] = to_int16(dot(&b.coeffs[std::size_t(phase_) * b.taps],
                                    buf + (pos_ - history), b.taps));
      pos_ += b.step_whole;
      phase_ += b.step_frac;
      if (phase_ >= b.up) {
        phase_ -= b.up;
        ++pos_;
      }
    }
    // Only the last taps - 1 samples can still be read: pos_ >= filled_ here.
    const std::size_t drop = filled_ - history;
    std::memmove(buf, buf + drop, history * sizeof(float));
    filled_ = history;
    pos_ -= drop;
  }
  return written;
}

std::size_t Resampler::process(std::span<const std::int16_t> in, std::vector<std::int16_t>& out) {
  const std::size_t start = out.size();
  out.resize(start + max_output(in.size()));
  const std::size_t n = process(in, std::span<std::int16_t>(out).subspan(start));
  out.resize(start + n);
  return n;
}

std::size_t Resampler::flush(std::vector<std::int16_t>& out) {
  if (!bank_) return 0;
  const std::size_t wanted = std::size_t(std::ceil(bank_->delay));
  const std::size_t start = out.size();
  const std::array<std::int16_t, 64> zeros{};
  while (out.size() - start < wanted) process(zeros, out);
  out.resize(start + wanted);
  reset();
  return wanted;
}

double Resampler::delay() const noexcept { return bank_ ? bank_->delay : 0.0; }

std::size_t Resampler::taps_per_phase() const noexcept { return bank_ ? bank_->taps : 1; }

std::size_t Resampler::state_bytes() const noexcept {
  return sizeof(*this) + (bank_ ? (bank_->taps - 1 + kBlock) * sizeof(float) : 0);
}

}  // namespace webox::audio
