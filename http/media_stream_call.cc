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
                                 std::function<void()> hang_up)
    : engine_(engine), caller_(std::move(caller)), hang_up_(std::move(hang_up)) {}

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
    samples_ += audio::mulaw_decode(media->audio, pcm_);
    ++media_frames_;
    return Next::read;
  }
  if (const auto* dtmf = std::get_if<ms::Dtmf>(&message)) {
    ++digits_;
    engine_.on_stream_dtmf(
        StreamDtmf{.call_sid = call_sid_, .stream_sid = stream_sid_,
                   .tenant_id = caller_.tenant_id, .sequence = dtmf->sequence_number,
                   .digit = dtmf->digit},
        [sid = call_sid_](Result<std::string> r) {
          if (!r)
            std::fprintf(stderr, "webox stream %s: key not recorded: %s\n", sid.c_str(),
                         r.error().message.c_str());
        });
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
        [hang_up = hang_up_, sid = call_sid_](Result<std::string> greeting) {
          if (greeting) return;  // spoken over the stream once speech output exists
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
