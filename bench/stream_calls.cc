// stream_calls: issue 6's load target for Media Streams calls, with speech replaced by instant
// fakes so that what is measured is the engine alone: the real engine (start_engine, a temp data
// dir) and the real HttpServer on loopback, N concurrent stream calls played by an in-process
// Twilio (Beast WebSocket clients on one asio thread), each at real-time pace.
//
//   cmake --build build --target stream_calls --parallel 1
//   build/bench/stream_calls --calls 100 --seconds 5          # a quick look
//   build/bench/stream_calls                                  # 1,000 calls x 20 s
//   flags: --calls N --seconds S --server-threads 2 --actor-threads 2
//
// Each call: POST /twilio/voice (signed), signed WebSocket handshake, connected, start, then one
// 160-byte media frame every 20 ms (50,000 frames/s at 1,000 calls): μ-law silence with 1 s of a
// loud 440 Hz tone every 4 s, so the VAD ends utterances and turns happen; every mark the server
// sends is echoed as Twilio does; stop at the end. The fake recogniser answers end_utterance()
// at once ("a table for four tomorrow at eight"); the fake synthesiser gives one 1 s sentence of
// a 440 Hz tone at 8 kHz per reply.
// Printed:
// - how long the server takes to reach a frame: once a second per call a WebSocket ping follows
//   a frame; Beast answers it when the server's read loop gets to it, so the ping -> pong round
//   trip bounds the frames' wait plus handling (from outside: the closest to "frame handling");
// - server CPU per inbound frame: (process CPU - the generator thread's CPU) / frames;
// - outbound pacing seen by the client: per reply, frame j is due at the reply's first frame
//   + j x 20 ms and the pacer sends it from 20 ms before: the slip behind that send schedule,
//   inter-arrival gaps, and frames arriving > 20 ms after due (the target: none);
// - engine overhead per turn: TurnTimed events read back over the API (engine_micros, and
//   total_micros = the detector's decision -> first reply frame out; silence is not in it);
// - memory per call: VmRSS with all calls open minus VmRSS before, / N (the generator's own
//   sockets are in this process too, so it is a slight overestimate);
// - frames/s achieved and CPU of the process and of the generator.
#include <pthread.h>
#include <time.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <utility>  // before asio, which forgets it
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "actors/engine.h"
#include "adapters/audio/mulaw.h"
#include "adapters/twilio/base64.h"
#include "adapters/twilio/form.h"
#include "adapters/twilio/signature.h"
#include "bench/latency_histogram.h"
#include "http/server.h"
#include "tests/support/temp_dir.h"
#include "tools/http_client.h"

using namespace webox;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using bench::Histogram;

namespace {

constexpr const char* kToken = "bench-twilio-auth-token";
constexpr const char* kNumber = "+33123456789";
constexpr const char* kPath = "/twilio/stream/33123456789";
constexpr auto kFrame = std::chrono::milliseconds(20);
constexpr int kPeriodFrames = 200, kSpeechFrames = 50;  // 1 s of speech every 4 s

std::vector<std::int16_t> tone(std::size_t samples) {
  std::vector<std::int16_t> pcm(samples);
  for (std::size_t i = 0; i < samples; ++i)
    pcm[i] = static_cast<std::int16_t>(8000 * std::sin(2 * M_PI * 440 * double(i) / 8000.0));
  return pcm;
}

// -- instant speech --

class InstantSession final : public speech::SttSession {
 public:
  explicit InstantSession(speech::TranscriptSink sink) : sink_(std::move(sink)) {}
  void feed(std::span<const std::int16_t> pcm) override { samples_ += pcm.size(); }
  void end_utterance() override {
    sink_(speech::Transcript{.text = "a table for four tomorrow at eight", .confidence = 0.9,
                             .audio = std::chrono::milliseconds(samples_ / 8)});
    samples_ = 0;
  }
  void cancel() override { samples_ = 0; }

 private:
  speech::TranscriptSink sink_;
  std::size_t samples_ = 0;
};

struct InstantStt final : speech::SpeechToText {
  Result<std::unique_ptr<speech::SttSession>> open(const speech::SttRequest&,
                                                   speech::TranscriptSink sink) override {
    return std::unique_ptr<speech::SttSession>(std::make_unique<InstantSession>(std::move(sink)));
  }
};

struct InstantTts final : speech::TextToSpeech {
  const std::vector<std::int16_t> second = tone(8000);
  speech::SpeechJob speak(speech::SpeechRequest request, speech::SentenceSink sink) override {
    sink(speech::SpokenSentence{.text = std::move(request.text), .pcm = second,
                                .sample_rate_hz = 8000, .index = 0, .last = true});
    return {};
  }
};

// -- measuring --

long rss_kib() {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);)
    if (line.starts_with("VmRSS:")) return std::atol(line.c_str() + 6);
  return 0;
}
double cpu_s(clockid_t clock) {  // CLOCK_PROCESS_CPUTIME_ID or a thread's
  timespec ts{};
  clock_gettime(clock, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

using u64 = unsigned long long;  // printf's %llu
struct Stats {  // the generator's, on its thread
  Histogram late_us, gap_us, send_lag_us, ping_us;
  u64 sent = 0, received = 0, late = 0, marks = 0, clears = 0;
  std::size_t backlog = 0;  // most messages one call had queued, not yet taken by the server
};

struct Payloads {
  std::string silence, speech;
};

// -- Twilio's side of one call --

class Call : public std::enable_shared_from_this<Call> {
 public:
  Call(net::io_context& ioc, std::size_t n, Stats& stats, const Payloads& p)
      : ws(ioc), stats_(stats), payloads_(p), phase_(int(n * 37 % kPeriodFrames)) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "CAbench%08zu", n);
    sid = buf;
    std::snprintf(buf, sizeof buf, "MZbench%08zu", n);
    stream_ = buf;
  }

  // Synchronous, before the run: the handshake, connected and start.
  bool open(std::uint16_t port, const std::string& signature) {
    beast::error_code ec;
    ws.next_layer().connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), ec);
    if (ec) return false;
    ws.next_layer().set_option(tcp::no_delay(true), ec);  // as the server's: no Nagle delay
    ws.set_option(websocket::stream_base::decorator([signature](websocket::request_type& r) {
      r.set("X-Twilio-Signature", signature);
    }));
    ws.secure_prng(false);  // Twilio's masks need no cryptographic strength here
    ws.control_callback([this](websocket::frame_type kind, beast::string_view payload) {
      if (kind != websocket::frame_type::pong) return;
      const Clock::time_point sent{Clock::duration(std::atoll(std::string(payload).c_str()))};
      stats_.ping_us.record(us(Clock::now() - sent));
    });
    ws.handshake("127.0.0.1:" + std::to_string(port), kPath, ec);
    if (ec) return false;
    ws.text(true);
    ws.write(net::buffer(std::string(R"({"event":"connected","protocol":"Call","version":"1.0.0"})")), ec);
    ws.write(net::buffer(R"({"event":"start","sequenceNumber":")" + std::to_string(seq_++) +
                         R"(","start":{"accountSid":"AC9a9f9392d6e84bb3a0a2d1c5e5e2a1b0",)"
                         R"("streamSid":")" + stream_ + R"(","callSid":")" + sid +
                         R"(","tracks":["inbound"],"mediaFormat":{"encoding":"audio/x-mulaw",)"
                         R"("sampleRate":8000,"channels":1},"customParameters":{"CallSid":")" +
                         sid + R"(","TenantId":"default"}},"streamSid":")" + stream_ + R"("})"),
             ec);
    return !ec;
  }

  // Frames from `t0` on, `frames` of them then stop; reads all along.
  void start(Clock::time_point t0, int frames) {
    t0_ = t0;
    frames_ = frames;
    read();
  }
  // On the client thread, from its ticker: sends what is due at `now`; false once stop is sent.
  bool tick(Clock::time_point now) {
    for (auto due = t0_ + k_ * kFrame; k_ <= frames_ && due <= now; due = t0_ + k_ * kFrame) {
      stats_.send_lag_us.record(us(now - due));
      send_frame();
    }
    return k_ <= frames_;
  }

 private:
  void send_frame() {
    if (k_++ == frames_) {
      send(R"({"event":"stop","sequenceNumber":")" + std::to_string(seq_++) +
           R"(","stop":{"accountSid":"AC9a9f9392d6e84bb3a0a2d1c5e5e2a1b0","callSid":")" + sid +
           R"("},"streamSid":")" + stream_ + R"("})");
      return;
    }
    const std::int64_t k = k_ - 1;
    // Speech from 2 s on (the greeting is played by then), a burst every 4 s, staggered.
    const bool speaking = k >= 100 && (k + phase_) % kPeriodFrames < kSpeechFrames;
    send(R"({"event":"media","sequenceNumber":")" + std::to_string(seq_++) +
         R"(","media":{"track":"inbound","chunk":")" + std::to_string(k + 1) +
         R"(","timestamp":")" + std::to_string(20 * k) + R"(","payload":")" +
         (speaking ? payloads_.speech : payloads_.silence) + R"("},"streamSid":")" + stream_ +
         R"("})");
    ++stats_.sent;
    // Once a second, a ping after the frame: the server's Beast answers it when its read loop
    // reaches it, so its round trip is how long the frames before it waited to be handled.
    if ((k + phase_) % 50 == 0)
      send("#" + std::to_string(Clock::now().time_since_epoch().count()));
  }

  void read() {
    ws.async_read(in_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;  // the server closed the stream after stop
      self->on_message(beast::buffers_to_string(self->in_.data()));
      self->in_.consume(self->in_.size());
      self->read();
    });
  }

  void on_message(const std::string& m) {
    const auto now = Clock::now();
    if (m.find(R"("event":"media")") != std::string::npos) {
      ++stats_.received;
      if (!in_run_) in_run_ = true, run_start_ = now, run_j_ = 0;
      else stats_.gap_us.record(us(now - last_));
      // The pacer sends a frame ahead: frame j is due at j x 20 ms and leaves from (j-1) x 20.
      const auto due = run_start_ + run_j_ * kFrame;
      if (run_j_++ > 0) stats_.late_us.record(now > due - kFrame ? us(now - (due - kFrame)) : 0);
      if (now - due > kFrame) ++stats_.late;
      last_ = now;
    } else if (m.find(R"("event":"mark")") != std::string::npos) {
      ++stats_.marks;
      in_run_ = false;
      auto at = m.find(R"("name":")");
      if (at == std::string::npos) return;
      at += 8;
      const auto name = m.substr(at, m.find('"', at) - at);
      send(R"({"event":"mark","sequenceNumber":")" + std::to_string(seq_++) +
           R"(","streamSid":")" + stream_ + R"(","mark":{"name":")" + name + R"("}})");
    } else if (m.find(R"("event":"clear")") != std::string::npos) {
      ++stats_.clears;
      in_run_ = false;
    }
  }
  static std::uint64_t us(Clock::duration d) {
    return std::uint64_t(std::chrono::duration_cast<std::chrono::microseconds>(d).count());
  }

  void send(std::string m) {
    out_.push_back(std::move(m));
    stats_.backlog = std::max(stats_.backlog, out_.size());
    if (!writing_) write();
  }
  void write() {
    writing_ = true;
    auto done = [self = shared_from_this()](beast::error_code ec, std::size_t = 0) {
      self->out_.pop_front();
      self->writing_ = false;
      if (!ec && !self->out_.empty()) self->write();
    };
    if (out_.front().starts_with('#'))  // a probe: a ping carrying when it was queued
      return ws.async_ping(websocket::ping_data(out_.front().substr(1)), done);
    ws.async_write(net::buffer(out_.front()), done);
  }

 public:
  websocket::stream<tcp::socket> ws;
  std::string sid;

 private:
  Stats& stats_;
  const Payloads& payloads_;
  const int phase_;
  std::string stream_;
  std::uint64_t seq_ = 1;
  std::int64_t k_ = 0, frames_ = 0;
  Clock::time_point t0_, run_start_, last_;
  bool in_run_ = false, writing_ = false;
  std::int64_t run_j_ = 0;
  beast::flat_buffer in_;
  std::deque<std::string> out_;
};

// One timer for the generator, every 2 ms, sends every call's due frames: 50,000 timers a
// second would cost the generator more than the frames themselves.
void ticker(net::steady_timer& timer, std::vector<std::shared_ptr<Call>>& calls,
            Clock::time_point at) {
  timer.expires_at(at);
  timer.async_wait([&timer, &calls, at](beast::error_code ec) {
    if (ec) return;
    const auto now = Clock::now();
    bool more = false;
    for (auto& c : calls) more = c->tick(now) || more;
    if (more) ticker(timer, calls, at + std::chrono::milliseconds(2));
  });
}

twilio::FormParams voice_params(const std::string& sid) {
  return {{{"AccountSid", "AC9a9f9392d6e84bb3a0a2d1c5e5e2a1b0"}, {"ApiVersion", "2010-04-01"},
           {"CallSid", sid}, {"CallStatus", "ringing"}, {"Called", kNumber},
           {"Caller", "+33611223344"}, {"Direction", "inbound"}, {"From", "+33611223344"},
           {"To", kNumber}}};
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

std::int64_t field(const std::string& body, std::size_t from, const char* name) {
  const auto at = body.find(std::string("\"") + name + "\":", from);
  return at == std::string::npos ? -1 : std::atoll(body.c_str() + at + std::strlen(name) + 3);
}

void print_us(const char* what, const Histogram& h) {
  std::printf("  %-44s p50 %8.3f ms  p99 %8.3f ms  max %8.3f ms  (n=%llu)\n", what,
              double(h.quantile(0.5)) / 1e3, double(h.quantile(0.99)) / 1e3,
              double(h.max()) / 1e3, u64(h.total()));
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t calls = 1000, server_threads = 2, actor_threads = 2;
  int seconds = 20;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const auto v = std::strtoul(argv[i + 1], nullptr, 10);
    if (flag == "--calls") calls = v;
    else if (flag == "--seconds") seconds = int(v);
    else if (flag == "--server-threads") server_threads = v;
    else if (flag == "--actor-threads") actor_threads = v;
    else return std::fprintf(stderr, "unknown flag %s\n", argv[i]), 2;
  }

  testing::TempDir dir;
  EngineOptions options{.data_dir = dir.str(), .actor_threads = actor_threads,
                        .default_twilio_auth_token = kToken};
  options.speech.stt = std::make_shared<InstantStt>();
  options.speech.tts = std::make_shared<InstantTts>();
  auto engine = start_engine(std::move(options));
  if (!engine) return std::fprintf(stderr, "engine: %s\n", engine.error().message.c_str()), 1;
  const std::string key = (*engine)->first_start()->owner_key;
  HttpOptions http{.host = "127.0.0.1", .port = 0, .threads = server_threads};
  http.max_connections_per_address = 0;  // every call comes from 127.0.0.1
  http.api_rate_per_address = http.api_rate_per_key = 0;
  // The public URL must name the port, which is known once bound: bind once to learn a free one.
  std::uint16_t port = 0;
  {
    net::io_context probe;
    tcp::acceptor a(probe, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
    port = a.local_endpoint().port();
  }
  http.port = port;
  http.public_url = "http://127.0.0.1:" + std::to_string(port);
  auto server = HttpServer::start(**engine, http);
  if (!server) return std::fprintf(stderr, "server: %s\n", server.error().message.c_str()), 1;
  const std::string base = http.public_url;

  tools::HttpClient client;
  auto request = [&](const std::string& method, const std::string& target, const std::string& body,
                     std::string_view type, std::vector<std::pair<std::string, std::string>> h) {
    auto url = tools::parse_url(base + target);
    return client.request(method, *url, body, type, h);
  };
  auto made = request("POST", "/api/v1/assistants",
                      R"({"name":"Chez Marcel","phone_number":")" + std::string(kNumber) +
                          R"(","mode":"stream"})",
                      "application/json", {{"Authorization", "Bearer " + key}});
  if (!made || made->status != 201) return std::fprintf(stderr, "no assistant\n"), 1;

  Payloads payloads;
  {
    std::vector<std::uint8_t> quiet(160, 0xFF), loud(160);
    audio::mulaw_encode(tone(160), loud);
    twilio::base64_append(payloads.silence, quiet);
    twilio::base64_append(payloads.speech, loud);
  }

  const long rss_before = rss_kib();
  net::io_context ioc;
  Stats stats;
  std::vector<std::shared_ptr<Call>> all;
  const auto signature = twilio::compute_signature(
      kToken, "ws://127.0.0.1:" + std::to_string(port) + kPath, twilio::FormParams{});
  const auto setup0 = Clock::now();
  for (std::size_t n = 0; n < calls; ++n) {
    auto call = std::make_shared<Call>(ioc, n, stats, payloads);
    auto form = voice_params(call->sid);
    auto answer = request("POST", "/twilio/voice", twilio::form_encode(form), tools::kFormContentType,
                          {{"X-Twilio-Signature",
                            twilio::compute_signature(kToken, base + "/twilio/voice", form)}});
    if (!answer || answer->body.find("<Connect") == std::string::npos)
      return std::fprintf(stderr, "call %zu: /twilio/voice refused\n", n), 1;
    if (!call->open(port, signature)) return std::fprintf(stderr, "call %zu: no stream\n", n), 1;
    all.push_back(std::move(call));
  }
  std::printf("%zu calls open in %.1f s\n", calls,
              std::chrono::duration<double>(Clock::now() - setup0).count());

  // The run: calls start staggered over one frame, so frames spread evenly.
  const auto t0 = Clock::now() + std::chrono::milliseconds(100);
  for (std::size_t n = 0; n < calls; ++n)
    all[n]->start(t0 + std::chrono::microseconds(20'000 * n / calls), seconds * 50);
  net::steady_timer timer(ioc);
  ticker(timer, all, t0);
  const double cpu0 = cpu_s(CLOCK_PROCESS_CPUTIME_ID);
  std::thread generator([&] { ioc.run(); });
  long rss_open = 0, rss_peak = 0;
  for (int s = 0; s < seconds; ++s) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    if (s == 1) rss_open = rss_kib();  // everyone connected, greetings played
    rss_peak = std::max(rss_peak, rss_kib());
  }
  const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  const double cpu_media = cpu_s(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
  clockid_t generator_clock{};
  pthread_getcpuclockid(generator.native_handle(), &generator_clock);
  const double client_cpu = cpu_s(generator_clock);  // the generator's share of cpu_media
  generator.join();
  const double cpu1 = cpu_s(CLOCK_PROCESS_CPUTIME_ID) - cpu0;
  const Stats& total = stats;

  // TurnTimed and friends, read back once the last events are durable.
  std::this_thread::sleep_for(std::chrono::seconds(1));
  Histogram engine_us, total_us;
  u64 turns = 0, interrupted = 0, audio_sent = 0, ended = 0;
  for (auto& call : all) {
    auto r = request("GET", "/api/v1/calls/" + call->sid + "/events", "", "application/json",
                     {{"Authorization", "Bearer " + key}});
    if (!r || r->status != 200) continue;
    const std::string& b = r->body;
    for (auto at = b.find("\"TurnTimed\""); at != std::string::npos;
         at = b.find("\"TurnTimed\"", at + 1)) {
      ++turns;
      engine_us.record(std::uint64_t(std::max<std::int64_t>(0, field(b, at, "engine_micros"))));
      total_us.record(std::uint64_t(std::max<std::int64_t>(0, field(b, at, "total_micros"))));
    }
    interrupted += count(b, "\"ReplyInterrupted\"");
    audio_sent += count(b, "\"AudioSent\"");
    ended += count(b, "\"CallEnded\"");
  }

  std::printf("\n%zu calls x %d s, one generator thread, server threads %zu, actor threads %zu\n",
              calls, seconds, server_threads, actor_threads);
  std::printf("inbound: %llu frames in %.2f s = %.0f frames/s (target %zu)\n", total.sent, wall,
              double(total.sent) / wall, calls * 50);
  print_us("generator send lag (tick vs its schedule)", total.send_lag_us);
  print_us("ping after a frame -> pong (server's read delay)", total.ping_us);
  std::printf("  most frames one call had waiting for the server to read: %zu (%.0f ms of audio)\n",
              total.backlog, 20.0 * double(total.backlog));
  std::printf("CPU over the media phase: process %.2f s (%.0f%% of one core), generator %.2f s,\n"
              "  server+engine %.2f s = %.2f us per inbound frame; whole run incl. stop %.2f s\n",
              cpu_media, 100 * cpu_media / wall, client_cpu, cpu_media - client_cpu,
              1e6 * (cpu_media - client_cpu) / double(std::max<u64>(1, total.sent)), cpu1);
  std::printf("outbound: %llu media frames, %llu marks echoed, %llu clears\n", total.received,
              total.marks, total.clears);
  print_us("outbound slip vs reply start + (j-1) x 20 ms", total.late_us);
  print_us("outbound inter-arrival gap", total.gap_us);
  std::printf("  frames > 20 ms late: %llu (target 0)\n", total.late);
  std::printf("turns: %llu TurnTimed, %llu AudioSent, %llu ReplyInterrupted, %llu/%zu calls ended\n",
              turns, audio_sent, interrupted, ended, calls);
  print_us("engine_micros per turn (target p99 < 2 ms)", engine_us);
  print_us("total_micros per turn (decision -> 1st frame)", total_us);
  std::printf("memory: VmRSS before %ld KiB, all open %ld KiB, peak %ld KiB -> %.1f KiB per call "
              "open, %.1f at peak (target < 256)\n",
              rss_before, rss_open, rss_peak, double(rss_open - rss_before) / double(calls),
              double(rss_peak - rss_before) / double(calls));
  std::fflush(stdout);
  all.clear();
  (*server)->stop(1000);
  (*engine)->shutdown();
  return 0;
}
