// Token buckets keyed by string: `per_second` requests per key on average, bursts up to `burst`.
//
//   RateLimiter limiter({.per_second = 100, .burst = 200});
//   auto d = limiter.take("203.0.113.7", RateLimiter::now());
//   if (!d.allowed) {
//     // answer 429 with Retry-After: d.retry_after_seconds() (the wait, rounded up, at least 1)
//   }
//   // tests pass their own clock: limiter.take("k", 0); limiter.take("k", 1'000'000'000);
//
// Contract:
// - Any key string: a client address (http/connection_limits.h: address_key), an API key id.
// - Thread-safe and cheap: keys are spread over `shards` shards, each a mutex and a hash map,
//   so concurrent callers rarely meet; one call is a hash, one uncontended lock and a lookup
//   (measured by bench/rate_limiter.cc, docs/BENCHMARKS.md section 4).
// - Bounded memory: at most about `max_keys` buckets (the bound is split evenly over the
//   shards). A bucket that has refilled says nothing a new bucket would not, so full buckets
//   are forgotten first; when a shard is full of busy keys (someone spraying keys), arbitrary
//   keys go until an eighth of it is free. Forgetting a key can only forgive it: under
//   pressure the limiter lets through more than the rate, never less, and its memory and
//   its cost per call stay bounded.
// - Time is an argument (nanoseconds on a steady clock), so tests need no sleeps. A `now`
//   older than a bucket's last update (two threads racing) counts as no time passing.
// - per_second <= 0 disables the limiter: every take is allowed and nothing is stored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace webox::http {

class RateLimiter {
 public:
  struct Options {
    double per_second = 0;        // average rate per key; <= 0: no limit
    double burst = 1;             // bucket size: requests a quiet key may send at once (>= 1)
    std::size_t max_keys = 100'000;
    std::size_t shards = 32;      // rounded up to a power of two; tests use 1
  };

  struct Decision {
    bool allowed = true;
    std::int64_t retry_after_ns = 0;  // refused: when the next token arrives

    // What Retry-After says: whole seconds, rounded up, at least 1.
    std::int64_t retry_after_seconds() const;
  };

  explicit RateLimiter(Options options);
  ~RateLimiter();
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Takes one token from `key`'s bucket if it has one.
  Decision take(std::string_view key, std::int64_t now_ns);

  bool enabled() const { return options_.per_second > 0; }
  const Options& options() const { return options_; }
  std::size_t size() const;          // buckets held now
  std::uint64_t forgotten() const;   // buckets dropped to stay under max_keys, ever

  // The monotonic clock (steady_clock's), coarse: nanoseconds, at the kernel tick's
  // resolution (1-4 ms), because reading it costs a quarter of the precise one.
  static std::int64_t now();

 private:
  struct Shard;
  Options options_;
  double per_ns_ = 0;
  std::size_t shard_capacity_ = 1;
  std::unique_ptr<Shard[]> shards_;
};

}  // namespace webox::http
