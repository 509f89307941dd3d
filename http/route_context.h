// What every handler may need besides the request: the engine, the Twilio security settings
// and the edge's counters. Built once by the server, shared by its io threads (read-only but
// for the atomic counters).
#pragma once

#include "actors/engine.h"
#include "http/metrics.h"
#include "http/twilio_gate.h"

namespace webox::http {

struct RouteContext {
  Engine& engine;
  TwilioSecurity twilio;
  HttpMetrics& metrics;
};

}  // namespace webox::http
