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
#include <string>
#include <vector>

#include "events/envelope.h"
#include "events/result.h"

namespace webox {

template <class T>
using Callback = std::function<void(Result<T>)>;

// -- Twilio webhooks, already parsed from their form bodies --

struct VoiceWebhook {
  std::string call_sid, account_sid, from, to, call_status, direction;
  std::string request_digest;  // hash of the raw body: a retry has the same digest
};

struct GatherWebhook {
  std::string call_sid;
  bool has_speech = false;     // SpeechResult present (even if empty)
  std::string speech_result;
  double confidence = 0;
  std::string digits;
  std::string request_digest;
};

struct StatusWebhook {
  std::string call_sid, call_status;
  std::int32_t call_duration = 0;
  std::string request_digest;
};

// -- assistants --

struct AssistantView {
  std::string id;
  AssistantProfile profile;
  Micros created_at = 0;
  Micros updated_at = 0;
  std::uint64_t version = 0;
};

struct EngineOptions {
  std::string data_dir = "./data";
  std::size_t actor_threads = 0;       // 0: hardware concurrency
  std::string gather_url = "/twilio/gather";  // where <Gather action=...> points
  std::string voice_url = "/twilio/voice";
  int max_silent_turns = 2;            // silences in a row before the assistant hangs up
  Micros call_idle_timeout = 3'600'000'000;  // an actor with no webhook for this long stops
};

class Engine {
 public:
  virtual ~Engine() = default;

  // -- Twilio calls (answers are TwiML documents) --
  virtual void on_incoming_call(VoiceWebhook hook, Callback<std::string> done) = 0;
  virtual void on_gather(GatherWebhook hook, Callback<std::string> done) = 0;
  virtual void on_status(StatusWebhook hook, Callback<std::string> done) = 0;

  // -- assistants (Errc::invalid_argument names the field; Errc::conflict for a number in use) --
  virtual void create_assistant(AssistantProfile profile, Callback<AssistantView> done) = 0;
  virtual void update_assistant(AssistantUpdated patch, Callback<AssistantView> done) = 0;
  virtual void delete_assistant(std::string id, Callback<AssistantView> done) = 0;
  virtual void get_assistant(std::string id, Callback<AssistantView> done) = 0;
  virtual void list_assistants(Callback<std::vector<AssistantView>> done) = 0;

  // -- the log --
  virtual void call_events(std::string call_sid, Callback<std::vector<Envelope>> done) = 0;

  // -- lifecycle --
  virtual std::size_t calls_in_progress() const = 0;
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
