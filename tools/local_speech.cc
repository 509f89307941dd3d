#include "tools/local_speech.h"

#include <cstdio>

#include "adapters/brain/local/context.h"
#include "adapters/speech/local/caller_phrases.h"
#include "adapters/speech/local/espeak_tts.h"
#include "adapters/speech/local/pocketsphinx_stt.h"

namespace webox {

StreamSpeech start_local_speech(StreamSpeech base) {
  if (auto tts = speech::EspeakTts::start()) base.tts = std::move(*tts);
  else
    std::fprintf(stderr, "webox serve: espeak-ng did not start (%s): stream calls will not "
                         "speak\n", tts.error().message.c_str());
  if (auto stt = speech::PocketsphinxStt::start({})) base.stt = std::move(*stt);
  else
    std::fprintf(stderr, "webox serve: pocketsphinx did not start (%s): stream calls will "
                         "hear keys only\n", stt.error().message.c_str());
  base.voice = "espeak-ng";
  base.phrases = [](const std::string& context_data) {
    return speech::caller_phrases(brain::read_context(context_data).context);
  };
  return base;
}

}  // namespace webox
