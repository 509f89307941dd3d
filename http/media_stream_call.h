// One Media Streams WebSocket of GET /twilio/stream/<number>, without the socket: each frame goes
// through the reader and the order checker (adapters/twilio/media_stream_*.h), and what they
// accept reaches the call's actor through the engine. http/server.cc owns the socket and calls
// this on the socket's thread only.
//
//   MediaStreamCall call(engine, StreamCaller{"t1", "+33123456789"}, [&] { close the socket });
//   call.on_text(R"({"event":"connected","protocol":"Call","version":"1.0.0"})");  // -> read
//   call.on_text(start_json);   // Engine::on_stream_start(CallSid, stream, tenant)
//   call.on_text(media_json);   // μ-law decoded to PCM, heard by the voice (stream_voice.h)
//   call.on_text(mark_json);    // an echo: the voice records what was played
//   call.on_text(dtmf_json);    // Engine::on_stream_dtmf: UtteranceTranscribed "dtmf" + reply
//   call.on_text(stop_json);    // Engine::on_stream_end("stopped") -> Next::close
//   call.on_close();            // the socket is gone: nothing more (the end was said once)
//
// Contract:
// - The call ends once: the first `end` verdict of the order checker (stop, a malformed or
//   out-of-order frame, a second stream, the socket closing before stop) sends one
//   Engine::on_stream_end with the checker's code as reason, and from then on nothing reaches
//   the engine. An `ignore` verdict is counted and the stream goes on.
// - `start` must carry the <Parameter>s /twilio/voice gave Twilio: CallSid equal to the
//   start's callSid and, when the handshake's tenant is known, TenantId equal to it; otherwise
//   the socket is closed without touching the call ("wrong-call"). The engine refuses a start
//   for a call that is not a live stream call of that tenant; `hang_up` then closes the socket
//   (it is called from an engine thread: it must be thread-safe).
// - A binary frame is malformed (Twilio sends text only).
// - Media frames cost no allocation once one as large has been seen: the PCM buffer only grows.
// - With a StreamIo, the greeting starts the call's StreamVoice, which speaks through io.out;
//   the voice's marks are registered with the order checker, so only their echoes are taken.
//   A key press cuts the reply playing. The voice's hang-up (after a goodbye was played) ends
//   the call with reason "hangup" and closes the socket; its transfer (after the transfer's
//   words were played) ends it with reason "transfer" and closes the socket the same way, and
//   Twilio then posts the <Connect action> (/twilio/stream-ended), which dials. Engine answers reach the voice through
//   io.post, on the socket's thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "actors/engine.h"
#include "actors/stream_voice.h"
#include "adapters/twilio/media_stream_in.h"
#include "adapters/twilio/media_stream_session.h"
#include "http/twilio_gate.h"

namespace webox::http {

// Where the call's voice goes: the socket's outbound queue and a way back onto the socket's
// thread. Without them (out null) the call is heard and answered but says nothing.
struct StreamIo {
  VoiceOutput* out = nullptr;
  Post post;
};

class MediaStreamCall final : private VoiceOutput {
 public:
  enum class Next { read, close };

  MediaStreamCall(Engine& engine, StreamCaller caller, std::function<void()> hang_up,
                  StreamIo io = {});
  ~MediaStreamCall() override;

  [[nodiscard]] Next on_text(std::string_view frame);
  [[nodiscard]] Next on_binary();
  void on_close();
  void on_first_frame(std::int32_t turn);  // the socket sent a turn's first frame

  // -- observers --
  const StreamVoice* voice() const { return voice_.get(); }

  bool ended() const { return ended_; }
  const std::string& end_reason() const { return end_reason_; }  // the checker's code
  const std::string& call_sid() const { return call_sid_; }
  const std::string& stream_sid() const { return stream_sid_; }
  std::uint64_t media_frames() const { return media_frames_; }
  std::uint64_t samples() const { return samples_; }      // PCM samples decoded
  std::uint64_t ignored() const { return ignored_; }      // frames the checker set aside
  std::uint64_t digits() const { return digits_; }
  const std::vector<std::int16_t>& last_pcm() const { return pcm_; }  // sized to the last frame

 private:
  Next act(const twilio::media_stream::Inbound& message);
  Next verdict(const twilio::media_stream::Verdict& v, const twilio::media_stream::Inbound* m);
  Next end(std::string_view reason);
  void begin_voice(Result<StreamReply> greeting, const std::string& assistant_id);
  // VoiceOutput, for the voice: marks are registered with the order checker on their way out.
  void play(std::int32_t turn, std::span<const std::uint8_t> mulaw) override;
  void mark(std::string name) override;
  void clear() override;
  void hang_up() override;
  void transfer() override;

  Engine& engine_;
  StreamCaller caller_;
  std::function<void()> hang_up_;
  twilio::media_stream::Reader reader_;
  twilio::media_stream::Session session_;
  std::string call_sid_, stream_sid_;
  std::string end_reason_;
  bool ended_ = false;
  bool engaged_ = false;  // the engine was told of the call (start sent)
  std::vector<std::int16_t> pcm_;
  StreamIo io_;
  std::unique_ptr<StreamVoice> voice_;  // from the greeting on, when the socket can speak
  std::uint64_t media_frames_ = 0, samples_ = 0, ignored_ = 0, digits_ = 0;
};

}  // namespace webox::http
