// Streaming speech-to-text: what a call in stream mode feeds the caller's audio into.
//
//   auto context = std::make_shared<SpeechContext>(SpeechContext{"assistant-42", "en",
//                                                                caller_phrases(business)});
//   auto session = stt.open({.language = "en", .sample_rate_hz = 8000, .context = context},
//                           [call = actor](Result<Transcript> t) {   // on the engine's thread
//                             anon_send(call, transcribed_atom::value, std::move(t));
//                           });
//   (*session)->feed(pcm_20ms);          // as the frames arrive, at the session's rate
//   (*session)->end_utterance();         // the VAD heard the caller stop
//   // ... later, on a worker thread: sink(Transcript{"a table for four", 0.83, true, ...})
//
// Why asynchronous: recognition costs tens to hundreds of milliseconds per utterance; it runs on
// the engine's own threads (a local worker pool, a cloud client's I/O thread), never on an
// actor's or the network's. The sink is the only way results come back, so the call actor turns
// them into messages and never waits.
//
// Contract (every engine):
// - open() refuses, as an Error value, a language or sample rate the engine cannot serve
//   (the local engine: English only, 8 or 16 kHz).
// - feed() takes 16-bit mono PCM at the session's rate, in chunks of any size; cheap, never
//   blocks on recognition. end_utterance() closes the utterance: exactly one final Transcript
//   (final = true) or one Error follows for it, in order; feeding again starts the next one.
//   An utterance with no speech gives a final Transcript with empty text.
// - Partials (final = false) come only when asked for and when the engine can; they may be
//   revised; only finals count.
// - cancel() drops what is pending; the sink is not called for it afterwards. The session may
//   be destroyed at any time; the sink is never called after its destructor returns.
// - The sink runs on an engine thread: it must be quick and must not call back into the session.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "events/result.h"

namespace webox::speech {

// What callers of one business are likely to say. A local recogniser builds its language model
// from the phrases (once per id); a cloud one passes them as phrase hints.
struct SpeechContext {
  std::string id;        // stable per business (e.g. the assistant id): engines cache by it
  std::string language;  // "en", "fr", ...
  std::vector<std::string> phrases;
};

struct SttRequest {
  std::string language = "en";
  int sample_rate_hz = 8000;
  std::shared_ptr<const SpeechContext> context;  // may be null: the engine's general model
  bool partials = false;
};

struct Transcript {
  std::string text;
  double confidence = 0;  // 0..1, the engine's own estimate
  bool final = true;
  std::chrono::milliseconds audio{0};       // the utterance's length
  std::chrono::microseconds latency{0};     // from end_utterance() to this result
};

using TranscriptSink = std::function<void(Result<Transcript>)>;

class SttSession {
 public:
  virtual ~SttSession() = default;
  virtual void feed(std::span<const std::int16_t> pcm) = 0;
  virtual void end_utterance() = 0;
  virtual void cancel() = 0;
};

class SpeechToText {
 public:
  virtual ~SpeechToText() = default;
  [[nodiscard]] virtual Result<std::unique_ptr<SttSession>> open(const SttRequest& request,
                                                                 TranscriptSink sink) = 0;
};

}  // namespace webox::speech
