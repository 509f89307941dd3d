// One actor per phone call, and the registry that routes a CallSid to it.
//
//   caf::actor calls = spawn_call_registry(sys, CallDeps{...});
//   caf::anon_send(calls, voice_atom::value, VoiceWebhook{...}, Callback<std::string>{...});
//   caf::anon_send(calls, gather_atom::value, GatherWebhook{...}, cb);
//   caf::anon_send(calls, status_atom::value, StatusWebhook{...}, cb);
//
// A call goes greeting -> listening <-> replying -> ended:
//   voice   -> CallStarted, ReplyGenerated (greeting), AudioSent              -> <Gather><Say>
//   gather  -> UtteranceTranscribed, [AvailabilityChecked | BookingLookedUp |
//              BookingRequested, [BookingRefused]], [QuestionAnswered], [TicketOpened],
//              ReplyGenerated, AudioSent, [CallTransferred]
//   status  -> CallEnded (terminal CallStatus only)                            -> <Response />
// A stream call (mode "stream") answers voice with <Connect action=".../twilio/stream-ended">
// <Stream>, hears and speaks over the socket (stream_atom: start, dtmf, utterance, played) and
// ends with the stream (StreamEnd: CallEnded "stream-<code>", "assistant-hangup", or
// "transferred" once a transfer reply was heard). Then Twilio posts the <Connect action>
// (ConnectActionWebhook), answered from the call's last reply: a transfer -> <Dial>NUMBER</Dial>
// (the CallTransferred of that turn's append; its words were said over the stream), anything
// else -> <Hangup/>. So a socket that dropped (Twilio's side, the network) hangs up, unless the
// transfer was being said: the call has ended in the log, and a new stream would carry on a call
// the log says is over, while the caller who asked for a person still gets one. An unknown call
// hangs up too. The action records nothing when the stream's end is already recorded (a retry
// answers the same); if it is not (the engine restarted under the socket) it records CallEnded
// once, with the request's digest as id.
// All events of one webhook are one append to stream "call-<CallSid>"; the TwiML answer is
// given after the append is durable. Event ids derive from (CallSid, body digest, index), so a
// Twilio retry of the same request writes nothing new and gets the same answer, even after a
// restart (the answer is rebuilt from the stored ReplyGenerated with that request_id).
//
// An actor whose CallSid has no live actor is spawned on demand and first reads its stream:
// after a restart mid-call it replays the utterances into a fresh conversation (brains are
// deterministic) and carries on. Ended calls and calls idle for `call_idle_timeout` retire:
// the actor asks the registry to forget it, and quits when the registry confirms, so no
// webhook is ever sent to an actor that is gone.
//
// Quota (actors/quota_table.h): before a new call is answered its tenant's month is counted.
// Past the plan's quota, policy "reject" answers a short apology and <Hangup/> and records only
// CallRejected; policy "overage" answers as usual and adds CallOverage to the first append.
// A call crossing 80 or 100 % of the quota appends the QuotaWarning(s) to the tenant's quota
// stream before its answer leaves. The status webhook that ends a call appends CallCosted with
// CallEnded (events/pricing.h: duration, speech blocks, LLM tokens, characters spoken), in the
// same append, so Twilio's retries of it dedupe like every other webhook.
//
// Bookings (adapters/brain/tool_set.h): when the brain answers a turn with make_booking, the
// actor seals the BookingConfirmed with the call's key and asks the assistant's calendar
// (actors/calendar_actor.h), waiting (other webhooks of the call queue meanwhile). The
// calendar's decision goes back to the brain, whose reply ends the turn; the turn's append
// records BookingRequested, and BookingRefused when the calendar said no, so a call rebuilt
// from its stream feeds the brain the same results. The booking id derives from the CallSid
// and the webhook's digest: a retry asks for the same booking and the calendar books it once.
// cancel_booking works the same way in two steps: its search (no booking id) asks the
// bookings read model (CallDeps::find_bookings, on a worker thread), picks the caller's
// booking (adapters/booking/find_booking.h) and records BookingLookedUp; its cancellation
// takes only an id that call's search found, and the calendar appends BookingCancelled (a
// refusal: BookingRefused on the call's stream). A complaint the brain took down
// (Reply::ticket) is recorded as TicketOpened in the turn's append.
//
// Personal data (actors/personal_data.h): before a new call's first append the actor gets the
// call's data key from the key store (on a worker thread, synced before anything is sealed
// with it), seals the personal fields of every event it appends and opens them when it
// rebuilds a call from its stream. The registry's `erase_atom, sid` makes a live call forget
// its key and conversation and end: later webhooks of that call get a hang-up.
#pragma once

#include <atomic>
#include <functional>
#include <vector>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/allowed_unsafe_message_type.hpp>

#include "actors/assistant_directory.h"
#include "actors/quota_table.h"
#include "actors/tenant_directory.h"
#include "actors/blocking_worker.h"
#include "actors/engine.h"
#include "adapters/brain/brain.h"
#include "projections/booking_views.h"
#include "actors/key_creator.h"
#include "storage/data_keys.h"
#include "storage/event_log.h"

namespace webox {

struct CallDeps {
  caf::actor log_writer;
  const EventLog* log = nullptr;
  BlockingWorker* readers = nullptr;       // stream reads run here, never on actor threads
  DataKeyStore* keys = nullptr;            // the calls' data keys (also used on `readers`)
  KeyCreator* key_creator = nullptr;       // a new call's key, synced in a group commit
  const AssistantDirectory* directory = nullptr;
  const Brain* brain = nullptr;
  std::atomic<std::size_t>* live_calls = nullptr;
  const TenantDirectory* tenants = nullptr;  // plan and over-quota policy of the call's tenant
  QuotaTable* quotas = nullptr;              // answered calls of the month (quota_table.h)
  caf::actor calendars;                      // the assistants' calendars (calendar_actor.h)
  // cancel_booking's search: an assistant's bookings with their personal fields opened (the
  // bookings read model through actors/read_model_queries.h), answered off the actor threads.
  std::function<void(BookingQuery, Callback<std::vector<BookingView>>)> find_bookings;
  EngineOptions options;
};

// cancel_booking's search, back to the call actor that asked.
struct FoundBookings {
  Result<std::vector<BookingView>> found = Error::make(Errc::internal, "no answer");
};

caf::actor spawn_call_registry(caf::actor_system& sys, CallDeps deps);

}  // namespace webox

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::FoundBookings)
