// Test helpers: a reply spoken by espeak-ng as a caller, through a phone line, into a recogniser.
//
//   auto pcm8 = phone_line(speak_all(tts, "a table for four", "en"));  // 8 kHz after μ-law
//   Transcript t = recognise(stt, context, pcm8);                     // waits for the final
#pragma once

#include <chrono>
#include <future>
#include <string>
#include <vector>

#include "adapters/audio/mulaw.h"
#include "adapters/audio/resampler.h"
#include "adapters/speech/speech_to_text.h"
#include "adapters/speech/text_to_speech.h"

namespace webox::speech::testing {

// Every sentence of `text`, joined, at espeak's rate (22,050 Hz).
inline std::vector<std::int16_t> speak_all(TextToSpeech& tts, const std::string& text,
                                           const std::string& language) {
  auto done = std::make_shared<std::promise<std::vector<std::int16_t>>>();
  auto pcm = std::make_shared<std::vector<std::int16_t>>();
  auto f = done->get_future();
  tts.speak({text, language, {}}, [done, pcm](Result<SpokenSentence> s) {
    if (!s) return done->set_value({});
    pcm->insert(pcm->end(), s->pcm.begin(), s->pcm.end());
    if (s->last) done->set_value(std::move(*pcm));
  });
  return f.get();
}

// 22,050 Hz -> 8 kHz -> μ-law on the wire -> 8 kHz linear, as the caller's side of a call.
inline std::vector<std::int16_t> phone_line(const std::vector<std::int16_t>& pcm22k) {
  audio::Resampler down(22050, 8000);
  std::vector<std::int16_t> pcm8;
  down.process(pcm22k, pcm8);
  down.flush(pcm8);
  std::vector<std::uint8_t> wire(pcm8.size());
  audio::mulaw_encode(pcm8, wire);
  audio::mulaw_decode(wire, pcm8);
  return pcm8;
}

// Feeds 20 ms frames at 8 kHz, ends the utterance; the future holds the final transcript.
inline std::future<Result<Transcript>> recognise(SpeechToText& stt,
                                                 std::shared_ptr<const SpeechContext> context,
                                                 const std::vector<std::int16_t>& pcm8,
                                                 std::unique_ptr<SttSession>& session) {
  auto done = std::make_shared<std::promise<Result<Transcript>>>();
  auto f = done->get_future();
  auto s = stt.open({"en", 8000, std::move(context), false},
                    [done](Result<Transcript> t) { done->set_value(std::move(t)); });
  if (!s) {
    done->set_value(std::move(s).error());
    return f;
  }
  session = std::move(*s);
  for (std::size_t i = 0; i < pcm8.size(); i += audio::kFrameSamples)
    session->feed(std::span(pcm8).subspan(i, std::min(audio::kFrameSamples, pcm8.size() - i)));
  session->end_utterance();
  return f;
}

}  // namespace webox::speech::testing
