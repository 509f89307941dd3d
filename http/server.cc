// The only file that knows Beast: sockets, HTTP/1.1 framing, keep-alive, timeouts, shutdown.
// Requests become plain http::Request structs for http/router.h; answers come back through a
// Respond that hops onto the connection's own thread.
//
// Threads: one io_context per thread (HttpOptions.threads), each connection pinned to one of
// them round-robin, so a session's handlers never run concurrently and need neither strands
// nor locks. Engine callbacks arrive on engine threads and only ever post into the context.
//
// Limits (HttpOptions): sizes come from the Beast parser (body, header) and a look at the
// target (URL); connection caps are checked at accept; deadlines cover a whole phase (the
// header from accept or from a keep-alive request's first byte, the body, the answer), so a
// client trickling bytes cannot keep a connection forever, and it never holds a thread since
// every wait is asynchronous; the in-flight cap and the rate limits are http/admission.h's,
// asked once the request is read and before it is routed.
//
// Shutdown (stop): close the acceptor; mark draining, which closes idle keep-alive connections
// and makes every answer still to come "Connection: close"; wait up to grace_ms for answers in
// flight; close the gate (engine callbacks after this are dropped instead of posted into a
// context nobody will run); close every socket; let the threads run out of work; join them.
#include "http/server.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/admission.h"
#include "http/connection_limits.h"
#include "adapters/twilio/media_stream_out.h"
#include "http/media_stream_call.h"
#include "http/outbound_pacer.h"
#include "http/message.h"
#include "http/problem.h"
#include "http/rate_limiter.h"
#include "http/router.h"
#include "http/twilio_gate.h"

namespace webox {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace websocket = boost::beast::websocket;
using tcp = net::ip::tcp;
using beast::error_code;

// The context's own executor type rather than any_io_executor: no type erasure on the hot path.
using Executor = net::io_context::executor_type;
using Socket = net::basic_stream_socket<tcp, Executor>;
using Stream = beast::basic_stream<tcp, Executor, beast::unlimited_rate_policy>;
using Acceptor = net::basic_socket_acceptor<tcp, Executor>;
using http::OutboundPacer;

// After an error answer sent before the request was fully read (413, 431, 400), keep reading
// and discarding for a while: closing with unread input makes the kernel send a reset, which
// can destroy our answer before the client has read it.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = 1 << 20;

// Connections refused for their address are answered (503) and lingered like any failed
// request; past this many at once, further ones are closed without a word, so refusing stays
// cheaper than serving.
constexpr int kMaxRefusing = 64;

class Session;
class StreamSession;

template <class Int>
void append_number(std::string& out, Int n) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, n);
  out.append(buf, end);
}

// Beast 1.74 speaks boost::string_view.
std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

// Shared by the server and every session. Sessions own it too, so an io_context always
// outlives the sockets bound to it, even when the last owner of a session is an engine callback
// that arrives after stop() returned.
struct Runtime {
  Runtime(Engine& e, HttpOptions o)
      : engine(e),
        options(std::move(o)),
        connections({.max_total = options.max_connections,
                     .max_per_address = options.max_connections_per_address}),
        admission(options, counters),
        routes{e, http::TwilioSecurity{options.verify_twilio_signatures, options.public_url},
               metrics, &counters} {}

  Engine& engine;
  const HttpOptions options;
  http::LimitCounters counters;
  http::ConnectionLimits connections;
  http::Admission admission;
  std::atomic<int> refusing{0};  // sessions answering a refused connection
  http::HttpMetrics metrics;
  http::RouteContext routes;
  std::vector<std::unique_ptr<net::io_context>> contexts;

  std::mutex gate_mutex;
  bool gate_open = true;  // under gate_mutex: engine callbacks may still post

  std::atomic<bool> draining{false};
  std::atomic<std::size_t> in_flight{0};  // requests read whose answer is not written yet

  std::mutex sessions_mutex;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
  std::unordered_map<StreamSession*, std::weak_ptr<StreamSession>> streams;  // Media Streams

  template <class F>
  void for_each_session(F f);
  template <class F>
  void for_each_stream(F f);
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  // `counted`: the connection holds a place in rt->connections under `address`. A session that
  // does not is a refusal: it answers 503 and closes.
  Session(std::shared_ptr<Runtime> rt, Socket socket, std::string address, bool counted)
      : rt_(std::move(rt)), stream_(std::move(socket)), address_(std::move(address)),
        counted_(counted) {
    if (!counted_) rt_->refusing.fetch_add(1, std::memory_order_relaxed);
  }

  ~Session() {
    if (busy_) rt_->in_flight.fetch_sub(1);
    if (handed_off_) {
      // the connection, and its place in rt_->connections, now belong to a StreamSession
    } else if (counted_) rt_->connections.close(address_);
    else rt_->refusing.fetch_sub(1, std::memory_order_relaxed);
    std::lock_guard lock(rt_->sessions_mutex);
    rt_->sessions.erase(this);
  }

  Executor executor() { return stream_.get_executor(); }

  // On the session's executor.
  void start() {
    {
      std::lock_guard lock(rt_->sessions_mutex);
      rt_->sessions.emplace(this, weak_from_this());
    }
    if (!counted_) {
      return fail(503, "too many connections from " + address_ + " (the limit is " +
                           std::to_string(rt_->options.max_connections_per_address) + ")");
    }
    read_request();
  }

  // On the session's executor: an idle connection closes now, a busy one after its answer.
  void drain() {
    if (idle_ && !parser_->got_some() && buffer_.size() == 0) close();
  }

  void force_close() { close(); }

 private:
  // Which deadline is running, so a timeout is counted as what it was.
  enum class Phase { idle, header, body, answer };

  void deadline(Phase phase, std::chrono::milliseconds after) {
    phase_ = phase;
    stream_.expires_after(after);
  }

  // A new request: on a fresh connection (or with bytes already buffered) its header is due
  // header_timeout from now; on a kept-alive one, its first byte is awaited for idle_timeout and
  // the header is due header_timeout after that byte.
  void read_request() {
    if (closed_) return;
    if (rt_->draining.load(std::memory_order_relaxed)) return close();
    parser_.emplace();
    parser_->body_limit(rt_->options.max_body_bytes);
    parser_->header_limit(static_cast<std::uint32_t>(rt_->options.max_header_bytes));
    idle_ = true;
    if (first_ || buffer_.size() > 0) {
      first_ = false;
      return read_header();
    }
    deadline(Phase::idle, rt_->options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(beast::read_size(buffer_, 16 * 1024)),
                            [self = shared_from_this()](error_code ec, std::size_t n) {
                              // A quiet keep-alive connection ending is no refusal: not counted.
                              if (ec) return self->close();
                              self->buffer_.commit(n);
                              self->read_header();
                            });
  }

  void read_header() {
    if (closed_) return;
    deadline(Phase::header, rt_->options.header_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = shared_from_this()](error_code ec, std::size_t) {
                               self->idle_ = false;
                               self->on_header(ec);
                             });
  }

  // Errors while reading: answer the ones a client can act on, drop the connection otherwise.
  bool read_failed(error_code ec) {
    if (!ec) return false;
    if (ec == bhttp::error::body_limit) {
      http::LimitCounters::bump(rt_->counters.body_too_large);
      fail(413, "the body exceeds " + std::to_string(rt_->options.max_body_bytes) + " bytes");
    } else if (ec == bhttp::error::header_limit && request_line_too_long()) {
      url_too_long();
    } else if (ec == bhttp::error::header_limit) {
      http::LimitCounters::bump(rt_->counters.header_too_large);
      fail(431, "the header exceeds " + std::to_string(rt_->options.max_header_bytes) + " bytes");
    } else if (ec == beast::error::timeout) {
      http::LimitCounters::bump(phase_ == Phase::header ? rt_->counters.header_timeouts
                                                        : rt_->counters.body_timeouts);
      close();  // a client too slow to send its request would be too slow to read an answer
    } else if (ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() &&
               ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
      fail(400, "malformed HTTP request: " + ec.message());
    } else {
      close();  // end of stream, timeout, reset, or our own close
    }
    return true;
  }

  // After a header_limit error: if the parser never got through the request line (it hands
  // the target to the message as soon as it has) and that line, still in the buffer, is
  // longer than a URL may be, the URL is what did not fit, and 414 says so better than 431.
  bool request_line_too_long() const {
    if (!parser_->get().target().empty()) return false;
    auto data = buffer_.data();
    std::string_view bytes(static_cast<const char*>(data.data()), data.size());
    return std::min(bytes.find('\n'), bytes.size()) > rt_->options.max_url_bytes;
  }

  void url_too_long() {
    http::LimitCounters::bump(rt_->counters.url_too_long);
    fail(414, "the request target exceeds " + std::to_string(rt_->options.max_url_bytes) +
                  " bytes");
  }

  void on_header(error_code ec) {
    if (read_failed(ec)) return;
    const auto& msg = parser_->get();
    if (msg.target().size() > rt_->options.max_url_bytes) return url_too_long();
    // curl sends "Expect: 100-continue" before bodies over 1 KiB and waits a second for it.
    auto expect = sv(msg[bhttp::field::expect]);
    if (msg.version() >= 11 && !parser_->is_done() && http::iequals(expect, "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                       [self = shared_from_this()](error_code ec, std::size_t) {
                         if (ec) return self->close();
                         self->read_body();
                       });
      return;
    }
    read_body();
  }

  void read_body() {
    if (parser_->is_done()) return on_request();
    deadline(Phase::body, rt_->options.body_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = shared_from_this()](error_code ec, std::size_t) {
                        if (self->read_failed(ec)) return;
                        self->on_request();
                      });
  }

  void on_request() {
    auto& msg = parser_->get();
    version_ = msg.version();
    keep_alive_ = msg.keep_alive();
    head_request_ = msg.method() == bhttp::verb::head;
    lingering_ = false;

    // Refused before anything is copied out of the parser: a refusal is cheaper than a request.
    const std::string_view target = sv(msg.target());
    started_ = std::chrono::steady_clock::now();
    route_ = http::route_family(sv(msg.method_string()), target.substr(0, target.find('?')));
    if (auto refused = rt_->admission.admit(
            target.substr(0, target.find('?')), address_,
            rt_->in_flight.load(std::memory_order_relaxed), http::RateLimiter::now())) {
      answered_ = false;
      return write(++seq_, std::move(*refused));  // not busy_: no engine work to wait for
    }

    http::Request req;
    req.method = sv(msg.method_string());
    req.target = sv(msg.target());
    req.headers.reserve(8);
    for (const auto& f : msg) req.headers.emplace_back(sv(f.name_string()), sv(f.value()));
    req.body = std::move(msg.body());
    req.admission = &rt_->admission;
    if (target.starts_with("/twilio/stream/") && websocket::is_upgrade(msg))
      return upgrade(std::move(req));

    busy_ = true;
    rt_->in_flight.fetch_add(1, std::memory_order_relaxed);
    const auto seq = ++seq_;
    answered_ = false;
    http::handle(rt_->routes, std::move(req),
                 [self = shared_from_this(), seq](http::Response r) {
                   self->deliver(seq, std::move(r));
                 });
  }

  // GET /twilio/stream/<number> with "Upgrade: websocket": the handshake's signature is checked
  // like a webhook's (403 otherwise), then the socket and its place in the connection count go
  // to a StreamSession and this session ends.
  void upgrade(http::Request req);

  // Any thread. Answers from the engine hop onto the session's executor; answers given while
  // routing (4xx, health) are already on it and are written straight away.
  void deliver(std::uint64_t seq, http::Response r) {
    if (executor().running_in_this_thread()) return write(seq, std::move(r));
    std::lock_guard lock(rt_->gate_mutex);
    if (!rt_->gate_open) return;  // stop() gave up waiting for this answer
    net::post(executor(), [self = shared_from_this(), seq, r = std::move(r)]() mutable {
      self->write(seq, std::move(r));
    });
  }

  // An answer to a request we could not read whole: the connection cannot be reused.
  void fail(int status, std::string message) {
    keep_alive_ = false;
    lingering_ = true;
    head_request_ = false;
    version_ = 11;
    answered_ = false;
    started_ = std::chrono::steady_clock::now();
    route_ = http::Route::other;
    write(++seq_, http::problem(status, message));
  }

  // Serialised by hand: a handful of appends into a buffer that keeps its capacity, instead of
  // Beast's allocated header fields, for every answer.
  void write(std::uint64_t seq, http::Response r) {
    if (closed_ || seq != seq_ || answered_) return;  // a late or duplicate answer
    answered_ = true;
    rt_->metrics.requests.record(route_, r.status,
                                 std::chrono::duration_cast<std::chrono::microseconds>(
                                     std::chrono::steady_clock::now() - started_));
    keep_ = keep_alive_ && !rt_->draining.load(std::memory_order_relaxed);
    const bool has_body = r.status != 204 && r.status != 304;

    head_.clear();
    head_ += version_ == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    append_number(head_, r.status);
    head_ += ' ';
    head_ += http::reason_phrase(r.status);
    head_ += "\r\n";
    if (!r.content_type.empty()) {
      head_ += "Content-Type: ";
      head_ += r.content_type;
      head_ += "\r\n";
    }
    for (const auto& [k, v] : r.headers) {
      head_ += k;
      head_ += ": ";
      head_ += v;
      head_ += "\r\n";
    }
    if (has_body) {
      head_ += "Content-Length: ";
      append_number(head_, r.body.size());
      head_ += "\r\n";
    }
    if (keep_ && version_ == 10) head_ += "Connection: keep-alive\r\n";
    if (!keep_ && version_ != 10) head_ += "Connection: close\r\n";
    head_ += "\r\n";
    body_ = has_body && !head_request_ ? std::move(r.body) : std::string();

    // A client that stops reading is dropped like one that stops sending.
    deadline(Phase::answer, rt_->options.body_timeout);
    std::array<net::const_buffer, 2> buffers{net::buffer(head_), net::buffer(body_)};
    net::async_write(stream_, buffers, [self = shared_from_this()](error_code ec, std::size_t) {
      self->on_write(ec);
    });
  }

  void on_write(error_code ec) {
    if (busy_) {
      busy_ = false;
      rt_->in_flight.fetch_sub(1, std::memory_order_release);
    }
    if (ec == beast::error::timeout) http::LimitCounters::bump(rt_->counters.body_timeouts);
    if (ec) return close();
    if (lingering_) return linger();
    if (!keep_) {
      error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
      return close();
    }
    read_request();
  }

  void linger() {
    error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(kLingerTime);  // one deadline for the whole discard
    buffer_.clear();
    linger_read();
  }

  void linger_read() {
    stream_.async_read_some(buffer_.prepare(16 * 1024),
                            [self = shared_from_this()](error_code ec, std::size_t n) {
                              self->lingered_ += n;
                              if (ec || self->lingered_ > kLingerBytes) return self->close();
                              self->linger_read();
                            });
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    stream_.close();  // cancels whatever is pending; its handler releases the session
  }

  std::shared_ptr<Runtime> rt_;  // first member: destroyed after the stream
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  const std::string address_;  // http::address_key of the peer
  const bool counted_;
  std::string head_, body_;
  std::uint64_t seq_ = 0;   // which request an answer belongs to
  std::size_t lingered_ = 0;
  unsigned version_ = 11;
  bool keep_alive_ = true;  // what the client asked for
  bool keep_ = true;        // what the answer being written promised
  bool head_request_ = false;
  bool idle_ = false;       // waiting for the first bytes of a request
  bool first_ = true;       // no request read yet on this connection
  Phase phase_ = Phase::header;
  bool busy_ = false;       // counted in rt_->in_flight
  bool answered_ = true;
  bool lingering_ = false;
  std::chrono::steady_clock::time_point started_;  // the request being answered was read whole
  http::Route route_ = http::Route::other;
  bool closed_ = false;
  bool handed_off_ = false;  // the socket went to a StreamSession
};

// A Media Streams WebSocket: Beast's framing around http::MediaStreamCall, which judges each
// frame and tells the engine, and the way out for the call's voice: its frames are paced
// (http/outbound_pacer.h) on a timer and written one message at a time. Everything runs on
// the connection's thread; the engine's answers come back through post(). After the call's
// end (stop, a frame that ends it, the engine refusing the stream, the assistant's goodbye)
// our side closes the socket. Twilio's frames are small and come every 20 ms, so one flat
// buffer, consumed after each frame, serves the whole call without further allocation.
class StreamSession : public std::enable_shared_from_this<StreamSession>,
                      private VoiceOutput {
 public:
  StreamSession(std::shared_ptr<Runtime> rt, Stream stream, std::string address,
                http::StreamCaller caller)
      : rt_(std::move(rt)), ws_(std::move(stream)), address_(std::move(address)),
        caller_(std::move(caller)), timer_(ws_.get_executor()) {}

  ~StreamSession() override {
    rt_->connections.close(address_);
    std::lock_guard lock(rt_->sessions_mutex);
    rt_->streams.erase(this);
  }

  Executor executor() { return ws_.get_executor(); }

  // On the connection's executor, with the upgrade request the HTTP session read.
  void start(bhttp::request<bhttp::string_body> request) {
    request_ = std::move(request);  // read by the handshake answer, so kept until it is written
    {
      std::lock_guard lock(rt_->sessions_mutex);
      rt_->streams.emplace(this, weak_from_this());
    }
    std::weak_ptr<StreamSession> weak = weak_from_this();
    auto post = [weak](std::function<void()> f) {  // any thread: run f here if still alive
      if (auto self = weak.lock())
        net::post(self->executor(), [weak, f = std::move(f)] {
          if (auto alive = weak.lock()) f();
        });
    };
    call_.emplace(rt_->engine, caller_, [weak, rt = rt_] {  // any thread: hop over, then close
      auto self = weak.lock();
      if (!self) return;
      std::lock_guard lock(rt->gate_mutex);
      if (!rt->gate_open) return;
      net::post(self->executor(), [self] { self->close(); });
    }, http::StreamIo{.out = this, .post = post});
    beast::get_lowest_layer(ws_).expires_never();  // the WebSocket keeps its own timeouts
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.read_message_max(rt_->options.max_ws_message_bytes);
    ws_.text(true);
    ws_.async_accept(request_, [self = shared_from_this()](error_code ec) {
      if (ec) return self->gone();
      self->accepted_ = true;
      self->read();
      self->flush();
    });
  }

  // On the executor: the server stops.
  void force_close() {
    error_code ignored;
    timer_.cancel();
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

 private:
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](error_code ec, std::size_t) {
      if (ec) return self->gone();  // closed by the peer, dropped, or too large a message
      auto data = self->buffer_.data();
      std::string_view frame(static_cast<const char*>(data.data()), data.size());
      auto next = self->ws_.got_text() ? self->call_->on_text(frame) : self->call_->on_binary();
      self->buffer_.consume(self->buffer_.size());
      if (next == http::MediaStreamCall::Next::close) return self->close();
      self->read();
    });
  }

  // -- the voice's way out (VoiceOutput), on the executor --

  void play(std::int32_t turn, std::span<const std::uint8_t> mulaw) override {
    pacer_.play(turn, mulaw);
    pace();
  }
  void mark(std::string name) override {
    pacer_.mark(std::move(name));
    pace();
  }
  void clear() override {
    pacer_.clear();
    send(std::string(writer().clear()));
  }
  void hang_up() override { close_after_writes_ = true; flush(); }

  twilio::media_stream::Writer& writer() {
    if (!writer_) writer_.emplace(call_->stream_sid());
    return *writer_;
  }

  // Releases what is due and sleeps until the next frame is.
  void pace() {
    if (closing_) return;
    auto next = pacer_.drain(OutboundPacer::Clock::now(), [&](const OutboundPacer::Out& o) {
      switch (o.kind) {
        case OutboundPacer::Out::Kind::first_frame: call_->on_first_frame(o.turn); break;
        case OutboundPacer::Out::Kind::media: send(std::string(writer().media(o.audio))); break;
        case OutboundPacer::Out::Kind::mark: send(std::string(writer().mark(o.name))); break;
      }
    });
    if (!next || timer_armed_) return;
    timer_armed_ = true;
    timer_.expires_at(*next);
    timer_.async_wait([self = shared_from_this()](error_code ec) {
      self->timer_armed_ = false;
      if (!ec) self->pace();
    });
  }

  void send(std::string message) {
    outbox_.push_back(std::move(message));
    flush();
  }

  // One write at a time, in order; a hang-up closes the socket once the goodbye has left.
  void flush() {
    if (writing_ || closing_ || !accepted_) return;
    if (outbox_.empty()) {
      if (close_after_writes_ && pacer_.idle()) close();
      return;
    }
    writing_ = true;
    ws_.async_write(net::buffer(outbox_.front()),
                    [self = shared_from_this()](error_code ec, std::size_t) {
                      self->writing_ = false;
                      self->outbox_.pop_front();
                      if (ec) return self->gone();
                      if (self->close_pending_) return self->close();
                      self->flush();
                    });
  }

  // The socket is done with: the call hears of it (it ends the call unless it ended already).
  void gone() {
    timer_.cancel();
    if (call_) call_->on_close();
  }

  void close() {
    if (closing_) return;
    if (writing_) {  // Beast allows one write at a time: close once it is done
      close_pending_ = true;
      return;
    }
    closing_ = true;
    timer_.cancel();
    outbox_.clear();
    ws_.async_close(websocket::close_code::normal,
                    [self = shared_from_this()](error_code) { self->gone(); });
  }

  std::shared_ptr<Runtime> rt_;  // first member: destroyed after the socket
  websocket::stream<Stream> ws_;
  beast::flat_buffer buffer_;
  const std::string address_;
  const http::StreamCaller caller_;
  std::optional<http::MediaStreamCall> call_;
  bhttp::request<bhttp::string_body> request_;
  net::basic_waitable_timer<std::chrono::steady_clock, net::wait_traits<std::chrono::steady_clock>,
                            Executor> timer_;
  OutboundPacer pacer_;
  std::optional<twilio::media_stream::Writer> writer_;
  std::deque<std::string> outbox_;
  bool accepted_ = false, writing_ = false, timer_armed_ = false;
  bool closing_ = false, close_after_writes_ = false, close_pending_ = false;
};

void Session::upgrade(http::Request req) {
  auto caller = http::check_stream_handshake(rt_->engine, rt_->routes.twilio, req, rt_->metrics);
  if (!caller) {
    keep_alive_ = false;
    answered_ = false;
    return write(++seq_, http::problem(caller.error()));
  }
  handed_off_ = true;
  closed_ = true;  // drain() and force_close() must not touch the socket any more
  auto stream = std::make_shared<StreamSession>(rt_, std::move(stream_), address_,
                                                std::move(*caller));
  stream->start(parser_->release());
}

template <class F>
void Runtime::for_each_session(F f) {
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(sessions_mutex);
    live.reserve(sessions.size());
    for (auto& [_, weak] : sessions)
      if (auto s = weak.lock()) live.push_back(std::move(s));
  }
  // Posted outside the lock: dropping the last reference runs ~Session, which takes it.
  for (auto& s : live) net::post(s->executor(), [s, f] { f(*s); });
}

template <class F>
void Runtime::for_each_stream(F f) {
  std::vector<std::shared_ptr<StreamSession>> live;
  {
    std::lock_guard lock(sessions_mutex);
    for (auto& [_, weak] : streams)
      if (auto s = weak.lock()) live.push_back(std::move(s));
  }
  for (auto& s : live) net::post(s->executor(), [s, f] { f(*s); });
}

class Server final : public HttpServer {
 public:
  Server(std::shared_ptr<Runtime> rt, Acceptor acceptor)
      : rt_(std::move(rt)), acceptor_(std::move(acceptor)),
        retry_timer_(rt_->contexts[0]->get_executor()) {
    port_ = acceptor_.local_endpoint().port();
    for (auto& ctx : rt_->contexts) guards_.emplace_back(ctx->get_executor());
    net::post(acceptor_.get_executor(), [this] { accept(); });
    for (auto& ctx : rt_->contexts) threads_.emplace_back([c = ctx.get()] { run(*c); });
  }

  ~Server() override { stop(0); }

  std::uint16_t port() const override { return port_; }

  LimitsSnapshot limits_snapshot() const override {
    LimitsSnapshot s = rt_->counters.snapshot();
    s.connections_open = rt_->connections.total();
    s.requests_in_flight = rt_->in_flight.load(std::memory_order_relaxed);
    s.rate_limit_keys = rt_->admission.keys_held();
    return s;
  }

  void stop(int grace_ms) override {
    std::lock_guard lock(stop_mutex_);
    if (stopped_) return;
    stopped_ = true;

    net::post(acceptor_.get_executor(), [this] {
      error_code ignored;
      acceptor_.close(ignored);
      retry_timer_.cancel();
    });
    rt_->draining.store(true);
    rt_->for_each_session([](Session& s) { s.drain(); });

    // Polling is enough here: stop() is called once, and a millisecond is below anything a
    // client could notice.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(grace_ms);
    while (rt_->in_flight.load(std::memory_order_acquire) > 0 &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));

    {
      std::lock_guard gate(rt_->gate_mutex);
      rt_->gate_open = false;
    }
    rt_->for_each_session([](Session& s) { s.force_close(); });
    rt_->for_each_stream([](StreamSession& s) { s.force_close(); });
    guards_.clear();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

 private:
  static void run(net::io_context& ctx) {
    for (;;) {
      try {
        ctx.run();
        return;
      } catch (const std::exception& e) {
        // A throwing handler is a bug; the server keeps serving the other connections.
        std::fprintf(stderr, "webox http: handler threw: %s\n", e.what());
      }
    }
  }

  void accept() {
    auto& ctx = *rt_->contexts[next_++ % rt_->contexts.size()];
    acceptor_.async_accept(ctx, [this](error_code ec, Socket socket) {
      if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
      if (ec) {
        // Out of file descriptors and the like: retrying at once would spin.
        std::fprintf(stderr, "webox http: accept: %s\n", ec.message().c_str());
        retry_timer_.expires_after(std::chrono::milliseconds(50));
        retry_timer_.async_wait([this](error_code ec) {
          if (!ec && acceptor_.is_open()) accept();
        });
        return;
      }
      admit(std::move(socket));
      accept();
    });
  }

  // The connection caps, then a session: a counted one, or one that answers the refusal.
  void admit(Socket socket) {
    error_code ec;
    auto peer = socket.remote_endpoint(ec);
    if (ec) return;  // gone already; the socket closes here
    auto ip = peer.address();
    auto v6 = ip.is_v4() ? net::ip::make_address_v6(net::ip::v4_mapped, ip.to_v4()) : ip.to_v6();
    std::string address = http::address_key(v6.to_bytes());

    bool counted = true;
    switch (rt_->connections.open(address)) {
      case http::ConnectionLimits::Verdict::ok: break;
      case http::ConnectionLimits::Verdict::too_many_total:
        // At the process's own cap every byte spent is one too many: close without answering.
        http::LimitCounters::bump(rt_->counters.connections_refused_total);
        return;
      case http::ConnectionLimits::Verdict::too_many_from_address:
        http::LimitCounters::bump(rt_->counters.connections_refused_per_address);
        if (rt_->refusing.load(std::memory_order_relaxed) >= kMaxRefusing) return;
        counted = false;
        break;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto session = std::make_shared<Session>(rt_, std::move(socket), std::move(address), counted);
    net::post(session->executor(), [session] { session->start(); });
  }

  std::shared_ptr<Runtime> rt_;  // first member: destroyed after the acceptor and the timer
  Acceptor acceptor_;
  net::basic_waitable_timer<std::chrono::steady_clock, net::wait_traits<std::chrono::steady_clock>,
                            Executor>
      retry_timer_;
  std::vector<net::executor_work_guard<Executor>> guards_;
  std::vector<std::thread> threads_;
  std::size_t next_ = 0;
  std::uint16_t port_ = 0;
  std::mutex stop_mutex_;
  bool stopped_ = false;
};

Result<tcp::endpoint> resolve(net::io_context& ctx, const std::string& host, std::uint16_t port) {
  error_code ec;
  auto address = net::ip::make_address(host, ec);
  if (!ec) return tcp::endpoint(address, port);
  net::ip::basic_resolver<tcp, Executor> resolver(ctx.get_executor());
  auto results = resolver.resolve(host, std::to_string(port), ec);
  if (ec || results.empty())
    return Error::invalid("host", "cannot resolve \"" + host + "\": " + ec.message());
  return results.begin()->endpoint();
}

}  // namespace

Result<std::unique_ptr<HttpServer>> HttpServer::start(Engine& engine, HttpOptions options) {
  if (options.threads == 0) options.threads = std::max(1u, std::thread::hardware_concurrency());
  if (options.max_header_bytes == 0 || options.max_header_bytes > UINT32_MAX)
    return Error::invalid("max_header_bytes", "must be between 1 and 4294967295");
  if (options.max_url_bytes == 0) return Error::invalid("max_url_bytes", "must be at least 1");
  for (auto [name, t] : {std::pair{"header_timeout", options.header_timeout},
                         std::pair{"body_timeout", options.body_timeout},
                         std::pair{"idle_timeout", options.idle_timeout}}) {
    if (t.count() <= 0) return Error::invalid(name, "must be positive");
  }
  for (auto [name, rate] : {std::pair{"twilio_rate_per_address", options.twilio_rate_per_address},
                            std::pair{"api_rate_per_address", options.api_rate_per_address},
                            std::pair{"api_rate_per_key", options.api_rate_per_key}}) {
    if (!(rate >= 0) || !std::isfinite(rate))
      return Error::invalid(name, "must be a finite number of requests per second, 0 for none");
  }
  if (!(options.rate_burst_seconds > 0) || !std::isfinite(options.rate_burst_seconds))
    return Error::invalid("rate_burst_seconds", "must be positive");
  if (options.rate_limit_keys == 0) return Error::invalid("rate_limit_keys", "must be at least 1");
  auto rt = std::make_shared<Runtime>(engine, options);
  for (std::size_t i = 0; i < options.threads; ++i)
    // Concurrency hint 1: each context is run by exactly one thread.
    rt->contexts.push_back(std::make_unique<net::io_context>(1));

  auto endpoint = resolve(*rt->contexts[0], options.host, options.port);
  if (!endpoint) return std::move(endpoint).error();

  Acceptor acceptor(rt->contexts[0]->get_executor());
  error_code ec;
  auto where = [&](const char* what) {
    return Error::make(Errc::io, std::string(what) + " " + options.host + ":" +
                                     std::to_string(options.port) + ": " + ec.message());
  };
  if (acceptor.open(endpoint->protocol(), ec); ec) return where("cannot open a socket for");
  if (acceptor.set_option(net::socket_base::reuse_address(true), ec); ec)
    return where("cannot set SO_REUSEADDR on");
  if (acceptor.bind(*endpoint, ec); ec) return where("cannot bind");
  if (acceptor.listen(net::socket_base::max_listen_connections, ec); ec)
    return where("cannot listen on");

  return std::unique_ptr<HttpServer>(new Server(std::move(rt), std::move(acceptor)));
}

}  // namespace webox
