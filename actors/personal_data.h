// Personal data in call events: which fields are personal, sealed on the way into the log and
// opened on the way out. The one place to look when a new event type carries personal data.
//
//   Envelope e = ...;                           // CallStarted{.from = "+33612345678", ...}
//   seal_personal(e, key);                      // e.data.from == "sealed:v1:AbC...=="
//   open_personal(e, key);                      // back to "+33612345678"
//   open_personal(e, std::nullopt);             // "[erased]": the key was shredded
//
// The personal fields (the table in personal_data.cc):
//   CallStarted.from, UtteranceTranscribed.text, ReplyGenerated.text (replies repeat names,
//   dates, what the caller said), BookingConfirmed.name/phone/details and the same in
//   BookingRequested.booking, TicketOpened.summary (the caller's words). A booking is sealed with the key of the call that made it (or of
//   "booking-<id>" for one made over the API), whichever stream it is written to.
// Not personal, kept in clear: the business's own numbers (CallStarted.to,
// ReplyGenerated.transfer_to: where the business transfers calls), request ids, turns,
// timings, statuses, languages, booking date/time/party size, everything in CallEnded.
//
// A sealed field is "sealed:v1:" + storage/sealed_box.h's base64 box under the call's data
// key (storage/data_keys.h), bound to "<stream>|<event id>|<field>": a box moved to another
// event or field does not open. Empty strings are sealed too, so silence is not told apart
// from speech in the raw log. A field that does not open (no key, wrong key, damaged box)
// reads as kErased; a field not starting with the prefix (events written before sealing
// existed) is left as it is by open_personal and masked by erase_personal. Such events were
// stored in clear: shredding cannot remove them from the log (see docs/ARCHITECTURE.md).
#pragma once

#include <optional>
#include <string_view>

#include "events/envelope.h"
#include "storage/sealed_box.h"

namespace webox {

inline constexpr std::string_view kSealedPrefix = "sealed:v1:";
inline constexpr std::string_view kErased = "[erased]";

// True when the event type carries personal fields (a call event).
bool has_personal_fields(const Envelope& e);

// Seals every personal field of `e` not sealed yet. `e.stream` and `e.event_id` must be final.
void seal_personal(Envelope& e, const SecretKey& key);

// Opens every sealed personal field; with no key (or a box that does not open) each becomes
// kErased. Never fails: erased data is a state, not an error.
void open_personal(Envelope& e, const std::optional<SecretKey>& key);

// Every personal field becomes kErased, sealed or not: how an erased call (CallErased in its
// stream) is shown, whatever a crash or an event older than sealing left in it.
void erase_personal(Envelope& e);

// Opens one sealed field kept out of its event (the read models keep them so): `stream`,
// `event_id` (uuid text) and `field` are those of the event it was sealed in. Same rules as
// open_personal: no key or a box that does not open gives kErased; a value that is not sealed
// comes back as it is.
std::string open_field(std::string_view value, const std::optional<SecretKey>& key,
                       std::string_view stream, std::string_view event_id,
                       std::string_view field);

}  // namespace webox
