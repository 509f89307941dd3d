#include "http/request_metrics.h"

#include <algorithm>
#include <cstdio>

namespace webox::http {
namespace {

constexpr auto relaxed = std::memory_order_relaxed;

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// Prometheus wants seconds; microseconds print exactly with six decimals.
void append_seconds(std::string& out, std::uint64_t micros) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%llu.%06llu", static_cast<unsigned long long>(micros / 1'000'000),
                static_cast<unsigned long long>(micros % 1'000'000));
  out += buf;
}

}  // namespace

Route route_family(std::string_view method, std::string_view path) {
  if (starts_with(path, "/twilio/")) {
    if (path == "/twilio/voice") return Route::twilio_voice;
    if (path == "/twilio/gather") return Route::twilio_gather;
    if (path == "/twilio/status") return Route::twilio_status;
    if (path == "/twilio/stream-ended") return Route::twilio_stream_ended;
    return Route::twilio_other;
  }
  if (starts_with(path, "/api/"))
    return method == "GET" || method == "HEAD" ? Route::api_read : Route::api_write;
  if (path == "/healthz") return Route::healthz;
  if (path == "/metrics") return Route::metrics;
  return Route::other;
}

void RequestMetrics::record(Route route, int status, std::chrono::microseconds took) {
  auto& r = routes_[static_cast<std::size_t>(route)];
  int cls = std::clamp(status / 100, 1, 5);
  r.by_class[cls - 1].fetch_add(1, relaxed);
  auto us = static_cast<std::uint64_t>(std::max<std::int64_t>(took.count(), 0));
  auto bucket = std::lower_bound(kBoundsMicros.begin(), kBoundsMicros.end(), us) -
                kBoundsMicros.begin();
  r.buckets[static_cast<std::size_t>(bucket)].fetch_add(1, relaxed);
  r.sum_micros.fetch_add(us, relaxed);
}

std::uint64_t RequestMetrics::count(Route route, int status_class) const {
  if (status_class < 1 || status_class > 5) return 0;
  return routes_[static_cast<std::size_t>(route)].by_class[status_class - 1].load(relaxed);
}

void RequestMetrics::render(std::string& out) const {
  out += "# HELP webox_http_requests_total Requests answered, by route family and status class.\n"
         "# TYPE webox_http_requests_total counter\n";
  for (std::size_t i = 0; i < kRouteCount; ++i)
    for (int c = 0; c < 5; ++c)
      if (auto n = routes_[i].by_class[c].load(relaxed)) {
        out += "webox_http_requests_total{route=\"";
        out += kRouteNames[i];
        out += "\",code=\"" + std::to_string(c + 1) + "xx\"} " + std::to_string(n) + "\n";
      }

  out += "# HELP webox_http_request_duration_seconds Time from the request read whole to its "
         "answer handed to the socket.\n"
         "# TYPE webox_http_request_duration_seconds histogram\n";
  for (std::size_t i = 0; i < kRouteCount; ++i) {
    const PerRoute& r = routes_[i];
    std::uint64_t total = 0;
    for (const auto& b : r.buckets) total += b.load(relaxed);
    if (total == 0) continue;
    const std::string label = std::string("{route=\"") + kRouteNames[i] + "\"";
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b <= kBoundsMicros.size(); ++b) {
      cumulative += r.buckets[b].load(relaxed);
      out += "webox_http_request_duration_seconds_bucket" + label + ",le=\"";
      if (b < kBoundsMicros.size())
        append_seconds(out, kBoundsMicros[b]);
      else
        out += "+Inf";
      out += "\"} " + std::to_string(cumulative) + "\n";
    }
    out += "webox_http_request_duration_seconds_sum" + label + "} ";
    append_seconds(out, r.sum_micros.load(relaxed));
    out += "\nwebox_http_request_duration_seconds_count" + label + "} " +
           std::to_string(cumulative) + "\n";  // = +Inf, as Prometheus requires
  }
}

}  // namespace webox::http
