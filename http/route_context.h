// What every handler may need besides the request: the engine, the Twilio security settings
// and the edge's counters (its own, and the limits'). Built once by the server, shared by its io threads (read-only but
// for the atomic counters).
#pragma once

#include "actors/engine.h"
#include "http/metrics.h"
#include "http/twilio_gate.h"

namespace webox::http {

struct LimitCounters;  // http/admission.h

struct RouteContext {
  Engine& engine;
  TwilioSecurity twilio;
  HttpMetrics& metrics;
  const LimitCounters* limits = nullptr;  // the server's limit counters, for /metrics
};

}  // namespace webox::http
