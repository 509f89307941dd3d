// A call log as the engine writes it, for the read-model benchmarks: the appends of many calls
// interleaved in time, each shaped like actors/call_actor.cc's (one append per webhook, one
// recorded_at per append, ids from the webhook's digest), personal fields sealed as
// actors/personal_data.h seals them (real AES-256-GCM boxes under a per-call key), so rows
// have the sizes and the JSON the engine's rows have.
//
//   EngineCallLog gen({.tenants = 8, .assistants_per_tenant = 3, .seed = 1});
//   log.append_batch(gen.setup());          // TenantCreated, ApiKeyCreated, AssistantCreated
//   while (auto a = gen.next_append()) ...  // the next webhook's append, in recorded_at order
//
// A call: voice (CallStarted, greeting ReplyGenerated, AudioSent); 1 to 6 gathers
// (UtteranceTranscribed, BookingConfirmed when the caller confirms, ReplyGenerated,
// AudioSent); status (CallEnded). About 40 % of calls end with a booking, 3 % with a
// transfer, 8 % with the caller hanging up early. Calls start every `call_gap` on average, so
// ~`in_flight` of them overlap and their appends interleave in the log.
// Deterministic from the seed, except the seals (random nonces, as in the engine).
#pragma once

#include <cstdint>
#include <optional>
#include <queue>
#include <random>
#include <string>
#include <vector>

#include "actors/personal_data.h"
#include "events/envelope.h"
#include "events/uuid.h"
#include "storage/event_log.h"
#include "storage/sealed_box.h"

namespace webox::bench {

struct EngineCallLogOptions {
  int tenants = 8;
  int assistants_per_tenant = 3;
  std::uint64_t seed = 1;
  Micros start = 1'790'000'000'000'000;  // 2026-09-21
  Micros call_gap = 20'000'000;          // mean time between call starts (log time)
};

class EngineCallLog {
 public:
  explicit EngineCallLog(EngineCallLogOptions o) : o_(o), rng_(o.seed), next_start_(o.start) {}

  std::string tenant(int t) const { return "tenant-" + std::to_string(t); }
  std::string assistant(int t, int a) const {
    return Uuid::from_name(kAssistantNamespace, tenant(t) + "|" + std::to_string(a)).str();
  }
  std::string number(int t, int a) const {
    return "+331" + std::to_string(10000000 + t * 100 + a);
  }

  std::vector<AppendRequest> setup() {
    static const char* kZones[] = {"Europe/Paris", "Europe/Paris", "Europe/London",
                                   "America/Montreal", "Europe/Paris", "UTC"};
    std::vector<AppendRequest> out;
    for (int t = 0; t < o_.tenants; ++t) {
      TenantProfile p{.name = "Restaurant " + std::to_string(t),
                      .time_zone = kZones[t % std::size(kZones)],
                      .plan = "pro",
                      .twilio_account_sid = "AC" + hex(rng_(), 32),
                      .twilio_auth_token_sealed = std::string(64, 'x')};
      out.push_back(one(tenant_stream(tenant(t)), t, TenantCreated{tenant(t), p}));
      std::string key = "k-" + std::to_string(t);
      out.push_back(one(api_key_stream(key), t,
                        ApiKeyCreated{key, tenant(t), "owner", "dashboard", hex(rng_(), 64)}));
      for (int a = 0; a < o_.assistants_per_tenant; ++a) {
        AssistantProfile ap{.name = "Accueil " + std::to_string(a),
                            .description = "Réservations et horaires",
                            .phone_number = number(t, a),
                            .system_prompt = "Tu es l'assistant du restaurant.",
                            .context_data = R"({"business_name":"Chez Marcel","capacity":40})"};
        out.push_back(one(assistant_stream(assistant(t, a)), t,
                          AssistantCreated{assistant(t, a), ap}));
      }
    }
    return out;
  }

  // The next webhook's append of whichever call comes next in time.
  AppendRequest next_append() {
    // Start calls until the next start is later than the earliest pending webhook.
    while (pending_.empty() || next_start_ <= pending_.top().at) start_call();
    Step s = pending_.top();
    pending_.pop();
    Call& c = calls_[s.call];
    AppendRequest r = webhook(c, s.at);
    if (!c.done) pending_.push({c.next_at, s.call});
    else calls_[s.call] = Call{};  // release its strings; the slot stays (indexes are stable)
    return r;
  }

 private:
  struct Call {
    std::string sid, tenant_id, assistant_id, from, to;
    SecretKey key;
    int tenant = 0, turns = 0, turn = 0;  // gathers planned, gathers done
    bool books = false, transfers = false, caller_hangs_up = false, done = false;
    bool started = false;
    Micros started_at = 0, next_at = 0;
    std::int64_t version = 0;
  };
  struct Step {
    Micros at;
    std::size_t call;
    bool operator<(const Step& o) const { return at > o.at; }  // earliest first
  };

  void start_call() {
    Call c;
    int t = pick(o_.tenants), a = pick(o_.assistants_per_tenant);
    c.tenant = t;
    c.sid = "CA" + hex(rng_(), 16) + hex(rng_(), 16);
    c.tenant_id = tenant(t);
    c.assistant_id = assistant(t, a);
    c.from = "+336" + std::to_string(10000000 + pick(90000000));
    c.to = number(t, a);
    c.key = SecretKey::random();
    c.turns = 1 + pick(6);
    c.books = c.turns >= 3 && pick(100) < 55;
    c.transfers = !c.books && pick(100) < 5;
    c.caller_hangs_up = !c.books && !c.transfers && pick(100) < 12;
    c.started_at = next_start_;
    c.next_at = next_start_;
    calls_.push_back(std::move(c));
    pending_.push({next_start_, calls_.size() - 1});
    // Exponential gaps: bursts and lulls, as real traffic has.
    std::exponential_distribution<double> gap(1.0 / static_cast<double>(o_.call_gap));
    next_start_ += 1 + static_cast<Micros>(gap(rng_));
  }

  AppendRequest webhook(Call& c, Micros at) {
    const std::string digest = hex(rng_(), 32) + hex(rng_(), 32);  // SHA-256 of URL + body
    AppendRequest r{call_stream(c.sid), c.version == 0 ? kNoStream : c.version, {}};
    auto add = [&](EventData d) {
      Envelope e;
      e.stream = r.stream;
      e.tenant = c.tenant_id;
      e.event_id = Uuid::from_name(kCallEventNamespace,
                                   c.sid + "|" + digest + "|" + std::to_string(r.events.size()));
      e.recorded_at = at;
      e.data = std::move(d);
      seal_personal(e, c.key);
      r.events.push_back(std::move(e));
    };
    auto reply = [&](int turn, std::string text, std::string action, std::string to = "") {
      std::int32_t chars = 0;  // code points, as the engine counts them
      for (unsigned char ch : text) chars += (ch & 0xC0) != 0x80;
      add(ReplyGenerated{c.sid, turn, std::move(text), action, std::move(to), "local",
                         15 + pick(400), "fr-FR", digest});
      add(AudioSent{c.sid, turn, "twiml-say", "Polly.Lea", "fr-FR", chars, 0});
    };
    if (!c.started) {
      c.started = true;
      add(CallStarted{c.sid, "AC" + hex(c.tenant, 32), c.assistant_id, c.from, c.to, "inbound",
                      "fr-FR", "twiml"});
      reply(0, "Bonjour, Chez Marcel, que puis-je faire pour vous ?", "listen");
      c.next_at = at + 3'000'000 + pick(4'000'000);
    } else if (c.turn < c.turns) {
      int turn = ++c.turn;
      bool last = turn == c.turns;
      add(UtteranceTranscribed{c.sid, turn, utterance(turn, last), 0.7 + pick(30) / 100.0,
                               "twilio-gather"});
      if (last && c.books) {
        add(BookingConfirmed{Uuid::from_name(kBookingNamespace, c.sid + "|" + digest).str(),
                             c.assistant_id, c.sid, "table", "2026-12-0" + std::to_string(1 + pick(9)),
                             std::to_string(19 + pick(3)) + ":00", 2 + pick(6),
                             "Dupont"});
        reply(turn, "C'est noté : une table pour quatre personnes demain à 20h au nom de "
                    "Dupont. Merci et à bientôt !", "hangup");
      } else if (last && c.transfers) {
        reply(turn, "Je vous passe un collègue, ne quittez pas.", "transfer", "+33123456700");
      } else if (last) {
        reply(turn, "Très bien. Merci de votre appel, au revoir !", "hangup");
      } else {
        reply(turn, "Pour combien de personnes, et à quel nom dois-je noter la réservation "
                    "s'il vous plaît ?", "listen");
      }
      c.next_at = at + (last && !c.transfers ? 1'500'000 : 4'000'000 + pick(5'000'000));
      if (!last && c.caller_hangs_up && pick(3) == 0) c.turns = c.turn;  // hangs up now
    } else {
      std::int32_t seconds = static_cast<std::int32_t>((at - c.started_at) / 1'000'000) + 1;
      std::string reason = c.transfers ? "transferred"
                           : c.caller_hangs_up ? "caller-hangup" : "assistant-hangup";
      add(CallEnded{c.sid, "completed", seconds, reason});
      c.done = true;
    }
    c.version += static_cast<std::int64_t>(r.events.size());
    return r;
  }

  std::string utterance(int turn, bool last) {
    if (turn == 1)
      return "Bonjour je voudrais réserver une table pour " + std::to_string(2 + pick(6)) +
             " personnes demain soir à 20h";
    if (last) return "Oui c'est parfait merci";
    return "Au nom de Dupont s'il vous plaît";
  }

  AppendRequest one(std::string stream, int t, EventData d) {
    Envelope e;
    e.stream = stream;
    e.tenant = tenant(t);
    e.event_id = Uuid::from_name(kCallEventNamespace, stream + "|setup");
    e.recorded_at = o_.start - 86'400'000'000;
    e.data = std::move(d);
    return AppendRequest{std::move(stream), kNoStream, {std::move(e)}};
  }

  int pick(int n) { return static_cast<int>(rng_() % static_cast<std::uint64_t>(n)); }
  static std::string hex(std::uint64_t v, int digits) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string s(static_cast<std::size_t>(digits), '0');
    for (int i = digits - 1; i >= 0; --i, v = (v >> 4) | (v << 60)) s[i] = kHex[v & 15];
    return s;
  }

  EngineCallLogOptions o_;
  std::mt19937_64 rng_;
  Micros next_start_;
  std::vector<Call> calls_;
  std::priority_queue<Step> pending_;
};

}  // namespace webox::bench
