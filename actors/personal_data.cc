#include "actors/personal_data.h"

#include <functional>
#include <string>
#include <vector>

namespace webox {
namespace {

struct Field {
  std::string_view name;
  std::string* value;
};

// Who booked: the name, and the phone number and free-text details when given. `prefix` names
// the booking inside its event ("booking." in BookingRequested) so each field's seal is bound
// to its own place.
std::vector<Field> booking_fields(BookingConfirmed& b, std::string_view prefix) {
  static const std::string names[2][3] = {{"name", "phone", "details"},
                                          {"booking.name", "booking.phone", "booking.details"}};
  const auto& n = names[prefix.empty() ? 0 : 1];
  std::vector<Field> out{{n[0], &b.name}};
  if (b.phone) out.push_back({n[1], &*b.phone});
  if (b.details) out.push_back({n[2], &*b.details});
  return out;
}

// The table: every personal field of every event type. Add a type's fields here and they are
// sealed, opened and erased everywhere.
std::vector<Field> personal_fields(EventData& d) {
  if (auto* s = std::get_if<CallStarted>(&d)) return {{"from", &s->from}};
  if (auto* u = std::get_if<UtteranceTranscribed>(&d)) return {{"text", &u->text}};
  if (auto* r = std::get_if<ReplyGenerated>(&d)) return {{"text", &r->text}};
  if (auto* b = std::get_if<BookingConfirmed>(&d)) return booking_fields(*b, "");
  if (auto* r = std::get_if<BookingRequested>(&d)) return booking_fields(r->booking, "booking.");
  if (auto* t = std::get_if<TicketOpened>(&d)) return {{"summary", &t->summary}};
  return {};
}

std::string bound_to(const Envelope& e, std::string_view field) {
  return e.stream + "|" + e.event_id.str() + "|" + std::string(field);
}

}  // namespace

bool has_personal_fields(const Envelope& e) {
  // Every event of a call's stream may be personal one day; the table decides, not the caller.
  return !personal_fields(const_cast<EventData&>(e.data)).empty();  // only reads the pointers
}

void seal_personal(Envelope& e, const SecretKey& key) {
  for (auto& f : personal_fields(e.data)) {
    if (f.value->starts_with(kSealedPrefix)) continue;
    *f.value = std::string(kSealedPrefix) + seal(key, *f.value, bound_to(e, f.name));
  }
}

void open_personal(Envelope& e, const std::optional<SecretKey>& key) {
  for (auto& f : personal_fields(e.data)) {
    if (!f.value->starts_with(kSealedPrefix)) continue;
    if (!key) {
      *f.value = std::string(kErased);
      continue;
    }
    auto clear = unseal(*key, std::string_view(*f.value).substr(kSealedPrefix.size()),
                        bound_to(e, f.name));
    *f.value = clear ? std::move(*clear) : std::string(kErased);
  }
}

std::string open_field(std::string_view value, const std::optional<SecretKey>& key,
                       std::string_view stream, std::string_view event_id,
                       std::string_view field) {
  if (!value.starts_with(kSealedPrefix)) return std::string(value);
  if (!key) return std::string(kErased);
  std::string bound = std::string(stream) + "|" + std::string(event_id) + "|" + std::string(field);
  auto clear = unseal(*key, value.substr(kSealedPrefix.size()), bound);
  return clear ? std::move(*clear) : std::string(kErased);
}

void erase_personal(Envelope& e) {
  for (auto& f : personal_fields(e.data)) *f.value = std::string(kErased);
}

}  // namespace webox
