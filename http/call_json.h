// JSON for the read-model answers: the call list, one call's detail, statistics.
//
//   render_call_page(page)   -> {"calls":[{"call_sid":"CA01","outcome":"booking_made",...}],
//                                "next_cursor":"1790000090000000.CA01"}   (null on the last page)
//   render_call_detail(d)    -> {"call_sid":...,"transcript":[{"turn":1,"caller_text":...,
//                                "latency_ms":212.4,...}],"bookings":[...]}
//   render_stats_totals(t)   -> {"calls":12,"average_duration_seconds":81.5,...,
//                                "turn_latency":{"samples":40,"p50_ms":0.2,"p95_ms":1.1,...}}
//
// Times are UTC ISO 8601 (events/clock.h format_utc), or null when not reached yet
// (ended_at of a call in progress); durations in seconds, latencies in milliseconds.
#pragma once

#include <string>

#include "projections/call_views.h"

namespace webox::http {

std::string render_call_page(const CallPage& page);
std::string render_call_detail(const CallDetail& d);
void render_stats_totals(std::string& out, const StatsTotals& t);
// {"total":{...},"by_assistant":{"a-1":{...}},"by_day":{"2026-11-25":{...}}}; by_day only
// when `with_days`.
void render_stats_view(std::string& out, const StatsView& v, bool with_days);

}  // namespace webox::http
