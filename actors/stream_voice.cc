#include "actors/stream_voice.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "adapters/audio/mulaw.h"

namespace webox {

namespace {

constexpr int kRate = 8000;
constexpr std::size_t kFrameBytes = 160;  // 20 ms of 8 kHz μ-law
constexpr std::size_t kPrerollFrames = 20;  // 400 ms before the VAD's verdict
constexpr std::int64_t kLeadInMs = 250;     // kept before the first and after the last word
constexpr std::uint8_t kMulawSilence = 0xFF;
// A turn is heard at most this long: a caller who never pauses (or a television behind them,
// which the VAD takes for speech) is heard in pieces of this length instead of being kept in
// memory without end (16 KB a second). Twilio's <Gather> stops at 60 s.
constexpr std::int64_t kMaxUtteranceMs = 30'000;

std::int64_t micros(std::chrono::steady_clock::duration d) {
  return std::chrono::duration_cast<std::chrono::microseconds>(d).count();
}

std::string primary_language(const std::string& bcp47) {
  std::string l = bcp47.substr(0, bcp47.find('-'));
  for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return l.empty() ? "en" : l;
}

// The first `count` words of `text`.
std::string first_words(const std::string& text, std::size_t count) {
  std::size_t words = 0, i = 0;
  while (i < text.size() && words < count) {
    while (i < text.size() && text[i] == ' ') ++i;
    while (i < text.size() && text[i] != ' ') ++i;
    ++words;
  }
  return text.substr(0, i);
}

std::size_t word_count(const std::string& text) {
  std::size_t n = 0;
  bool in_word = false;
  for (char c : text) {
    if (c == ' ') in_word = false;
    else if (!in_word) in_word = true, ++n;
  }
  return n;
}

void log_error(const StreamStart& ids, const char* what, const Error& e) {
  std::fprintf(stderr, "webox stream %s: %s: %s\n", ids.call_sid.c_str(), what,
               e.message.c_str());
}

}  // namespace

StreamVoice::StreamVoice(Engine& engine, StreamSpeech speech, VoiceOutput& out, Post post)
    : engine_(engine), speech_(std::move(speech)), out_(out), post_(std::move(post)),
      self_(std::make_shared<StreamVoice*>(this)),
      vad_(audio::VadConfig{.sample_rate = kRate, .end_silence_ms = speech_.end_silence_ms}) {}

StreamVoice::~StreamVoice() { stop(); }

// -- the call's start and end --

void StreamVoice::start(StreamStart ids, StreamReply greeting,
                        std::shared_ptr<const speech::SpeechContext> hints) {
  ids_ = std::move(ids);
  language_ = primary_language(greeting.language);
  if (speech_.stt) {
    auto session = speech_.stt->open(
        {.language = language_, .sample_rate_hz = kRate, .context = std::move(hints)},
        [post = post_, self = std::weak_ptr<StreamVoice*>(self_)](
            Result<speech::Transcript> t) {
          post([self, t = std::move(t)]() mutable {
            if (auto v = self.lock()) {
              auto& voice = **v;
              if (voice.transcribing_.empty()) return;
              Timing timing = voice.transcribing_.front();
              voice.transcribing_.pop_front();
              voice.heard(std::move(t), timing);
            }
          });
        });
    if (session) stt_ = std::move(*session);
    else log_error(ids_, "the caller cannot be heard (keys only)", session.error());
  }
  say(std::move(greeting));
}

void StreamVoice::stop() {
  if (stopped_) return;
  stopped_ = true;
  for (Turn& t : turns_) t.job.cancel();
  turns_.clear();
  if (stt_) stt_->cancel();
  stt_.reset();
}

// -- listening --

void StreamVoice::on_audio(std::span<const std::int16_t> pcm) {
  // The call's last words are queued (a goodbye, a transfer: the log already says so): nothing
  // said over them cuts them or becomes a turn no one would answer.
  if (stopped_ || closing_) return;
  audio::VadEvent e = vad_.push(pcm);
  listen(e, pcm);
  // Speech, not the silence after it, must last barge_in_ms to count: a "hmm" over a reply is
  // filler. Speech that counts cuts the reply, unless the assistant is not interruptible: then
  // it is answered once the reply has been heard.
  if (in_utterance_ && !spoke_over_ && !turns_.empty() &&
      vad_.speech_end_ms() - utterance_start_ms_ >= speech_.barge_in_ms) {
    spoke_over_ = true;
    if (speech_.interruptible) barge_in();
  }
  if (e.kind == audio::VadEvent::Kind::speech_ended) {
    end_utterance(e.end_ms);
  } else if (in_utterance_ &&
             static_cast<std::int64_t>(utterance_.size()) >= kMaxUtteranceMs * kRate / 1000) {
    hear(vad_.now_ms());  // the speech goes on: what follows is the next piece
    utterance_origin_ms_ = vad_.now_ms();
  }
}

void StreamVoice::listen(const audio::VadEvent& e, std::span<const std::int16_t> pcm) {
  if (e.kind == audio::VadEvent::Kind::speech_started) {
    in_utterance_ = true;
    spoke_over_ = false;
    utterance_start_ms_ = e.start_ms;
    // The frames since the utterance began were heard before the VAD could tell: the
    // recogniser gets them, from a little before the first loud one.
    const std::int64_t frame_ms = static_cast<std::int64_t>(pcm.size()) * 1000 / kRate;
    std::int64_t at = vad_.now_ms() - frame_ms * static_cast<std::int64_t>(preroll_.size() + 1);
    utterance_.clear();
    utterance_origin_ms_ = -1;
    for (const auto& frame : preroll_) {
      if (at + frame_ms > e.start_ms - kLeadInMs) {
        if (utterance_origin_ms_ < 0) utterance_origin_ms_ = at;
        utterance_.insert(utterance_.end(), frame.begin(), frame.end());
      }
      at += frame_ms;
    }
    if (utterance_origin_ms_ < 0) utterance_origin_ms_ = at;
    preroll_.clear();
  }
  if (in_utterance_) {
    utterance_.insert(utterance_.end(), pcm.begin(), pcm.end());
    return;
  }
  if (preroll_.size() == kPrerollFrames) {
    auto recycled = std::move(preroll_.front());
    preroll_.pop_front();
    recycled.assign(pcm.begin(), pcm.end());
    preroll_.push_back(std::move(recycled));
  } else {
    preroll_.emplace_back(pcm.begin(), pcm.end());
  }
}

void StreamVoice::end_utterance(std::int64_t end_ms) {
  in_utterance_ = false;
  const bool filler = !spoke_over_ && !turns_.empty();  // too short to count over the reply
  spoke_over_ = false;
  if (filler) {
    ++fillers_;
    utterance_.clear();
    return;
  }
  hear(end_ms);
}

// The utterance so far goes to the recogniser, less the silence after end_ms.
void StreamVoice::hear(std::int64_t end_ms) {
  if (!stt_) return utterance_.clear();
  // The recogniser hears the words and a breath after them, not the silence that ended them:
  // a long tail of silence makes its language model guess more words.
  const auto keep = static_cast<std::size_t>(
      std::max<std::int64_t>(0, end_ms + kLeadInMs - utterance_origin_ms_) * kRate / 1000);
  if (utterance_.size() > keep) utterance_.resize(keep);
  stt_->feed(utterance_);
  utterance_.clear();
  transcribing_.push_back(Timing{.end_of_speech = Clock::now(),
                                 .silence_ms = static_cast<std::int32_t>(vad_.now_ms() - end_ms)});
  stt_->end_utterance();
}

void StreamVoice::heard(Result<speech::Transcript> t, Timing timing) {
  if (stopped_) return;
  if (!t) return log_error(ids_, "speech not recognised", t.error());
  if (t->text.empty()) return;  // a noise: no turn
  timing.stt_micros = t->latency.count();
  ++utterances_;
  StreamUtterance u{.call_sid = ids_.call_sid, .stream_sid = ids_.stream_sid,
                    .tenant_id = ids_.tenant_id, .index = utterances_, .text = t->text,
                    .confidence = t->confidence};
  engine_.on_stream_utterance(
      std::move(u), [post = post_, self = std::weak_ptr<StreamVoice*>(self_),
                     timing](Result<StreamReply> r) {  // on an engine thread
        post([self, r = std::move(r), timing]() mutable {
          auto v = self.lock();
          if (!v) return;
          if (!r) return log_error((**v).ids_, "no reply", r.error());
          const std::int32_t turn = r->turn;
          (**v).say(std::move(*r));
          if (Turn* t = (**v).find(turn)) t->timing = timing;
        });
      });
}

// -- speaking --

void StreamVoice::say(StreamReply reply) {
  if (stopped_ || closing_) return;  // after the last words, nothing more is said
  closing_ = reply.action == "hangup" || reply.action == "transfer";
  Turn& t = turns_.emplace_back();
  t.reply = std::move(reply);
  t.asked = Clock::now();
  const std::int32_t turn = t.reply.turn;
  if (!speech_.tts || t.reply.text.empty()) {
    t.spoken = true;  // nothing to say: its mark alone tells when what came before was played
    out_.mark("turn-" + std::to_string(turn));
    return;
  }
  t.job = speech_.tts->speak(
      {.text = t.reply.text, .language = primary_language(t.reply.language)},
      [post = post_, self = std::weak_ptr<StreamVoice*>(self_), turn](
          Result<speech::SpokenSentence> s) {
        post([self, turn, s = std::move(s)]() mutable {
          if (auto v = self.lock()) (**v).on_sentence(turn, std::move(s));
        });
      });
}

void StreamVoice::on_sentence(std::int32_t turn, Result<speech::SpokenSentence> s) {
  Turn* t = find(turn);
  if (!t || t->spoken) return;  // cut short meanwhile
  if (!s) {
    log_error(ids_, "the reply cannot be spoken", s.error());
    queue(*t, {}, true);
    return;
  }
  if (t->sentences.empty()) t->first_sentence = Clock::now();
  const std::int64_t before = t->frames;
  t->pcm.clear();
  if (s->sample_rate_hz == kRate) {
    t->pcm.assign(s->pcm.begin(), s->pcm.end());
  } else {
    if (!t->down || t->down->from_hz() != s->sample_rate_hz) t->down.emplace(s->sample_rate_hz, kRate);
    t->down->process(s->pcm, t->pcm);
    if (s->last) t->down->flush(t->pcm);
  }
  queue(*t, t->pcm, s->last);
  t->sentences.push_back({s->text, static_cast<std::int32_t>((t->frames - before) * 20)});
}

// μ-law in whole frames to the socket; the last call pads the tail and adds the mark.
void StreamVoice::queue(Turn& t, std::span<const std::int16_t> pcm8k, bool last) {
  const std::size_t had = t.pending.size();
  t.pending.resize(had + pcm8k.size());
  audio::mulaw_encode(pcm8k, std::span(t.pending).subspan(had));
  if (last && t.pending.size() % kFrameBytes != 0)
    t.pending.resize((t.pending.size() / kFrameBytes + 1) * kFrameBytes, kMulawSilence);
  const std::size_t whole = t.pending.size() / kFrameBytes * kFrameBytes;
  if (whole > 0) {
    out_.play(t.reply.turn, std::span(t.pending).first(whole));
    t.frames += static_cast<std::int64_t>(whole / kFrameBytes);
    t.pending.erase(t.pending.begin(), t.pending.begin() + static_cast<std::ptrdiff_t>(whole));
  }
  if (last) {
    t.spoken = true;
    out_.mark("turn-" + std::to_string(t.reply.turn));
  }
}

void StreamVoice::on_first_frame(std::int32_t turn) {
  if (Turn* t = find(turn); t && !t->started) {
    t->started = true;
    t->first_frame = Clock::now();
  }
}

void StreamVoice::on_mark(std::string_view name) {
  if (!name.starts_with("turn-")) return;
  std::int32_t turn = 0;
  const std::string_view digits = name.substr(5);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), turn);
  if (ec != std::errc() || end != digits.data() + digits.size()) return;  // not one of ours
  Turn* t = find(turn);
  if (!t) return;  // cut short: recorded then
  // Marks come back in order: anything before this turn was played too.
  while (!turns_.empty() && turns_.front().reply.turn != turn) {
    played(turns_.front(), static_cast<std::int32_t>(turns_.front().frames * 20), false);
    turns_.pop_front();
  }
  const std::string action = turns_.front().reply.action;
  played(turns_.front(), static_cast<std::int32_t>(turns_.front().frames * 20), false);
  turns_.pop_front();
  if (action == "hangup") out_.hang_up();
  else if (action == "transfer") out_.transfer();
}

void StreamVoice::on_key() {
  if (!turns_.empty() && !closing_) barge_in();
}

// The caller spoke over the replies: the first was heard up to now, the rest not at all.
void StreamVoice::barge_in() {
  ++barge_ins_;
  out_.clear();
  bool first = true;
  for (Turn& t : turns_) {
    t.job.cancel();
    const std::int32_t queued = static_cast<std::int32_t>(t.frames * 20);
    std::int32_t ms = 0;
    if (first && t.started)
      ms = std::clamp<std::int32_t>(
          static_cast<std::int32_t>(micros(Clock::now() - t.first_frame) / 1000), 0, queued);
    played(t, ms, true);
    first = false;
  }
  turns_.clear();
}

void StreamVoice::played(Turn& t, std::int32_t ms, bool interrupted) {
  StreamPlayed p{.call_sid = ids_.call_sid, .stream_sid = ids_.stream_sid,
                 .tenant_id = ids_.tenant_id, .turn = t.reply.turn, .played_ms = ms,
                 .reply_ms = static_cast<std::int32_t>(t.frames * 20),
                 .interrupted = interrupted, .text = t.reply.text,
                 .language = t.reply.language, .voice = speech_.voice,
                 .timing = timing_of(t)};
  if (interrupted) {  // the sentences played whole, then the share of the next one's words
    std::int32_t left = ms;
    for (const Sentence& s : t.sentences) {
      if (left >= s.ms) {
        p.heard_text += (p.heard_text.empty() ? "" : " ") + s.text;
        left -= s.ms;
        continue;
      }
      const std::size_t words = word_count(s.text) * static_cast<std::size_t>(left) /
                                static_cast<std::size_t>(std::max(1, s.ms));
      if (words > 0) p.heard_text += (p.heard_text.empty() ? "" : " ") + first_words(s.text, words);
      break;
    }
  }
  engine_.on_stream_played(std::move(p), [sid = ids_.call_sid](Result<std::string> r) {
    if (!r)
      std::fprintf(stderr, "webox stream %s: playback not recorded: %s\n", sid.c_str(),
                   r.error().message.c_str());
  });
}

std::optional<TurnTiming> StreamVoice::timing_of(const Turn& t) const {
  if (!t.timing || !t.started) return std::nullopt;
  TurnTiming timing{.silence_ms = t.timing->silence_ms, .stt_micros = t.timing->stt_micros,
                    .brain_micros = t.reply.brain_micros,
                    .tts_micros = t.sentences.empty() ? 0 : micros(t.first_sentence - t.asked),
                    .total_micros = micros(t.first_frame - t.timing->end_of_speech)};
  timing.engine_micros = std::max<std::int64_t>(
      0, timing.total_micros - timing.stt_micros - timing.brain_micros - timing.tts_micros);
  return timing;
}

StreamVoice::Turn* StreamVoice::find(std::int32_t turn) {
  for (Turn& t : turns_)
    if (t.reply.turn == turn) return &t;
  return nullptr;
}

}  // namespace webox
