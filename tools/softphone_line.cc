#include "tools/softphone_line.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <array>
#include <deque>

#include "adapters/twilio/form.h"
#include "adapters/twilio/signature.h"

namespace webox::tools::softphone {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using error_code = beast::error_code;

constexpr std::size_t kFrameBytes = 160;
constexpr std::uint8_t kSilence = 0xFF;  // μ-law +0
constexpr int kFramesBetweenKeys = 5;    // 100 ms of line time

// One thing to put on the line at the next tick.
struct Outgoing {
  std::array<std::uint8_t, kFrameBytes> audio{};
  char key = 0;         // a dtmf message instead of audio (the tick still sends silence)
  bool speech = false;  // counts as the caller's speech (not a gap between keys)
};

}  // namespace

struct StreamLine::Impl {
  Impl(TwilioFrames f, double speed)
      : frames(std::move(f)), pacer(speed), playout(speed <= 1.0) {}

  net::io_context ioc;
  websocket::stream<beast::tcp_stream> ws{ioc};
  net::steady_timer timer{ioc};
  beast::flat_buffer in;
  std::deque<std::string> out;
  bool writing = false;
  bool reading = false;

  TwilioFrames frames;
  FramePacer pacer;
  Playout playout;
  Clock::time_point t0{};
  std::uint64_t sent = 0;  // media frames put on the line
  std::deque<Outgoing> queue;
  Clock::time_point speech_end{};

  std::vector<Reply> replies;
  // Replies heard but not yet over, oldest first: every one but the last has its mark, which
  // is echoed in order; the last is still receiving audio unless `last_marked`.
  std::deque<Reply> open;
  bool last_marked = false;
  std::uint64_t bad = 0;

  bool closed = false;  // the socket is gone (engine's close or an error)
  bool stopping = false;
  std::string reason;

  // -- writing --
  void send(std::string frame) {
    if (closed) return;
    out.push_back(std::move(frame));
    if (!writing) write_next();
  }
  void write_next() {
    if (out.empty() || closed) {
      writing = false;
      if (stopping && !closed && out.empty()) close_ours();
      return;
    }
    writing = true;
    ws.text(true);
    ws.async_write(net::buffer(out.front()), [this](error_code ec, std::size_t) {
      out.pop_front();
      if (ec) return lost("write: " + ec.message());
      write_next();
    });
  }
  void close_ours() {
    ws.async_close(websocket::close_code::normal, [this](error_code) {
      closed = true;
      if (reason.empty()) reason = "we hung up";
      timer.cancel();
    });
  }

  // -- reading --
  void read_next() {
    reading = true;
    ws.async_read(in, [this](error_code ec, std::size_t) {
      reading = false;
      if (ec) {
        lost(ec == websocket::error::closed ? "the engine closed the stream"
                                            : "read: " + ec.message());
        return;
      }
      const std::string text = beast::buffers_to_string(in.data());
      in.consume(in.size());
      on_frame(text);
      if (!closed) read_next();
    });
  }

  void on_frame(const std::string& text) {
    const auto now = Clock::now();
    auto frame = read_engine_frame(text);
    if (!frame) {
      ++bad;
      return;
    }
    if (auto* m = std::get_if<EngineMedia>(&*frame)) {
      if (open.empty() || last_marked) {
        open.emplace_back();
        last_marked = false;
      }
      Reply& r = open.back();
      if (!r.first_audio) r.first_audio = now;
      r.audio_bytes += m->mulaw.size();
      playout.media(now, m->mulaw.size());
    } else if (auto* k = std::get_if<EngineMark>(&*frame)) {
      if (open.empty() || last_marked) open.emplace_back();  // a mark with no audio before it
      last_marked = true;
      playout.mark(now, k->name);
    } else {
      for (Reply& r : open) r.interrupted = true;
      // A reply cut before its mark is over now; the marks pending are echoed at once.
      if (!open.empty() && !last_marked) {
        replies.push_back(std::move(open.back()));
        open.pop_back();
        last_marked = true;
      }
      for (std::string& name : playout.clear(now)) echo(std::move(name));
    }
    for (std::string& name : playout.due(now)) echo(std::move(name));
    arm();  // a mark may now be due sooner than the next frame
  }

  // Marks come back in the order sent, so each echo ends the oldest open reply.
  void echo(std::string name) {
    send(frames.mark_echo(name));
    if (open.empty()) return;
    Reply r = std::move(open.front());
    open.pop_front();
    r.mark = std::move(name);
    replies.push_back(std::move(r));
  }

  void lost(std::string why) {
    if (closed) return;
    closed = true;
    if (reason.empty()) reason = std::move(why);
    timer.cancel();
    // The engine's goodbye: its last replies end with the socket, echoed or not.
    std::vector<std::string> names = playout.clear(Clock::now());
    std::size_t next_name = 0;
    for (Reply& r : open) {
      if (next_name < names.size() && (&r != &open.back() || last_marked)) r.mark = names[next_name++];
      if (r.audio_bytes > 0 || !r.mark.empty()) replies.push_back(std::move(r));
    }
    open.clear();
  }

  // -- the line's clock --
  void tick() {
    const auto now = Clock::now();
    const std::uint64_t due = pacer.frames_by(std::chrono::duration_cast<Micros>(now - t0));
    static const std::array<std::uint8_t, kFrameBytes> kQuiet = [] {
      std::array<std::uint8_t, kFrameBytes> a{};
      a.fill(kSilence);
      return a;
    }();
    while (sent < due && !closed && !stopping) {
      const std::array<std::uint8_t, kFrameBytes>* audio = &kQuiet;
      Outgoing item;
      if (!queue.empty()) {
        item = queue.front();
        queue.pop_front();
        if (item.key) send(frames.dtmf(item.key));
        else audio = &item.audio;
        if (item.speech) speech_end = now;
      }
      send(frames.media(*audio));
      ++sent;
    }
    for (std::string& name : playout.due(now)) echo(std::move(name));
    arm();
  }

  void arm() {
    if (closed || stopping) return;
    Clock::time_point next = t0 + pacer.due(sent);
    if (auto mark = playout.next_due()) next = std::min(next, *mark);
    timer.expires_at(next);
    timer.async_wait([this](error_code ec) {
      if (!ec) tick();
    });
  }
};

Result<std::unique_ptr<StreamLine>> StreamLine::open(const Url& engine, const StreamAnswer& answer,
                                                     const std::string& auth_token,
                                                     StreamIdentity identity, double speed) {
  auto impl = std::make_unique<Impl>(TwilioFrames(std::move(identity)), speed);
  error_code ec;
  tcp::resolver resolver(impl->ioc);
  auto endpoints = resolver.resolve(engine.host, std::to_string(engine.port), ec);
  if (ec)
    return Error::make(Errc::unavailable, "cannot resolve " + engine.host + ": " + ec.message());
  auto& tcp_stream = beast::get_lowest_layer(impl->ws);
  tcp_stream.expires_after(std::chrono::seconds(10));
  tcp_stream.connect(endpoints, ec);
  if (ec)
    return Error::make(Errc::unavailable,
                       "cannot connect to " + engine.authority() + ": " + ec.message());
  const std::string signature =
      auth_token.empty() ? std::string()
                         : twilio::compute_signature(auth_token, answer.url, twilio::FormParams{});
  impl->ws.set_option(websocket::stream_base::decorator([signature](websocket::request_type& r) {
    r.set(beast::http::field::user_agent, "TwilioProxy/1.1 (webox call)");
    if (!signature.empty()) r.set("X-Twilio-Signature", signature);
  }));
  websocket::response_type refusal;
  tcp_stream.expires_after(std::chrono::seconds(10));
  impl->ws.handshake(refusal, engine.authority(), answer.path, ec);
  if (ec) {
    if (ec == websocket::error::upgrade_declined) {
      // Beast does not keep the refusal; the same request as plain HTTP gets it again.
      Url at = engine;
      at.target = answer.path;
      HttpClient client(std::chrono::seconds(10));
      auto again = client.request("GET", at, {}, {},
                                  {{"Connection", "Upgrade"},
                                   {"Upgrade", "websocket"},
                                   {"Sec-WebSocket-Version", "13"},
                                   {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
                                   {"X-Twilio-Signature", signature}});
      std::string why = "declined";
      if (again && again->status != 101)
        why = std::to_string(again->status) + " " + again->reason +
              (again->body.empty() ? "" : ": " + again->body);
      return Error::make(Errc::forbidden,
                         "the engine refused the stream's handshake on " + answer.path + " (" +
                             why + ")");
    }
    return Error::make(Errc::unavailable, "WebSocket handshake on " + answer.path + ": " +
                                              ec.message());
  }
  tcp_stream.expires_never();
  impl->ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));

  Impl& s = *impl;
  s.send(s.frames.connected());
  s.send(s.frames.start());
  s.t0 = Clock::now();
  s.speech_end = s.t0;
  s.read_next();
  s.tick();  // the first frame leaves with `start`, as on a live line
  return std::unique_ptr<StreamLine>(new StreamLine(std::move(impl)));
}

StreamLine::StreamLine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

StreamLine::~StreamLine() {
  if (!impl_->closed) {
    error_code ignored;
    beast::get_lowest_layer(impl_->ws).socket().close(ignored);
  }
}

void StreamLine::say(std::span<const std::uint8_t> mulaw) {
  for (std::size_t at = 0; at < mulaw.size(); at += kFrameBytes) {
    Outgoing o;
    o.audio.fill(kSilence);
    const std::size_t n = std::min(kFrameBytes, mulaw.size() - at);
    std::copy_n(mulaw.begin() + static_cast<std::ptrdiff_t>(at), n, o.audio.begin());
    o.speech = true;
    impl_->queue.push_back(o);
  }
}

void StreamLine::press(std::string_view keys) {
  bool first = true;
  for (const char key : keys) {
    if (!first) {
      for (int i = 0; i < kFramesBetweenKeys - 1; ++i) {
        Outgoing gap;
        gap.audio.fill(kSilence);
        impl_->queue.push_back(gap);
      }
    }
    first = false;
    Outgoing o;
    o.key = key;
    o.speech = true;
    impl_->queue.push_back(o);
  }
}

bool StreamLine::wait(const std::function<bool()>& done, Clock::time_point deadline) {
  Impl& s = *impl_;
  for (;;) {
    if (done()) return true;
    if (s.closed || Clock::now() >= deadline) return false;
    if (s.ioc.stopped()) s.ioc.restart();
    if (s.ioc.run_one_until(deadline) == 0 && s.ioc.stopped() && !done()) return false;
  }
}

void StreamLine::hang_up(Micros grace) {
  Impl& s = *impl_;
  if (s.closed || s.stopping) return;
  s.send(s.frames.stop());
  s.stopping = true;  // no frame after stop; the close follows the last write
  s.timer.cancel();
  if (!s.writing) s.close_ours();
  const auto deadline = Clock::now() + grace;
  while (!s.closed && Clock::now() < deadline) {
    if (s.ioc.stopped()) s.ioc.restart();
    s.ioc.run_one_until(deadline);
  }
  if (!s.closed) {
    s.closed = true;
    s.reason = "we hung up (the engine did not answer the close)";
    error_code ignored;
    beast::get_lowest_layer(s.ws).socket().close(ignored);
  }
}

bool StreamLine::spoken() const { return impl_->queue.empty(); }
bool StreamLine::hearing() const { return !impl_->open.empty(); }
Clock::time_point StreamLine::speech_ended() const { return impl_->speech_end; }
Clock::time_point StreamLine::started() const { return impl_->t0; }
const std::vector<Reply>& StreamLine::replies() const { return impl_->replies; }
bool StreamLine::closed() const { return impl_->closed; }
std::string StreamLine::close_reason() const { return impl_->reason; }
std::uint64_t StreamLine::frames_sent() const { return impl_->sent; }
std::uint64_t StreamLine::bad_frames() const { return impl_->bad; }

}  // namespace webox::tools::softphone
