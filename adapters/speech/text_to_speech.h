// Text-to-speech by sentence: the first sentence's audio can leave while the rest is made.
//
//   auto job = tts.speak({.text = "Of course. A table for four tomorrow at 8 pm. Your name?",
//                         .language = "en"},
//                        [call = actor](Result<SpokenSentence> s) {      // on the engine's thread
//                          anon_send(call, audio_atom::value, std::move(s));
//                        });
//   // sink: {"Of course.", pcm, 22050 Hz, index 0, last false}, {"A table for ...", ..., 1, false},
//   //       {"Your name?", ..., 2, true}
//   job.cancel();                          // barge-in: the caller speaks, nothing more comes
//
// Contract (every engine):
// - The reply is split into sentences (split_sentences(), sentences.h) and each sentence's
//   audio is delivered whole, in order, as soon as it is made, with its text, its sample rate
//   (the engine's own: espeak-ng 22,050 Hz, cloud engines 16 or 24 kHz; the caller resamples)
//   and `last` set on the final one. A reply with no words gives no sentence.
// - A failure is delivered once as an Error and ends the job.
// - cancel() is cheap and may be called from any thread, any number of times: no sentence is
//   delivered after it returns, and the engine stops working on the job as soon as it can.
//   Destroying the SpeechJob does not cancel (fire-and-forget replies are fine).
// - open language/voice: `voice` empty means the engine's voice for `language`; a language the
//   engine cannot speak is an Error delivered to the sink.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "events/result.h"

namespace webox::speech {

struct SpeechRequest {
  std::string text;
  std::string language = "en";
  std::string voice;  // engine-specific name; empty: the engine's default for the language
};

struct SpokenSentence {
  std::string text;
  std::vector<std::int16_t> pcm;  // mono
  int sample_rate_hz = 0;
  std::size_t index = 0;
  bool last = false;
};

using SentenceSink = std::function<void(Result<SpokenSentence>)>;

// A handle on one reply being spoken; copies share the same job.
class SpeechJob {
 public:
  SpeechJob() : cancelled_(std::make_shared<std::atomic<bool>>(false)) {}
  void cancel() const { cancelled_->store(true, std::memory_order_release); }
  bool cancelled() const { return cancelled_->load(std::memory_order_acquire); }

 private:
  std::shared_ptr<std::atomic<bool>> cancelled_;
};

class TextToSpeech {
 public:
  virtual ~TextToSpeech() = default;
  virtual SpeechJob speak(SpeechRequest request, SentenceSink sink) = 0;
};

}  // namespace webox::speech
