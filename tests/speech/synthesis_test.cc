// Sentence splitting and espeak-ng synthesis: sentence by sentence, in order, cancellable.
#include <catch2/catch.hpp>

#include <future>
#include <mutex>

#include "adapters/speech/local/espeak_tts.h"
#include "adapters/speech/sentences.h"
#include "tests/speech/engines.h"

using namespace webox;
using namespace webox::speech;

TEST_CASE("replies split into the sentences a voice says one at a time", "[speech]") {
  using V = std::vector<std::string>;
  CHECK(split_sentences("Of course! A table for 4 at 8.30 p.m., is that right? Thanks") ==
        V{"Of course!", "A table for 4 at 8.30 p.m., is that right?", "Thanks"});
  CHECK(split_sentences("Dr. Martin sees you at 10 a.m. Bring your card.") ==
        V{"Dr. Martin sees you at 10 a.m.", "Bring your card."});
  CHECK(split_sentences("Bonjour…\nPour combien ?") == V{"Bonjour…", "Pour combien ?"});
  CHECK(split_sentences("  ").empty());
}

TEST_CASE("espeak-ng speaks each sentence in order, in the assistant's language", "[speech]") {
  EspeakTts* tts = testing::engines().tts.get();
  for (const char* language : {"en", "fr"}) {
    std::promise<std::vector<SpokenSentence>> done;
    std::vector<SpokenSentence> got;
    tts->speak({"Bonjour. Une table pour quatre ? Merci.", language, {}},
                  [&](Result<SpokenSentence> s) {
                    REQUIRE(s);
                    got.push_back(std::move(*s));
                    if (got.back().last) done.set_value(got);
                  });
    const auto sentences = done.get_future().get();
    REQUIRE(sentences.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
      CHECK(sentences[i].index == i);
      CHECK(sentences[i].sample_rate_hz == 22050);
      CHECK(sentences[i].pcm.size() > 22050 / 4);  // a quarter second at least
    }
    CHECK(sentences[1].text == "Une table pour quatre ?");
  }
  std::promise<Error> failed;
  tts->speak({"Hello.", "xx-nope", {}}, [&](Result<SpokenSentence> s) {
    if (!s) failed.set_value(s.error());
  });
  CHECK(failed.get_future().get().field == "language");
}

TEST_CASE("a cancelled reply stops sending sentences", "[speech]") {
  EspeakTts* tts = testing::engines().tts.get();
  std::mutex mu;
  std::size_t delivered = 0;
  std::promise<void> first;
  std::string many;
  for (int i = 0; i < 50; ++i) many += "This is sentence number " + std::to_string(i) + ". ";
  SpeechJob job = tts->speak({many, "en", {}}, [&](Result<SpokenSentence> s) {
    REQUIRE(s);
    std::lock_guard lock(mu);
    if (delivered++ == 0) first.set_value();
  });
  first.get_future().get();
  job.cancel();
  std::size_t at_cancel;
  {
    std::lock_guard lock(mu);
    at_cancel = delivered;
  }
  // A later job runs only after the cancelled one has stopped: nothing arrived in between.
  std::promise<void> next;
  tts->speak({"Done.", "en", {}}, [&](Result<SpokenSentence>) { next.set_value(); });
  next.get_future().get();
  std::lock_guard lock(mu);
  CHECK(delivered <= at_cancel + 1);  // at most the sentence being delivered when cancel() ran
  CHECK(delivered < 50);
}
