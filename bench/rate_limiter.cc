// rate_limiter: what the per-request limit check costs (docs/BENCHMARKS.md section 4).
//
//   build/bench/rate_limiter                  # every case, 2 s each
//   build/bench/rate_limiter --seconds 5
//
// Cases: one hot key (the call benchmark: every caller on 127.0.0.1), 10,000 keys round-robin
// (many Twilio and API clients), 2 threads on one key (the worst contention) and on their own
// keys, and Admission::admit, the whole check the server makes per request (path, in-flight
// cap, clock, bucket). Every call reads the clock, as the server does.
#include <time.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "http/admission.h"
#include "http/rate_limiter.h"

using namespace webox;
using Clock = std::chrono::steady_clock;

namespace {

double g_seconds = 2;

std::int64_t thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// Runs `op(thread, i)` on `threads` threads for g_seconds; returns CPU ns per call. CPU time,
// not wall time: the machine is shared, and a thread waiting for a core costs nothing.
template <class Op>
double measure(int threads, Op op) {
  std::atomic<bool> stop{false};
  std::atomic<long> calls{0};
  std::atomic<std::int64_t> cpu{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      long n = 0;
      const auto c0 = thread_cpu_ns();
      while (!stop.load(std::memory_order_relaxed)) {
        for (int k = 0; k < 1024; ++k) op(t, n++);
      }
      cpu += thread_cpu_ns() - c0;
      calls += n;
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(g_seconds));
  stop = true;
  for (auto& th : pool) th.join();
  return static_cast<double>(cpu.load()) / static_cast<double>(calls.load());
}

// Generous limits: the bench measures the cost of allowing, the common case.
http::RateLimiter::Options generous() { return {.per_second = 1e9, .burst = 1e9}; }

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) g_seconds = std::atof(argv[++i]);
    else {
      std::fprintf(stderr, "usage: rate_limiter [--seconds S]\n");
      return 2;
    }
  }
  std::vector<std::string> keys;
  for (int i = 0; i < 10'000; ++i)
    keys.push_back("10." + std::to_string(i / 256 % 256) + "." + std::to_string(i % 256) + ".7");
  std::atomic<long> refused{0};
  auto count = [&](const http::RateLimiter::Decision& d) { if (!d.allowed) ++refused; };

  std::printf("%-44s %12s\n", "case", "CPU ns/call");
  {
    http::RateLimiter limiter(generous());
    double ns = measure(1, [&](int, long) { count(limiter.take("127.0.0.1", limiter.now())); });
    std::printf("%-44s %12.1f\n", "1 thread, one key", ns);
  }
  {
    http::RateLimiter limiter(generous());
    double ns = measure(1, [&](int, long i) {
      count(limiter.take(keys[static_cast<std::size_t>(i) % keys.size()], limiter.now()));
    });
    std::printf("%-44s %12.1f\n", "1 thread, 10,000 keys round-robin", ns);
  }
  {
    http::RateLimiter limiter(generous());
    double ns = measure(2, [&](int, long) { count(limiter.take("127.0.0.1", limiter.now())); });
    std::printf("%-44s %12.1f\n", "2 threads, one key (one shard, contended)", ns);
  }
  {
    http::RateLimiter limiter(generous());
    double ns = measure(2, [&](int t, long i) {
      auto& k = keys[(static_cast<std::size_t>(i) * 2 + static_cast<std::size_t>(t)) % keys.size()];
      count(limiter.take(k, limiter.now()));
    });
    std::printf("%-44s %12.1f\n", "2 threads, 10,000 keys", ns);
  }
  {
    HttpOptions options;  // the defaults, but every call allowed: the common case
    options.twilio_rate_per_address = 1e9;
    http::LimitCounters counters;
    http::Admission admission(options, counters);
    double ns = measure(1, [&](int, long) {
      if (admission.admit("/twilio/gather", "127.0.0.1", 12, http::RateLimiter::now())) ++refused;
    });
    std::printf("%-44s %12.1f\n", "Admission::admit, defaults, 1 thread", ns);
  }
  {
    double ns = measure(1, [&](int, long) {
      if (http::RateLimiter::now() == 0) ++refused;
    });
    std::printf("%-44s %12.1f\n", "(RateLimiter::now alone)", ns);
  }
  if (refused != 0) std::printf("refused %ld calls (unexpected)\n", refused.load());
  return 0;
}
