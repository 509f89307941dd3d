// `webox call` against a scripted fake engine on loopback that speaks the whole contract: the
// TwiML answer, the signed WebSocket, greeting audio and mark turn-0, an utterance ended by
// 600 ms of silence, a reply and its mark, clear, and the goodbye's close. Every frame the
// softphone sends is read with the engine's own reader (media_stream_in.h).
#include <catch2/catch.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include "adapters/audio/wav.h"
#include "adapters/twilio/form.h"
#include "adapters/twilio/media_stream_in.h"
#include "adapters/twilio/media_stream_out.h"
#include "adapters/twilio/signature.h"
#include "tests/support/temp_dir.h"
#include "tools/call_command.h"

using namespace webox;
namespace ms = webox::twilio::media_stream;

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

constexpr const char* kToken = "fake-engine-token";
constexpr const char* kKey = "wbx_fake";
constexpr const char* kPublicStream = "wss://voice.example.com/twilio/stream/33123456789";
constexpr const char* kPublicAction = "https://voice.example.com/twilio/stream-ended?v=1";

// How the fake engine behaves on the stream.
struct Script {
  int greeting_frames = 25;       // 500 ms
  bool clear_greeting = false;    // clear right after the greeting's mark (a barge-in)
  int reply_frames = 10;          // < 0: never reply to the caller
  int hang_up_after_turn = -1;    // close the socket after this turn's reply (the goodbye)
  bool reject = false;            // answer <Reject/>: no assistant for the number
  int second_part_frames = 0;     // > 0: a second reply (turn-1) right behind the greeting
  bool connect_action = false;    // <Connect action=kPublicAction>
  std::string transfer_to;        // what the action answers: <Dial> this, else <Hangup/>
};

// What it saw.
struct Heard {
  std::vector<std::string> events;  // every frame's event, in order
  std::vector<std::string> errors;  // frames the engine's reader refused
  std::string signature, path, voice_signature;
  std::vector<std::pair<std::string, std::string>> parameters;
  std::string call_sid, status_call_status, authorization;
  std::string action_signature, action_body;  // the <Connect action>'s POST
  int speech_frames = 0;
  std::string digits;
  std::vector<std::string> echoes;
  std::map<std::string, long> echo_after_ms;  // from the mark (or the clear) to its echo
};

class FakeEngine {
 public:
  explicit FakeEngine(Script script) : script_(script) {
    acceptor_.open(tcp::v4());
    acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    thread_ = std::thread([this] { accept_loop(); });
  }
  ~FakeEngine() {
    stop_ = true;
    beast::error_code ec;
    tcp::socket wake(ioc_);
    wake.connect(acceptor_.local_endpoint(), ec);
    thread_.join();
    for (auto& t : sessions_) t.join();
  }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
  }
  Heard heard() const {
    std::lock_guard lock(mutex_);
    return heard_;
  }

 private:
  void accept_loop() {
    while (!stop_) {
      tcp::socket socket(ioc_);
      beast::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stop_) return;
      sessions_.emplace_back([this, s = std::move(socket)]() mutable { session(std::move(s)); });
    }
  }

  void session(tcp::socket socket) {
    beast::flat_buffer buffer;
    for (;;) {
      http::request<http::string_body> req;
      beast::error_code ec;
      http::read(socket, buffer, req, ec);
      if (ec) return;
      if (websocket::is_upgrade(req)) return stream(std::move(socket), req);
      http::response<http::string_body> res{http::status::ok, 11};
      const std::string target(req.target());
      if (target == "/twilio/voice") {
        auto form = twilio::parse_form(req.body());
        std::lock_guard lock(mutex_);
        heard_.voice_signature = std::string(req["X-Twilio-Signature"]);
        if (form)
          for (auto& [k, v] : form->pairs)
            if (k == "CallSid") heard_.call_sid = v;
        if (script_.reject) {
          res.body() = R"(<?xml version="1.0" encoding="UTF-8"?><Response>)"
                       R"(<Reject reason="rejected"/></Response>)";
        } else {
          res.body() = std::string(R"(<?xml version="1.0" encoding="UTF-8"?><Response>)") +
                       (script_.connect_action
                            ? std::string("<Connect action=\"") + kPublicAction + "\">"
                            : std::string("<Connect>")) +
                       "<Stream url=\"" + kPublicStream +
                       "\"><Parameter name=\"CallSid\" value=\"" + heard_.call_sid +
                       "\"/><Parameter name=\"Who\" value=\"a &amp; b\"/>" +
                       "</Stream></Connect></Response>";
        }
      } else if (target == "/twilio/stream-ended?v=1") {
        std::lock_guard lock(mutex_);
        heard_.action_signature = std::string(req["X-Twilio-Signature"]);
        heard_.action_body = req.body();
        res.body() = script_.transfer_to.empty()
                         ? R"(<?xml version="1.0" encoding="UTF-8"?><Response><Hangup /></Response>)"
                         : R"(<?xml version="1.0" encoding="UTF-8"?><Response><Dial>)" +
                               script_.transfer_to + "</Dial></Response>";
      } else if (target == "/twilio/status") {
        auto form = twilio::parse_form(req.body());
        std::lock_guard lock(mutex_);
        if (form)
          for (auto& [k, v] : form->pairs)
            if (k == "CallStatus") heard_.status_call_status = v;
      } else if (target.starts_with("/api/v1/calls/")) {
        std::lock_guard lock(mutex_);
        heard_.authorization = std::string(req[http::field::authorization]);
        res.body() = R"({"call_sid":"x","events":[)"
                     R"({"type":"ReplyGenerated","data":{"turn":0,"text":"Hello, Chez Marcel."}},)"
                     R"({"type":"ReplyGenerated","data":{"turn":1,"text":"For how many?"}},)"
                     R"({"type":"ReplyGenerated","data":{"turn":2,"text":"Noted."}}]})";
      } else {
        res.result(http::status::not_found);
      }
      res.keep_alive(req.keep_alive());
      res.prepare_payload();
      http::write(socket, res, ec);
      if (ec || !res.keep_alive()) return;
    }
  }

  void stream(tcp::socket socket, const http::request<http::string_body>& req) {
    websocket::stream<tcp::socket> ws(std::move(socket));
    {
      std::lock_guard lock(mutex_);
      heard_.signature = std::string(req["X-Twilio-Signature"]);
      heard_.path = std::string(req.target());
    }
    beast::error_code ec;
    ws.accept(req, ec);
    if (ec) return;
    ms::Writer out("");
    std::map<std::string, SteadyClock::time_point> marked;
    const std::vector<std::uint8_t> loud(160, 0x00);
    auto speak = [&](int frames, const std::string& mark) {
      ws.text(true);
      out = ms::Writer(stream_sid_);
      for (int i = 0; i < frames && !ec; ++i) ws.write(asio::buffer(out.media(loud)), ec);
      ws.write(asio::buffer(out.mark(mark)), ec);
      marked[mark] = SteadyClock::now();
    };
    ms::Reader reader;
    int turn = 0, silent = 0;
    bool speaking = false;
    beast::flat_buffer b;
    for (;;) {
      b.clear();
      ws.read(b, ec);
      if (ec) return;
      const std::string text = beast::buffers_to_string(b.data());
      auto msg = reader.read(text);
      std::unique_lock lock(mutex_);  // never held across a write: the client may be reading us
      if (!msg) {
        heard_.errors.push_back(ms::describe(msg.error()));
        continue;
      }
      heard_.events.emplace_back(ms::event_name(*msg));
      if (auto* s = std::get_if<ms::Start>(&*msg)) {
        stream_sid_ = s->stream_sid;
        heard_.parameters = s->custom_parameters;
        lock.unlock();
        speak(script_.greeting_frames, "turn-0");
        if (script_.second_part_frames > 0) speak(script_.second_part_frames, "turn-" +
                                                  std::to_string(++turn));
        if (script_.clear_greeting) {
          ws.write(asio::buffer(out.clear()), ec);
          marked["turn-0"] = SteadyClock::now();
        }
      } else if (auto* m = std::get_if<ms::Media>(&*msg)) {
        const bool voiced = std::any_of(m->audio.begin(), m->audio.end(),
                                        [](std::uint8_t c) { return c != 0xFF; });
        if (voiced) {
          ++heard_.speech_frames;
          speaking = true;
          silent = 0;
        } else if (speaking && ++silent == 30 && script_.reply_frames >= 0) {  // 600 ms
          speaking = false;
          lock.unlock();
          speak(script_.reply_frames, "turn-" + std::to_string(++turn));
          if (turn == script_.hang_up_after_turn) {
            ws.close(websocket::close_code::normal, ec);
            return;
          }
        }
      } else if (auto* d = std::get_if<ms::Dtmf>(&*msg)) {
        heard_.digits.push_back(d->digit);
        speaking = true;
        silent = 0;
      } else if (auto* k = std::get_if<ms::Mark>(&*msg)) {
        const std::string name(k->name);
        heard_.echoes.push_back(name);
        heard_.echo_after_ms[name] = std::chrono::duration_cast<std::chrono::milliseconds>(
                                         SteadyClock::now() - marked[name])
                                         .count();
      } else if (std::holds_alternative<ms::Stop>(*msg)) {
        ws.close(websocket::close_code::normal, ec);
        return;
      }
    }
  }

  Script script_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_{ioc_};
  std::thread thread_;
  std::vector<std::thread> sessions_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  Heard heard_;
  std::string stream_sid_;
};

struct Run {
  int code = -1;
  std::string out, err;
};

Run call(const FakeEngine& engine, const std::string& lines, double speed, int timeout = 5,
         std::string wav = {}) {
  tools::CallOptions o;
  o.to = "+33123456789";
  o.url = engine.url();
  o.auth_token = kToken;
  o.api_key = kKey;
  o.speed = speed;
  o.timeout_seconds = timeout;
  o.wav = std::move(wav);
  std::istringstream in(lines);
  std::ostringstream out, err;
  Run r;
  r.code = tools::place_call(o, in, false, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

}  // namespace

TEST_CASE("webox call speaks each line, waits for each mark and prints the replies",
          "[softphone]") {
  FakeEngine engine({});
  const Run r = call(engine, "a table for four please\n\n42\n", 10);
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  const Heard h = engine.heard();
  // Signed as Twilio signs: the webhook over its URL, the handshake over the public wss URL.
  CHECK(h.signature == twilio::compute_signature(kToken, kPublicStream, twilio::FormParams{}));
  CHECK_FALSE(h.voice_signature.empty());
  CHECK(h.path == "/twilio/stream/33123456789");
  REQUIRE(h.parameters.size() == 2);
  CHECK(h.parameters[0].second == h.call_sid);
  CHECK(h.parameters[1].second == "a & b");
  // Every frame read cleanly, in Twilio's order, ending with stop.
  CHECK(h.errors.empty());
  REQUIRE(h.events.size() > 3);
  CHECK(h.events[0] == "connected");
  CHECK(h.events[1] == "start");
  CHECK(h.events.back() == "stop");
  CHECK(h.speech_frames > 25);  // espeak's words: well over half a second
  CHECK(h.digits == "42");
  CHECK(h.echoes == std::vector<std::string>{"turn-0", "turn-1", "turn-2"});
  CHECK(h.authorization == std::string("Bearer ") + kKey);
  CHECK(h.status_call_status == "completed");

  std::istringstream said(r.out);
  std::vector<std::string> lines;
  for (std::string l; std::getline(said, l);) lines.push_back(l);
  REQUIRE(lines.size() == 5);
  CHECK_THAT(lines[0], Catch::StartsWith("assistant: Hello, Chez Marcel. (500 ms, first audio "
                                         "after "));
  CHECK(lines[1] == "caller: a table for four please");
  CHECK_THAT(lines[2], Catch::StartsWith("assistant: For how many? (200 ms, first audio after "));
  CHECK(lines[3] == "caller: 42");
  CHECK_THAT(lines[4], Catch::StartsWith("assistant: Noted. (200 ms, first audio after "));
}

TEST_CASE("in real time a mark is echoed once its audio has played, at once after a clear",
          "[softphone]") {
  {
    FakeEngine engine({.greeting_frames = 25});
    const Run r = call(engine, "", 1);
    INFO(r.out << r.err);
    CHECK(r.code == 0);
    const Heard h = engine.heard();
    REQUIRE(h.echoes == std::vector<std::string>{"turn-0"});
    CHECK(h.echo_after_ms.at("turn-0") >= 400);  // 500 ms of audio, sent in a burst
    CHECK(h.echo_after_ms.at("turn-0") < 1500);
  }
  {
    FakeEngine engine({.greeting_frames = 100, .clear_greeting = true});
    const Run r = call(engine, "", 1);
    INFO(r.out << r.err);
    CHECK(r.code == 0);
    const Heard h = engine.heard();
    REQUIRE(h.echoes == std::vector<std::string>{"turn-0"});
    CHECK(h.echo_after_ms.at("turn-0") < 300);  // not the 2 s of audio it dropped
    CHECK_THAT(r.out, Catch::Contains("(2000 ms, first audio after") &&
                          Catch::Contains("interrupted)"));
  }
}

TEST_CASE("a reply right behind another is a reply of its own, both before the caller speaks",
          "[softphone]") {
  // In real time the second part arrives while the first is still playing.
  FakeEngine engine({.second_part_frames = 10});
  const Run r = call(engine, "hello\n", 1);
  INFO(r.out << r.err);
  REQUIRE(r.code == 0);
  std::istringstream said(r.out);
  std::vector<std::string> lines;
  for (std::string l; std::getline(said, l);) lines.push_back(l);
  REQUIRE(lines.size() == 4);
  CHECK_THAT(lines[0], Catch::StartsWith("assistant: Hello, Chez Marcel. (500 ms"));
  CHECK_THAT(lines[1], Catch::StartsWith("assistant: For how many? (200 ms"));
  CHECK(lines[2] == "caller: hello");
  CHECK_THAT(lines[3], Catch::StartsWith("assistant: Noted. (200 ms"));
  const Heard h = engine.heard();
  CHECK(h.echoes == std::vector<std::string>{"turn-0", "turn-1", "turn-2"});
  CHECK(h.echo_after_ms.at("turn-1") >= 600);  // played after the greeting's 500 ms
}

TEST_CASE("the engine's close after its goodbye ends the call", "[softphone]") {
  FakeEngine engine({.hang_up_after_turn = 1});
  const Run r = call(engine, "goodbye\nthis is never said\n", 10);
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("assistant: For how many? (200 ms") &&
                        Catch::Contains("the assistant hung up"));
  CHECK(r.out.find("never said") == std::string::npos);
  const Heard h = engine.heard();
  CHECK(h.status_call_status == "completed");
}

TEST_CASE("the engine's close after a transfer: the Connect action is posted, signed, and dials",
          "[softphone]") {
  FakeEngine engine({.hang_up_after_turn = 1, .connect_action = true,
                     .transfer_to = "+447700900123"});
  const Run r = call(engine, "can I speak to someone\nthis is never said\n", 10);
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("assistant: For how many? (200 ms") &&
                        Catch::EndsWith("transferred to +447700900123\n"));
  CHECK(r.out.find("hung up") == std::string::npos);
  CHECK(r.out.find("never said") == std::string::npos);
  const Heard h = engine.heard();
  // Signed over the action URL as written (the public one), posted to the engine's host.
  auto form = twilio::parse_form(h.action_body);
  REQUIRE(form.ok());
  CHECK(form->value_or("CallSid") == h.call_sid);
  CHECK(form->value_or("CallStatus") == "in-progress");
  CHECK(h.action_signature == twilio::compute_signature(kToken, kPublicAction, *form));
  CHECK(h.status_call_status == "completed");

  // The action answers <Hangup/>: the softphone says so.
  FakeEngine goodbye({.hang_up_after_turn = 1, .connect_action = true});
  const Run g = call(goodbye, "goodbye\n", 10);
  INFO(g.out << g.err);
  CHECK(g.code == 0);
  CHECK_THAT(g.out, Catch::EndsWith("the assistant hung up\n"));
  CHECK_FALSE(goodbye.heard().action_body.empty());
}

TEST_CASE("no reply in time is exit 2 naming --timeout, and the call is still hung up",
          "[softphone]") {
  FakeEngine engine({.reply_frames = -1});
  const Run r = call(engine, "hello\n", 10, /*timeout=*/1);
  CHECK(r.code == 2);
  CHECK_THAT(r.err, Catch::Contains("--timeout") && Catch::Contains("\"hello\""));
  const Heard h = engine.heard();
  REQUIRE_FALSE(h.events.empty());
  CHECK(h.events.back() == "stop");
  CHECK(h.status_call_status == "completed");
}

TEST_CASE("a rejected call is exit 1 and nothing more is sent", "[softphone]") {
  FakeEngine engine({.reject = true});
  const Run r = call(engine, "hello\n", 10);
  CHECK(r.code == 1);
  CHECK_THAT(r.err, Catch::Contains("rejected"));
  const Heard h = engine.heard();
  CHECK(h.events.empty());               // no stream
  CHECK(h.status_call_status.empty());   // no status callback for a call never answered
}

TEST_CASE("webox call --wav sends a recording, resampled to 8 kHz, and waits for its reply", "[softphone]") {
  testing::TempDir dir;
  audio::Wav wav{.sample_rate = 16000, .samples = {}};
  for (int i = 0; i < 16000; ++i)  // one second of 440 Hz
    wav.samples.push_back(static_cast<std::int16_t>(8000 * std::sin(i * 2 * M_PI * 440 / 16000)));
  const std::string path = dir.str() + "/hello.wav";
  REQUIRE(audio::write_wav(path, wav).ok());
  FakeEngine engine({});
  const Run r = call(engine, "", 10, 5, path);
  INFO(r.out << r.err);
  CHECK(r.code == 0);
  CHECK_THAT(r.out, Catch::Contains("caller: (" + path + ", 1000 ms)") &&
                        Catch::Contains("assistant: For how many?"));
  CHECK(engine.heard().speech_frames >= 49);  // 50 frames, the first may start near zero

  // A file that cannot be sent makes no call at all.
  FakeEngine untouched({});
  const Run missing = call(untouched, "", 10, 5, dir.str() + "/missing.wav");
  CHECK(missing.code == 2);
  CHECK_THAT(missing.err, Catch::Contains("--wav"));
  CHECK(untouched.heard().call_sid.empty());

  wav.sample_rate = 12345;  // no resampling ratio small enough
  REQUIRE(audio::write_wav(dir.str() + "/odd.wav", wav).ok());
  const Run odd = call(untouched, "", 10, 5, dir.str() + "/odd.wav");
  CHECK(odd.code == 2);
  CHECK_THAT(odd.err, Catch::Contains("--wav") && Catch::Contains("12345 Hz"));
  CHECK(untouched.heard().call_sid.empty());
}
