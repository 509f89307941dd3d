// Synthetic but realistic call traffic, for read-model tests and the rebuild benchmark: the
// events the engine writes for a call (greeting, turns, audio, an occasional booking, the end),
// with deterministic ids and times from a seed.
//
//   SyntheticCalls gen({.tenants = 2, .assistants_per_tenant = 3, .seed = 7});
//   auto setup = gen.setup();               // TenantCreated + AssistantCreated appends
//   auto call = gen.next_call();            // the appends of one whole call, in log order
//   for (auto& r : call) log.append(r.stream, r.expected_version, r.events);
//
// Texts stand in for sealed fields ("sealed:v1:" + base64-like): read models keep them opaque.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "events/envelope.h"
#include "storage/event_log.h"

namespace webox::testing {

struct SyntheticCallsOptions {
  int tenants = 2;
  int assistants_per_tenant = 2;
  std::uint64_t seed = 1;
  Micros start = 1'790'000'000'000'000;  // 2026-09-21T..Z
  Micros call_spacing = 90'000'000;      // one call starts every 90 s (of log time)
};

class SyntheticCalls {
 public:
  explicit SyntheticCalls(SyntheticCallsOptions o) : o_(o), rng_(o.seed), now_(o.start) {}

  std::string tenant(int t) const { return "t" + std::to_string(t); }
  std::string assistant(int t, int a) const {
    return "a-" + std::to_string(t) + "-" + std::to_string(a);
  }
  std::string number(int t, int a) const {
    return "+3310000" + std::to_string(t) + std::to_string(a);
  }

  std::vector<AppendRequest> setup() {
    std::vector<AppendRequest> out;
    for (int t = 0; t < o_.tenants; ++t) {
      TenantProfile p{.name = "Tenant " + std::to_string(t), .time_zone = "Europe/Paris"};
      out.push_back(one(tenant_stream(tenant(t)), tenant(t), TenantCreated{tenant(t), p}));
      for (int a = 0; a < o_.assistants_per_tenant; ++a) {
        AssistantProfile ap{.name = "Assistant " + std::to_string(a),
                            .phone_number = number(t, a)};
        out.push_back(one(assistant_stream(assistant(t, a)), tenant(t),
                          AssistantCreated{assistant(t, a), ap}));
      }
    }
    return out;
  }

  // One call: CallStarted, greeting, 1..6 turns (utterance, reply, audio), maybe a booking
  // (after an AvailabilityChecked), or a check with no booking, a complaint's TicketOpened, a
  // booking cancelled by the caller, then CallEnded. Returned as the separate appends the engine makes, in order.
  std::vector<AppendRequest> next_call() {
    int t = pick(o_.tenants), a = pick(o_.assistants_per_tenant);
    std::string sid = "CA" + hex32(++calls_);
    std::string stream = call_stream(sid), ten = tenant(t);
    now_ += o_.call_spacing;
    Micros at = now_;
    std::vector<AppendRequest> out;
    auto add = [&](EventData d, Micros dt) {
      at += dt;
      Envelope e = envelope(stream, ten, std::move(d));
      e.recorded_at = at;
      if (out.empty() || out.back().events.size() >= 2) {
        out.push_back(AppendRequest{stream, kAnyVersion, {}});
      }
      out.back().events.push_back(std::move(e));
    };
    add(CallStarted{sid, "AC" + hex32(t), assistant(t, a), sealed(24), number(t, a), "inbound",
                    "fr-FR"},
        0);
    add(ReplyGenerated{sid, 0, sealed(80), "listen", "", "local", 40 + pick(60), "fr-FR", ""},
        2'000);
    add(AudioSent{sid, 0, "twiml-say", "alice", "fr-FR", 60, 0}, 500);
    int turns = 1 + pick(6);
    const bool asks = pick(4) == 0;     // a question answered from the business's facts
    const bool hangs_up = pick(5) == 0;  // the caller leaves while the assistant waits
    for (int i = 1; i <= turns; ++i) {
      add(UtteranceTranscribed{sid, i, sealed(40), 0.8 + pick(20) / 100.0, "twilio-gather"},
          4'000'000 + pick(3'000'000));
      if (asks && i == 1) add(QuestionAnswered{sid, 1, "answer_question", "hours", true}, 100);
      bool last = i == turns;
      add(ReplyGenerated{sid, i, sealed(90), last && !hangs_up ? "hangup" : "listen", "", "local",
                         30 + pick(200), "fr-FR", "r" + std::to_string(i)},
          300 + pick(400));
      add(AudioSent{sid, i, "twiml-say", "alice", "fr-FR", 70, 0}, 100);
    }
    const bool books = pick(3) == 0;
    const int extra = pick(12);  // 0, 1: checked, not booked; 2: a ticket; 3: a cancellation
    if (books || extra < 2)
      add(AvailabilityChecked{.call_sid = sid, .turn = 1, .kind = "table", .date = "2026-12-01",
                              .time = "20:00", .party_size = 2, .available = books},
          100);
    if (extra == 2)
      add(TicketOpened{sid, turns, std::to_string(100000 + calls_), "damaged", "CMD-1", sealed(30)},
          100);
    if (extra == 3) {
      Envelope c = envelope(calendar_stream(assistant(t, a)), ten,
                            BookingCancelled{"b-old-" + hex32(calls_), assistant(t, a), sid, "caller"});
      c.recorded_at = at += 1'000;
      out.push_back(AppendRequest{calendar_stream(assistant(t, a)), kAnyVersion, {std::move(c)}});
    }
    if (books) {
      std::string id = "b-" + hex32(calls_);
      Envelope b = envelope(booking_stream(id), ten,
                            BookingConfirmed{id, assistant(t, a), sid, "table", "2026-12-01",
                                             "20:00", 2 + pick(4), sealed(16)});
      b.recorded_at = at += 1'000;
      out.push_back(AppendRequest{booking_stream(id), kNoStream, {std::move(b)}});
    }
    int duration = static_cast<int>((at - now_) / 1'000'000) + 1;
    add(CallEnded{sid, "completed", duration, "assistant-hangup"}, 1'500'000);
    return out;
  }

 private:
  AppendRequest one(std::string stream, std::string ten, EventData d) {
    Envelope e = envelope(stream, std::move(ten), std::move(d));
    e.recorded_at = now_;
    return AppendRequest{std::move(stream), kNoStream, {std::move(e)}};
  }
  Envelope envelope(const std::string& stream, std::string ten, EventData d) {
    Envelope e;
    e.stream = stream;
    e.tenant = std::move(ten);
    e.event_id = next_id();
    e.data = std::move(d);
    return e;
  }
  Uuid next_id() {
    std::array<std::uint8_t, 16> b{};
    std::uint64_t x = rng_(), y = ++ids_;
    for (int i = 0; i < 8; ++i) b[i] = static_cast<std::uint8_t>(x >> (8 * i));
    for (int i = 0; i < 8; ++i) b[8 + i] = static_cast<std::uint8_t>(y >> (8 * i));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    return Uuid(b);
  }
  int pick(int n) { return static_cast<int>(rng_() % static_cast<std::uint64_t>(n)); }
  std::string sealed(int n) {
    static constexpr char kB64[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string s = "sealed:v1:";
    for (int i = 0; i < n; ++i) s += kB64[rng_() % 64];
    return s;
  }
  static std::string hex32(std::uint64_t v) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s(32, '0');
    for (int i = 31; i >= 0 && v; --i, v >>= 4) s[i] = kHex[v & 15];
    return s;
  }

  SyntheticCallsOptions o_;
  std::mt19937_64 rng_;
  Micros now_;
  std::uint64_t calls_ = 0, ids_ = 0;
};

}  // namespace webox::testing
