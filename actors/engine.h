// The engine as the HTTP layer sees it: plain structs in, results out through callbacks.
// No CAF and no Beast in this header, so each side compiles without the other.
//
//   auto engine = start_engine(EngineOptions{.data_dir = "./data"});   // Result<unique_ptr>
//   (*engine)->on_incoming_call(VoiceWebhook{.call_sid = "CA01", .to = "+3312..."},
//       [](Result<std::string> twiml) { /* answer Twilio with *twiml as text/xml */ });
//
// Callbacks run on an engine thread, exactly once each. Keep them short: post the answer back
// to the connection's executor. Every callback that carries success is called only after the
// events it implies are durable in the log (synced).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/speech/speech_to_text.h"
#include "adapters/speech/text_to_speech.h"
#include "events/envelope.h"
#include "events/pricing.h"
#include "events/result.h"
#include "projections/billing_views.h"
#include "projections/booking_views.h"
#include "projections/call_views.h"

namespace webox {

template <class T>
using Callback = std::function<void(Result<T>)>;

// The speech a stream call hears and speaks with (adapters/speech/), and how it listens: the
// end-of-utterance silence, how long the caller must speak over the assistant for it to count
// (shorter sounds, a cough or "hmm", are filler), and whether that speech cuts the reply
// (barge-in) or is answered once the reply has been heard. The engine's options hold the
// defaults; each assistant's own settings (AssistantProfile) replace them for its calls.
struct StreamSpeech {
  std::shared_ptr<speech::SpeechToText> stt;
  std::shared_ptr<speech::TextToSpeech> tts;
  std::string voice = "espeak-ng";  // AudioSent.voice: what spoke
  // What a business's callers say, from its context_data (the local recogniser's language
  // model; a cloud one's phrase hints). Null: no hints.
  std::function<std::vector<std::string>(const std::string& context_data)> phrases;
  int end_silence_ms = 600;
  int barge_in_ms = 300;
  bool interruptible = true;
};

// -- Twilio webhooks, already parsed from their form bodies --

// tenant_id: the tenant whose Twilio auth token signed the request (http/twilio_auth.h), or
// empty when signature checking is off. The engine refuses a webhook about another tenant's call.
struct VoiceWebhook {
  std::string call_sid, account_sid, from, to, call_status, direction;
  std::string request_digest;  // hash of the raw body: a retry has the same digest
  std::string tenant_id;
  // Where a "stream" assistant's call connects its Media Stream
  // ("wss://voice.example.com/twilio/stream/33123456789"); empty when no public URL is
  // configured, and then such a call is refused with a spoken explanation.
  std::string stream_url;
  // Where Twilio asks what to do once the stream is over: the <Connect action>
  // ("https://voice.example.com/twilio/stream-ended"; empty: no action attribute).
  std::string stream_action;
};

struct GatherWebhook {
  std::string call_sid;
  bool has_speech = false;     // SpeechResult present (even if empty)
  std::string speech_result;
  double confidence = 0;
  std::string digits;
  std::string request_digest;
  std::string tenant_id;
};

struct StatusWebhook {
  std::string call_sid, call_status;
  std::int32_t call_duration = 0;
  std::string request_digest;
  std::string tenant_id;
};

// POST /twilio/stream-ended, the <Connect action>: Twilio asks what to do once a stream call's
// WebSocket is over. The answer is TwiML: <Dial> to the transfer number when the call's last
// reply was a transfer, else <Hangup/>.
struct ConnectActionWebhook {
  std::string call_sid, call_status;
  std::string request_digest;
  std::string tenant_id;
};

// -- Media Streams (assistants in mode "stream"): what a WebSocket of /twilio/stream learnt,
//    already read and put in order (adapters/twilio/media_stream_session.h) --

// `start`: the stream names its call. tenant_id: the tenant whose token signed the handshake.
struct StreamStart {
  std::string call_sid, stream_sid, tenant_id;
};

// A key the caller pressed. `sequence` (the message's sequenceNumber) makes it a request of its
// own: a replayed frame writes nothing twice.
struct StreamDtmf {
  std::string call_sid, stream_sid, tenant_id;
  std::uint64_t sequence = 0;
  char digit = 0;
};

// The stream is over: `reason` is the session's code ("stopped", "socket-closed",
// "malformed-message", "wrong-stream"), "hangup" (the assistant's goodbye was heard) or
// "transfer" (the transfer's words were heard: Twilio's <Connect action> dials next); the call
// records CallEnded "stream-<reason>" ("assistant-hangup" for "hangup", "transferred" for
// "transfer", and for any end but "stopped" after a transfer reply) once.
struct StreamEnd {
  std::string call_sid, stream_sid, tenant_id;
  std::string reason;
};

// What the caller said, as the recogniser heard it at the end of an utterance. `index` numbers
// the stream's utterances from 1: the request id, so a repeated message writes nothing twice.
struct StreamUtterance {
  std::string call_sid, stream_sid, tenant_id;
  std::uint64_t index = 0;
  std::string text;
  double confidence = 0;
};

// The assistant's words for one turn of a stream call, to be spoken over the stream.
struct StreamReply {
  std::int32_t turn = 0;  // ReplyGenerated.turn: the mark "turn-<N>" follows its audio
  std::string text;
  std::string action = "listen";  // listen, hangup or transfer (the stream closes once heard)
  std::string language;           // BCP-47, e.g. "fr-FR": picks the voice
  std::int64_t brain_micros = 0;
};

// Where one turn's time went, end of the caller's speech -> first frame of the reply out.
struct TurnTiming {
  std::int32_t silence_ms = 0;  // the silence the end-of-utterance detector waited for
  std::int64_t stt_micros = 0, brain_micros = 0, tts_micros = 0, engine_micros = 0;
  std::int64_t total_micros = 0;  // from the detector's decision to the first frame out
};

// A reply has been played (Twilio echoed its mark) or cut short by the caller (barge-in):
// AudioSent with what was played, and ReplyInterrupted when it was cut. `timing` is absent for
// the greeting and for a reply to a key.
struct StreamPlayed {
  std::string call_sid, stream_sid, tenant_id;
  std::int32_t turn = 0;
  std::int32_t played_ms = 0;     // audio the caller heard
  std::int32_t reply_ms = 0;      // audio the whole reply lasts
  bool interrupted = false;
  std::string text;               // the reply's words, as spoken
  std::string heard_text;         // interrupted: the words said before the cut
  std::string language, voice;    // what spoke it
  std::optional<TurnTiming> timing;
};

// -- who asks: every API request is made by a principal, scoped to a tenant --

enum class Role { admin, owner, viewer };  // admin: the engine's operator, any tenant

struct Principal {
  Role role = Role::viewer;
  std::string tenant_id;  // empty for admin
  std::string key_id;     // empty for admin
};

// The tenant an API call acts on: one tenant, or every tenant (`all`, only admin reads).
struct Scope {
  std::string tenant_id;
  bool all() const { return tenant_id.empty(); }
  bool covers(const std::string& tenant) const { return all() || tenant == tenant_id; }
};

// -- tenants and their keys --

struct TenantView {
  std::string id, name, time_zone, plan, twilio_account_sid;
  std::string overage_policy = "overage";  // past the plan's quota: "overage" or "reject"
  bool has_twilio_auth_token = false;  // the token itself never leaves the engine
  std::int32_t retention_days = 0;     // calls older than this are erased; 0: kept forever
  Micros created_at = 0, updated_at = 0;
  std::uint64_t version = 0;
};

struct TenantSpec {
  std::string id;  // empty: the engine picks one
  std::string name, time_zone = "UTC", plan = "starter", twilio_account_sid, twilio_auth_token;
};

struct TenantPatch {
  std::string tenant_id;
  std::optional<std::string> name, time_zone, plan, twilio_account_sid, twilio_auth_token;
  std::optional<std::int32_t> retention_days;  // 0..36500; 0: keep calls forever
};

// PUT /api/v1/billing/plan: the admin sets a tenant's plan and over-quota policy (PlanChanged).
struct PlanChange {
  std::string tenant_id;
  std::string plan;                          // "starter", "pro", "business"
  std::optional<std::string> overage_policy;  // "overage" or "reject"; absent: unchanged
};

struct KeyView {
  std::string id, tenant_id, role, name;
  Micros created_at = 0, revoked_at = 0;  // revoked_at 0: in use
  std::string secret;  // the full key, only in the answer that created it
};

struct NewTenant {
  TenantView tenant;
  KeyView owner_key;  // with its secret
};

// What the HTTP layer needs to check a webhook's X-Twilio-Signature.
struct TwilioAuth {
  std::string tenant_id, account_sid, auth_token;
};

// What the engine made on its first start on an empty log (embedded default mode), to print once.
struct FirstStart {
  std::string tenant_id;
  std::string owner_key;
  std::string twilio_auth_token;  // the one configured, or a generated one for local tries
  bool generated_auth_token = false;
};

// -- assistants --

struct AssistantView {
  std::string id;
  std::string tenant_id;
  AssistantProfile profile;
  Micros created_at = 0;
  Micros updated_at = 0;
  std::uint64_t version = 0;
};

// -- bookings --

// What POST /api/v1/bookings got back: the booking, or why the calendar refused it.
struct BookingAttempt {
  std::optional<BookingView> booking;     // booked (or booked before: the same id books once)
  std::string refusal;                    // closed, past, too_large, taken, full, invalid
  std::string message;                    // what was wrong, for the problem body
  std::vector<std::string> alternatives;  // "HH:MM" free the same day, nearest first
};

// -- personal data --

// What an erasure did: the calls whose personal data is now crypto-shredded (including those
// erased before: erasing is idempotent), in the order found.
struct ErasedCalls {
  std::vector<std::string> call_sids;
};

// -- the NATS publisher (actors/nats_publisher.h) --

// How far the copy of the log on NATS JetStream is behind the log.
struct NatsStatus {
  bool connected = false;
  std::uint64_t published_total = 0;  // events acknowledged by JetStream since the start
  std::uint64_t checkpoint = 0;       // every position up to here is on JetStream
  std::uint64_t last_position = 0;    // the log's
  std::string last_error;             // the last failure, "" when none yet
  std::uint64_t lag() const { return last_position > checkpoint ? last_position - checkpoint : 0; }
};

struct EngineOptions {
  std::string data_dir = "./data";
  std::size_t actor_threads = 0;       // 0: hardware concurrency
  std::string gather_url = "/twilio/gather";  // where <Gather action=...> points
  std::string voice_url = "/twilio/voice";
  int max_silent_turns = 2;            // silences in a row before the assistant hangs up
  Micros call_idle_timeout = 3'600'000'000;  // an actor with no webhook for this long stops
  std::string admin_key;               // empty: no admin access over the API
  std::string master_key_hex;          // empty: <data_dir>/master.key, created if missing
  // On an empty log: create tenant "default" with an owner key (see first_start()).
  bool create_default_tenant = true;
  std::string default_twilio_auth_token;   // empty: a random one is generated for local tries
  std::string default_twilio_account_sid;
  // Retention (tenants' retention_days): how often the sweep runs (0: never on its own), and
  // how long a "day" is. Both are for tests; a day is 24 h in production.
  Micros retention_sweep_interval = 3'600'000'000;
  Micros retention_day = 86'400'000'000;
  // Empty: NATS off. Otherwise every event is published to JetStream there (nats://HOST:PORT),
  // from its own thread; calls never wait for it.
  std::string nats_url;
  // What calls cost (CallCosted) and what an overage call is billed (events/pricing.h).
  PriceTable prices;
  // The time events are recorded at and quotas are counted by. Empty: the system clock. For
  // tests that need a call at a chosen instant (a month's last evening in Paris).
  std::function<Micros()> clock;
  // Media Streams: the speech engines (serve starts the local ones) and the listening settings.
  StreamSpeech speech;
};

class Engine {
 public:
  virtual ~Engine() = default;

  // -- Twilio calls (answers are TwiML documents) --
  virtual void on_incoming_call(VoiceWebhook hook, Callback<std::string> done) = 0;
  virtual void on_gather(GatherWebhook hook, Callback<std::string> done) = 0;
  virtual void on_status(StatusWebhook hook, Callback<std::string> done) = 0;

  // -- Media Streams (answers are the assistant's words, spoken over the stream) --
  // start: the greeting; Errc::not_found for a call that is not a live stream call of that
  // tenant (the socket then closes). dtmf and utterance: the brain's reply (recorded as
  // UtteranceTranscribed, source "dtmf" or "stream", and ReplyGenerated). played: "" once
  // AudioSent (and ReplyInterrupted, TurnTimed) are durable. end: "" once CallEnded is durable
  // (or the call had ended already). stream_ended: the <Connect action>'s TwiML (see
  // ConnectActionWebhook); it ends the call first if the stream's end never reached the engine.
  virtual void on_stream_start(StreamStart s, Callback<StreamReply> done) {
    (void)s;
    done(Error::make(Errc::unavailable, "this engine does not serve Media Streams"));
  }
  virtual void on_stream_dtmf(StreamDtmf d, Callback<StreamReply> done) {
    (void)d;
    done(Error::make(Errc::unavailable, "this engine does not serve Media Streams"));
  }
  virtual void on_stream_utterance(StreamUtterance u, Callback<StreamReply> done) {
    (void)u;
    done(Error::make(Errc::unavailable, "this engine does not serve Media Streams"));
  }
  virtual void on_stream_played(StreamPlayed p, Callback<std::string> done) {
    (void)p;
    done(Error::make(Errc::unavailable, "this engine does not serve Media Streams"));
  }
  virtual void on_stream_end(StreamEnd e, Callback<std::string> done) {
    (void)e;
    done(Error::make(Errc::unavailable, "this engine does not serve Media Streams"));
  }
  virtual void on_stream_ended(ConnectActionWebhook hook, Callback<std::string> done) {
    (void)hook;
    done(Error::make(Errc::unavailable, "this engine does not serve Media Streams"));
  }
  // The speech engines a stream call hears and speaks with, and how it listens: the assistant
  // named (or else the one answering `number`) sets the listening; null engines: none (a stream
  // call then only answers keys, and says nothing).
  virtual StreamSpeech stream_speech(const std::string& assistant_id,
                                     const std::string& number) const {
    (void)assistant_id;
    (void)number;
    return {};
  }
  // The recogniser's hints for an assistant's callers (built once per context_data, then
  // shared): the assistant named, or else the one answering `number`; null when there are none.
  virtual std::shared_ptr<const speech::SpeechContext> stream_hints(
      const std::string& assistant_id, const std::string& number) const {
    (void)assistant_id;
    (void)number;
    return nullptr;
  }

  // -- access (synchronous: in-memory lookups, safe on an io thread) --
  // The principal a bearer key belongs to; Errc::unauthenticated for an unknown, malformed or
  // revoked key (the message never repeats the key).
  virtual Result<Principal> authenticate(std::string_view bearer_key) const = 0;
  // Who owns `number` (an assistant's E.164 number, active or not) and its Twilio credentials;
  // Errc::not_found when no tenant does, Errc::unauthenticated when the tenant has no token.
  virtual Result<TwilioAuth> twilio_auth_for_number(std::string_view number) const = 0;
  virtual std::optional<FirstStart> first_start() const = 0;

  // -- tenants and keys (Errc::not_found for a tenant outside the caller's reach) --
  virtual void create_tenant(TenantSpec spec, Callback<NewTenant> done) = 0;
  virtual void update_tenant(TenantPatch patch, Callback<TenantView> done) = 0;
  virtual void get_tenant(std::string id, Callback<TenantView> done) = 0;
  virtual void list_tenants(Callback<std::vector<TenantView>> done) = 0;
  virtual void create_key(std::string tenant_id, std::string role, std::string name,
                          Callback<KeyView> done) = 0;
  virtual void list_keys(std::string tenant_id, Callback<std::vector<KeyView>> done) = 0;
  virtual void revoke_key(std::string tenant_id, std::string key_id, Callback<KeyView> done) = 0;

  // -- billing --
  // Appends PlanChanged; Errc::invalid_argument names "plan" or "overage_policy".
  virtual void change_plan(PlanChange change, Callback<TenantView> done) = 0;
  // The tenant's month (q.month "YYYY-MM"; empty: the current month in its time zone), from
  // the billing read model, read-your-writes. q.tenant_id must name a tenant.
  virtual void billing(BillingQuery q, Callback<BillingView> done) = 0;

  // -- assistants (Errc::invalid_argument names the field; Errc::conflict for a number in use;
  //    Errc::not_found for an assistant outside `scope`) --
  // create: scope names the tenant that will own it (never `all`).
  virtual void create_assistant(Scope scope, AssistantProfile profile,
                                Callback<AssistantView> done) = 0;
  virtual void update_assistant(Scope scope, AssistantUpdated patch,
                                Callback<AssistantView> done) = 0;
  virtual void delete_assistant(Scope scope, std::string id, Callback<AssistantView> done) = 0;
  virtual void get_assistant(Scope scope, std::string id, Callback<AssistantView> done) = 0;
  virtual void list_assistants(Scope scope, Callback<std::vector<AssistantView>> done) = 0;

  // -- bookings (actors/calendar_actor.h; Errc::not_found for an assistant or booking outside
  //    `scope`, which must name one tenant to book) --
  // request.assistant_id names the calendar; booking_id empty: the engine picks one, given: an
  // idempotency key (a retry with it books once and answers the same booking).
  virtual void create_booking(Scope scope, BookingConfirmed request,
                              Callback<BookingAttempt> done) = 0;
  // Appends BookingCancelled; Errc::conflict when it is cancelled already.
  virtual void cancel_booking(Scope scope, std::string booking_id,
                              Callback<BookingView> done) = 0;
  virtual void get_booking(Scope scope, std::string booking_id, Callback<BookingView> done) = 0;
  // q.tenant_id is the scope's (empty: every tenant, admin only). Read-your-writes.
  virtual void list_bookings(Scope scope, BookingQuery q,
                             Callback<std::vector<BookingView>> done) = 0;

  // -- the log --
  virtual void call_events(Scope scope, std::string call_sid,
                           Callback<std::vector<Envelope>> done) = 0;

  // -- read models (projections/): each answer reflects every command acknowledged before the
  //    request (read-your-writes); personal fields are opened, or "[erased]" --
  // q.tenant_id is the scope's tenant (empty: every tenant, admin only). q.caller, when set,
  // is resolved to that caller's calls through the blind index.
  virtual void list_calls(Scope scope, CallQuery q, std::string caller,
                          Callback<CallPage> done) = 0;
  virtual void get_call(Scope scope, std::string call_sid, Callback<CallDetail> done) = 0;
  virtual void call_stats(Scope scope, StatsQuery q, Callback<StatsView> done) = 0;
  // The tenant's IANA time zone ("UTC" when unknown), for ranges such as "today".
  virtual std::string time_zone_of(const std::string& tenant_id) const = 0;
  // Events the read models still have to fold (log end - their position).
  virtual std::uint64_t projection_lag() const = 0;

  // -- personal data (actors/personal_data.h, storage/data_keys.h) --
  // Crypto-shreds the call's personal data and records CallErased. Errc::not_found for a call
  // outside `scope`. Erasing an erased call answers the same, writes nothing new.
  virtual void erase_call(Scope scope, std::string call_sid, std::string reason,
                          Callback<ErasedCalls> done) = 0;
  // Every call of the caller `number` (E.164) within `scope`, which must name one tenant
  // (Errc::invalid_argument otherwise). No call: an empty answer, not an error.
  virtual void erase_caller(Scope scope, std::string number, Callback<ErasedCalls> done) = 0;
  // Runs one retention sweep now (it also runs every retention_sweep_interval): every call
  // older than its tenant's retention_days is erased with reason "retention".
  virtual void sweep_retention(Callback<ErasedCalls> done) = 0;

  // -- lifecycle --
  virtual std::size_t calls_in_progress() const = 0;
  // The log's last durable position: how many events were ever appended. Non-blocking.
  virtual std::uint64_t log_position() const = 0;
  // The NATS publisher's progress; nullopt when NATS is off. Non-blocking (atomics).
  virtual std::optional<NatsStatus> nats_status() const { return std::nullopt; }
  // How group commit did so far: "N batches, M appends, E events, D us on disk". Blocks for a
  // round trip to the log writer: for shutdown reports and tools, never for an io thread.
  virtual std::string log_report() = 0;
  // Refuse new calls from now on; webhooks of calls already started are still served.
  virtual void stop_accepting() = 0;
  // Waits for pending appends, stops the actors and closes the log. Idempotent.
  virtual void shutdown() = 0;
};

Result<std::unique_ptr<Engine>> start_engine(EngineOptions options);

}  // namespace webox
