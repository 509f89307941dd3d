// Local speech on this machine: the real-time factor of espeak-ng and of pocketsphinx with a
// restaurant's language model, and the turn latency a caller feels (end of utterance -> final
// transcript; first sentence of a reply -> its audio).
//
//   build/bench/local_speech [lines=40]
//
// The lines are the first N of tests/data/speech/restaurant.en.tsv, spoken by espeak-ng and
// sent through the 8 kHz μ-law phone path. Recognition runs one utterance at a time (one worker)
// so the latency is that of an idle engine; the RTF is decode time / audio time.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "adapters/brain/local/context.h"
#include "adapters/speech/local/caller_phrases.h"
#include "adapters/speech/local/espeak_tts.h"
#include "adapters/speech/local/pocketsphinx_stt.h"
#include "tests/speech/phone_line.h"

using namespace webox;
using namespace webox::speech;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::stoul(argv[1]) : 40;
  std::vector<std::string> lines;
  std::ifstream in(WEBOX_SOURCE_DIR "/tests/data/speech/restaurant.en.tsv");
  for (std::string row; std::getline(in, row) && lines.size() < n;)
    if (!row.empty() && row[0] != '#') lines.push_back(row.substr(row.rfind('\t') + 1));

  auto t0 = Clock::now();
  auto tts = EspeakTts::start();
  auto t1 = Clock::now();
  auto stt = PocketsphinxStt::start({.workers = 1});
  auto t2 = Clock::now();
  if (!tts || !stt) return std::fprintf(stderr, "engines did not start\n"), 1;
  const auto business = brain::read_context(R"({"trade": "restaurant"})").context;
  auto ctx = std::make_shared<SpeechContext>(SpeechContext{"r", "en", caller_phrases(business)});
  auto t3 = Clock::now();
  (*stt)->prepare(ctx);
  {
    std::unique_ptr<SttSession> warm;
    if (!testing::recognise(**stt, ctx, std::vector<std::int16_t>(8000, 0), warm).get())
      return std::fprintf(stderr, "the restaurant's model did not load\n"), 1;
  }
  auto t4 = Clock::now();

  double synth_s = 0, speech_s = 0, decode_audio_s = 0;
  std::vector<double> latency_ms, first_ms;
  for (const std::string& text : lines) {
    auto a = Clock::now();
    const auto pcm = testing::speak_all(**tts, text, "en");
    synth_s += std::chrono::duration<double>(Clock::now() - a).count();
    speech_s += pcm.size() / 22050.0;
    // A two-sentence reply: how soon the first sentence's audio is ready.
    auto b = Clock::now();
    auto first = std::make_shared<std::promise<void>>();
    auto got = first->get_future();
    auto job = (*tts)->speak({"Of course. " + text + ".", "en", {}},
                             [first, once = std::make_shared<bool>(false)](Result<SpokenSentence>) {
                               if (!*once) { *once = true; first->set_value(); }
                             });
    got.get();
    first_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - b).count());
    job.cancel();
    const auto pcm8 = testing::phone_line(pcm);
    std::unique_ptr<SttSession> session;
    auto t = testing::recognise(**stt, ctx, pcm8, session).get();
    if (!t) return std::fprintf(stderr, "%s\n", t.error().message.c_str()), 1;
    latency_ms.push_back(t->latency.count() / 1000.0);
    decode_audio_s += pcm8.size() / 8000.0;
  }
  std::sort(latency_ms.begin(), latency_ms.end());
  std::sort(first_ms.begin(), first_ms.end());
  double decode_s = 0;
  for (double l : latency_ms) decode_s += l / 1000;
  auto ms = [](auto a, auto b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  std::printf("lines %zu, speech %.1f s\n", lines.size(), speech_s);
  std::printf("start: espeak-ng %.0f ms, pocketsphinx decoder %.0f ms, caller phrases %.0f ms, "
              "model build+load %.0f ms\n", ms(t0, t1), ms(t1, t2), ms(t2, t3), ms(t3, t4));
  std::printf("espeak-ng RTF %.4f (%.0fx faster than real time)\n", synth_s / speech_s,
              speech_s / synth_s);
  std::printf("pocketsphinx RTF %.3f (decode time / audio, one worker)\n", decode_s / decode_audio_s);
  std::printf("end of utterance -> final transcript: median %.0f ms, p90 %.0f ms, max %.0f ms\n",
              latency_ms[latency_ms.size() / 2], latency_ms[latency_ms.size() * 9 / 10],
              latency_ms.back());
  std::printf("reply -> first sentence's audio: median %.1f ms, max %.1f ms\n",
              first_ms[first_ms.size() / 2], first_ms.back());
}
