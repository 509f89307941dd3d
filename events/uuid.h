// 128-bit identifiers for events, assistants and bookings.
//
//   Uuid a = Uuid::random();                         // v4, for new objects
//   Uuid b = Uuid::from_name(kCallNamespace, "CA12|gather|3|0");  // v5, same input -> same id
//   std::string s = a.str();                         // "1b4e28ba-2fa1-4d2e-883f-0016d3cca427"
//   auto c = Uuid::parse(s);                         // Result<Uuid>
//
// Name-based ids are what make Twilio's retries idempotent: a retried webhook derives the same
// event ids, and the log refuses to store an id twice.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "events/result.h"

namespace webox {

class Uuid {
 public:
  Uuid() = default;  // the nil uuid
  explicit Uuid(const std::array<std::uint8_t, 16>& bytes) : b_(bytes) {}

  static Uuid random();
  static Uuid from_name(const Uuid& ns, std::string_view name);
  static Result<Uuid> parse(std::string_view text);

  std::string str() const;
  const std::array<std::uint8_t, 16>& bytes() const { return b_; }
  bool is_nil() const;

  friend bool operator==(const Uuid&, const Uuid&) = default;
  friend auto operator<=>(const Uuid&, const Uuid&) = default;

 private:
  std::array<std::uint8_t, 16> b_{};
};

// Namespaces for name-based ids, one per kind of object, so names never collide across kinds.
extern const Uuid kCallEventNamespace;
extern const Uuid kAssistantNamespace;
extern const Uuid kBookingNamespace;

}  // namespace webox
