// Wall-clock time as the log records it: microseconds since the Unix epoch, UTC.
//
//   Micros t = now_micros();
//   format_utc(t)           -> "2026-11-25T08:41:07.123456Z"
//   append_utc(out, t)      -> the same text appended to `out`
//   parse_utc("2026-11-25T08:41:07.123456Z") -> Result<Micros>
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "events/result.h"

namespace webox {

using Micros = std::int64_t;

Micros now_micros();
std::string format_utc(Micros t);
void append_utc(std::string& out, Micros t);  // format_utc(t) appended, with no string built
Result<Micros> parse_utc(std::string_view text);

}  // namespace webox
