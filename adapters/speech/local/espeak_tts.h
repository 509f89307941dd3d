// Text-to-speech on this machine: espeak-ng, one voice per assistant language, 22,050 Hz.
//
//   auto tts = EspeakTts::start();                     // one worker thread owns espeak-ng
//   SpeechJob job = (*tts)->speak({.text = "Bonjour. Pour combien de personnes ?",
//                                  .language = "fr"}, sink);
//   // sink (on the worker): {"Bonjour.", pcm, 22050, 0, false}, {"Pour combien ...", ..., 1, true}
//   job.cancel();                                      // barge-in: stops within a few ms
//
// Why one thread: espeak-ng keeps its voice and output in global state, so every call into it
// runs on the worker this object starts; speak() only queues. Synthesis is ~1,000x faster than
// real time, so one worker serves many calls.
//
// Contract: one EspeakTts per process at a time (a second start() is Errc::conflict: two would
// share espeak's globals). TextToSpeech's (text_to_speech.h). `voice` empty picks the language's espeak voice
// (en -> en-us, fr -> fr, any other code espeak-ng knows as is); a language espeak cannot set
// is an Error. Cancelling stops the sentence being made (espeak's callback returns 1) and skips
// the rest of the job. `rate_wpm` sets the speaking rate for every job. Destroying the engine
// finishes the job under way, drops the queued ones (their sinks are not called) and joins.
#pragma once

#include <memory>

#include "adapters/speech/text_to_speech.h"

namespace webox::speech {

struct EspeakConfig {
  int rate_wpm = 160;
};

class EspeakTts final : public TextToSpeech {
 public:
  [[nodiscard]] static Result<std::unique_ptr<EspeakTts>> start(EspeakConfig config = {});
  ~EspeakTts() override;

  SpeechJob speak(SpeechRequest request, SentenceSink sink) override;

  static constexpr int kSampleRate = 22050;
  struct Impl;

 private:
  explicit EspeakTts(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace webox::speech
