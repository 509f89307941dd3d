#include "http/metrics.h"

#include <utility>

#include "http/server.h"

namespace webox::http {
namespace {

void counter(std::string& out, const char* name, const char* help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += " counter\n";
}

void limits_block(std::string& out, const LimitsSnapshot& l) {
  counter(out, "webox_http_refused_total",
          "Requests and connections refused by the server's limits, by reason.");
  const std::pair<const char*, std::uint64_t> refused[] = {
      {"body_too_large", l.body_too_large},   {"url_too_long", l.url_too_long},
      {"rate_limited", l.rate_limited},       {"header_too_large", l.header_too_large},
      {"overloaded", l.overloaded},
      {"connections_total", l.connections_refused_total},
      {"connections_per_address", l.connections_refused_per_address},
      {"header_timeout", l.header_timeouts},  {"body_timeout", l.body_timeouts}};
  for (auto& [reason, n] : refused)
    out += std::string("webox_http_refused_total{reason=\"") + reason + "\"} " +
           std::to_string(n) + "\n";
}

}  // namespace

std::string render_metrics(const HttpMetrics& m, const Engine& engine,
                           const LimitsSnapshot* limits) {
  std::string out;
  counter(out, "webox_twilio_webhooks_refused_total",
          "Twilio webhooks refused with 403, by reason; nothing was written for them.");
  for (int i = 0; i < kTwilioRefusalCount; ++i)
    out += std::string("webox_twilio_webhooks_refused_total{reason=\"") + kTwilioRefusalNames[i] +
           "\"} " + std::to_string(m.twilio_refused[i].load(std::memory_order_relaxed)) + "\n";
  counter(out, "webox_api_unauthenticated_total", "REST API requests refused with 401.");
  out += "webox_api_unauthenticated_total " +
         std::to_string(m.api_unauthenticated.load(std::memory_order_relaxed)) + "\n";
  counter(out, "webox_api_forbidden_total", "REST API requests refused with 403.");
  out += "webox_api_forbidden_total " +
         std::to_string(m.api_forbidden.load(std::memory_order_relaxed)) + "\n";
  if (limits) limits_block(out, *limits);
  out += "# HELP webox_calls_in_progress Calls with a live actor.\n"
         "# TYPE webox_calls_in_progress gauge\nwebox_calls_in_progress " +
         std::to_string(engine.calls_in_progress()) + "\n";
  return out;
}

}  // namespace webox::http
