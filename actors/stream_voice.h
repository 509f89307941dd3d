// The voice of one stream call: what turns a Media Stream's inbound audio into turns of the
// conversation and the assistant's replies into paced outbound audio. It listens (voice
// activity, end of utterance), hears (speech-to-text), asks the call (Engine), speaks
// (text-to-speech, resampled to 8 kHz μ-law) and keeps the ledger of what the caller heard.
//
//   StreamVoice voice(engine, engine.stream_speech(id, number), output, post);  // output: the socket
//   voice.start(ids, greeting, hints);  // says the greeting (turn 0)
//   voice.on_audio(pcm_20ms);           // every inbound frame, decoded, 8 kHz
//   voice.on_first_frame(3);            // the socket sent turn 3's first frame
//   voice.on_mark("turn-3");            // Twilio echoed turn 3's mark: it was played
//                                       // (a hangup reply: out.hang_up(); a transfer: out.transfer())
//   voice.on_key();                     // a key was pressed: the reply playing is cut
//   voice.say(reply);                   // a reply the call gave otherwise (a key's)
//
// A turn, end to end:
//   caller speaks ─▶ Vad: speech_started (a short pre-roll is kept, so the utterance starts at
//   its first frame) ─▶ Vad: speech_ended (end_silence_ms of quiet) ─▶ the utterance, less its
//   closing silence, to SttSession::feed and end_utterance ─▶ Transcript (worker) ─post─▶ Engine::on_stream_utterance
//   (UtteranceTranscribed + ReplyGenerated) ─post─▶ TextToSpeech::speak ─▶ sentences (worker)
//   ─post─▶ resampled, μ-law, VoiceOutput::play in 160-byte frames, then mark "turn-<N>" ─▶
//   the socket paces the frames at 20 ms ─▶ on_first_frame: the turn's timing is complete ─▶
//   on_mark: Engine::on_stream_played (AudioSent, TurnTimed).
// Barge-in: the caller speaks over a reply for barge_in_ms (shorter sounds are filler and are
// neither heard nor transcribed) ─▶ VoiceOutput::clear, the synthesis is cancelled, and
// Engine::on_stream_played records ReplyInterrupted with the milliseconds and words played
// before the cut; the utterance goes on to be transcribed as a turn. An assistant that is not
// interruptible (StreamSpeech::interruptible) plays its reply out and answers such speech after.
// An utterance longer than 30 s is heard in pieces of 30 s (memory per call stays bounded).
// Closing words (a reply that hangs up or transfers: the log already records the end) are
// never cut: once they are said, the caller's audio and keys are not heard any more.
//
// Threading: every member is called on one thread, the socket's. Results from the speech
// workers and the engine come back through `post`, which must run the function on that thread
// (or drop it once the socket is gone); a closure that arrives after the voice is destroyed
// does nothing. No call blocks; on_audio costs a VAD step and a copy.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "actors/engine.h"
#include "adapters/audio/resampler.h"
#include "adapters/audio/vad.h"

namespace webox {

// The socket side of the voice; called on the voice's thread only.
class VoiceOutput {
 public:
  virtual ~VoiceOutput() = default;
  // Appends a turn's audio, whole 160-byte frames of 8 kHz μ-law, to the outbound queue; the
  // frames leave 20 ms apart and the first of each turn is reported (StreamVoice::on_first_frame).
  virtual void play(std::int32_t turn, std::span<const std::uint8_t> mulaw) = 0;
  virtual void mark(std::string name) = 0;  // after the audio queued before it
  virtual void clear() = 0;                 // drop what is queued and tell Twilio to drop its own
  virtual void hang_up() = 0;               // the assistant's goodbye was heard: end the call
  // The transfer's words were heard: end the stream, so that Twilio asks the <Connect action>
  // what next (the <Dial>). A socket closes the same way for both: by default, hang_up().
  virtual void transfer() { hang_up(); }
};

using Post = std::function<void(std::function<void()>)>;

class StreamVoice {
 public:
  StreamVoice(Engine& engine, StreamSpeech speech, VoiceOutput& out, Post post);
  ~StreamVoice();
  StreamVoice(const StreamVoice&) = delete;
  StreamVoice& operator=(const StreamVoice&) = delete;

  // The stream started and the call answered with its greeting.
  void start(StreamStart ids, StreamReply greeting,
             std::shared_ptr<const speech::SpeechContext> hints);
  void on_audio(std::span<const std::int16_t> pcm);
  void say(StreamReply reply);
  void on_key();
  void on_first_frame(std::int32_t turn);
  void on_mark(std::string_view name);
  void stop();  // the stream is over: nothing more is heard or said

  // -- observers --
  std::uint64_t utterances() const { return utterances_; }  // sent to the call as turns
  std::uint64_t fillers() const { return fillers_; }        // sounds too short to count
  std::uint64_t barge_ins() const { return barge_ins_; }
  std::size_t speaking() const { return turns_.size(); }    // replies not yet played out

 private:
  using Clock = std::chrono::steady_clock;
  struct Timing {  // one utterance's way to its reply
    Clock::time_point end_of_speech;
    std::int32_t silence_ms = 0;
    std::int64_t stt_micros = 0;
  };
  struct Sentence {
    std::string text;
    std::int32_t ms = 0;
  };
  struct Turn {
    StreamReply reply;
    std::optional<Timing> timing;
    speech::SpeechJob job;
    std::optional<audio::Resampler> down;
    std::vector<std::int16_t> pcm;      // scratch: a sentence at 8 kHz
    std::vector<std::uint8_t> pending;  // μ-law not yet a whole frame
    std::vector<Sentence> sentences;
    std::int64_t frames = 0;            // queued so far
    bool spoken = false;                // the last sentence came
    Clock::time_point asked, first_sentence, first_frame;
    bool started = false;               // its first frame left
  };

  void listen(const audio::VadEvent& e, std::span<const std::int16_t> pcm);
  void end_utterance(std::int64_t end_ms);
  void hear(std::int64_t end_ms);
  void heard(Result<speech::Transcript> t, Timing timing);
  void on_sentence(std::int32_t turn, Result<speech::SpokenSentence> s);
  void queue(Turn& t, std::span<const std::int16_t> pcm8k, bool last);
  void barge_in();
  void played(Turn& t, std::int32_t ms, bool interrupted);
  Turn* find(std::int32_t turn);
  std::optional<TurnTiming> timing_of(const Turn& t) const;

  Engine& engine_;
  StreamSpeech speech_;
  VoiceOutput& out_;
  Post post_;
  std::shared_ptr<StreamVoice*> self_;  // weakly held by closures: gone with the voice
  StreamStart ids_;
  std::string language_ = "en";
  audio::Vad vad_;
  std::unique_ptr<speech::SttSession> stt_;
  // The last frames, so the recogniser gets the utterance from its first frame: the VAD says
  // speech started only once it has lasted min_speech_ms.
  std::deque<std::vector<std::int16_t>> preroll_;
  // The utterance so far, given to the recogniser once it ends, trimmed of its closing silence
  // (the local recogniser decodes whole utterances anyway).
  std::vector<std::int16_t> utterance_;
  std::int64_t utterance_origin_ms_ = 0;
  bool in_utterance_ = false;
  bool spoke_over_ = false;  // this utterance lasted barge_in_ms over a reply: not a filler
  std::int64_t utterance_start_ms_ = 0;
  std::deque<Timing> transcribing_;  // utterances sent to the recogniser, in order
  std::deque<Turn> turns_;           // replies being spoken or played, in order
  std::uint64_t utterances_ = 0, fillers_ = 0, barge_ins_ = 0;
  bool stopped_ = false;
  bool closing_ = false;  // a reply that hangs up or transfers was said: the call's last words
};

}  // namespace webox
