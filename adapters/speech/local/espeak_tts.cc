#include "adapters/speech/local/espeak_tts.h"

#include <espeak-ng/speak_lib.h>

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

#include "adapters/speech/sentences.h"

namespace webox::speech {
namespace {

struct Request {
  SpeechRequest request;
  SentenceSink sink;
  SpeechJob job;
};

// What espeak's callback writes into while one sentence is made (worker thread only).
struct Capture {
  std::vector<std::int16_t>* pcm = nullptr;
  const SpeechJob* job = nullptr;
};

int on_samples(short* wav, int n, espeak_EVENT* events) {
  auto* c = static_cast<Capture*>(events ? events->user_data : nullptr);
  if (!c) return 0;
  if (c->job->cancelled()) return 1;  // abort the synthesis
  if (wav && n > 0) c->pcm->insert(c->pcm->end(), wav, wav + n);
  return 0;
}

std::string voice_for(const SpeechRequest& r) {
  if (!r.voice.empty()) return r.voice;
  if (r.language == "en") return "en-us";
  return r.language;
}

}  // namespace

struct EspeakTts::Impl {
  EspeakConfig config;
  std::mutex mu;
  std::condition_variable wake;
  std::deque<Request> queue;
  bool stopping = false;
  std::thread worker;
  std::string voice;  // the one espeak has now

  void run(std::promise<Status> started) {
    if (espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, 0) != kSampleRate) {
      started.set_value(Error::make(Errc::unavailable, "espeak-ng did not start at 22050 Hz"));
      return;
    }
    espeak_SetSynthCallback(on_samples);
    espeak_SetParameter(espeakRATE, config.rate_wpm, 0);
    started.set_value({});
    for (;;) {
      Request r;
      {
        std::unique_lock lock(mu);
        wake.wait(lock, [&] { return stopping || !queue.empty(); });
        if (stopping) break;
        r = std::move(queue.front());
        queue.pop_front();
      }
      say(r);
    }
    espeak_Terminate();
  }

  void say(Request& r) {
    const std::string v = voice_for(r.request);
    if (v != voice) {
      if (espeak_SetVoiceByName(v.c_str()) != EE_OK) {
        voice.clear();
        if (!r.job.cancelled()) r.sink(Error::invalid("language", "espeak-ng has no voice " + v));
        return;
      }
      voice = v;
    }
    const auto sentences = split_sentences(r.request.text);
    for (std::size_t i = 0; i < sentences.size(); ++i) {
      if (r.job.cancelled()) return;
      SpokenSentence s{sentences[i], {}, kSampleRate, i, i + 1 == sentences.size()};
      Capture capture{&s.pcm, &r.job};
      const auto& text = sentences[i];
      const espeak_ERROR e = espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0,
                                          espeakCHARS_UTF8, nullptr, &capture);
      if (e != EE_OK) {
        if (!r.job.cancelled()) r.sink(Error::make(Errc::internal, "espeak-ng failed on: " + text));
        return;
      }
      if (r.job.cancelled()) return;
      r.sink(std::move(s));
    }
  }
};

namespace {
std::atomic<bool> g_running{false};  // espeak-ng's state is global: one engine per process
}  // namespace

Result<std::unique_ptr<EspeakTts>> EspeakTts::start(EspeakConfig config) {
  if (g_running.exchange(true))
    return Error::make(Errc::conflict, "espeak-ng is already running in this process");
  auto impl = std::make_unique<Impl>();
  impl->config = config;
  std::promise<Status> started;
  auto ready = started.get_future();
  impl->worker = std::thread([i = impl.get(), p = std::move(started)]() mutable { i->run(std::move(p)); });
  if (Status s = ready.get(); !s) {
    impl->worker.join();
    g_running = false;
    return s.error();
  }
  return std::unique_ptr<EspeakTts>(new EspeakTts(std::move(impl)));
}

EspeakTts::EspeakTts(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

EspeakTts::~EspeakTts() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  impl_->worker.join();
  g_running = false;
}

SpeechJob EspeakTts::speak(SpeechRequest request, SentenceSink sink) {
  SpeechJob job;
  {
    std::lock_guard lock(impl_->mu);
    impl_->queue.push_back(Request{std::move(request), std::move(sink), job});
  }
  impl_->wake.notify_one();
  return job;
}

}  // namespace webox::speech
