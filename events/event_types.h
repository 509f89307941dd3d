// The immutable facts of the engine. Each struct is one event type; its stable name (what the
// log stores, never the C++ name) and schema version come from `EventTraits<T>`.
//
//   EventData d = CallStarted{.call_sid = "CA01", .assistant_id = "a-1", .from = "+3361..."};
//   type_name(d)       -> "CallStarted"
//   schema_version(d)  -> 1
//
// Rules: a field is never removed or re-purposed; adding one bumps the schema version and the
// codec reads every older version. Free text (context_data) is kept as raw JSON text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace webox {

// -- tenants (stream "tenant-<id>") and their API keys (stream "apikey-<key id>") --

// A business using the engine. The Twilio auth token is stored sealed (AES-256-GCM under the
// engine's master key, storage/sealed_box.h), never in clear: the log is copied, replayed and
// published, and secrets must not travel with it.
struct TenantProfile {
  std::string name;
  std::string time_zone = "UTC";          // IANA name, e.g. "Europe/Paris"
  std::string plan = "starter";           // "starter", "pro", "business"
  std::string twilio_account_sid;         // "AC" + 32 hex digits, or empty
  std::string twilio_auth_token_sealed;   // base64 of the sealed token, or empty
  friend bool operator==(const TenantProfile&, const TenantProfile&) = default;
};

struct TenantCreated {
  std::string tenant_id;
  TenantProfile profile;
  friend bool operator==(const TenantCreated&, const TenantCreated&) = default;
};

// Only the fields present were changed. Schema 2 added retention_days (absent in version 1
// rows, which read as "not changed").
struct TenantUpdated {
  std::string tenant_id;
  std::optional<std::string> name, time_zone, plan, twilio_account_sid, twilio_auth_token_sealed;
  std::optional<std::int32_t> retention_days;  // calls older than this many days are erased; 0: never
  friend bool operator==(const TenantUpdated&, const TenantUpdated&) = default;
};

// The key itself is shown once, to whoever created it; the log keeps only its SHA-256.
struct ApiKeyCreated {
  std::string key_id;
  std::string tenant_id;
  std::string role;           // "owner" or "viewer"
  std::string name;           // what the owner calls it ("dashboard", "CRM sync")
  std::string secret_sha256;  // lowercase hex
  friend bool operator==(const ApiKeyCreated&, const ApiKeyCreated&) = default;
};

struct ApiKeyRevoked {
  std::string key_id;
  std::string tenant_id;
  friend bool operator==(const ApiKeyRevoked&, const ApiKeyRevoked&) = default;
};

// -- assistants (stream "assistant-<id>") --

// The configurable part of an assistant, as the REST API and the original plan name it.
struct AssistantProfile {
  std::string name;
  std::string description;
  std::string phone_number;  // E.164, "+33123456789"
  std::string ai_model = "local";
  std::string voice_type = "alice";
  std::string language = "fr";       // "fr" or "en" (BCP-47 region accepted: "fr-FR")
  std::string system_prompt;
  std::string context_data = "{}";   // raw JSON object text
  bool is_active = true;
  // How calls are carried: "twiml" (<Gather>/<Say> webhooks) or "stream" (<Connect><Stream>,
  // a Media Streams WebSocket). From schema 2; older rows read as "twiml".
  std::string mode = "twiml";
  // How a stream call listens (schema 3; older rows read as these defaults): the silence that
  // ends the caller's turn, how long the caller must speak over a reply for it to count (shorter
  // sounds are filler), and whether such speech cuts the reply (barge-in) or waits for its end.
  std::int32_t end_silence_ms = 600;
  std::int32_t barge_in_ms = 300;
  bool interruptible = true;
  friend bool operator==(const AssistantProfile&, const AssistantProfile&) = default;
};

struct AssistantCreated {
  std::string assistant_id;
  AssistantProfile profile;
  friend bool operator==(const AssistantCreated&, const AssistantCreated&) = default;
};

// Only the fields present were changed.
struct AssistantUpdated {
  std::string assistant_id;
  std::optional<std::string> name, description, phone_number, ai_model, voice_type, language,
      system_prompt, context_data;
  std::optional<bool> is_active;
  std::optional<std::string> mode;  // from schema 2
  std::optional<std::int32_t> end_silence_ms, barge_in_ms;  // from schema 3
  std::optional<bool> interruptible;                        // from schema 3
  friend bool operator==(const AssistantUpdated&, const AssistantUpdated&) = default;
};

struct AssistantDeleted {
  std::string assistant_id;
  friend bool operator==(const AssistantDeleted&, const AssistantDeleted&) = default;
};

// -- calls (stream "call-<CallSid>") --

struct CallStarted {
  std::string call_sid;
  std::string account_sid;
  std::string assistant_id;
  std::string from;
  std::string to;
  std::string direction;  // "inbound", ...
  std::string language;   // what the call is conducted in, e.g. "fr-FR"
  std::string mode = "twiml";
  friend bool operator==(const CallStarted&, const CallStarted&) = default;
};

struct UtteranceTranscribed {
  std::string call_sid;
  std::int32_t turn = 0;       // 1 for the caller's first utterance
  std::string text;            // empty when the caller said nothing
  double confidence = 0;       // 0..1 as the recogniser reported it
  std::string source = "twilio-gather";
  friend bool operator==(const UtteranceTranscribed&, const UtteranceTranscribed&) = default;
};

struct ReplyGenerated {
  std::string call_sid;
  std::int32_t turn = 0;       // 0 for the greeting
  std::string text;
  std::string action = "listen";  // "listen", "hangup", "transfer"
  std::string transfer_to;        // with action "transfer"
  std::string brain = "local";
  std::int64_t brain_micros = 0;  // time the brain took
  std::string language;           // BCP-47 of `text`, e.g. "fr-FR"
  std::string request_id;         // digest of the webhook that caused it: a retry is answered
                                  // from this event instead of asking the brain again
  friend bool operator==(const ReplyGenerated&, const ReplyGenerated&) = default;
};

struct AudioSent {
  std::string call_sid;
  std::int32_t turn = 0;
  std::string channel = "twiml-say";  // how it reached the caller
  std::string voice;
  std::string language;
  std::int32_t characters = 0;
  std::int32_t duration_ms = 0;       // audio played, when known (stream mode)
  friend bool operator==(const AudioSent&, const AudioSent&) = default;
};

struct CallEnded {
  std::string call_sid;
  std::string status;          // Twilio's CallStatus: completed, busy, no-answer, failed, canceled
  std::int32_t duration_seconds = 0;
  std::string reason;          // "caller-hangup", "assistant-hangup", "idle-timeout", ...
  friend bool operator==(const CallEnded&, const CallEnded&) = default;
};

// -- bookings (stream "calendar-<assistant id>": every booking of one assistant) --
//
// One stream per assistant holds what its calendar is made of (BookingConfirmed and
// BookingCancelled), so each booking is appended expecting the version the availability check
// saw: two callers racing for the last table cannot both get it (actors/calendar_actor.h).
// The call that asked keeps its side in its own stream: BookingRequested, then BookingRefused
// when the calendar said no. Personal fields (name, phone, details) are sealed with the data
// key of the call that made the booking, or of "booking-<id>" for one made over the API.

// Schema 2 added everything from `phone` on; version 1 rows read them as absent.
struct BookingConfirmed {
  std::string booking_id;
  std::string assistant_id;
  std::string call_sid;        // empty for a booking made over the API
  std::string kind = "table";  // table, appointment, room, service
  std::string date;            // YYYY-MM-DD, in the business's time
  std::string time;            // HH:MM
  std::int32_t party_size = 0; // covers, guests, or 1 for an appointment
  std::string name;
  std::optional<std::string> phone;        // as the caller gave it (read back digit by digit)
  std::optional<std::string> resource;     // what it holds: a practitioner, a room type, a bay
  std::optional<std::string> service;      // consultation, oil change, ...
  std::optional<std::int32_t> duration_minutes;  // how long it holds the resource
  std::optional<std::int32_t> nights;      // rooms: nights from `date`
  std::optional<std::string> details;      // free text: reason, car model and plate, ...
  friend bool operator==(const BookingConfirmed&, const BookingConfirmed&) = default;
};

// On the call's stream: the caller agreed to the read-back and the brain asked for `booking`
// (its booking_id fixed by the call and request, so a retried webhook asks for the same one).
struct BookingRequested {
  std::string call_sid;
  BookingConfirmed booking;  // what would be confirmed
  friend bool operator==(const BookingRequested&, const BookingRequested&) = default;
};

// On the call's stream, after BookingRequested: the calendar refused it.
struct BookingRefused {
  std::string call_sid;
  std::string booking_id;
  std::string reason;        // closed, past, too_large, full, taken, invalid
  std::string alternatives;  // "HH:MM" times free that day, comma separated, nearest first
  friend bool operator==(const BookingRefused&, const BookingRefused&) = default;
};

struct BookingCancelled {
  std::string booking_id;
  std::string assistant_id;
  std::string call_sid;      // the call that cancelled it, empty over the API
  std::string reason;        // "caller", "api"
  friend bool operator==(const BookingCancelled&, const BookingCancelled&) = default;
};

// The assistant handed the caller to a human (TwiML <Dial>), on the call's stream.
struct CallTransferred {
  std::string call_sid;
  std::string to;      // E.164, the business's transfer number
  std::string reason;  // "caller-asked", "not-understood", "urgent"
  friend bool operator==(const CallTransferred&, const CallTransferred&) = default;
};

// The calendar answered the check_availability tool before the read-back, on the call's
// stream: whether the request as it stands would fit, and the nearest free times when it would
// not. Nothing is held; make_booking decides again after the caller's yes.
struct AvailabilityChecked {
  std::string call_sid;
  std::int32_t turn = 0;
  std::string kind, date, time, resource;
  std::int32_t party_size = 0;
  bool available = false;
  std::string reason;        // closed, past, too_large, full, taken, invalid when not available
  std::string alternatives;  // "HH:MM" free that day, comma separated, nearest first
  friend bool operator==(const AvailabilityChecked&, const AvailabilityChecked&) = default;
};

// The search step of cancel_booking, on the call's stream: the caller's booking found by the
// name (and day) they gave among the assistant's upcoming ones, or why not. Nothing is
// changed; after the read-back and a yes, cancel_booking with `booking_id` cancels it
// (BookingCancelled on the calendar's stream). Personal data: none (the name searched for is
// in the call's sealed utterances, not here).
struct BookingLookedUp {
  std::string call_sid;
  std::int32_t turn = 0;
  bool found = false;
  std::string reason;  // not_found, several when not found
  std::string booking_id, kind, date, time, resource, service;
  std::int32_t party_size = 0;
  std::int32_t nights = 0;
  friend bool operator==(const BookingLookedUp&, const BookingLookedUp&) = default;
};

// A complaint the assistant took down for the business to follow up, on the call's stream:
// the e-commerce trade's "opening of a ticket". `summary` is what the caller said the problem
// is, sealed like every utterance; the ticket id is what the caller was told.
struct TicketOpened {
  std::string call_sid;
  std::int32_t turn = 0;
  std::string ticket_id;     // six digits, read out to the caller
  std::string topic;         // complaint, damaged, missing, wrong_item, refund
  std::string order_number;  // the order it is about, when one was given or looked up
  std::string summary;       // personal: the caller's words
  friend bool operator==(const TicketOpened&, const TicketOpened&) = default;
};

// Stream calls: the caller spoke over the assistant long enough to interrupt it (barge-in).
// The reply stopped after `heard_ms` of its `reply_ms`; `heard_text` is the words said by then,
// which is all the conversation keeps of that reply. The assistant's words, not the caller's:
// not sealed.
struct ReplyInterrupted {
  std::string call_sid;
  std::int32_t turn = 0;
  std::int32_t heard_ms = 0;
  std::int32_t reply_ms = 0;
  std::string heard_text;
  friend bool operator==(const ReplyInterrupted&, const ReplyInterrupted&) = default;
};

// Stream calls: where one turn's time went, from the end of the caller's speech (the moment
// the end-of-utterance detector decided, `silence_ms` after the last word) to the first frame
// of the reply leaving for Twilio. engine = total - stt - brain - tts.
struct TurnTimed {
  std::string call_sid;
  std::int32_t turn = 0;
  std::int32_t silence_ms = 0;
  std::int64_t stt_micros = 0;
  std::int64_t brain_micros = 0;
  std::int64_t tts_micros = 0;
  std::int64_t engine_micros = 0;
  std::int64_t total_micros = 0;
  friend bool operator==(const TurnTimed&, const TurnTimed&) = default;
};

// The brain answered a caller's question from the business's facts (the answer_question and
// lookup_order tools), on the call's stream, just before the ReplyGenerated that says it.
// `answered` false is a question the assistant had no facts for: what the owner should add to
// context_data. Personal data: none (an order number is the shop's, not the caller's).
struct QuestionAnswered {
  std::string call_sid;
  std::int32_t turn = 0;
  std::string tool;   // "answer_question", "lookup_order"
  std::string topic;  // hours, address, phone, menu, prices, checkin, returns, faq, order, ...
  bool answered = false;
  friend bool operator==(const QuestionAnswered&, const QuestionAnswered&) = default;
};

// The call's personal data was crypto-shredded (actors/personal_data.h): its data key is gone,
// so the sealed fields of its events (caller number, transcripts, replies, booking name) can
// never be opened again. Everything else about the call stays, for statistics and billing.
struct CallErased {
  std::string call_sid;
  std::string reason;   // "api", "caller-request", "retention"
  std::int64_t erased_at = 0;  // UTC microseconds since the epoch
  friend bool operator==(const CallErased&, const CallErased&) = default;
};

// -- billing (events/plans.h: the plans; events/pricing.h: what a call costs) --

// A tenant's plan and what happens to calls past its monthly quota (stream "tenant-<id>").
// Older logs set the plan with TenantUpdated.plan only: that folds as a plan change that keeps
// the tenant's policy, so both stay meaningful.
struct PlanChanged {
  std::string tenant_id;
  std::string plan;                        // "starter", "pro", "business"
  std::string overage_policy = "overage";  // "overage": answered, billed per call; "reject"
  friend bool operator==(const PlanChanged&, const PlanChanged&) = default;
};

// A tenant reached 80 or 100 % of its quota in a month. Stream "quota-<tenant>-<YYYY-MM>": each
// threshold is appended with the version it must have (80 % first, then 100 %), so a race or a
// restart can never write one twice.
struct QuotaWarning {
  std::string tenant_id;
  std::string month;                   // "YYYY-MM", in the tenant's time zone
  std::int32_t threshold_percent = 80; // 80 or 100
  std::string plan;
  std::int64_t quota = 0;              // calls included in the plan
  std::int64_t calls_used = 0;         // answered calls of the month when it was reached
  friend bool operator==(const QuotaWarning&, const QuotaWarning&) = default;
};

// A call refused before it was answered (stream "call-<CallSid>", instead of CallStarted): the
// caller heard a short message and the call hung up. Nothing else is recorded about it.
struct CallRejected {
  std::string call_sid;
  std::string assistant_id;
  std::string reason = "quota";
  std::string month;     // "YYYY-MM" it counts in (tenant's zone)
  std::string language;  // of the message the caller heard, e.g. "fr-FR"
  friend bool operator==(const CallRejected&, const CallRejected&) = default;
};

// Appended with CallStarted when the call is past the month's quota under the "overage"
// policy: the call is billed on top of the plan, at the price of that moment.
struct CallOverage {
  std::string call_sid;
  std::string assistant_id;
  std::string month;             // "YYYY-MM" (tenant's zone)
  std::int64_t calls_used = 0;   // this call included
  std::int64_t quota = 0;
  std::string currency = "EUR";
  std::int64_t price_micros = 0; // what the tenant pays for this call, in micro-units
  friend bool operator==(const CallOverage&, const CallOverage&) = default;
};

// What a call cost us, appended with CallEnded: the price table (events/pricing.h) applied to
// what the call used. Money is in integer micro-units of `currency`, never floating point.
struct CallCosted {
  std::string call_sid;
  std::string assistant_id;
  std::string currency = "EUR";
  std::int32_t billed_minutes = 0;  // duration rounded up to the minute, as Twilio bills
  std::int32_t stt_units = 0;       // 15-second speech-to-text blocks
  std::int64_t llm_tokens = 0;      // 0 for the local brain
  std::int64_t tts_characters = 0;
  std::int64_t twilio_micros = 0, stt_micros = 0, llm_micros = 0, tts_micros = 0;
  std::int64_t total_micros = 0;
  friend bool operator==(const CallCosted&, const CallCosted&) = default;
};

using EventData = std::variant<TenantCreated, TenantUpdated, ApiKeyCreated, ApiKeyRevoked,
                               AssistantCreated, AssistantUpdated, AssistantDeleted, CallStarted,
                               UtteranceTranscribed, ReplyGenerated, AudioSent, CallEnded,
                               BookingConfirmed, CallErased, PlanChanged, QuotaWarning,
                               CallRejected, CallOverage, CallCosted, BookingRequested,
                               BookingRefused, BookingCancelled, CallTransferred,
                               QuestionAnswered, AvailabilityChecked, BookingLookedUp,
                               TicketOpened, ReplyInterrupted, TurnTimed>;

template <class T>
struct EventTraits;
#define WEBOX_EVENT(T, version)                    \
  template <>                                      \
  struct EventTraits<T> {                          \
    static constexpr std::string_view name = #T;   \
    static constexpr int schema_version = version; \
  };
WEBOX_EVENT(TenantCreated, 1)
WEBOX_EVENT(TenantUpdated, 2)
WEBOX_EVENT(ApiKeyCreated, 1)
WEBOX_EVENT(ApiKeyRevoked, 1)
WEBOX_EVENT(AssistantCreated, 3)
WEBOX_EVENT(AssistantUpdated, 3)
WEBOX_EVENT(AssistantDeleted, 1)
WEBOX_EVENT(CallStarted, 1)
WEBOX_EVENT(UtteranceTranscribed, 1)
WEBOX_EVENT(ReplyGenerated, 1)
WEBOX_EVENT(AudioSent, 1)
WEBOX_EVENT(CallEnded, 1)
WEBOX_EVENT(BookingConfirmed, 2)
WEBOX_EVENT(CallErased, 1)
WEBOX_EVENT(PlanChanged, 1)
WEBOX_EVENT(QuotaWarning, 1)
WEBOX_EVENT(CallRejected, 1)
WEBOX_EVENT(CallOverage, 1)
WEBOX_EVENT(CallCosted, 1)
WEBOX_EVENT(BookingRequested, 1)
WEBOX_EVENT(BookingRefused, 1)
WEBOX_EVENT(BookingCancelled, 1)
WEBOX_EVENT(CallTransferred, 1)
WEBOX_EVENT(QuestionAnswered, 1)
WEBOX_EVENT(AvailabilityChecked, 1)
WEBOX_EVENT(BookingLookedUp, 1)
WEBOX_EVENT(TicketOpened, 1)
WEBOX_EVENT(ReplyInterrupted, 1)
WEBOX_EVENT(TurnTimed, 1)
#undef WEBOX_EVENT

inline std::string_view type_name(const EventData& d) {
  return std::visit([](const auto& e) { return EventTraits<std::decay_t<decltype(e)>>::name; }, d);
}
inline int schema_version(const EventData& d) {
  return std::visit(
      [](const auto& e) { return EventTraits<std::decay_t<decltype(e)>>::schema_version; }, d);
}

}  // namespace webox
