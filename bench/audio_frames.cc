// audio_frames: what the audio path of a Media Streams call costs per 20 ms frame, and how much
// memory a call's audio state takes (issue 6: 1,000 calls, 50,000 inbound frames/s on 2 cores,
// p99 frame handling < 5 ms, < 256 KiB per call).
//
//   build/bench/audio_frames                     # 1,000 calls x 500 frames each, best of 5 (~10 s)
//   build/bench/audio_frames --calls 200 --frames 250 --repeat 3
//
// Inbound, every frame: μ-law decode (160 bytes) then VAD push, over `calls` independent call
// states visited round-robin (so each frame finds its call's state cold, as an actor would),
// fed 10 s of synthetic speech in 20 dB white noise, companded. Outbound: μ-law encode of 160
// samples; resampling per 20 ms of output (22,050 -> 8,000: espeak-ng; 24,000 -> 8,000: cloud
// TTS) and 8,000 -> 16,000 per inbound frame (pocketsphinx). Each figure is the best of
// `repeat` passes in thread CPU time (the machine is shared: the minimum is the least
// disturbed); the latency percentiles time every inbound frame of one more pass alone, by the
// wall clock, so they include being preempted.
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string_view>
#include <time.h>
#include <vector>

#include "bench/cpu_time.h"
#include "adapters/audio/mulaw.h"
#include "adapters/audio/resampler.h"
#include "adapters/audio/vad.h"

using namespace webox::audio;
using Clock = std::chrono::steady_clock;

using webox::bench::best_ns;
using webox::bench::cpu_ns;

namespace {

constexpr double kPi = 3.14159265358979323846;
volatile std::size_t g_sink = 0;

// One call's audio state as the call actor will hold it: the inbound VAD and frame buffer, the
// 8 -> 16 kHz stream for the recogniser, the TTS -> 8 kHz stream and the outbound frame.
struct CallAudio {
  Vad vad;
  Resampler to_recogniser{8000, 16000};
  Resampler from_tts{22050, 8000};
  std::array<std::int16_t, kFrameSamples> pcm{};
  std::array<std::uint8_t, kFrameSamples> wire_out{};
};

// 10 s at 8 kHz: 1 s of noise, then 2 s turns of voiced speech and 1 s pauses, 20 dB SNR.
std::vector<std::uint8_t> inbound_audio() {
  std::mt19937 rng(6);
  std::normal_distribution<double> noise(0, 200);
  std::vector<std::uint8_t> wire(80000);
  double phase = 0;
  for (std::size_t i = 0; i < wire.size(); ++i) {
    const double t = double(i) / 8000;
    double v = noise(rng);
    if (t >= 1 && std::fmod(t - 1, 3) < 2) {
      phase += 2 * kPi * 120 / 8000;
      double voice = 0;
      for (int k = 3; k < 28; ++k) voice += std::sin(k * phase) / k;
      v += 4000 * voice * (0.55 + 0.45 * std::cos(2 * kPi * 4 * t));
    }
    wire[i] = mulaw_from_linear(std::int16_t(std::clamp(std::lround(v), -32768L, 32767L)));
  }
  return wire;
}


void row(const char* what, double ns) {
  std::printf("%-44s %9.0f ns %12.0f frames/s/core\n", what, ns, 1e9 / ns);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t calls = 1000, frames = 500;
  int repeat = 5;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--calls" && i + 1 < argc) calls = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--frames" && i + 1 < argc) frames = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--repeat" && i + 1 < argc) repeat = std::atoi(argv[++i]);
    else {
      std::fprintf(stderr, "usage: audio_frames [--calls N] [--frames F] [--repeat R]\n");
      return 2;
    }
  }
  if (calls == 0 || frames == 0 || repeat <= 0) return 2;

  const auto wire = inbound_audio();
  const std::size_t clip_frames = wire.size() / kFrameSamples;
  std::vector<CallAudio> call(calls);
  std::size_t events = 0;

  // Inbound: decode + VAD, one frame of each call in turn. Call c is offset in the clip so the
  // calls are not in lock step.
  auto inbound = [&](std::size_t n) {
    const std::size_t c = n % calls, f = (n / calls + c * 7) % clip_frames;
    CallAudio& a = call[c];
    mulaw_decode(std::span(wire).subspan(f * kFrameSamples, kFrameSamples), a.pcm);
    events += a.vad.push(a.pcm).kind != VadEvent::Kind::none;
  };
  const double in_ns = best_ns(calls * frames, repeat, inbound);

  // The same, each frame timed alone, for the distribution.
  std::vector<float> each(calls * frames);
  for (std::size_t n = 0; n < each.size(); ++n) {
    const auto t0 = Clock::now();
    inbound(n);
    each[n] = float(std::chrono::duration<double, std::nano>(Clock::now() - t0).count());
  }
  std::sort(each.begin(), each.end());
  auto pct = [&](double p) {
    return each[std::min(each.size() - 1, std::size_t(p * double(each.size())))];
  };

  const double decode_ns = best_ns(calls * frames, repeat, [&](std::size_t n) {
    const std::size_t c = n % calls, f = (n / calls + c * 7) % clip_frames;
    mulaw_decode(std::span(wire).subspan(f * kFrameSamples, kFrameSamples), call[c].pcm);
    g_sink = g_sink + std::size_t(call[c].pcm[n % kFrameSamples]);
  });
  const double encode_ns = best_ns(calls * frames, repeat, [&](std::size_t n) {
    CallAudio& a = call[n % calls];
    mulaw_encode(a.pcm, a.wire_out);
    g_sink = g_sink + a.wire_out[n % kFrameSamples];
  });

  // TTS output: 441 samples at 22,050 Hz (or 480 at 24 kHz) make one 20 ms frame at 8 kHz.
  std::vector<std::int16_t> tts22(441), tts24(480);
  for (std::size_t i = 0; i < tts22.size(); ++i)
    tts22[i] = std::int16_t(8000 * std::sin(2 * kPi * 440 * double(i) / 22050));
  for (std::size_t i = 0; i < tts24.size(); ++i)
    tts24[i] = std::int16_t(8000 * std::sin(2 * kPi * 440 * double(i) / 24000));
  std::array<std::int16_t, 200> out8{};
  std::array<std::int16_t, 320> out16{};
  const std::size_t rs_rounds = std::min<std::size_t>(calls * frames, 100000);
  const double down22_ns = best_ns(rs_rounds, repeat, [&](std::size_t n) {
    g_sink = g_sink + call[n % calls].from_tts.process(tts22, std::span(out8));
  });
  std::vector<Resampler> from24;
  for (std::size_t c = 0; c < calls; ++c) from24.emplace_back(24000, 8000);
  const double down24_ns = best_ns(rs_rounds, repeat, [&](std::size_t n) {
    g_sink = g_sink + from24[n % calls].process(tts24, std::span(out8));
  });
  const double up16_ns = best_ns(rs_rounds, repeat, [&](std::size_t n) {
    CallAudio& a = call[n % calls];
    g_sink = g_sink + a.to_recogniser.process(a.pcm, std::span(out16));
  });

  std::printf("%zu calls x %zu frames, best of %d (VAD events over all passes: %zu)\n\n", calls,
              frames, repeat, events);
  std::printf("%-44s %12s %25s\n", "per 20 ms frame", "CPU time", "throughput");
  row("inbound: mulaw_decode + Vad::push", in_ns);
  row("  mulaw_decode alone (160 bytes)", decode_ns);
  row("outbound: mulaw_encode (160 samples)", encode_ns);
  row("Resampler 22,050 -> 8,000 (441 -> 160)", down22_ns);
  row("Resampler 24,000 -> 8,000 (480 -> 160)", down24_ns);
  row("Resampler 8,000 -> 16,000 (160 -> 320)", up16_ns);
  std::printf("\ninbound frame, each timed alone by the wall clock (incl. its reads): "
              "p50 %.0f ns, p99 %.0f ns, p99.9 %.0f ns, max %.0f ns\n",
              pct(0.50), pct(0.99), pct(0.999), each.back());
  const double share = 50000 * in_ns / 1e9;
  std::printf("50,000 inbound frames/s (1,000 calls): %.1f %% of one core for decode + VAD\n",
              share * 100);
  const double full = 50000 * (in_ns + encode_ns + down22_ns + up16_ns) / 1e9;
  std::printf("  with encode, 22,050 -> 8,000 and 8,000 -> 16,000 on every frame too: %.1f %% "
              "of one core\n", full * 100);

  std::printf("\nmemory of one call's audio state\n");
  std::printf("  sizeof(Vad)                           %6zu bytes\n", sizeof(Vad));
  std::printf("  Resampler 8,000 -> 16,000             %6zu bytes (%zu taps/phase)\n",
              call[0].to_recogniser.state_bytes(), call[0].to_recogniser.taps_per_phase());
  std::printf("  Resampler 22,050 -> 8,000             %6zu bytes (%zu taps/phase)\n",
              call[0].from_tts.state_bytes(), call[0].from_tts.taps_per_phase());
  std::printf("  Resampler 24,000 -> 8,000             %6zu bytes (%zu taps/phase)\n",
              from24[0].state_bytes(), from24[0].taps_per_phase());
  const std::size_t total = sizeof(CallAudio) + call[0].to_recogniser.state_bytes() +
                            call[0].from_tts.state_bytes() - 2 * sizeof(Resampler);
  std::printf("  CallAudio (VAD, both resamplers, in and out frames): %zu bytes\n", total);
  std::printf("  (filter banks are shared by every call: designed once per rate pair)\n");
  return 0;
}
