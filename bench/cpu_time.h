// Per-operation CPU cost for the micro-benchmarks: this thread's CPU time, not the wall clock,
// because on a shared machine another process's time slice is not the measured code's cost.
//
//   double ns = best_ns(100'000, 5, [&](std::size_t i) { return reader.read(frames[i % n]).ok(); });
//   // the fastest of 5 rounds of 100,000 calls, in ns per call
#pragma once

#include <time.h>

#include <algorithm>
#include <cstddef>
#include <type_traits>

namespace webox::bench {

inline double cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1e9 + double(ts.tv_nsec);
}

// What `f` returns is kept, so the optimiser cannot drop the work.
inline volatile std::size_t g_sink = 0;

template <class F>
double best_ns(std::size_t rounds, int repeat, F&& f) {
  double best = 1e300;
  for (int r = 0; r < repeat; ++r) {
    const double t0 = cpu_ns();
    for (std::size_t i = 0; i < rounds; ++i) {
      if constexpr (std::is_void_v<decltype(f(i))>) f(i);
      else g_sink = g_sink + static_cast<std::size_t>(f(i));
    }
    best = std::min(best, (cpu_ns() - t0) / double(rounds));
  }
  return best;
}

}  // namespace webox::bench
