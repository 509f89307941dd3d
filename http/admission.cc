#include "http/admission.h"

#include <string>

#include "http/problem.h"

namespace webox::http {
namespace {

RateLimiter::Options bucket(double per_second, const HttpOptions& o) {
  return {.per_second = per_second,
          .burst = per_second * o.rate_burst_seconds,
          .max_keys = o.rate_limit_keys};
}

}  // namespace

LimitsSnapshot LimitCounters::snapshot() const {
  auto get = [](const std::atomic<std::uint64_t>& c) { return c.load(std::memory_order_relaxed); };
  LimitsSnapshot s;
  s.body_too_large = get(body_too_large);
  s.url_too_long = get(url_too_long);
  s.rate_limited = get(rate_limited);
  s.header_too_large = get(header_too_large);
  s.overloaded = get(overloaded);
  s.connections_refused_total = get(connections_refused_total);
  s.connections_refused_per_address = get(connections_refused_per_address);
  s.header_timeouts = get(header_timeouts);
  s.body_timeouts = get(body_timeouts);
  return s;
}

Response too_many_requests(const RateLimiter::Decision& d, std::string_view who) {
  const std::string seconds = std::to_string(d.retry_after_seconds());
  Response r = problem(429, "too many requests from " + std::string(who) + "; retry in " +
                                seconds + " s");
  r.headers.emplace_back("Retry-After", seconds);
  return r;
}

std::optional<Response> check_rate(RateLimiter& limiter, std::string_view key,
                                   std::string_view who, std::int64_t now_ns) {
  auto d = limiter.take(key, now_ns);
  if (d.allowed) return std::nullopt;
  return too_many_requests(d, who);
}

Admission::Admission(const HttpOptions& o, LimitCounters& counters)
    : max_in_flight_(o.max_in_flight),
      counters_(counters),
      twilio_by_address_(bucket(o.twilio_rate_per_address, o)),
      api_by_address_(bucket(o.api_rate_per_address, o)),
      api_by_key_(bucket(o.api_rate_per_key, o)) {}

std::optional<Response> Admission::admit(std::string_view path, std::string_view address,
                                         std::size_t in_flight, std::int64_t now_ns) {
  if (path == "/healthz") return std::nullopt;
  if (max_in_flight_ != 0 && in_flight >= max_in_flight_) {
    LimitCounters::bump(counters_.overloaded);
    return problem(503, "the server is at its limit of " + std::to_string(max_in_flight_) +
                            " requests in progress; retry shortly");  // Retry-After: 1
  }
  RateLimiter& limiter = path.starts_with("/twilio/") ? twilio_by_address_ : api_by_address_;
  auto refused = check_rate(limiter, address, address, now_ns);
  if (refused) LimitCounters::bump(counters_.rate_limited);
  return refused;
}

std::optional<Response> Admission::check_api_key(std::string_view key_id, std::int64_t now_ns) {
  auto refused = check_rate(api_by_key_, key_id, "this API key", now_ns);
  if (refused) LimitCounters::bump(counters_.rate_limited);
  return refused;
}

std::size_t Admission::keys_held() const {
  return twilio_by_address_.size() + api_by_address_.size() + api_by_key_.size();
}

}  // namespace webox::http
