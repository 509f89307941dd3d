// The speech `webox serve` gives stream calls on its embedded defaults: espeak-ng speaks,
// pocketsphinx (en-US) hears with a language model of each business's callers.
//
//   EngineOptions options = to_engine_options(config);
//   options.speech = start_local_speech(options.speech);   // warns and goes on without on failure
#pragma once

#include "actors/engine.h"

namespace webox {

// `base` keeps its listening settings; the engines and the phrase builder are filled in. An
// engine that cannot start is left null, with a line on stderr saying what stream calls lose.
StreamSpeech start_local_speech(StreamSpeech base);

}  // namespace webox
