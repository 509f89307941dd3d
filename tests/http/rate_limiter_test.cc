// The token buckets, with time passed in (no sleeps), and the connection counts.
#include <catch2/catch.hpp>

#include <string>

#include "http/connection_limits.h"
#include "http/rate_limiter.h"

using namespace webox;
using namespace webox::http;

namespace {

constexpr std::int64_t kSecond = 1'000'000'000;
constexpr std::int64_t kMs = 1'000'000;

}  // namespace

TEST_CASE("rate limiter: a burst is allowed, then one request per token", "[rate]") {
  RateLimiter limiter({.per_second = 2, .burst = 3});
  const std::int64_t t0 = 100 * kSecond;
  for (int i = 0; i < 3; ++i) CHECK(limiter.take("a", t0).allowed);
  auto refused = limiter.take("a", t0);
  CHECK_FALSE(refused.allowed);
  CHECK(refused.retry_after_ns == 500 * kMs);  // one token at 2/s
  CHECK(refused.retry_after_seconds() == 1);   // rounded up

  CHECK_FALSE(limiter.take("a", t0 + 499 * kMs).allowed);
  CHECK(limiter.take("a", t0 + 500 * kMs).allowed);
  CHECK_FALSE(limiter.take("a", t0 + 500 * kMs).allowed);

  // Other keys have their own buckets.
  CHECK(limiter.take("b", t0).allowed);

  // A long pause refills to the burst, not beyond.
  const std::int64_t later = t0 + 3600 * kSecond;
  for (int i = 0; i < 3; ++i) CHECK(limiter.take("a", later).allowed);
  CHECK_FALSE(limiter.take("a", later).allowed);
}

TEST_CASE("rate limiter: Retry-After rounds the wait up to whole seconds", "[rate]") {
  RateLimiter slow({.per_second = 0.25, .burst = 1});
  CHECK(slow.take("k", 0).allowed);
  auto d = slow.take("k", 0);
  CHECK_FALSE(d.allowed);
  CHECK(d.retry_after_seconds() == 4);
  d = slow.take("k", 2 * kSecond + 1);
  CHECK(d.retry_after_seconds() == 2);  // 1.999... s left
  CHECK(RateLimiter::Decision{false, 1}.retry_after_seconds() == 1);
}

TEST_CASE("rate limiter: a clock going backwards gives nothing back", "[rate]") {
  RateLimiter limiter({.per_second = 1, .burst = 1});
  CHECK(limiter.take("k", 10 * kSecond).allowed);
  CHECK_FALSE(limiter.take("k", 5 * kSecond).allowed);  // a racing thread's older `now`
  CHECK(limiter.take("k", 11 * kSecond).allowed);
}

TEST_CASE("rate limiter: a rate of 0 allows everything and stores nothing", "[rate]") {
  RateLimiter off({.per_second = 0});
  for (int i = 0; i < 1000; ++i) CHECK(off.take("k", 0).allowed);
  CHECK(off.size() == 0);
}

TEST_CASE("rate limiter: memory stays bounded when keys are sprayed", "[rate]") {
  RateLimiter limiter({.per_second = 1, .burst = 5, .max_keys = 1000});
  std::size_t most = 0;
  int allowed = 0;
  for (int i = 0; i < 100'000; ++i) {
    allowed += limiter.take("10." + std::to_string(i), 0).allowed;  // new keys start full
    if (i % 97 == 0) most = std::max(most, limiter.size());
  }
  CHECK(allowed == 100'000);
  CHECK(most <= 1000 + 32);  // max_keys, rounded up to whole shards
  CHECK(limiter.forgotten() >= 99'000 - 32);
}

TEST_CASE("rate limiter: refilled keys are forgotten before busy ones", "[rate]") {
  RateLimiter limiter({.per_second = 1, .burst = 2, .max_keys = 8, .shards = 1});
  // Seven keys seen long ago: full again by t = 0.
  for (int i = 0; i < 7; ++i) limiter.take("old" + std::to_string(i), -100 * kSecond);
  // One key emptied now.
  CHECK(limiter.take("busy", 0).allowed);
  CHECK(limiter.take("busy", 0).allowed);
  CHECK_FALSE(limiter.take("busy", 0).allowed);
  REQUIRE(limiter.size() == 8);
  // New keys push out the seven refilled ones, never the busy one.
  for (int i = 0; i < 7; ++i) limiter.take("new" + std::to_string(i), 0);
  CHECK(limiter.size() == 8);
  CHECK(limiter.forgotten() == 7);
  CHECK_FALSE(limiter.take("busy", 0).allowed);  // still remembered, still limited
}

TEST_CASE("address_key: IPv4 as text, IPv6 by its /64", "[limits]") {
  std::array<unsigned char, 16> v4{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 203, 0, 113, 7};
  CHECK(address_key(v4) == "203.0.113.7");
  std::array<unsigned char, 16> v6{0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2, 9, 9, 9, 9, 9, 9, 9, 9};
  CHECK(address_key(v6) == "2001:db8:1:2::/64");
  v6[15] = 1;  // another host in the same /64
  CHECK(address_key(v6) == "2001:db8:1:2::/64");
}

TEST_CASE("connection limits: per address, in total, and released", "[limits]") {
  ConnectionLimits limits({.max_total = 3, .max_per_address = 2});
  using V = ConnectionLimits::Verdict;
  CHECK(limits.open("a") == V::ok);
  CHECK(limits.open("a") == V::ok);
  CHECK(limits.open("a") == V::too_many_from_address);
  CHECK(limits.open("b") == V::ok);
  CHECK(limits.open("c") == V::too_many_total);
  CHECK(limits.total() == 3);
  limits.close("a");
  CHECK(limits.open("c") == V::ok);
  limits.close("b");
  limits.close("c");
  limits.close("a");
  CHECK(limits.total() == 0);

  ConnectionLimits none({.max_total = 0, .max_per_address = 0});
  for (int i = 0; i < 1000; ++i) CHECK(none.open("a") == V::ok);
}
