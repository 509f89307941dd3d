#include "adapters/speech/local/pocketsphinx_stt.h"

#include <pocketsphinx.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

#include "adapters/audio/resampler.h"
#include "adapters/speech/local/lexicon.h"
#include "adapters/speech/local/ngram_model.h"

namespace webox::speech {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kDecoderRate = 16000;
constexpr int kPadSamples = kDecoderRate / 5;  // 200 ms of line noise each side

// The sink of one session, closed when the session is cancelled or destroyed: a worker calls
// it under the lock, so once close() returns it is never called again.
struct SinkGuard {
  std::mutex mu;
  TranscriptSink sink;
  bool open = true;

  void deliver(Result<Transcript> r) {
    std::lock_guard lock(mu);
    if (open && sink) sink(std::move(r));
  }
  void close() {
    std::lock_guard lock(mu);
    open = false;
  }
};

// A business's language model on disk, and the extra pronunciations its words need.
struct Model {
  std::string search;  // the decoder's name for it
  std::string arpa_path;
  std::vector<std::pair<std::string, std::string>> words;  // "seven(3)" -> "EH V AH N"
};

struct Job {
  std::vector<std::int16_t> pcm;  // 16 kHz
  std::shared_ptr<const SpeechContext> context;
  std::shared_ptr<SinkGuard> sink;  // null: only build the context's model
  Clock::time_point ended;
};

bool is_english(std::string_view language) {
  return language == "en" || language.starts_with("en-") || language.starts_with("en_");
}

std::vector<std::string> words_of(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

}  // namespace

struct PocketsphinxStt::Impl {
  PocketsphinxConfig config;
  Lexicon lexicon;
  std::string dir;  // where the models' ARPA files live

  std::mutex mu;
  std::condition_variable wake;
  std::deque<Job> jobs;
  bool stopping = false;
  std::vector<std::thread> threads;

  std::mutex models_mu;
  std::map<std::string, std::shared_ptr<const Model>> models;
  std::set<std::string> warmed;  // contexts prepared on every worker (under models_mu)

  Impl(PocketsphinxConfig c, Lexicon l, std::string d)
      : config(std::move(c)), lexicon(std::move(l)), dir(std::move(d)) {}

  void post(Job job) {
    {
      std::lock_guard lock(mu);
      jobs.push_back(std::move(job));
    }
    wake.notify_one();
  }

  // Built once per context id, by whichever worker needs it first.
  Result<std::shared_ptr<const Model>> model_for(const SpeechContext& context) {
    std::lock_guard lock(models_mu);
    if (auto it = models.find(context.id); it != models.end()) return it->second;
    std::vector<std::string> kept;
    std::set<std::string> vocabulary;
    for (const std::string& line : context.phrases) {
      const auto words = words_of(line);
      bool known = !words.empty();
      for (const auto& w : words) known = known && lexicon.knows(w);
      if (!known) continue;
      kept.push_back(line);
      vocabulary.insert(words.begin(), words.end());
    }
    if (kept.empty())
      return Error::invalid("context.phrases", "no phrase of " + context.id +
                                                   " has only words the dictionary knows");
    auto model = std::make_shared<Model>();
    model->search = "ctx" + std::to_string(models.size());
    model->arpa_path = dir + "/" + model->search + ".arpa";
    {
      std::ofstream out(model->arpa_path);
      out << arpa_from_sentences(kept, 3);
      if (!out) return Error::make(Errc::io, "cannot write " + model->arpa_path);
    }
    for (const std::string& w : vocabulary) {
      std::size_t n = lexicon.pronunciations(w);
      for (const std::string& phones : lexicon.narrowband_variants(w))
        model->words.emplace_back(w + "(" + std::to_string(++n) + ")", phones);
    }
    models.emplace(context.id, model);
    return std::shared_ptr<const Model>(model);
  }

  void work(ps_decoder_t* ps) {
    std::set<std::string> loaded;  // searches this decoder has
    for (;;) {
      Job job;
      {
        std::unique_lock lock(mu);
        wake.wait(lock, [&] { return stopping || !jobs.empty(); });
        if (jobs.empty()) break;
        job = std::move(jobs.front());
        jobs.pop_front();
      }
      std::string search = "_default";
      if (job.context && is_english(job.context->language)) {
        auto model = model_for(*job.context);
        if (!model) {
          if (job.sink) job.sink->deliver(std::move(model).error());
          continue;
        }
        search = (*model)->search;
        if (!loaded.count(search)) {
          for (const auto& [word, phones] : (*model)->words)
            ps_add_word(ps, word.c_str(), phones.c_str(), FALSE);  // < 0: another model added it
          if (ps_set_lm_file(ps, search.c_str(), (*model)->arpa_path.c_str()) < 0) {
            if (job.sink)
              job.sink->deliver(Error::make(Errc::internal, "pocketsphinx refused " +
                                                                (*model)->arpa_path));
            continue;
          }
          loaded.insert(search);
        }
      }
      if (!job.sink) continue;
      job.sink->deliver(decode(ps, search, job));
    }
  }

  Result<Transcript> decode(ps_decoder_t* ps, const std::string& search, Job& job) {
    std::vector<std::int16_t> pcm = with_line_noise(job.pcm);
    if (ps_set_search(ps, search.c_str()) < 0 || ps_start_utt(ps) < 0)
      return Error::make(Errc::internal, "pocketsphinx could not start an utterance");
    ps_process_raw(ps, pcm.data(), pcm.size(), FALSE, TRUE);
    ps_end_utt(ps);
    std::int32_t score = 0;
    const char* hyp = ps_get_hyp(ps, &score);
    Transcript t;
    t.text = hyp ? hyp : "";
    t.confidence = t.text.empty() ? 0.0 : logmath_exp(ps_get_logmath(ps), ps_get_prob(ps));
    t.audio = std::chrono::milliseconds(job.pcm.size() * 1000 / kDecoderRate);
    t.latency = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - job.ended);
    return t;
  }

  // Low deterministic noise under and around the utterance (see the header for why).
  std::vector<std::int16_t> with_line_noise(const std::vector<std::int16_t>& in) const {
    std::vector<std::int16_t> out(in.size() + 2 * kPadSamples, 0);
    std::copy(in.begin(), in.end(), out.begin() + kPadSamples);
    const int a = config.noise_floor;
    if (a <= 0) return out;
    std::uint32_t x = 12345;
    for (auto& s : out) {
      x = x * 1103515245u + 12345u;
      const int v = s + static_cast<int>((x >> 16) % (2 * a + 1)) - a;
      s = static_cast<std::int16_t>(std::clamp(v, -32768, 32767));
    }
    return out;
  }
};

namespace {

class Session final : public SttSession {
 public:
  Session(std::shared_ptr<PocketsphinxStt::Impl> impl, SttRequest request, TranscriptSink sink)
      : impl_(std::move(impl)), request_(std::move(request)),
        sink_(std::make_shared<SinkGuard>()) {
    sink_->sink = std::move(sink);
    if (request_.sample_rate_hz != kDecoderRate) up_.emplace(request_.sample_rate_hz, kDecoderRate);
  }
  ~Session() override { sink_->close(); }

  void feed(std::span<const std::int16_t> pcm) override {
    if (up_) up_->process(pcm, pcm_);
    else pcm_.insert(pcm_.end(), pcm.begin(), pcm.end());
  }

  void end_utterance() override {
    if (up_) up_->flush(pcm_);
    impl_->post(Job{std::move(pcm_), request_.context, sink_, Clock::now()});
    pcm_.clear();
  }

  void cancel() override {
    // Close the sink the queued utterances hold; later utterances get a fresh one.
    auto fresh = std::make_shared<SinkGuard>();
    {
      std::lock_guard lock(sink_->mu);
      fresh->sink = sink_->sink;
      sink_->open = false;
    }
    sink_ = std::move(fresh);
    pcm_.clear();
    if (up_) up_.emplace(request_.sample_rate_hz, kDecoderRate);
  }

 private:
  std::shared_ptr<PocketsphinxStt::Impl> impl_;
  SttRequest request_;
  std::shared_ptr<SinkGuard> sink_;
  std::optional<audio::Resampler> up_;
  std::vector<std::int16_t> pcm_;  // the utterance so far, 16 kHz
};

}  // namespace

Result<std::unique_ptr<PocketsphinxStt>> PocketsphinxStt::start(PocketsphinxConfig config) {
  const std::string hmm = config.model_dir + "/en-us";
  const std::string dict = config.model_dir + "/cmudict-en-us.dict";
  const std::string lm = config.model_dir + "/en-us.lm.bin";
  auto lexicon = Lexicon::load(dict);
  if (!lexicon) return std::move(lexicon).error();
  char tmpl[] = "/tmp/webox-speech-XXXXXX";
  if (!mkdtemp(tmpl)) return Error::make(Errc::io, "cannot make a directory under /tmp");

  auto impl = std::make_shared<Impl>(config, std::move(*lexicon), tmpl);
  std::vector<ps_decoder_t*> decoders;
  const std::string lw = std::to_string(config.language_weight);
  // "-cmn batch": each utterance normalised by its own mean. Live CMN carries one utterance's
  // estimate into the next one a decoder hears, so a transcript depended on which worker had
  // decoded what before (the [speech] test moved between 99 and 100 of 108 from run to run).
  for (int i = 0; i < std::max(1, config.workers); ++i) {
    cmd_ln_t* args = cmd_ln_init(nullptr, ps_args(), TRUE, "-hmm", hmm.c_str(), "-dict",
                                 dict.c_str(), "-lm", lm.c_str(), "-lw", lw.c_str(), "-logfn",
                                 "/dev/null", "-cmn", "batch", nullptr);
    ps_decoder_t* ps = args ? ps_init(args) : nullptr;
    if (args) cmd_ln_free_r(args);  // the decoder holds its own reference
    if (!ps) {
      for (auto* d : decoders) ps_free(d);
      std::filesystem::remove_all(impl->dir);
      return Error::make(Errc::unavailable, "pocketsphinx could not load its model from " +
                                                config.model_dir);
    }
    decoders.push_back(ps);
  }
  for (ps_decoder_t* ps : decoders)
    impl->threads.emplace_back([impl = impl.get(), ps] {
      impl->work(ps);
      ps_free(ps);
    });
  return std::unique_ptr<PocketsphinxStt>(new PocketsphinxStt(std::move(impl)));
}

PocketsphinxStt::PocketsphinxStt(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

PocketsphinxStt::~PocketsphinxStt() {
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  for (auto& t : impl_->threads) t.join();
  std::error_code ignored;
  std::filesystem::remove_all(impl_->dir, ignored);
}

Result<std::unique_ptr<SttSession>> PocketsphinxStt::open(const SttRequest& request,
                                                          TranscriptSink sink) {
  if (!is_english(request.language))
    return Error::invalid("language", "offline recognition is English only (the Debian "
                                      "acoustic model is en-US), not " + request.language);
  if (request.sample_rate_hz != 8000 && request.sample_rate_hz != kDecoderRate)
    return Error::invalid("sample_rate_hz", "8000 or 16000 Hz, not " +
                                                std::to_string(request.sample_rate_hz));
  // A call opening its session is a call starting: its business's model gets ready on every
  // worker while the greeting plays, not when the caller's first words are waiting for it.
  bool first = false;
  if (request.context) {
    std::lock_guard lock(impl_->models_mu);
    first = impl_->warmed.insert(request.context->id).second;
  }
  if (first) prepare(request.context);
  return std::unique_ptr<SttSession>(new Session(impl_, request, std::move(sink)));
}

// Each decoder loads a model for itself: one warm-up job per worker (a free worker takes the
// next job, so while one loads, another takes the second).
void PocketsphinxStt::prepare(std::shared_ptr<const SpeechContext> context) {
  if (!context) return;
  for (std::size_t i = 0; i < impl_->threads.size(); ++i)
    impl_->post(Job{{}, context, nullptr, Clock::now()});
}

}  // namespace webox::speech
