// media_stream_messages: what the Media Streams protocol layer costs per WebSocket frame, the
// part of issue 6's budget (1,000 calls at real-time pace = 50,000 inbound frames/s on 2 cores,
// p99 frame handling < 5 ms) that is spent before any audio reaches a recogniser.
//
//   build/bench/media_stream_messages                 # ~10 s
//   build/bench/media_stream_messages --rounds 200000 --repeat 5 --calls 1000
//
// Measured, each in ns of this thread's CPU time per message, best of N timed loops (the machine
// is shared: CPU time leaves out other processes' slices, and the minimum is the least disturbed):
// - read: Reader::read of one inbound `media` frame as Twilio sends it (minified, 160 bytes of
//   μ-law = a 216-character payload) to μ-law bytes: padding copy, simdjson DOM parse, field
//   checks, base64 decode into the reader's buffer;
// - read+session: the same plus Session::on_message (stream and sequence checks), i.e. all a
//   socket handler does before handing the audio on;
// - base64 decode alone, of the same payload into a caller buffer;
// - write: Writer::media of 160 bytes (the frame we send Twilio every 20 ms while speaking).
// Then the spread: `--calls` readers and sessions (one per call, as the server will hold them)
// take frames round-robin, each frame timed alone on the wall clock (steady_clock, ~20 ns of its
// own), for the p50/p99/max of one frame's handling: the tail includes the moments the scheduler
// gave the core to someone else, as it will in the server.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "bench/cpu_time.h"
#include "adapters/twilio/base64.h"
#include "adapters/twilio/media_stream_in.h"
#include "adapters/twilio/media_stream_out.h"
#include "adapters/twilio/media_stream_session.h"

using namespace webox::twilio;
using namespace webox::twilio::media_stream;
using Clock = std::chrono::steady_clock;

using webox::bench::best_ns;
using webox::bench::cpu_ns;

namespace {

volatile std::size_t g_sink = 0;


// 20 ms of a 440 Hz tone in μ-law: realistic bytes (not all one value) for the payload.
std::vector<std::uint8_t> tone_20ms() {
  std::vector<std::uint8_t> out;
  for (int i = 0; i < 160; ++i) {
    int s = static_cast<int>(8000 * std::sin(2 * M_PI * 440 * i / 8000.0));
    const int sign = s < 0 ? 0x80 : 0;
    s = std::min(std::abs(s), 32635) + 0x84;
    int exp = 7;
    for (int mask = 0x4000; exp > 0 && !(s & mask); mask >>= 1) --exp;
    out.push_back(static_cast<std::uint8_t>(~(sign | exp << 4 | ((s >> (exp + 3)) & 0x0F))));
  }
  return out;
}

std::string sid(char prefix0, char prefix1, std::size_t n) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%c%c%032zx", prefix0, prefix1, n);
  return buf;
}

std::string media_frame(const std::string& stream, std::uint64_t seq, const std::string& payload) {
  return R"({"event":"media","sequenceNumber":")" + std::to_string(seq) +
         R"(","media":{"track":"inbound","chunk":")" + std::to_string(seq - 1) +
         R"(","timestamp":")" + std::to_string((seq - 2) * 20) + R"(","payload":")" + payload +
         R"("},"streamSid":")" + stream + R"("})";
}

std::string start_frame(const std::string& stream, std::size_t n) {
  return R"({"event":"start","sequenceNumber":"1","start":{"accountSid":")" + sid('A', 'C', 1) +
         R"(","streamSid":")" + stream + R"(","callSid":")" + sid('C', 'A', n) +
         R"(","tracks":["inbound"],"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,)"
         R"("channels":1},"customParameters":{"assistant":"a1"}},"streamSid":")" + stream + R"("})";
}

double percentile(std::vector<double>& v, double p) {
  const auto k = static_cast<std::size_t>(p * double(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t rounds = 200000, calls = 1000, frames_per_call = 50;
  int repeat = 5;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--rounds" && i + 1 < argc) rounds = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--repeat" && i + 1 < argc) repeat = std::atoi(argv[++i]);
    else if (a == "--calls" && i + 1 < argc) calls = std::strtoull(argv[++i], nullptr, 10);
    else {
      std::fprintf(stderr, "usage: media_stream_messages [--rounds N] [--repeat R] [--calls C]\n");
      return 2;
    }
  }
  if (rounds == 0 || repeat <= 0 || calls == 0) return 2;

  const std::vector<std::uint8_t> audio = tone_20ms();
  std::string payload;
  base64_append(payload, audio);
  const std::string stream = sid('M', 'Z', 7);
  const std::string frame = media_frame(stream, 4, payload);

  // Check what is timed before timing it.
  Reader reader;
  {
    auto m = reader.read(frame);
    if (!m || !std::holds_alternative<Media>(*m) ||
        !std::equal(audio.begin(), audio.end(), std::get<Media>(*m).audio.begin(),
                    std::get<Media>(*m).audio.end())) {
      std::fprintf(stderr, "media_stream_messages: the frame does not read back\n");
      return 1;
    }
  }

  const double read = best_ns(rounds, repeat, [&](std::size_t) {
    auto m = reader.read(frame);
    return std::get<Media>(*m).audio.size();
  });

  // Session checks want rising sequence numbers: a ring of frames 2..1001, the session rebuilt
  // (by a fresh start) each time the ring wraps, outside the per-frame work that dominates.
  std::vector<std::string> ring;
  for (std::uint64_t seq = 2; seq < 1002; ++seq) ring.push_back(media_frame(stream, seq, payload));
  const std::string start = start_frame(stream, 7);
  Session session;
  auto restart = [&] {
    session = Session{};
    auto s = reader.read(start);
    if (session.on_message(*s).action != Action::accept) std::abort();
  };
  restart();
  const double read_session = best_ns(rounds, repeat, [&](std::size_t i) {
    const std::size_t k = i % ring.size();
    if (k == 0) restart();
    auto m = reader.read(ring[k]);
    const Verdict v = session.on_message(*m);
    if (v.action != Action::accept) std::abort();
    return std::get<Media>(*m).audio.size();
  });

  std::vector<std::uint8_t> out(base64_decoded_capacity(payload.size()));
  const double decode = best_ns(rounds, repeat, [&](std::size_t) {
    return *base64_decode(payload, out);
  });

  Writer writer(stream);
  const double write = best_ns(rounds, repeat, [&](std::size_t) {
    return writer.media(audio).size();
  });

  std::printf("one media frame (%zu bytes, 160-byte payload), CPU ns per message, "
              "best of %d x %zu\n", frame.size(), repeat, rounds);
  std::printf("  read (JSON -> mu-law)          %8.1f ns\n", read);
  std::printf("  read + session verdict         %8.1f ns\n", read_session);
  std::printf("  base64 decode alone            %8.1f ns\n", decode);
  std::printf("  write media (mu-law -> JSON)   %8.1f ns   (%zu bytes)\n", write,
              writer.media(audio).size());

  // The spread over many calls: one reader and one session per call, frames round-robin.
  std::vector<Reader> readers(calls);
  std::vector<Session> sessions(calls);
  std::vector<std::vector<std::string>> frames(calls);
  for (std::size_t c = 0; c < calls; ++c) {
    const std::string s = sid('M', 'Z', c);
    auto st = readers[c].read(start_frame(s, c));
    if (!st || sessions[c].on_message(*st).action != Action::accept) return 1;
    for (std::uint64_t seq = 2; seq < 2 + frames_per_call; ++seq) {
      frames[c].push_back(media_frame(s, seq, payload));
    }
  }
  std::vector<double> each;
  each.reserve(calls * frames_per_call);
  const auto t0 = Clock::now();
  for (std::size_t f = 0; f < frames_per_call; ++f) {
    for (std::size_t c = 0; c < calls; ++c) {
      const auto a = Clock::now();
      auto m = readers[c].read(frames[c][f]);
      const Verdict v = m ? sessions[c].on_message(*m) : sessions[c].on_error(m.error());
      const auto b = Clock::now();
      if (v.action != Action::accept) return 1;
      g_sink = g_sink + std::get<Media>(*m).audio.size();
      each.push_back(std::chrono::duration<double, std::nano>(b - a).count());
    }
  }
  const double total_s = std::chrono::duration<double>(Clock::now() - t0).count();
  const std::size_t n = each.size();
  const double p50 = percentile(each, 0.50), p99 = percentile(each, 0.99),
               p999 = percentile(each, 0.999);
  const double max = *std::max_element(each.begin(), each.end());
  std::printf("%zu calls x %zu frames round-robin, one reader+session per call, "
              "each frame timed:\n", calls, frames_per_call);
  std::printf("  p50 %.0f ns   p99 %.0f ns   p99.9 %.0f ns   max %.0f ns   "
              "(%.0f frames/s on one core)\n",
              p50, p99, p999, max, double(n) / total_s);
  return 0;
}
