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

// Only when NATS is configured: an absent series says "off", a 0 would say "down".
void nats_block(std::string& out, const NatsStatus& n) {
  out += "# HELP webox_nats_lag_events Events in the log not yet acknowledged by JetStream.\n"
         "# TYPE webox_nats_lag_events gauge\nwebox_nats_lag_events " +
         std::to_string(n.lag()) + "\n";
  counter(out, "webox_nats_published_total",
          "Events JetStream acknowledged since the engine started (re-sent ones included).");
  out += "webox_nats_published_total " + std::to_string(n.published_total) + "\n";
  out += "# HELP webox_nats_connected 1 while the publisher holds a JetStream connection.\n"
         "# TYPE webox_nats_connected gauge\nwebox_nats_connected " +
         std::string(n.connected ? "1" : "0") + "\n";
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
  counter(out, "webox_events_appended_total", "Events durable in the log (its last position).");
  out += "webox_events_appended_total " + std::to_string(engine.log_position()) + "\n";
  out += "# HELP webox_projection_lag_events Events the read models have yet to fold.\n"
         "# TYPE webox_projection_lag_events gauge\nwebox_projection_lag_events " +
         std::to_string(engine.projection_lag()) + "\n";
  m.requests.render(out);
  if (auto nats = engine.nats_status()) nats_block(out, *nats);
  return out;
}

}  // namespace webox::http
