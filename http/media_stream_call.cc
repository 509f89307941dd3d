#include "http/media_stream_call.h"

#include <cstdio>
#include <utility>

#include "adapters/audio/mulaw.h"

namespace webox::http {

namespace ms = twilio::media_stream;

namespace {

std::string_view parameter(const ms::Start& s, std::string_view name) {
  for (const auto& [k, v] : s.custom_parameters)
    if (k == name) return v;
  return {};
}

}  // namespace

MediaStreamCall::MediaStreamCall(Engine& engine, StreamCaller caller,
                                 std::function<void()> hang_up, StreamIo io)
    : engine_(engine), caller_(std::move(caller)), hang_up_(std::move(hang_up)),
      io_(std::move(io)) {}

MediaStreamCall::~MediaStreamCall() = default;

void MediaStreamCall::on_first_frame(std::int32_t turn) {
  if (voice_) voice_->on_first_frame(turn);
}

// -- the voice's way out --

void MediaStreamCall::play(std::int32_t turn, std::span<const std::uint8_t> mulaw) {
  if (!ended_) io_.out->play(turn, mulaw);
}

void MediaStreamCall::mark(std::string name) {
  if (ended_) return;
  session_.mark_sent(name);
  io_.out->mark(std::move(name));
}

void MediaStreamCall::clear() {
  if (!ended_) io_.out->clear();
}

void MediaStreamCall::hang_up() {
  if (ended_) return;
  (void)end("hangup");
  io_.out->hang_up();
}

void MediaStreamCall::transfer() {
  if (ended_) return;
  (void)end("transfer");  // the engine hears of the end before Twilio can ask the action
  io_.out->hang_up();
}

void MediaStreamCall::begin_voice(Result<StreamReply> greeting, const std::string& assistant_id) {
  if (ended_ || voice_) return;
  if (!greeting) {
    std::fprintf(stderr, "webox stream %s: refused: %s\n", call_sid_.c_str(),
                 greeting.error().message.c_str());
    return hang_up_();
  }
  voice_ = std::make_unique<StreamVoice>(engine_, engine_.stream_speech(assistant_id, caller_.number),
                                         static_cast<VoiceOutput&>(*this), io_.post);
  voice_->start(StreamStart{.call_sid = call_sid_, .stream_sid = stream_sid_,
                            .tenant_id = caller_.tenant_id},
                std::move(*greeting), engine_.stream_hints(assistant_id, caller_.number));
}

MediaStreamCall::Next MediaStreamCall::on_text(std::string_view frame) {
  if (ended_) return Next::close;
  auto message = reader_.read(frame);
  if (!message) return verdict(session_.on_error(message.error()), nullptr);
  return verdict(session_.on_message(*message), &*message);
}

MediaStreamCall::Next MediaStreamCall::on_binary() {
  if (ended_) return Next::close;
  return verdict(session_.on_error(Error::invalid("frame", "binary frame (Twilio sends text)")),
                 nullptr);
}

void MediaStreamCall::on_close() {
  if (ended_) return;
  (void)verdict(session_.on_close(), nullptr);
}

MediaStreamCall::Next MediaStreamCall::verdict(const ms::Verdict& v, const ms::Inbound* m) {
  switch (v.action) {
    case ms::Action::accept: return m ? act(*m) : Next::read;
    case ms::Action::ignore: ++ignored_; return Next::read;
    case ms::Action::end: break;
  }
  if (v.code != "stopped" && v.code != "socket-closed")
    std::fprintf(stderr, "webox stream %s: ending the call: %s (%s)\n",
                 call_sid_.empty() ? "-" : call_sid_.c_str(), std::string(v.code).c_str(),
                 v.detail.c_str());
  return end(v.code);
}

MediaStreamCall::Next MediaStreamCall::end(std::string_view reason) {
  ended_ = true;
  end_reason_ = std::string(reason);
  if (voice_) voice_->stop();
  if (!engaged_) return Next::close;  // no call was named: there is nothing to end
  engine_.on_stream_end(
      StreamEnd{.call_sid = call_sid_, .stream_sid = stream_sid_, .tenant_id = caller_.tenant_id,
                .reason = end_reason_},
      [sid = call_sid_](Result<std::string> r) {
        if (!r)
          std::fprintf(stderr, "webox stream %s: CallEnded not recorded: %s\n", sid.c_str(),
                       r.error().message.c_str());
      });
  return Next::close;
}

MediaStreamCall::Next MediaStreamCall::act(const ms::Inbound& message) {
  if (const auto* media = std::get_if<ms::Media>(&message)) {
    if (pcm_.size() < media->audio.size()) pcm_.resize(media->audio.size());
    const std::size_t n = audio::mulaw_decode(media->audio, pcm_);
    samples_ += n;
    ++media_frames_;
    if (voice_) voice_->on_audio(std::span<const std::int16_t>(pcm_.data(), n));
    return Next::read;
  }
  if (const auto* dtmf = std::get_if<ms::Dtmf>(&message)) {
    ++digits_;
    if (voice_) voice_->on_key();
    engine_.on_stream_dtmf(
        StreamDtmf{.call_sid = call_sid_, .stream_sid = stream_sid_,
                   .tenant_id = caller_.tenant_id, .sequence = dtmf->sequence_number,
                   .digit = dtmf->digit},
        [this, post = io_.post, sid = call_sid_](Result<StreamReply> r) {
          if (!r)
            return (void)std::fprintf(stderr, "webox stream %s: key not recorded: %s\n",
                                      sid.c_str(), r.error().message.c_str());
          if (post) post([this, r = std::move(r)]() mutable {
            if (voice_ && !ended_) voice_->say(std::move(*r));
          });
        });
    return Next::read;
  }
  if (const auto* mark = std::get_if<ms::Mark>(&message)) {
    if (voice_) voice_->on_mark(mark->name);
    return Next::read;
  }
  if (const auto* start = std::get_if<ms::Start>(&message)) {
    // The <Parameter>s /twilio/voice wrote: a stream that does not carry them was not opened
    // from our TwiML for this number's tenant, and must not touch the call it names.
    const std::string_view sid_param = parameter(*start, "CallSid");
    const std::string_view tenant_param = parameter(*start, "TenantId");
    if (sid_param != start->call_sid ||
        (!caller_.tenant_id.empty() && tenant_param != caller_.tenant_id)) {
      std::fprintf(stderr, "webox stream: start for call %s does not carry this call's "
                           "parameters; closing\n", start->call_sid.c_str());
      ended_ = true;
      end_reason_ = "wrong-call";
      return Next::close;
    }
    call_sid_ = start->call_sid;
    stream_sid_ = start->stream_sid;
    engaged_ = true;
    engine_.on_stream_start(
        StreamStart{.call_sid = call_sid_, .stream_sid = stream_sid_,
                    .tenant_id = caller_.tenant_id},
        [this, post = io_.post, speaks = io_.out != nullptr, hang_up = hang_up_,
         sid = call_sid_,
         assistant = std::string(parameter(*start, "AssistantId"))](Result<StreamReply> greeting) {
          if (post && speaks)  // the socket's thread speaks it (and hangs up on a refusal)
            return post([this, greeting = std::move(greeting), assistant]() mutable {
              begin_voice(std::move(greeting), assistant);
            });
          if (greeting) return;
          std::fprintf(stderr, "webox stream %s: refused: %s\n", sid.c_str(),
                       greeting.error().message.c_str());
          hang_up();
        });
    return Next::read;
  }
  // connected and mark echoes need nothing more; stop never gets here (it is an `end` verdict)
  return Next::read;
}

}  // namespace webox::http
