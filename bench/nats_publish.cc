// nats_publish: how fast the NATS publisher empties a backlog, and how long an event takes
// from its append to a JetStream consumer at a steady rate.
//
//   nats-server -js -a 127.0.0.1 -p 4333 -sd /tmp/webox-bench-nats &     # a fresh store
//   build/bench/nats_publish --nats nats://127.0.0.1:4333 --events 200000 --rate 2000
//       --seconds 10 --data /tmp/webox-bench-nats-log     (one line)
//
// 1. Throughput: fills an empty log with --events call events (unsynced batches: the fill is
//    not what is measured), then starts the real publisher (actors/nats_publisher.h) and times
//    it until its checkpoint reaches the end. Also times read_all + encode alone over the same
//    log, which bounds what the publisher could do without NATS.
// 2. Lag: with the publisher caught up, one thread appends 10-event synced appends every 5 ms
//    (--rate 2000 events/s) for --seconds; an ordered push consumer of the stream receives them.
//    Latency = receive time - recorded_at (stamped just before the append): log fsync, listener,
//    publish, JetStream store and delivery together. Prints p50/p90/p99/max.
// 3. Ceiling: the same number of messages of the same size, already encoded, each with its own
//    Nats-Msg-Id, published through the same adapter (adapters/nats/jetstream.h) in the same
//    batches to a stream of their own (WEBOX_CEILING), with no log behind them: what one
//    JetStream stream takes on this machine, whoever publishes. --server-pid PID adds the
//    nats-server's CPU per message for phases 1 and 3 (from /proc/PID/stat).
#include <nats/nats.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "actors/nats_publisher.h"
#include "adapters/nats/jetstream.h"
#include "events/codec.h"
#include "storage/event_log.h"

using namespace webox;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  std::string url = "nats://127.0.0.1:4222";
  std::string data = "/tmp/webox-bench-nats-log";
  std::uint64_t events = 200'000;
  int rate = 2000;
  int seconds = 10;
  std::size_t batch = 4096;  // the publisher's default
  int server_pid = 0;        // 0: the server's CPU is not reported
};

// CPU seconds a process has used so far (user + system), or -1 when it cannot be read.
double process_cpu(int pid) {
  if (pid <= 0) return -1;
  FILE* f = std::fopen(("/proc/" + std::to_string(pid) + "/stat").c_str(), "r");
  if (!f) return -1;
  char buf[4096];
  std::size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  buf[n] = 0;
  // Fields 14 and 15 (utime, stime), counted after the ")" that closes the command name.
  const char* p = std::strrchr(buf, ')');
  unsigned long long ut = 0, st = 0;
  if (!p || std::sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut,
                        &st) != 2)
    return -1;
  return double(ut + st) / double(sysconf(_SC_CLK_TCK));
}

void print_server_cpu(const Options& o, double before, std::uint64_t messages) {
  double after = process_cpu(o.server_pid);
  if (before < 0 || after < 0) return;
  std::printf("  nats-server used %.2f s of CPU: %.1f us per message\n", after - before,
              (after - before) * 1e6 / double(messages));
}

// Phase 3: messages of `size` bytes, published and acknowledged batch by batch.
int ceiling(const Options& o, std::size_t size) {
  auto js = nats::JetStream::connect({.url = o.url, .client_name = "webox-bench-ceiling"});
  if (!js) return std::fprintf(stderr, "ceiling: %s\n", js.error().message.c_str()), 1;
  if (auto made = (*js)->ensure_stream({.name = "WEBOX_CEILING", .subject = "ceiling.>"}); !made)
    return std::fprintf(stderr, "ceiling: %s\n", made.error().message.c_str()), 1;
  const std::string payload(size, 'x');
  double server_before = process_cpu(o.server_pid);
  const std::string prefix = Uuid::random().str() + "-";  // ids unseen by this server
  auto t0 = Clock::now();
  for (std::uint64_t i = 0; i < o.events;) {
    for (std::size_t b = 0; b < o.batch && i < o.events; ++b, ++i)
      if (auto s = (*js)->publish_async("ceiling.t1.call.ReplyGenerated", payload,
                                        prefix + std::to_string(i));
          !s)
        return std::fprintf(stderr, "ceiling: %s\n", s.error().message.c_str()), 1;
    auto acks = (*js)->wait_acks(std::chrono::seconds(30));
    if (!acks || !acks->failed_ids.empty())
      return std::fprintf(stderr, "ceiling: acknowledgements failed\n"), 1;
  }
  double s = std::chrono::duration<double>(Clock::now() - t0).count();
  std::printf("ceiling: %llu pre-encoded %zu-byte messages with ids, no log: %.0f messages/s\n",
              (unsigned long long)o.events, size, double(o.events) / s);
  print_server_cpu(o, server_before, o.events);
  return 0;
}

Envelope event(const std::string& sid, int turn) {
  return Envelope{.event_id = Uuid::random(), .tenant = "t1", .recorded_at = now_micros(),
                  .data = ReplyGenerated{.call_sid = sid, .turn = turn,
                                         .text = "Très bien, une table pour quatre personnes "
                                                 "demain à 20h.",
                                         .language = "fr-FR"}};
}

double secs(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

void fill(EventLog& log, std::uint64_t n) {
  std::uint64_t done = 0;
  int call = 0;
  while (done < n) {
    std::vector<AppendRequest> batch;
    for (int i = 0; i < 100 && done < n; ++i, ++call) {
      AppendRequest r{.stream = call_stream("CA" + std::to_string(call))};
      for (int t = 0; t < 10 && done < n; ++t, ++done) r.events.push_back(event("CA", t));
      batch.push_back(std::move(r));
    }
    for (auto& r : log.append_batch_unsynced(std::move(batch)))
      if (!r) std::fprintf(stderr, "fill: %s\n", r.error().message.c_str()), std::exit(1);
    (void)log.sync_written();
  }
}

// An ordered push consumer of new messages: delivered as soon as JetStream stores them.
struct Receiver {
  natsConnection* nc = nullptr;
  jsCtx* js = nullptr;
  natsSubscription* sub = nullptr;
  std::vector<std::int64_t> latencies_us;
  std::atomic<std::uint64_t> received{0};

  bool open(const std::string& url) {
    jsSubOptions so;
    jsSubOptions_Init(&so);
    so.Stream = "WEBOX";
    so.Ordered = true;
    so.Config.DeliverPolicy = js_DeliverNew;
    return natsConnection_ConnectTo(&nc, url.c_str()) == NATS_OK &&
           natsConnection_JetStream(&js, nc, nullptr) == NATS_OK &&
           js_SubscribeSync(&sub, js, "webox.>", nullptr, &so, nullptr) == NATS_OK;
  }
  void receive(std::uint64_t expected, Clock::time_point until) {
    while (received < expected && Clock::now() < until) {
      natsMsg* m = nullptr;
      if (natsSubscription_NextMsg(&m, sub, 200) != NATS_OK) continue;
      Micros at = now_micros();
      auto e = decode(std::string_view(natsMsg_GetData(m),
                                       static_cast<std::size_t>(natsMsg_GetDataLength(m))));
      if (e) latencies_us.push_back(at - e->recorded_at);
      ++received;
      natsMsg_Destroy(m);
    }
  }
  ~Receiver() {
    if (sub) natsSubscription_Destroy(sub);
    if (js) jsCtx_Destroy(js);
    if (nc) natsConnection_Destroy(nc);
  }
};

std::int64_t pct(std::vector<std::int64_t>& v, double p) {
  if (v.empty()) return 0;
  std::size_t i = std::min(v.size() - 1, static_cast<std::size_t>(p * v.size()));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(i), v.end());
  return v[i];
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i], v = argv[i + 1];
    if (a == "--nats") o.url = v;
    else if (a == "--data") o.data = v;
    else if (a == "--events") o.events = std::stoull(v);
    else if (a == "--rate") o.rate = std::stoi(v);
    else if (a == "--seconds") o.seconds = std::stoi(v);
    else if (a == "--batch") o.batch = std::stoull(v);
    else if (a == "--server-pid") o.server_pid = std::stoi(v);
    else {
      std::fprintf(stderr, "usage: nats_publish [--nats URL] [--data DIR] [--events N] "
                           "[--rate EVENTS_PER_S] [--seconds S] [--batch N] [--server-pid PID]\n");
      return 2;
    }
  }
  std::filesystem::remove_all(o.data);
  auto opened = EventLog::open(o.data);
  if (!opened) return std::fprintf(stderr, "%s\n", opened.error().message.c_str()), 1;
  EventLog& log = **opened;

  auto t0 = Clock::now();
  fill(log, o.events);
  std::printf("fill: %llu events in %.2f s\n", (unsigned long long)o.events, secs(Clock::now() - t0));

  // What reading and encoding alone cost: the publisher's work without the network.
  t0 = Clock::now();
  std::size_t bytes = 0, payload_bytes = 0;
  for (std::uint64_t p = 1; p <= o.events;) {
    auto page = log.read_all(p, 4096);
    if (!page || page->empty()) break;
    for (auto& e : *page) {
      std::size_t payload = encode(e).size();
      payload_bytes += payload;
      bytes += payload + e.event_id.str().size();
    }
    p = page->back().position + 1;
  }
  double read_s = secs(Clock::now() - t0);
  std::printf("read_all + encode alone: %.0f events/s (%.0f bytes/event)\n", o.events / read_s,
              double(bytes) / double(o.events));

  double server_before = process_cpu(o.server_pid);
  t0 = Clock::now();
  rusage before{};
  getrusage(RUSAGE_SELF, &before);
  auto pub = NatsPublisher::start(log, {.url = o.url, .batch = o.batch});
  while (pub->status().checkpoint < o.events) {
    if (secs(Clock::now() - t0) > 300) {
      std::fprintf(stderr, "publisher stuck at %llu: %s\n",
                   (unsigned long long)pub->status().checkpoint, pub->status().last_error.c_str());
      return 1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  double pub_s = secs(Clock::now() - t0);
  rusage after{};
  getrusage(RUSAGE_SELF, &after);
  auto cpu = [](const rusage& r) {
    return double(r.ru_utime.tv_sec + r.ru_stime.tv_sec) +
           double(r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e6;
  };
  std::printf("publish backlog: %llu events in %.2f s = %.0f events/s, batches of %zu "
              "(connect and stream check included); this process used %.2f s of CPU\n",
              (unsigned long long)o.events, pub_s, o.events / pub_s, o.batch,
              cpu(after) - cpu(before));
  print_server_cpu(o, server_before, o.events);

  Receiver rx;
  if (!rx.open(o.url)) return std::fprintf(stderr, "cannot subscribe to WEBOX\n"), 1;
  const int per_append = 10;
  const auto period = std::chrono::microseconds(1'000'000LL * per_append / o.rate);
  const std::uint64_t appends = std::uint64_t(o.rate) * o.seconds / per_append;
  std::thread writer([&] {
    auto next = Clock::now();
    for (std::uint64_t i = 0; i < appends; ++i) {
      std::vector<Envelope> evs;
      for (int t = 0; t < per_append; ++t) evs.push_back(event("CAlag", t));
      auto r = log.append("call-lag-" + std::to_string(i), kNoStream, std::move(evs));
      if (!r) std::fprintf(stderr, "append: %s\n", r.error().message.c_str());
      next += period;
      std::this_thread::sleep_until(next);
    }
  });
  rx.receive(appends * per_append, Clock::now() + std::chrono::seconds(o.seconds + 30));
  writer.join();
  auto& l = rx.latencies_us;
  std::printf("lag at %d events/s for %d s: %zu received of %llu; append->consumer "
              "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
              o.rate, o.seconds, l.size(), (unsigned long long)(appends * per_append),
              pct(l, 0.50) / 1000.0, pct(l, 0.90) / 1000.0, pct(l, 0.99) / 1000.0,
              (l.empty() ? 0 : *std::max_element(l.begin(), l.end())) / 1000.0);
  pub->stop();
  return ceiling(o, payload_bytes / std::max<std::uint64_t>(o.events, 1));
}
