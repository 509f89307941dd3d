// The envelope every stored event travels in.
//
//   Envelope e{.stream = "call-CA01", .event_id = Uuid::random(), .tenant = "default",
//              .recorded_at = now_micros(), .data = CallStarted{...}};
//   // position and version are 0 until the log assigns them on append.
//
// Streams: "tenant-<id>", "apikey-<id>", "assistant-<id>", "call-<CallSid>", "calendar-<assistant id>",
// "quota-<tenant>-<YYYY-MM>" ("booking-<id>" only names the data key of a booking made over the API). Versions count from 1 within a
// stream; positions count from 1 across the whole log.
#pragma once

#include <cstdint>
#include <string>

#include "events/clock.h"
#include "events/event_types.h"
#include "events/uuid.h"

namespace webox {

struct Envelope {
  std::uint64_t position = 0;  // global order, assigned by the log
  std::string stream;
  std::uint64_t version = 0;   // within the stream, assigned by the log
  Uuid event_id;
  std::string tenant = "default";
  Micros recorded_at = 0;
  EventData data;

  std::string_view type() const { return type_name(data); }
  int schema() const { return schema_version(data); }
  friend bool operator==(const Envelope&, const Envelope&) = default;
};

inline std::string call_stream(std::string_view call_sid) {
  return "call-" + std::string(call_sid);
}
inline std::string assistant_stream(std::string_view id) { return "assistant-" + std::string(id); }
inline std::string tenant_stream(std::string_view id) { return "tenant-" + std::string(id); }
inline std::string api_key_stream(std::string_view id) { return "apikey-" + std::string(id); }
inline std::string booking_stream(std::string_view id) { return "booking-" + std::string(id); }
// Every booking of one assistant: its calendar (BookingConfirmed, BookingCancelled).
inline std::string calendar_stream(std::string_view assistant_id) {
  return "calendar-" + std::string(assistant_id);
}
// A tenant's quota warnings of one month ("YYYY-MM"): at most two events, 80 % then 100 %.
inline std::string quota_stream(std::string_view tenant, std::string_view month) {
  return "quota-" + std::string(tenant) + "-" + std::string(month);
}

}  // namespace webox
