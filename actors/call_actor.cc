#include "actors/call_actor.h"

#include <caf/all.hpp>

#include "actors/calendar_actor.h"

#include <chrono>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "actors/messages.h"
#include "actors/personal_data.h"
#include "actors/stream_reply.h"
#include "actors/twiml_reply.h"
#include "adapters/booking/find_booking.h"
#include "adapters/twilio/twiml.h"

namespace webox {
namespace {

// -- one call --

struct CallState {
  std::string sid;
  CallDeps deps;
  caf::actor registry;
  std::optional<AssistantView> assistant;
  std::string tenant;  // the call's owner: every event of the call carries it
  std::unique_ptr<Conversation> conversation;
  bool started = false;
  bool ended = false;
  bool retiring = false;
  bool fresh = false;  // spawned for a new call without reading the stream (see call_actor)
  std::int32_t turn = 0;
  std::uint64_t version = 0;                             // last version of the call's stream
  std::string last_action;                               // of the last ReplyGenerated
  std::string transfer_to;  // its number when it is a transfer: a stream call's <Dial> after
  std::string last_answer;                               // the last TwiML sent
  std::unordered_map<std::string, std::string> answers;  // request_id -> TwiML
  Micros last_activity = 0;
  std::optional<SecretKey> key;  // the call's data key: seals what it appends
  bool rejected = false;         // refused past the quota: CallRejected is all it has
  std::optional<QuotaTable::Admission> admission;  // counted, until its CallStarted is durable
  std::int32_t stt_units = 0;        // what CallCosted charges for: speech blocks heard...
  std::int64_t tts_characters = 0;   // ...and characters spoken
  std::unordered_set<std::string> found;  // bookings this call found: the only ones it cancels
  std::string from;                       // the caller's number (opened), for that search
  // Mode "stream": the call runs over a Media Stream; replies are text for the speech to come,
  // not TwiML, and the stream's end is the call's end.
  bool stream = false;
  std::string greeting;   // the greeting's text, said once the stream starts
  Micros started_at = 0;  // CallStarted's time: a stream's end gives the call's duration
  std::unordered_set<std::int32_t> played;  // turns whose AudioSent is recorded
  static inline const char* name = "call";
};
using CallActor = caf::stateful_actor<CallState>;

bool is_terminal(const std::string& status) {
  return status == "completed" || status == "busy" || status == "failed" ||
         status == "no-answer" || status == "canceled";
}

std::string reply_action(ReplyAction a) {
  switch (a) {
    case ReplyAction::hangup: return "hangup";
    case ReplyAction::transfer: return "transfer";
    case ReplyAction::listen: break;
  }
  return "listen";
}

std::int32_t utf8_length(const std::string& s) {
  std::int32_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::int64_t micros_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now() - t0).count();
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : std::string(sep)) + p;
  return out;
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < s.size()) {
    auto comma = s.find(',', at);
    if (comma == std::string::npos) comma = s.size();
    if (comma > at) out.push_back(s.substr(at, comma - at));
    at = comma + 1;
  }
  return out;
}

CallContext context_for(const CallState& st, const std::string& from, Micros started_at) {
  CallContext ctx;
  ctx.call_sid = st.sid;
  ctx.assistant_id = st.assistant->id;
  ctx.from = from;
  ctx.profile = st.assistant->profile;
  ctx.started_at = started_at;
  ctx.max_silent_turns = st.deps.options.max_silent_turns;
  return ctx;
}

Micros clock_now(const CallDeps& deps) {
  return deps.options.clock ? deps.options.clock() : now_micros();
}

// Builds the envelopes of one webhook, with ids derived from the request so retries dedupe.
// `at`: the instant the call was admitted at, so that its month in the log is the one counted.
class Batch {
 public:
  Batch(const CallState& st, const std::string& request_id, std::optional<Micros> at = {})
      : sid_(st.sid),
        tenant_(st.tenant),
        request_id_(request_id.empty() ? Uuid::random().str() : request_id),
        now_(at ? *at : clock_now(st.deps)) {}
  void add(EventData d) {
    Envelope e;
    e.stream = call_stream(sid_);
    e.tenant = tenant_;
    e.event_id = Uuid::from_name(kCallEventNamespace,
                                 sid_ + "|" + request_id_ + "|" + std::to_string(events_.size()));
    e.recorded_at = now_;
    e.data = std::move(d);
    events_.push_back(std::move(e));
  }
  Micros now() const { return now_; }
  const std::string& request_id() const { return request_id_; }
  std::vector<Envelope> take() { return std::move(events_); }

 private:
  std::string sid_, tenant_, request_id_;
  Micros now_;
  std::vector<Envelope> events_;
};

ReplyGenerated reply_event(const CallState& st, std::int32_t turn, const Reply& r,
                           Micros brain_micros, const std::string& request_id) {
  ReplyGenerated g;
  g.call_sid = st.sid;
  g.turn = turn;
  g.text = r.text;
  g.action = reply_action(r.action);
  g.transfer_to = r.transfer_to;
  g.brain = std::string(st.deps.brain->name());
  g.brain_micros = brain_micros;
  g.language = r.language;
  g.request_id = request_id;
  return g;
}

// A stream call's answer to a turn: the reply, for the speech pipeline to say over the stream.
std::string stream_answer(const ReplyGenerated& g) {
  return encode_stream_reply(StreamReply{.turn = g.turn, .text = g.text, .action = g.action,
                                         .language = g.language,
                                         .brain_micros = g.brain_micros});
}

AudioSent audio_event(const CallState& st, const ReplyGenerated& g) {
  return AudioSent{.call_sid = st.sid, .turn = g.turn, .channel = "twiml-say",
                   .voice = twilio_voice(st.assistant->profile.voice_type),
                   .language = g.language, .characters = utf8_length(g.text)};
}

void retire(CallActor* self) {
  if (self->state.retiring) return;
  self->state.retiring = true;
  self->send(self->state.registry, retire_atom::value, self->state.sid);
}

// The call was counted but is not recorded by this actor (its append failed, or the call was
// already in the log): uncount it.
void release_admission(CallState& st) {
  if (st.admission && st.deps.quotas) st.deps.quotas->release(*st.admission);
  st.admission.reset();
}

Error append_error(const Error& e) {
  // A conflict means another actor wrote this call meanwhile: Twilio retries on 5xx.
  if (e.code == Errc::conflict) return Error::make(Errc::unavailable, "call state moved; retry");
  return e;
}

void reload(CallActor* self, caf::message retry);

// After a call crossed a quota threshold: its QuotaWarning(s), then the answer. One append per
// warning, at any version: a threshold's event id comes from its stream and percent, so the log
// writes it once, whichever call gets there first. (Appended expecting the version the quota
// stream had, a 100 % warning failed whenever the 80 % one, claimed by another call, had not
// landed yet, and that conflict was taken for "already written": the warning was lost.)
void answer_after_warnings(CallActor* self, QuotaTable::Admission a, std::string twiml,
                           Callback<std::string> done) {
  QuotaTable* quotas = self->state.deps.quotas;
  auto left = std::make_shared<std::size_t>(a.warnings.size());
  auto all_there = std::make_shared<bool>(true);
  auto landed = [=](bool there) {
    *all_there = *all_there && there;
    if (--*left > 0) return;
    quotas->settle(a, *all_there);
    done(twiml);  // the call is answered whatever became of its warnings
  };
  for (const auto& w : a.warnings) {
    Envelope e;
    e.stream = quota_stream(a.tenant, a.month);
    e.tenant = a.tenant;
    e.event_id = Uuid::from_name(kCallEventNamespace,
                                 e.stream + "|" + std::to_string(w.threshold_percent));
    e.recorded_at = a.at;
    e.data = w;
    AppendRequest req{e.stream, kAnyVersion, {std::move(e)}};
    self->request(self->state.deps.log_writer, caf::infinite, append_atom::value, std::move(req))
        .await([=](AppendOutcome& out) { landed(out.result.ok()); },
               [=](caf::error&) { landed(false); });
  }
}

// Appends the batch; on success records the answer and replies, on failure retires the actor
// (its in-memory conversation may be ahead of the log) and reports the error. `stale` is the
// request to handle again when a fresh actor learns that its call was already in the log.
// When the answer may leave before the batch is durable: a stream call's spoken reply that
// goes on listening starts on the write (actors/log_writer.h). Everything else waits for the
// sync: webhooks' answers (Twilio acts on them), the greeting, transfers and hang-ups (they act
// on the call), and what the caller heard (AudioSent).
enum class Ack { durable, written };

void commit(CallActor* self, Batch batch, std::string twiml, Callback<std::string> done,
            caf::message stale = {}, Ack ack = Ack::durable) {
  auto& st = self->state;
  AppendRequest req{call_stream(st.sid), std::int64_t(st.version), batch.take()};
  for (auto& e : req.events) {
    if (!has_personal_fields(e)) continue;
    if (!st.key) {  // never append personal data in clear
      done(Error::make(Errc::internal, "call " + st.sid + " has no data key"));
      retire(self);
      return;
    }
    seal_personal(e, *st.key);
  }
  std::string request_id = batch.request_id();
  bool check_fresh = st.fresh && st.version == 0;
  auto sent = ack == Ack::written ? self->request(st.deps.log_writer, caf::infinite,
                                                 append_atom::value, written_atom::value,
                                                 std::move(req))
                                  : self->request(st.deps.log_writer, caf::infinite,
                                                 append_atom::value, std::move(req));
  std::move(sent).await(
          [=](AppendOutcome& out) {
            auto& st = self->state;
            st.fresh = false;
            bool existed = out.result ? out.result->duplicate
                                      : out.result.error().code == Errc::conflict;
            if (check_fresh && existed && !stale.empty()) {
              release_admission(st);  // counted when it was first recorded
              reload(self, stale);
              return;
            }
            if (!out.result) {
              release_admission(st);
              done(append_error(out.result.error()));
              retire(self);
              return;
            }
            st.version = out.result->last_version;
            st.answers[request_id] = twiml;
            st.last_answer = twiml;
            if (out.result->duplicate) release_admission(st);  // counted when first written
            auto admitted = std::move(st.admission);
            st.admission.reset();
            if (admitted && !admitted->warnings.empty())
              answer_after_warnings(self, std::move(*admitted), twiml, done);
            else
              done(twiml);
            if (st.ended) retire(self);
          },
          [=](caf::error& err) {
            release_admission(self->state);
            done(Error::make(Errc::internal, "log writer failed: " + to_string(err)));
            retire(self);
          });
}

bool answer_retry(CallState& st, const std::string& request_id, Callback<std::string>& done) {
  auto it = st.answers.find(request_id);
  if (request_id.empty() || it == st.answers.end()) return false;
  done(it->second);
  return true;
}

// A webhook signed by another tenant than the call's owner is about a call it cannot see.
bool foreign(CallActor* self, const std::string& hook_tenant, Callback<std::string>& done) {
  auto& st = self->state;
  if (hook_tenant.empty() || st.tenant.empty() || hook_tenant == st.tenant) return false;
  done(Error::make(Errc::not_found, "no call " + st.sid));
  return true;
}

caf::behavior running(CallActor* self);

// A new call's data key comes from the key creator's thread once synced, with the other new
// calls' keys of the moment (actors/key_creator.h); the webhook waits in the mailbox with
// everything else meanwhile and is handled again after.
void fetch_key(CallActor* self, VoiceWebhook& hook, Callback<std::string>& done) {
  auto& st = self->state;
  caf::actor me = caf::actor_cast<caf::actor>(self);
  self->send(self, voice_atom::value, hook, done);  // handled again once the key is here
  bool posted = st.deps.key_creator->request(
      KeyRequest{call_stream(st.sid), st.tenant, now_micros(), hook.from},
      [me](Result<SecretKey> key) { caf::anon_send(me, key_atom::value, LoadedKey{std::move(key)}); });
  if (!posted)
    caf::anon_send(me, key_atom::value,
                   LoadedKey{Error::make(Errc::unavailable, "engine stopping")});
  self->set_default_handler(caf::skip);
  self->become(caf::behavior{
      [=](key_atom, LoadedKey& loaded) {
        self->set_default_handler(caf::print_and_drop);
        if (!loaded.key) {
          // Nothing may be sealed: refuse this call's queued webhooks, then retire.
          release_admission(self->state);
          Error err = loaded.key.error();
          self->become(caf::behavior{
              [=](voice_atom, VoiceWebhook&, Callback<std::string>& d) { d(err); },
              [=](gather_atom, GatherWebhook&, Callback<std::string>& d) { d(err); },
              [=](status_atom, StatusWebhook&, Callback<std::string>& d) { d(err); },
              [=](stream_atom, StreamStart&, Callback<std::string>& d) { d(err); },
              [=](stream_atom, StreamDtmf&, Callback<std::string>& d) { d(err); },
              [=](stream_atom, StreamEnd&, Callback<std::string>& d) { d(err); },
              [=](stream_atom, StreamUtterance&, Callback<std::string>& d) { d(err); },
              [=](stream_atom, StreamPlayed&, Callback<std::string>& d) { d(err); },
              [=](stream_atom, ConnectActionWebhook&, Callback<std::string>& d) { d(err); },
              [=](retire_atom) { self->quit(); },
          });
          retire(self);
          return;
        }
        self->state.key = *loaded.key;
        self->become(running(self));
      },
  });
}

// Past the quota with policy "reject": the caller hears why in the assistant's language and
// the call hangs up; only CallRejected is recorded (no data key, nothing personal).
void reject_over_quota(CallActor* self, VoiceWebhook& hook, Callback<std::string>& done) {
  auto& st = self->state;
  QuotaTable::Admission a = std::move(*st.admission);
  st.admission.reset();
  const auto& p = st.assistant->profile;
  Batch batch(st, hook.request_digest, a.at);
  batch.add(CallRejected{.call_sid = st.sid, .assistant_id = st.assistant->id, .reason = "quota",
                         .month = a.month, .language = quota_message_language(p.language)});
  st.rejected = true;
  st.ended = true;
  auto retry = caf::make_message(voice_atom::value, hook, done);
  commit(self, std::move(batch), render_quota_reject(p.language, p.voice_type), std::move(done),
         std::move(retry));
}

void on_voice(CallActor* self, VoiceWebhook& hook, Callback<std::string>& done) {
  auto& st = self->state;
  if (!st.started && st.assistant) st.tenant = st.assistant->tenant_id;
  if (foreign(self, hook.tenant_id, done)) return;
  if (st.started && st.stream && !st.ended && !hook.stream_url.empty()) {
    // A retry, even after a restart: the answer is the same <Connect><Stream> (its URL is not
    // in the log; the webhook carries it again).
    done(render_stream_connect(hook.stream_url, st.sid, st.assistant->id, st.tenant,
                               hook.stream_action));
    return;
  }
  if (answer_retry(st, hook.request_digest, done)) return;
  if (st.started) {  // a second, different incoming-call request: repeat where we are
    done(st.last_answer.empty() ? render_empty() : st.last_answer);
    return;
  }
  if (!st.assistant) {
    done(render_reject());
    retire(self);
    return;
  }
  if (st.rejected) {  // Twilio retried a call refused past the quota
    done(st.last_answer);
    retire(self);
    return;
  }
  const bool stream = st.assistant->profile.mode == "stream";
  if (stream && hook.stream_url.empty()) {
    // Nothing is recorded and nothing counted: the call was never taken. The operator learns
    // why here; the caller hears a short apology.
    std::fprintf(stderr,
                 "webox: call %s to %s refused: assistant %s is in mode \"stream\" but no public "
                 "URL is configured (set --public-url, WEBOX_PUBLIC_URL or public_url to the "
                 "https:// address Twilio reaches)\n",
                 st.sid.c_str(), hook.to.c_str(), st.assistant->id.c_str());
    done(render_stream_unconfigured(st.assistant->profile.language,
                                    st.assistant->profile.voice_type));
    retire(self);
    return;
  }
  if (!st.admission && st.deps.quotas && st.deps.tenants) {
    // Read in place from the directory's snapshot: no copy on the way to answering a call.
    auto tenants = st.deps.tenants->snapshot();
    auto it = tenants->tenants.find(st.tenant);
    if (it != tenants->tenants.end())  // a tenant it does not know has no quota to count
      st.admission = st.deps.quotas->admit(it->second.view, clock_now(st.deps));
    if (st.admission && st.admission->verdict == QuotaTable::Verdict::reject) {
      reject_over_quota(self, hook, done);
      return;
    }
  }
  if (!st.key) {
    fetch_key(self, hook, done);
    return;
  }
  Batch batch(st, hook.request_digest,
              st.admission ? std::optional<Micros>(st.admission->at) : std::nullopt);
  auto ctx = context_for(st, hook.from, batch.now());
  st.from = hook.from;
  st.conversation = st.deps.brain->start(ctx);
  auto t0 = std::chrono::steady_clock::now();
  Reply hello = st.conversation->greet();
  auto brain_us = micros_since(t0);
  const auto& p = st.assistant->profile;
  batch.add(CallStarted{.call_sid = st.sid, .account_sid = hook.account_sid,
                        .assistant_id = st.assistant->id, .from = hook.from, .to = hook.to,
                        .direction = hook.direction, .language = hello.language,
                        .mode = stream ? "stream" : "twiml"});
  auto reply = reply_event(st, 0, hello, brain_us, batch.request_id());
  batch.add(reply);
  if (!stream) {  // a stream's greeting is spoken (and its AudioSent recorded) over the stream
    batch.add(audio_event(st, reply));
    st.tts_characters += utf8_length(reply.text);
  }
  if (st.admission && st.admission->verdict == QuotaTable::Verdict::overage)
    batch.add(CallOverage{.call_sid = st.sid, .assistant_id = st.assistant->id,
                          .month = st.admission->month, .calls_used = st.admission->used,
                          .quota = st.admission->quota,
                          .currency = st.deps.options.prices.currency,
                          .price_micros = st.deps.options.prices.overage_per_call_micros});
  st.started = true;
  st.stream = stream;
  st.greeting = stream_answer(reply);
  st.started_at = batch.now();
  st.last_action = reply.action;
  auto retry = caf::make_message(voice_atom::value, hook, done);
  std::string answer = stream ? render_stream_connect(hook.stream_url, st.sid, st.assistant->id,
                                                      st.tenant, hook.stream_action)
                              : render_reply(reply, p.voice_type, st.deps.options.gather_url);
  commit(self, std::move(batch), std::move(answer), std::move(done), std::move(retry));
}

// The end of every turn: the reply, its audio, a transfer when the reply is one, the append.
void finish_turn(CallActor* self, Batch batch, std::int32_t turn, const Reply& r,
                 std::int64_t brain_us, Callback<std::string> done) {
  auto& st = self->state;
  auto reply = reply_event(st, turn, r, brain_us, batch.request_id());
  for (const ToolUse& u : r.used)
    batch.add(QuestionAnswered{.call_sid = st.sid, .turn = turn, .tool = u.name,
                               .topic = u.topic, .answered = u.ok});
  if (r.ticket)
    batch.add(TicketOpened{.call_sid = st.sid, .turn = turn, .ticket_id = r.ticket->ticket_id,
                           .topic = r.ticket->topic, .order_number = r.ticket->order_number,
                           .summary = r.ticket->summary});
  batch.add(reply);
  if (!st.stream) batch.add(audio_event(st, reply));
  if (r.action == ReplyAction::transfer)
    batch.add(CallTransferred{.call_sid = st.sid, .to = r.transfer_to,
                              .reason = r.transfer_reason.empty() ? "caller-asked"
                                                                  : r.transfer_reason});
  if (!st.stream) st.tts_characters += utf8_length(reply.text);
  st.last_action = reply.action;
  st.transfer_to = r.action == ReplyAction::transfer ? r.transfer_to : std::string();
  const Ack ack = st.stream && r.action == ReplyAction::listen ? Ack::written : Ack::durable;
  commit(self, std::move(batch),
         st.stream ? stream_answer(reply)
                   : render_reply(reply, st.assistant->profile.voice_type,
                                  st.deps.options.gather_url),
         std::move(done), {}, ack);
}

ToolResult tool_result(const std::string& tool, const BookingDecision& d) {
  ToolResult res{.name = tool, .ok = d.verdict.ok()};
  res.reason = std::string(booking::to_string(d.verdict.reason));
  res.alternatives = d.verdict.alternatives;
  res.booking_id = d.booking.booking_id;
  return res;
}

// The calendar tools: the calendar decides (check_availability: without holding anything),
// the brain answers, the turn ends. Meanwhile the call's other webhooks wait in the mailbox.
// The brain's result arrives: the actor answers webhooks again, the turn ends.
void resume(CallActor* self) {
  self->set_default_handler(caf::print_and_drop);
  self->become(running(self));
}

// What the brain hears of a search, live or rebuilt from its BookingLookedUp.
ToolResult search_result(const BookingLookedUp& l) {
  ToolResult res{.name = "cancel_booking", .ok = l.found, .reason = l.reason};
  if (!l.found) return res;
  res.booking_id = l.booking_id;
  auto some = [](const std::string& v) { return v.empty() ? std::nullopt : std::optional(v); };
  res.booking = BookingConfirmed{.booking_id = l.booking_id, .kind = l.kind, .date = l.date,
                                 .time = l.time, .party_size = l.party_size,
                                 .resource = some(l.resource), .service = some(l.service)};
  if (l.nights > 0) res.booking.nights = l.nights;
  return res;
}

void run_cancel(CallActor* self, Batch batch, std::int32_t turn, ToolCall call,
                std::int64_t brain_us, Callback<std::string> done);
void run_search(CallActor* self, Batch batch, std::int32_t turn, ToolCall call,
                std::int64_t brain_us, Callback<std::string> done);

void run_booking(CallActor* self, Batch batch, std::int32_t turn, ToolCall call,
                 std::int64_t brain_us, Callback<std::string> done, int checks_left = 4) {
  auto& st = self->state;
  if (call.name == "cancel_booking") {
    auto run = call.booking.booking_id.empty() ? run_search : run_cancel;
    return run(self, std::move(batch), turn, std::move(call), brain_us, std::move(done));
  }
  if (!st.key) {
    done(Error::make(Errc::internal, "call " + st.sid + " has no data key"));
    retire(self);
    return;
  }
  const bool check = call.name == "check_availability";
  BookingConfirmed b = std::move(call.booking);
  b.booking_id = Uuid::from_name(kBookingNamespace, st.sid + "|" + batch.request_id()).str();
  b.assistant_id = st.assistant->id;
  b.call_sid = st.sid;
  Envelope e;
  e.stream = calendar_stream(b.assistant_id);
  e.tenant = st.tenant;
  e.event_id = Uuid::from_name(kCallEventNamespace, b.booking_id + "|confirmed");
  e.recorded_at = batch.now();
  e.data = b;
  seal_personal(e, *st.key);
  if (!check) batch.add(BookingRequested{.call_sid = st.sid, .booking = b});
  caf::actor me = caf::actor_cast<caf::actor>(self);
  Callback<BookingDecision> answer = [me](Result<BookingDecision> d) {
    caf::anon_send(me, booked_atom::value, BookingAnswer{std::move(d)});
  };
  self->send(st.deps.calendars, book_atom::value,
             BookRequest{std::move(e), st.assistant->profile.context_data, check},
             std::move(answer));
  auto pending = std::make_shared<Batch>(std::move(batch));
  std::string tool = call.name, booking_id = b.booking_id;
  AvailabilityChecked asked{.call_sid = st.sid, .turn = turn, .kind = b.kind, .date = b.date,
                            .time = b.time, .resource = b.resource.value_or(""),
                            .party_size = b.party_size};
  self->set_default_handler(caf::skip);
  self->become(caf::behavior{
      [=](booked_atom, BookingAnswer& a) {
        auto& st = self->state;
        resume(self);
        if (!a.decision) {  // the calendar could not record it: Twilio retries the webhook
          done(a.decision.error());
          retire(self);  // the conversation is ahead of the log
          return;
        }
        const auto res = tool_result(tool, *a.decision);
        if (check) {
          AvailabilityChecked checked = asked;
          checked.available = res.ok;
          checked.reason = res.reason;
          checked.alternatives = join(res.alternatives, ",");
          pending->add(std::move(checked));
        } else if (!res.ok) {
          pending->add(BookingRefused{.call_sid = st.sid, .booking_id = booking_id,
                                      .reason = res.reason,
                                      .alternatives = join(res.alternatives, ",")});
        }
        auto t0 = std::chrono::steady_clock::now();
        Reply r = st.conversation->result(res);
        // A check may ask for the next one in the same turn (no preference between practitioners:
        // each in turn until one is free); a rebuilt call replays them from the AvailabilityChecked
        // events. Bounded, so a brain that keeps asking cannot hold the turn.
        if (check && r.tool && r.tool->name == "check_availability" && checks_left > 0)
          return run_booking(self, std::move(*pending), turn, std::move(*r.tool),
                             brain_us + micros_since(t0), done, checks_left - 1);
        // A move: the new booking made, the old one (found earlier in the call) is cancelled.
        if (!check && res.ok && r.tool && r.tool->name == "cancel_booking" &&
            !r.tool->booking.booking_id.empty())
          return run_cancel(self, std::move(*pending), turn, std::move(*r.tool),
                            brain_us + micros_since(t0), done);
        r.tool.reset();
        finish_turn(self, std::move(*pending), turn, r, brain_us + micros_since(t0), done);
      },
  });
}

// cancel_booking without a booking id: the caller's booking among the assistant's upcoming
// ones (the bookings read model, personal fields opened on a worker thread), recorded as
// BookingLookedUp so a rebuilt call finds the same one.
void run_search(CallActor* self, Batch batch, std::int32_t turn, ToolCall call,
                std::int64_t brain_us, Callback<std::string> done) {
  auto& st = self->state;
  booking::BookingSearch search{.name = call.booking.name, .date = call.booking.date,
                                .not_before = call.not_before, .caller_phone = st.from,
                                .time = call.booking.time};
  BookingQuery q{.tenant_id = st.tenant, .assistant_id = st.assistant->id,
                 .from = search.date.empty() ? search.not_before : search.date,
                 .to = search.date, .status = "confirmed", .limit = 1000};
  caf::actor me = caf::actor_cast<caf::actor>(self);
  st.deps.find_bookings(std::move(q), [me](Result<std::vector<BookingView>> v) {
    caf::anon_send(me, found_atom::value, FoundBookings{std::move(v)});
  });
  auto pending = std::make_shared<Batch>(std::move(batch));
  self->set_default_handler(caf::skip);
  self->become(caf::behavior{
      [=](found_atom, FoundBookings& f) {
        auto& st = self->state;
        resume(self);
        if (!f.found) {  // the read models are not there (shutting down): Twilio retries
          done(f.found.error());
          retire(self);
          return;
        }
        std::vector<BookingConfirmed> upcoming;
        for (auto& v : *f.found) upcoming.push_back(std::move(v.booking));
        const auto m = booking::find_booking(upcoming, search);
        BookingLookedUp looked{.call_sid = st.sid, .turn = turn, .found = m.found,
                               .reason = m.reason};
        if (m.found) {
          const BookingConfirmed& b = upcoming[m.index];
          looked.booking_id = b.booking_id;
          looked.kind = b.kind;
          looked.date = b.date;
          looked.time = b.time;
          looked.resource = b.resource.value_or("");
          looked.service = b.service.value_or("");
          looked.party_size = b.party_size;
          looked.nights = b.nights.value_or(0);
          st.found.insert(b.booking_id);
        }
        const ToolResult res = search_result(looked);
        pending->add(std::move(looked));
        auto t0 = std::chrono::steady_clock::now();
        Reply r = st.conversation->result(res);
        // A booking to move, found with its new day and time said: the calendar is asked now.
        if (r.tool && r.tool->name == "check_availability")
          return run_booking(self, std::move(*pending), turn, std::move(*r.tool),
                             brain_us + micros_since(t0), done);
        finish_turn(self, std::move(*pending), turn, r, brain_us + micros_since(t0), done);
      },
  });
}

// cancel_booking with the booking id the search found: the calendar appends BookingCancelled
// (its event id fixed by the booking, so a retried webhook or an API cancel of the same
// booking is one cancellation); a refusal is BookingRefused on the call's stream.
void run_cancel(CallActor* self, Batch batch, std::int32_t turn, ToolCall call,
                std::int64_t brain_us, Callback<std::string> done) {
  auto& st = self->state;
  const std::string id = call.booking.booking_id;
  auto refuse = [self, turn, brain_us, id](Batch b, std::string reason, Callback<std::string> d) {
    auto& st = self->state;
    b.add(BookingRefused{.call_sid = st.sid, .booking_id = id, .reason = reason});
    auto t0 = std::chrono::steady_clock::now();
    Reply r = st.conversation->result(
        ToolResult{.name = "cancel_booking", .ok = false, .reason = reason, .booking_id = id});
    finish_turn(self, std::move(b), turn, r, brain_us + micros_since(t0), std::move(d));
  };
  if (!st.found.count(id)) return refuse(std::move(batch), "not_found", std::move(done));
  Envelope e;
  e.stream = calendar_stream(st.assistant->id);
  e.tenant = st.tenant;
  e.event_id = Uuid::from_name(kCallEventNamespace, id + "|cancelled");
  e.recorded_at = batch.now();
  e.data = BookingCancelled{.booking_id = id, .assistant_id = st.assistant->id,
                            .call_sid = st.sid, .reason = "caller"};
  caf::actor me = caf::actor_cast<caf::actor>(self);
  Callback<BookingConfirmed> answer = [me](Result<BookingConfirmed> c) {
    caf::anon_send(me, cancelled_atom::value, CancelAnswer{std::move(c)});
  };
  self->send(st.deps.calendars, cancel_atom::value, CancelRequest{std::move(e)}, std::move(answer));
  auto pending = std::make_shared<Batch>(std::move(batch));
  self->set_default_handler(caf::skip);
  self->become(caf::behavior{
      [=](cancelled_atom, CancelAnswer& a) {
        auto& st = self->state;
        resume(self);
        if (!a.cancelled) {
          const Errc code = a.cancelled.error().code;
          if (code == Errc::conflict || code == Errc::not_found)
            return refuse(std::move(*pending), code == Errc::conflict ? "cancelled" : "not_found",
                          done);
          done(a.cancelled.error());  // not recorded: Twilio retries the webhook
          retire(self);
          return;
        }
        auto t0 = std::chrono::steady_clock::now();
        Reply r = st.conversation->result(
            ToolResult{.name = "cancel_booking", .ok = true, .booking_id = id});
        finish_turn(self, std::move(*pending), turn, r, brain_us + micros_since(t0), done);
      },
  });
}

// One turn of the caller's: what was heard (speech, or keys), the brain's answer, and the
// tools it asks for.
void hear_turn(CallActor* self, Batch batch, const std::string& heard, double confidence,
               const char* source, Callback<std::string> done) {
  auto& st = self->state;
  std::int32_t turn = ++st.turn;
  batch.add(UtteranceTranscribed{.call_sid = st.sid, .turn = turn, .text = heard,
                                 .confidence = confidence, .source = source});
  auto t0 = std::chrono::steady_clock::now();
  Reply r = st.conversation->hear(heard, confidence);
  auto brain_us = micros_since(t0);
  if (r.tool) {
    run_booking(self, std::move(batch), turn, std::move(*r.tool), brain_us, std::move(done));
    return;
  }
  finish_turn(self, std::move(batch), turn, r, brain_us, std::move(done));
}

void on_gather(CallActor* self, GatherWebhook& hook, Callback<std::string>& done) {
  auto& st = self->state;
  if (foreign(self, hook.tenant_id, done)) return;
  if (answer_retry(st, hook.request_digest, done)) return;
  if (!st.started) {
    done(Error::make(Errc::not_found, "no call " + st.sid + " was started here"));
    retire(self);
    return;
  }
  if (st.ended || !st.conversation) {
    done(twilio::Twiml().hangup().str());
    return;
  }
  // Keys pressed instead of speech reach the brain as text ("4" for four people).
  std::string heard = hook.has_speech ? hook.speech_result : hook.digits;
  if (hook.has_speech) ++st.stt_units;
  hear_turn(self, Batch(st, hook.request_digest), heard,
            hook.has_speech ? hook.confidence : 1.0, hook.has_speech ? "twilio-gather" : "dtmf",
            std::move(done));
}

// -- Media Streams (mode "stream") --

// A stream message about a call this actor cannot serve as a stream: not started here, not
// a stream call, or another tenant's. True when it answered.
bool refuse_stream(CallActor* self, const std::string& tenant, Callback<std::string>& done) {
  auto& st = self->state;
  if (foreign(self, tenant, done)) return true;
  if (!st.started || !st.stream) {
    done(Error::make(Errc::not_found, "no stream call " + st.sid));
    if (!st.started) retire(self);
    return true;
  }
  return false;
}

void on_stream_start(CallActor* self, StreamStart& s, Callback<std::string>& done) {
  auto& st = self->state;
  if (refuse_stream(self, s.tenant_id, done)) return;
  if (st.ended) return done(Error::make(Errc::not_found, "call " + st.sid + " has ended"));
  done(st.greeting);
}

// A key is a turn like a Gather's Digits: UtteranceTranscribed (source "dtmf") and the reply.
// Its request id is the stream and the message's number, so a replayed frame dedupes.
void on_stream_dtmf(CallActor* self, StreamDtmf& d, Callback<std::string>& done) {
  auto& st = self->state;
  if (refuse_stream(self, d.tenant_id, done)) return;
  if (st.ended || !st.conversation) return done(std::string());  // nothing after the end
  const std::string request_id = "stream|" + d.stream_sid + "|" + std::to_string(d.sequence);
  if (answer_retry(st, request_id, done)) return;
  hear_turn(self, Batch(st, request_id), std::string(1, d.digit), 1.0, "dtmf", std::move(done));
}

// What the recogniser heard at the end of an utterance is a turn. Its request id is the
// stream and the utterance's number, so a repeated message dedupes.
void on_stream_utterance(CallActor* self, StreamUtterance& u, Callback<std::string>& done) {
  auto& st = self->state;
  if (refuse_stream(self, u.tenant_id, done)) return;
  if (st.ended || !st.conversation) return done(std::string());
  const std::string request_id = "stream|" + u.stream_sid + "|utterance-" + std::to_string(u.index);
  if (answer_retry(st, request_id, done)) return;
  ++st.stt_units;
  hear_turn(self, Batch(st, request_id), u.text, u.confidence, "stream", std::move(done));
}

// A reply reached the caller, whole or cut short: AudioSent with what was played, and when the
// caller interrupted it, ReplyInterrupted (the conversation keeps only what was heard); the
// turn's timing when the stream measured it. Once per turn.
void on_stream_played(CallActor* self, StreamPlayed& p, Callback<std::string>& done) {
  auto& st = self->state;
  if (refuse_stream(self, p.tenant_id, done)) return;
  if (st.ended || p.turn < 0 || p.turn > st.turn || st.played.count(p.turn))
    return done(std::string());
  Batch batch(st, "stream|" + p.stream_sid + "|played-" + std::to_string(p.turn));
  if (p.interrupted) {
    batch.add(ReplyInterrupted{.call_sid = st.sid, .turn = p.turn, .heard_ms = p.played_ms,
                               .reply_ms = p.reply_ms, .heard_text = p.heard_text});
    if (st.conversation) st.conversation->cut_short(p.heard_text);
  }
  if (p.timing)
    batch.add(TurnTimed{.call_sid = st.sid, .turn = p.turn, .silence_ms = p.timing->silence_ms,
                        .stt_micros = p.timing->stt_micros,
                        .brain_micros = p.timing->brain_micros,
                        .tts_micros = p.timing->tts_micros,
                        .engine_micros = p.timing->engine_micros,
                        .total_micros = p.timing->total_micros});
  // Characters are what CallCosted charges speech for: those spoken, not those generated.
  AudioSent sent{.call_sid = st.sid, .turn = p.turn, .channel = "media-stream",
                 .voice = p.voice, .language = p.language,
                 .characters = utf8_length(p.interrupted ? p.heard_text : p.text),
                 .duration_ms = p.played_ms};
  st.tts_characters += sent.characters;
  batch.add(sent);
  st.played.insert(p.turn);
  commit(self, std::move(batch), std::string(), std::move(done));
}

// The end of a call, however it came (Twilio's status callback, the stream's end): CallEnded
// and what the call cost, in one append.
void end_call(CallActor* self, Batch batch, std::string status, std::int32_t seconds,
              std::string reason, std::string answer, Callback<std::string> done) {
  auto& st = self->state;
  batch.add(CallEnded{.call_sid = st.sid, .status = std::move(status),
                      .duration_seconds = seconds, .reason = std::move(reason)});
  // LLM tokens: the local brain uses none; a remote brain's count belongs here.
  CallUsage usage{.duration_seconds = seconds, .stt_units = st.stt_units, .llm_tokens = 0,
                  .tts_characters = st.tts_characters};
  batch.add(cost_call(st.sid, st.assistant ? st.assistant->id : "", usage,
                      st.deps.options.prices));
  st.ended = true;
  commit(self, std::move(batch), std::move(answer), std::move(done));
}

std::int32_t seconds_since_start(const CallState& st, const Batch& batch) {
  const Micros lasted = batch.now() > st.started_at ? batch.now() - st.started_at : 0;
  return static_cast<std::int32_t>(lasted / 1'000'000);
}

// Why a stream call ended, as CallEnded says it. After a transfer reply it is "transferred"
// (as a TwiML call's status callback says it): the <Connect action> dials whatever closed the
// socket, unless Twilio's stop said the call itself is over (the caller hung up first).
std::string stream_end_reason(const CallState& st, const std::string& reason) {
  if (reason == "hangup") return "assistant-hangup";
  if (reason == "transfer" || (st.last_action == "transfer" && reason != "stopped"))
    return "transferred";
  return "stream-" + reason;
}

// The stream's end is the call's: CallEnded (and CallCosted) once, whatever ends it first (the
// stream, the <Connect action>, or Twilio's status callback, which then records nothing).
void on_stream_end(CallActor* self, StreamEnd& e, Callback<std::string>& done) {
  auto& st = self->state;
  if (refuse_stream(self, e.tenant_id, done)) return;
  if (st.ended) return done(std::string());
  Batch batch(st, "stream-end|" + e.stream_sid);
  const std::int32_t seconds = seconds_since_start(st, batch);
  end_call(self, std::move(batch), "completed", seconds, stream_end_reason(st, e.reason),
           std::string(), std::move(done));
}

// The <Connect action>: Twilio asks what to do once the stream is over. The answer depends only
// on the call's last reply (a transfer: <Dial>; anything else: <Hangup/>), so a retry, even to
// an actor rebuilt from the log, gets the same one. Normally the stream's end is recorded by
// then (our socket sends it before it closes, and this actor handles its messages in order);
// when it is not (the engine restarted under the socket), this request records it, once.
void on_connect_action(CallActor* self, ConnectActionWebhook& hook, Callback<std::string>& done) {
  auto& st = self->state;
  if (foreign(self, hook.tenant_id, done)) return;
  if (answer_retry(st, hook.request_digest, done)) return;
  if (!st.started) {  // a call we never answered: nothing to record, nobody to put through
    done(render_stream_ended(""));
    retire(self);
    return;
  }
  std::string answer =
      render_stream_ended(st.stream && st.last_action == "transfer" ? st.transfer_to : "");
  if (st.ended || !st.stream) return done(std::move(answer));
  Batch batch(st, hook.request_digest);
  const std::int32_t seconds = seconds_since_start(st, batch);
  end_call(self, std::move(batch), "completed", seconds, stream_end_reason(st, "socket-closed"),
           std::move(answer), std::move(done));
}

void on_status(CallActor* self, StatusWebhook& hook, Callback<std::string>& done) {
  auto& st = self->state;
  if (foreign(self, hook.tenant_id, done)) return;
  if (!is_terminal(hook.call_status) || st.ended) {
    done(render_empty());
    return;
  }
  if (!st.started) {  // a call we rejected or never saw: nothing to record
    done(render_empty());
    retire(self);
    return;
  }
  std::string reason = st.last_action == "hangup"     ? "assistant-hangup"
                       : st.last_action == "transfer" ? "transferred"
                                                      : "caller-hangup";
  end_call(self, Batch(st, hook.request_digest), hook.call_status, hook.call_duration, reason,
           render_empty(), std::move(done));
}

// Rebuilds the call from its stream: the conversation is replayed, the answers are re-rendered.
void rebuild(CallActor* self, const std::vector<Envelope>& events) {
  auto& st = self->state;
  // The last utterance asked for make_booking, or cancel_booking of a booking found: its
  // result comes next, a refusal as BookingRefused, a success as nothing before the reply.
  std::string pending_tool;
  // A check_availability whose AvailabilityChecked should come next. A call recorded by an
  // engine older than that event has none: its reply went on as if the time were free.
  bool pending_check = false;
  // What the brain asks next, after an utterance or a tool's result: a result may ask for
  // another tool in the same turn (a check after a search, the old booking's cancellation after
  // a move's new booking), whose own result comes next.
  auto follow = [&](const Reply& r) {
    const auto& tool = r.tool;
    const bool decides = tool && (tool->name == "make_booking" ||
                                  (tool->name == "cancel_booking" && !tool->booking.booking_id.empty()));
    pending_tool = decides ? tool->name : "";
    pending_check = tool && tool->name == "check_availability";
  };
  for (const auto& e : events) {
    st.version = e.version;
    if (auto* s = std::get_if<CallStarted>(&e.data)) {
      st.started = true;
      st.tenant = e.tenant;
      if (!st.assistant) st.assistant = st.deps.directory->get(s->assistant_id);
      if (!st.assistant) {  // deleted since: keep answering in the call's language
        st.assistant = AssistantView{.id = s->assistant_id};
        st.assistant->profile.language = s->language;
      }
      st.from = s->from;
      st.stream = s->mode == "stream";
      st.started_at = e.recorded_at;
      st.conversation = st.deps.brain->start(context_for(st, s->from, e.recorded_at));
      (void)st.conversation->greet();
    } else if (auto* u = std::get_if<UtteranceTranscribed>(&e.data)) {
      st.turn = u->turn;
      if (u->source == "twilio-gather") ++st.stt_units;
      if (st.conversation) follow(st.conversation->hear(u->text, u->confidence));
    } else if (auto* checked = std::get_if<AvailabilityChecked>(&e.data)) {
      pending_check = false;
      if (st.conversation)
        follow(st.conversation->result(ToolResult{.name = "check_availability",
                                                  .ok = checked->available,
                                                  .reason = checked->reason,
                                                  .alternatives = split_list(checked->alternatives)}));
    } else if (auto* looked = std::get_if<BookingLookedUp>(&e.data)) {
      if (looked->found) st.found.insert(looked->booking_id);
      if (st.conversation) follow(st.conversation->result(search_result(*looked)));
    } else if (auto* refused = std::get_if<BookingRefused>(&e.data)) {
      // The old booking's cancellation refused after a move's new booking was made: that
      // booking went through (nothing recorded it on this stream), then this refusal.
      if (st.conversation && pending_tool == "make_booking" && st.found.count(refused->booking_id))
        follow(st.conversation->result(ToolResult{.name = pending_tool, .ok = true}));
      if (st.conversation && !pending_tool.empty()) {
        const std::string tool = std::exchange(pending_tool, "");
        follow(st.conversation->result(ToolResult{.name = tool, .ok = false,
                                                  .reason = refused->reason,
                                                  .alternatives = split_list(refused->alternatives),
                                                  .booking_id = refused->booking_id}));
      }
      pending_tool.clear();
    } else if (auto* r = std::get_if<ReplyGenerated>(&e.data)) {
      if (st.conversation && pending_check) {
        pending_check = false;
        follow(st.conversation->result(ToolResult{.name = "check_availability", .ok = true}));
      }
      pending_check = false;
      // A tool asked for and not refused was done: the calendar booked (or cancelled) it; a
      // result may ask for the next (a move: the old booking's cancellation).
      for (int n = 0; st.conversation && !pending_tool.empty() && n < 5; ++n) {
        const std::string tool = std::exchange(pending_tool, "");
        follow(st.conversation->result(ToolResult{.name = tool, .ok = true}));
      }
      pending_tool.clear();
      st.last_action = r->action;
      st.transfer_to = r->action == "transfer" ? r->transfer_to : std::string();
      if (st.stream && r->turn == 0) st.greeting = stream_answer(*r);
      st.last_answer = st.stream ? stream_answer(*r)
                                 : render_reply(*r, st.assistant ? st.assistant->profile.voice_type
                                                                 : "",
                                                st.deps.options.gather_url);
      if (!r->request_id.empty()) st.answers[r->request_id] = st.last_answer;
    } else if (auto* a = std::get_if<AudioSent>(&e.data)) {
      st.tts_characters += a->characters;
      if (st.stream) st.played.insert(a->turn);
    } else if (auto* u = std::get_if<UtteranceTranscribed>(&e.data)) {
      if (u->source == "stream") ++st.stt_units;
    } else if (auto* rj = std::get_if<CallRejected>(&e.data)) {
      st.rejected = st.ended = true;
      st.tenant = e.tenant;
      if (!st.assistant) st.assistant = st.deps.directory->get(rj->assistant_id);
      if (!st.assistant) st.assistant = AssistantView{.id = rj->assistant_id};
      const auto& p = st.assistant->profile;
      st.last_answer = render_quota_reject(rj->language, p.voice_type);
    } else if (std::holds_alternative<CallEnded>(e.data)) {
      st.ended = true;
    } else if (std::holds_alternative<CallErased>(e.data)) {
      st.ended = true;  // nothing more is recorded about an erased call
      st.transfer_to.clear();
      st.key.reset();
      st.conversation.reset();
    }
  }
}

void touch(CallActor* self) { self->state.last_activity = now_micros(); }

caf::behavior running(CallActor* self) {
  return {
      [=](voice_atom, VoiceWebhook& h, Callback<std::string>& done) {
        touch(self);
        on_voice(self, h, done);
      },
      [=](gather_atom, GatherWebhook& h, Callback<std::string>& done) {
        touch(self);
        on_gather(self, h, done);
      },
      [=](status_atom, StatusWebhook& h, Callback<std::string>& done) {
        touch(self);
        on_status(self, h, done);
      },
      [=](stream_atom, StreamStart& s, Callback<std::string>& done) {
        touch(self);
        on_stream_start(self, s, done);
      },
      [=](stream_atom, StreamDtmf& d, Callback<std::string>& done) {
        touch(self);
        on_stream_dtmf(self, d, done);
      },
      [=](stream_atom, StreamEnd& e, Callback<std::string>& done) {
        touch(self);
        on_stream_end(self, e, done);
      },
      [=](stream_atom, StreamUtterance& u, Callback<std::string>& done) {
        touch(self);
        on_stream_utterance(self, u, done);
      },
      [=](stream_atom, StreamPlayed& p, Callback<std::string>& done) {
        touch(self);
        on_stream_played(self, p, done);
      },
      [=](stream_atom, ConnectActionWebhook& h, Callback<std::string>& done) {
        touch(self);
        on_connect_action(self, h, done);
      },
      [=](idle_atom) {
        auto idle = self->state.deps.options.call_idle_timeout;
        if (now_micros() - self->state.last_activity >= idle) retire(self);
        else self->delayed_send(self, std::chrono::microseconds(idle), idle_atom::value);
      },
      [=](erase_atom) {
        // Erased while live: forget the key and the conversation (they hold personal data),
        // end the call and retire. Later webhooks find the erased stream and hang up.
        auto& st = self->state;
        st.key.reset();
        st.conversation.reset();
        st.answers.clear();
        st.last_answer.clear();
        st.transfer_to.clear();
        st.ended = true;
        retire(self);
      },
      [=](retire_atom) { self->quit(); },
  };
}

// On a worker thread: the stream, its key, and the personal fields opened. A started call with
// no key and no CallErased predates sealing: it gets a key now, so what it appends from here on
// is sealed.
LoadedStream load_call(const EventLog& log, DataKeyStore& keys, const std::string& stream) {
  LoadedStream out{log.read_stream(stream)};
  if (!out.events || out.events->empty()) return out;
  auto key = keys.get(stream);
  if (!key) return LoadedStream{std::move(key).error()};
  bool erased = false;
  for (const auto& e : *out.events) erased |= std::holds_alternative<CallErased>(e.data);
  if (!*key && !erased) {
    auto made = keys.get_or_create(stream, out.events->front().tenant,
                                   out.events->front().recorded_at, "");
    if (!made) return LoadedStream{std::move(made).error()};
    *key = *made;
  }
  if (erased) key->reset();
  for (auto& e : *out.events) {
    if (erased) erase_personal(e);
    else open_personal(e, *key);
  }
  out.key = *key;
  return out;
}

// Reads the call's stream off the actor threads; webhooks wait in the mailbox meanwhile, then
// the call is rebuilt from the events and the actor runs.
caf::behavior loading(CallActor* self) {
  auto& st = self->state;
  self->set_default_handler(caf::skip);
  caf::actor me = caf::actor_cast<caf::actor>(self);
  const EventLog* log = st.deps.log;
  DataKeyStore* keys = st.deps.keys;
  std::string stream = call_stream(st.sid);
  bool posted = st.deps.readers->post([=] {
    caf::anon_send(me, loaded_atom::value, load_call(*log, *keys, stream));
  });
  if (!posted)
    caf::anon_send(me, loaded_atom::value,
                   LoadedStream{Error::make(Errc::unavailable, "engine stopping")});
  return caf::behavior{
      [=](loaded_atom, LoadedStream& loaded) {
        if (!loaded.events) {
          // Unreadable stream: answer what is queued with the error, then retire.
          self->become(caf::behavior{
              [=](voice_atom, VoiceWebhook&, Callback<std::string>& d) { d(loaded.events.error()); },
              [=](gather_atom, GatherWebhook&, Callback<std::string>& d) { d(loaded.events.error()); },
              [=](status_atom, StatusWebhook&, Callback<std::string>& d) { d(loaded.events.error()); },
              [=](stream_atom, StreamStart&, Callback<std::string>& d) { d(loaded.events.error()); },
              [=](stream_atom, StreamDtmf&, Callback<std::string>& d) { d(loaded.events.error()); },
              [=](stream_atom, StreamEnd&, Callback<std::string>& d) { d(loaded.events.error()); },
              [=](stream_atom, ConnectActionWebhook&, Callback<std::string>& d) {
                d(loaded.events.error());
              },
              [=](retire_atom) { self->quit(); },
          });
          retire(self);
          return;
        }
        self->state.key = loaded.key;
        rebuild(self, *loaded.events);
        self->set_default_handler(caf::print_and_drop);
        self->become(running(self));
      },
  };
}

// A stale fresh actor (the call was in the log after all, e.g. Twilio retried the incoming
// call after a restart): forget what was assumed, read the stream, and handle `retry` again on
// the rebuilt call, where the answers of requests already served are known.
void reload(CallActor* self, caf::message retry) {
  auto& st = self->state;
  st.started = st.ended = false;
  st.conversation.reset();
  st.turn = 0;
  st.version = 0;
  st.answers.clear();
  st.last_action.clear();
  st.transfer_to.clear();
  st.last_answer.clear();
  st.rejected = false;
  st.stream = false;
  st.greeting.clear();
  st.stt_units = 0;
  st.tts_characters = 0;
  self->send(self, std::move(retry));
  self->become(loading(self));
}

// `fresh`: the registry saw no live actor for an incoming call; most likely the call is new,
// so the actor skips reading its stream. The first append expects an empty stream: if the
// call existed, that append says so (duplicate or conflict) and the actor reloads.
caf::behavior call_actor(CallActor* self, std::string sid, std::optional<AssistantView> assistant,
                         CallDeps deps, caf::actor registry, bool fresh) {
  auto& st = self->state;
  st.sid = std::move(sid);
  st.assistant = std::move(assistant);
  st.deps = std::move(deps);
  st.registry = std::move(registry);
  st.fresh = fresh;
  touch(self);
  auto idle = st.deps.options.call_idle_timeout;
  self->delayed_send(self, std::chrono::microseconds(idle), idle_atom::value);
  return fresh ? running(self) : loading(self);
}

// -- the registry --

struct RegistryState {
  CallDeps deps;
  std::unordered_map<std::string, caf::actor> calls;
  bool accepting = true;
  static inline const char* name = "call-registry";
};
using Registry = caf::stateful_actor<RegistryState>;

caf::actor find_or_spawn(Registry* self, const std::string& sid,
                         std::optional<AssistantView> assistant, bool fresh = false) {
  auto& st = self->state;
  auto it = st.calls.find(sid);
  if (it != st.calls.end()) return it->second;
  auto me = caf::actor_cast<caf::actor>(self);
  auto a = self->spawn(call_actor, sid, std::move(assistant), st.deps, me, fresh);
  self->monitor(a);
  st.calls.emplace(sid, a);
  st.deps.live_calls->store(st.calls.size(), std::memory_order_relaxed);
  return a;
}

void forget(Registry* self, const std::string& sid, const caf::actor_addr& who) {
  auto& st = self->state;
  auto it = st.calls.find(sid);
  if (it != st.calls.end() && it->second.address() == who) st.calls.erase(it);
  st.deps.live_calls->store(st.calls.size(), std::memory_order_relaxed);
}

caf::behavior call_registry(Registry* self, CallDeps deps) {
  self->state.deps = std::move(deps);
  self->set_down_handler([=](caf::down_msg& dm) {
    auto& calls = self->state.calls;
    for (auto it = calls.begin(); it != calls.end(); ++it)
      if (it->second.address() == dm.source) {
        calls.erase(it);
        break;
      }
    self->state.deps.live_calls->store(calls.size(), std::memory_order_relaxed);
  });
  self->set_exit_handler([=](caf::exit_msg& em) {
    for (auto& [sid, a] : self->state.calls) self->send_exit(a, em.reason);
    self->quit(em.reason);
  });
  return {
      [=](voice_atom a, VoiceWebhook& h, Callback<std::string>& done) {
        auto& st = self->state;
        auto it = st.calls.find(h.call_sid);
        if (it != st.calls.end()) {
          self->send(it->second, a, std::move(h), std::move(done));
          return;
        }
        if (!st.accepting) {
          done(Error::make(Errc::unavailable, "the engine is shutting down"));
          return;
        }
        auto assistant = st.deps.directory->active_for_number(h.to);
        // A number nobody serves, or one that moved to another tenant since the signature
        // was checked: no call is answered.
        if (!assistant || (!h.tenant_id.empty() && assistant->tenant_id != h.tenant_id)) {
          done(render_reject());
          return;
        }
        self->send(find_or_spawn(self, h.call_sid, std::move(assistant), /*fresh=*/true), a,
                   std::move(h), std::move(done));
      },
      [=](gather_atom a, GatherWebhook& h, Callback<std::string>& done) {
        self->send(find_or_spawn(self, h.call_sid, std::nullopt), a, std::move(h),
                   std::move(done));
      },
      [=](status_atom a, StatusWebhook& h, Callback<std::string>& done) {
        self->send(find_or_spawn(self, h.call_sid, std::nullopt), a, std::move(h),
                   std::move(done));
      },
      [=](stream_atom a, StreamStart& s, Callback<std::string>& done) {
        self->send(find_or_spawn(self, s.call_sid, std::nullopt), a, std::move(s),
                   std::move(done));
      },
      [=](stream_atom a, StreamDtmf& d, Callback<std::string>& done) {
        self->send(find_or_spawn(self, d.call_sid, std::nullopt), a, std::move(d),
                   std::move(done));
      },
      [=](stream_atom a, StreamEnd& e, Callback<std::string>& done) {
        self->send(find_or_spawn(self, e.call_sid, std::nullopt), a, std::move(e),
                   std::move(done));
      },
      [=](stream_atom a, StreamUtterance& u, Callback<std::string>& done) {
        self->send(find_or_spawn(self, u.call_sid, std::nullopt), a, std::move(u),
                   std::move(done));
      },
      [=](stream_atom a, StreamPlayed& p, Callback<std::string>& done) {
        self->send(find_or_spawn(self, p.call_sid, std::nullopt), a, std::move(p),
                   std::move(done));
      },
      [=](stream_atom a, ConnectActionWebhook& h, Callback<std::string>& done) {
        self->send(find_or_spawn(self, h.call_sid, std::nullopt), a, std::move(h),
                   std::move(done));
      },
      [=](retire_atom a, const std::string& sid) {
        auto who = self->current_sender();
        forget(self, sid, caf::actor_cast<caf::actor_addr>(who));
        self->send(caf::actor_cast<caf::actor>(who), a);
      },
      [=](accepting_atom, bool on) { self->state.accepting = on; },
      [=](erase_atom a, const std::string& sid) {
        auto it = self->state.calls.find(sid);
        if (it != self->state.calls.end()) self->send(it->second, a);
      },
  };
}

}  // namespace

caf::actor spawn_call_registry(caf::actor_system& sys, CallDeps deps) {
  return sys.spawn(call_registry, std::move(deps));
}

}  // namespace webox
