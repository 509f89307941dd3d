// What the call list and statistics read models answer: plain structs, shared by the engine
// facade (actors/engine.h) and the HTTP layer. No RocksDB, no locks.
//
//   CallQuery q{.tenant_id = "t1", .assistant_id = "a-1", .status = "completed", .limit = 20};
//   CallPage page = calls.list(q);          // newest first; page.next_cursor to go on
//   StatsQuery s{.tenant_id = "t1", .from = ..., .to = ...};
//   StatsView v = stats.query(s);
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "events/clock.h"

namespace webox {

// -- calls --

// How a call turned out, as the dashboard shows it.
//   in_progress   not ended yet
//   booking_made       a booking was confirmed during the call
//   booking_cancelled  the caller cancelled a booking made before
//   ticket_opened      a complaint was taken down for the business to follow up
//   transferred        the assistant handed the caller to a human
//   booking_not_made   ended after the calendar was asked about a booking, none made: a
//                      booking the business lost (the caller gave up, or nothing fitted)
//   question_answered  the assistant answered a question from the business's facts, and
//                      neither booked nor transferred
//   abandoned          the caller hung up while the assistant was waiting for an answer
//   completed          answered and ended otherwise (the assistant said goodbye)
//   missed             busy, no-answer, failed or canceled before being answered
//   rejected           refused before answering (inactive number, quota reached)
// The first that applies, in this order: rejected, booking_made, booking_cancelled,
// ticket_opened, transferred, booking_not_made, question_answered, in_progress, missed,
// abandoned, completed.
inline constexpr const char* kOutcomes[] = {
    "in_progress",      "booking_made", "booking_cancelled", "ticket_opened",
    "transferred",      "booking_not_made", "question_answered", "abandoned",
    "completed",        "missed",       "rejected"};

// What the call's events say about it, beyond its summary: what call_outcome() needs.
struct CallFacts {
  bool booked = false;
  bool cancelled = false;          // the call cancelled a booking (BookingCancelled by it)
  bool ticket = false;             // a complaint was taken down (TicketOpened)
  bool booking_started = false;    // the calendar was asked (AvailabilityChecked, BookingRequested)
  bool transferred = false;
  bool answered_question = false;  // a QuestionAnswered with answered = true
  bool listening = false;          // the last reply waited for the caller
  friend bool operator==(const CallFacts&, const CallFacts&) = default;
};

// A question the assistant answered (or had no facts for), from QuestionAnswered.
struct CallQuestion {
  std::int32_t turn = 0;
  std::string tool, topic;
  bool answered = false;
  friend bool operator==(const CallQuestion&, const CallQuestion&) = default;
};

struct CallBooking {
  std::string booking_id, kind, date, time, name;  // name: sealed until opened
  std::int32_t party_size = 0;
  std::string event_id, stream;  // of the BookingConfirmed: the seal is bound to them
  friend bool operator==(const CallBooking&, const CallBooking&) = default;
};

// A complaint taken down on the call (TicketOpened).
struct CallTicket {
  std::int32_t turn = 0;
  std::string ticket_id, topic, order_number;
  std::string summary;   // sealed until opened
  std::string event_id;  // of the TicketOpened, in the call's stream: the seal is bound to it
  friend bool operator==(const CallTicket&, const CallTicket&) = default;
};

// One exchange: what the caller said (turn >= 1; turn 0 is the greeting) and the reply.
struct CallTurn {
  std::int32_t turn = 0;
  Micros caller_at = 0;     // 0 for the greeting
  std::string caller_text;  // sealed until opened
  double confidence = 0;
  Micros reply_at = 0;
  std::string reply_text;   // sealed until opened
  std::string action;       // listen, hangup, transfer
  std::int64_t brain_micros = 0;
  std::int64_t latency_micros = 0;  // caller's words recorded -> reply recorded (>= brain time)
  std::string caller_event_id, reply_event_id;  // the seals are bound to them
  // Stream calls: what the caller heard of the reply (AudioSent, ReplyInterrupted) and where
  // the turn's time went (TurnTimed); zero when not measured.
  std::int32_t played_ms = 0;
  bool interrupted = false;
  std::int32_t silence_ms = 0;
  std::int64_t stt_micros = 0, tts_micros = 0, engine_micros = 0;
  std::int64_t answer_micros = 0;  // end of the caller's speech -> first frame of the reply
  friend bool operator==(const CallTurn&, const CallTurn&) = default;
};

struct CallSummary {
  std::string call_sid, tenant_id, assistant_id;
  std::string from;  // sealed until opened; "[erased]" once erased
  std::string to, direction, language, mode;
  Micros started_at = 0, ended_at = 0;
  std::string status = "in-progress";  // Twilio's final CallStatus once ended
  std::string end_reason;
  std::int32_t duration_seconds = 0;
  std::int32_t turns = 0;  // caller utterances
  std::string outcome = "in_progress";
  bool erased = false;
  std::uint64_t first_position = 0;  // where the call begins in the log
  std::string started_event_id;      // the seal of `from` is bound to it
  friend bool operator==(const CallSummary&, const CallSummary&) = default;
};

struct CallDetail {
  CallSummary summary;
  std::vector<CallTurn> turns;
  std::vector<CallBooking> bookings;
  std::vector<CallQuestion> questions;
  std::vector<CallTicket> tickets;
  std::vector<std::string> cancelled;  // ids of the bookings the call cancelled
  bool booking_started = false;        // the calendar was asked about a booking
  std::string transfer_to;
  friend bool operator==(const CallDetail&, const CallDetail&) = default;
};

struct CallQuery {
  std::string tenant_id;  // empty: every tenant (admin)
  std::string assistant_id, status, outcome;
  std::string day;        // "YYYY-MM-DD" in the tenant's time zone
  std::optional<std::set<std::string>> call_sids;  // the caller filter, resolved to calls
  std::string cursor;     // from a previous page
  std::size_t limit = 50;
};

struct CallPage {
  std::vector<CallSummary> calls;
  std::string next_cursor;  // empty on the last page
};

// -- statistics --

struct StatsQuery {
  std::string tenant_id;     // empty: every tenant (admin)
  std::string assistant_id;  // empty: every assistant
  std::string from_day, to_day;  // inclusive "YYYY-MM-DD" in the tenant's zone; empty: open
};

struct LatencySummary {
  std::uint64_t samples = 0;
  std::int64_t p50_micros = 0, p95_micros = 0, p99_micros = 0;
};

struct StatsTotals {
  std::uint64_t calls = 0, ended = 0, answered = 0;
  std::uint64_t duration_seconds = 0, turns = 0, bookings = 0;
  double average_duration_seconds = 0, average_turns = 0;
  std::map<std::string, std::uint64_t> outcomes;
  std::array<std::uint64_t, 24> calls_by_hour{};  // local hour the call started
  LatencySummary turn_latency;
};

struct StatsView {
  StatsTotals total;
  std::map<std::string, StatsTotals> by_assistant;
  std::map<std::string, StatsTotals> by_day;  // "YYYY-MM-DD"
};

}  // namespace webox
