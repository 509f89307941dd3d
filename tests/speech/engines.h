// The test binary's one espeak-ng engine (one per process) and one recogniser, started once.
#pragma once

#include <catch2/catch.hpp>

#include "adapters/speech/local/espeak_tts.h"
#include "adapters/speech/local/pocketsphinx_stt.h"

namespace webox::speech::testing {

struct Engines {
  std::unique_ptr<EspeakTts> tts;
  std::unique_ptr<PocketsphinxStt> stt;
};

inline Engines& engines() {
  static Engines e = [] {
    auto tts = EspeakTts::start();
    auto stt = PocketsphinxStt::start({});
    REQUIRE(tts);
    REQUIRE(stt);
    CHECK_FALSE(EspeakTts::start());  // a second one would share espeak's globals
    return Engines{std::move(*tts), std::move(*stt)};
  }();
  return e;
}

}  // namespace webox::speech::testing
