// Speech-to-text on this machine: pocketsphinx 5prealpha, en-US, one language model per business.
//
//   auto stt = PocketsphinxStt::start({.workers = 2});          // ~0.5 s per worker's decoder
//   auto ctx = std::make_shared<SpeechContext>(SpeechContext{"asst-1", "en", caller_phrases(b)});
//   stt->prepare(ctx);                                          // build its model off the call path
//   auto s = stt->open({.language = "en", .sample_rate_hz = 8000, .context = ctx}, sink);
//   (*s)->feed(frame);  ...  (*s)->end_utterance();          // sink gets the Transcript later
//
// How: the session resamples what it is fed to 16 kHz (audio::Resampler) and keeps the
// utterance; end_utterance() queues it for a small pool of worker threads. Each worker owns one
// decoder (loading one costs ~0.5 s, so it is loaded once) with one named search per business
// (ps_set_lm_file, then ps_set_search per utterance: switching is free). A business's model is
// built once from its SpeechContext (caller phrases whose words the dictionary knows, an ARPA
// trigram model by ngram_model.h) and its words get their phone-line pronunciations
// (lexicon.h). Before decoding, the worker adds 200 ms of low noise each side and a noise floor
// under the utterance: the Debian model never heard digital silence or an empty 4–8 kHz band,
// and measured accuracy on the 8 kHz path rose from under 10 % to 85 % with it.
//
// Contract: SpeechToText's (speech_to_text.h). English only: the only acoustic model Debian
// packages is en-US, so open() refuses any other language (a French assistant can still speak
// French through espeak-ng, but cannot be understood offline). Rates 8000 and 16000 Hz. A
// context of another language, or none, uses the general en-US model. No partials. The sink
// runs on a worker thread. Destroying the engine finishes queued work without calling sinks of
// sessions already destroyed, then joins the workers.
#pragma once

#include <memory>
#include <string>

#include "adapters/speech/speech_to_text.h"

namespace webox::speech {

struct PocketsphinxConfig {
  std::string model_dir = "/usr/share/pocketsphinx/model/en-us";  // en-us/, cmudict-en-us.dict
  int workers = 2;
  // Peak amplitude of the noise added at 16 kHz (0 = none). Enough to fill the empty 4-8 kHz
  // band, little enough not to mask the speech: 150 measured 4-6 lines in 108 better than 300.
  int noise_floor = 150;
  // pocketsphinx's -lw: how much the business's model outweighs the sounds (default 6.5);
  // 10 measured one line in a hundred better on tests/data/speech.
  double language_weight = 10;
};

class PocketsphinxStt final : public SpeechToText {
 public:
  [[nodiscard]] static Result<std::unique_ptr<PocketsphinxStt>> start(PocketsphinxConfig config);
  ~PocketsphinxStt() override;

  [[nodiscard]] Result<std::unique_ptr<SttSession>> open(const SttRequest& request,
                                                         TranscriptSink sink) override;
  // Builds the context's model and loads it on every worker now, so the first utterance does
  // not wait for it; open() does it for each context the first time a session names it.
  void prepare(std::shared_ptr<const SpeechContext> context);

  struct Impl;

 private:
  explicit PocketsphinxStt(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace webox::speech
