// The server's limits over real loopback sockets: sizes, rates, connection caps, slow clients,
// overload. Every client here comes from 127.0.0.1, so they all share one address's limits.
#include <catch2/catch.hpp>

#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <future>
#include <mutex>
#include <thread>

#include "http/server.h"
#include "tests/http/fake_engine.h"
#include "tests/http/socket_client.h"

using namespace webox;
using namespace webox::testing;

namespace {

using Clock = std::chrono::steady_clock;

// Holds every incoming call's answer until released: an engine that fills the in-flight cap.
// Everything else is the FakeEngine's.
class HoldingEngine final : public FakeEngine {
 public:
  std::size_t held() {
    std::lock_guard lock(m_);
    return held_.size();
  }
  void release_all() {
    std::vector<Callback<std::string>> held;
    {
      std::lock_guard lock(m_);
      held.swap(held_);
    }
    for (auto& done : held) done(std::string(kCannedTwiml));
  }

  void on_incoming_call(VoiceWebhook, Callback<std::string> done) override {
    std::lock_guard lock(m_);
    held_.push_back(std::move(done));
  }

 private:
  std::mutex m_;
  std::vector<Callback<std::string>> held_;
};

// A raw blocking socket, for clients that misbehave byte by byte.
class RawClient {
 public:
  explicit RawClient(std::uint16_t port) : socket_(ioc_) {
    socket_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  }
  bool send(std::string_view bytes) {
    beast::error_code ec;
    net::write(socket_, net::buffer(bytes.data(), bytes.size()), ec);
    return !ec;
  }
  // Waits up to `limit` for the server to close (EOF or reset); true if it did.
  bool closed_within(std::chrono::milliseconds limit) {
    pollfd p{socket_.native_handle(), POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(limit.count())) <= 0) return false;
    char c;
    return ::recv(socket_.native_handle(), &c, 1, MSG_DONTWAIT) <= 0;
  }

 private:
  net::io_context ioc_;
  tcp::socket socket_;
};

}  // namespace

TEST_CASE("limits: oversized body 413, long URL 414, large header 431, none reach the engine",
          "[limits]") {
  FakeEngine engine;
  HttpOptions options;
  options.max_body_bytes = 1024;
  options.max_header_bytes = 2048;
  options.max_url_bytes = 256;
  auto server = start_server(engine, options);

  {
    Client client(server->port());
    REQUIRE_FALSE(client.write(voice_request(std::string(kVoiceBody) + "&Pad=" +
                                             std::string(8 * 1024, 'x'))));
    auto [ec, res] = client.read();
    REQUIRE_FALSE(ec);
    CHECK(res.result_int() == 413);
    CHECK(res[bhttp::field::content_type] == "application/problem+json");
  }
  for (std::size_t length : {300, 4000}) {  // within the header limit, and beyond it
    INFO("target of " << length << " bytes");
    Client client(server->port());
    bhttp::request<bhttp::string_body> req{bhttp::verb::get,
                                           "/api/v1/assistants/" + std::string(length, 'a'), 11};
    REQUIRE_FALSE(client.write(std::move(req)));
    auto [ec, res] = client.read();
    REQUIRE_FALSE(ec);
    CHECK(res.result_int() == 414);
    CHECK(res[bhttp::field::content_type] == "application/problem+json");
    CHECK(res.body().find("256 bytes") != std::string::npos);
    CHECK_FALSE(res.keep_alive());
  }
  {
    Client client(server->port());
    auto req = voice_request();
    req.set("X-Padding", std::string(4096, 'p'));
    REQUIRE_FALSE(client.write(std::move(req)));
    auto [ec, res] = client.read();
    REQUIRE_FALSE(ec);
    CHECK(res.result_int() == 431);
  }
  CHECK(engine.writes() == 0);
  auto s = server->limits_snapshot();
  CHECK(s.body_too_large == 1);
  CHECK(s.url_too_long == 2);
  CHECK(s.header_too_large == 1);
  server->stop();
}

TEST_CASE("limits: too many requests from one address is 429 with Retry-After, then allowed "
          "again after the refill",
          "[limits]") {
  FakeEngine engine;
  HttpOptions options;
  options.api_rate_per_address = 4;
  options.rate_burst_seconds = 0.5;  // a bucket of 2
  auto server = start_server(engine, options);
  Client client(server->port());

  CHECK(client.request(bhttp::verb::get, "/api/v1/assistants").result_int() == 200);
  CHECK(client.request(bhttp::verb::get, "/api/v1/assistants").result_int() == 200);
  auto limited = client.request(bhttp::verb::get, "/api/v1/assistants");
  CHECK(limited.result_int() == 429);
  CHECK(limited[bhttp::field::content_type] == "application/problem+json");
  CHECK(limited[bhttp::field::retry_after] == "1");  // 250 ms, rounded up
  CHECK(limited.keep_alive());                       // the request was read whole: no need to close

  // Twilio's webhooks and health have buckets (or no limit) of their own.
  CHECK(client.request(bhttp::verb::post, "/twilio/voice", kVoiceBody).result_int() == 200);
  CHECK(client.request(bhttp::verb::get, "/healthz").result_int() == 200);

  std::this_thread::sleep_for(300ms);  // one token at 4/s
  CHECK(client.request(bhttp::verb::get, "/api/v1/assistants").result_int() == 200);
  CHECK(server->limits_snapshot().rate_limited == 1);
  server->stop();
}

TEST_CASE("limits: connections over the per-address cap get 503 and are closed", "[limits]") {
  FakeEngine engine;
  HttpOptions options;
  options.max_connections_per_address = 2;
  auto server = start_server(engine, options);

  auto first = std::make_unique<Client>(server->port());
  Client second(server->port());
  CHECK(first->request(bhttp::verb::get, "/healthz").result_int() == 200);
  CHECK(second.request(bhttp::verb::get, "/healthz").result_int() == 200);

  {
    Client third(server->port());  // TCP accepts it; the server answers and hangs up
    auto [ec, res] = third.read();
    REQUIRE_FALSE(ec);
    CHECK(res.result_int() == 503);
    CHECK(res[bhttp::field::retry_after] == "1");
    CHECK(res[bhttp::field::content_type] == "application/problem+json");
    CHECK_FALSE(res.keep_alive());
    CHECK(third.read().first);  // then closed
  }
  auto s = server->limits_snapshot();
  CHECK(s.connections_refused_per_address == 1);
  CHECK(s.connections_open == 2);

  first.reset();  // a place frees up
  REQUIRE(eventually([&] { return server->limits_snapshot().connections_open == 1; }));
  Client fourth(server->port());
  CHECK(fourth.request(bhttp::verb::get, "/healthz").result_int() == 200);
  server->stop();
}

TEST_CASE("limits: connections over the total cap are closed without an answer", "[limits]") {
  FakeEngine engine;
  HttpOptions options;
  options.max_connections = 1;
  auto server = start_server(engine, options);
  Client first(server->port());
  CHECK(first.request(bhttp::verb::get, "/healthz").result_int() == 200);
  Client second(server->port());
  auto [ec, res] = second.read(5s);
  CHECK(ec);
  CHECK(ec != beast::error::timeout);  // the server hung up
  CHECK(server->limits_snapshot().connections_refused_total == 1);
  server->stop();
}

TEST_CASE("limits: a slowloris client is dropped at the header timeout while others are "
          "served promptly on the same single thread",
          "[limits]") {
  FakeEngine engine;
  HttpOptions options;
  options.threads = 1;
  options.header_timeout = 1s;
  auto server = start_server(engine, options);

  // One header byte every 100 ms, never finishing.
  auto slowloris = std::async(std::launch::async, [port = server->port()] {
    RawClient raw(port);
    const auto t0 = Clock::now();
    std::string request = "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    raw.send(request);
    while (Clock::now() - t0 < 5s) {
      if (raw.closed_within(100ms)) return Clock::now() - t0;
      raw.send("a");
    }
    return Clock::duration::max();
  });

  // Meanwhile, requests on a keep-alive connection and on fresh ones.
  Client steady(server->port());
  auto slowest = Clock::duration::zero();
  int answered = 0;
  while (slowloris.wait_for(20ms) != std::future_status::ready) {
    auto t = Clock::now();
    CHECK(steady.request(bhttp::verb::get, "/healthz").result_int() == 200);
    CHECK(Client(server->port()).request(bhttp::verb::post, "/twilio/voice", kVoiceBody)
              .result_int() == 200);
    slowest = std::max(slowest, Clock::now() - t);
    ++answered;
  }
  auto dropped_after = slowloris.get();
  CHECK(dropped_after >= 900ms);
  CHECK(dropped_after < 2500ms);
  CHECK(answered >= 10);
  CHECK(slowest < 500ms);
  // Beast closes the socket when the timer fires, before the read's handler counts the
  // timeout: the client can see the close first.
  CHECK(eventually([&] { return server->limits_snapshot().header_timeouts == 1; }));
  server->stop();
}

TEST_CASE("limits: a body that trickles is dropped at the body timeout", "[limits]") {
  FakeEngine engine;
  HttpOptions options;
  options.body_timeout = 300ms;
  auto server = start_server(engine, options);
  RawClient raw(server->port());
  auto t0 = Clock::now();
  raw.send("POST /twilio/voice HTTP/1.1\r\nHost: x\r\n"
           "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n"
           "CallSid=CA");
  CHECK(raw.closed_within(3s));
  auto waited = Clock::now() - t0;
  CHECK(waited >= 250ms);
  CHECK(waited < 2s);
  CHECK(engine.writes() == 0);
  CHECK(eventually([&] { return server->limits_snapshot().body_timeouts == 1; }));
  server->stop();
}

TEST_CASE("limits: an idle keep-alive connection is closed at the idle timeout", "[limits]") {
  FakeEngine engine;
  HttpOptions options;
  options.idle_timeout = 300ms;
  options.header_timeout = 5s;
  auto server = start_server(engine, options);
  Client client(server->port());
  CHECK(client.request(bhttp::verb::get, "/healthz").result_int() == 200);
  auto t0 = Clock::now();
  auto [ec, res] = client.read(5s);
  auto waited = Clock::now() - t0;
  CHECK(ec == bhttp::error::end_of_stream);
  CHECK(waited >= 250ms);
  CHECK(waited < 2s);
  // Idle connections closing is normal: not counted as a slow client.
  CHECK(server->limits_snapshot().header_timeouts == 0);
  server->stop();
}

TEST_CASE("limits: over the in-flight cap new work gets 503 at once, health still answers",
          "[limits]") {
  HoldingEngine engine;
  HttpOptions options;
  options.max_in_flight = 3;
  auto server = start_server(engine, options);

  std::vector<std::unique_ptr<Client>> waiting;
  for (int i = 0; i < 3; ++i) {
    waiting.push_back(std::make_unique<Client>(server->port()));
    REQUIRE_FALSE(waiting.back()->write(voice_request()));
  }
  REQUIRE(eventually([&] { return engine.held() == 3; }));
  CHECK(server->limits_snapshot().requests_in_flight == 3);

  Client late(server->port());
  auto t0 = Clock::now();
  auto shed = late.request(bhttp::verb::post, "/twilio/voice", kVoiceBody);
  CHECK(Clock::now() - t0 < 500ms);
  CHECK(shed.result_int() == 503);
  CHECK(shed[bhttp::field::retry_after] == "1");
  CHECK(shed[bhttp::field::content_type] == "application/problem+json");
  CHECK(late.request(bhttp::verb::get, "/healthz").result_int() == 200);
  CHECK(engine.held() == 3);  // the shed request never reached the engine
  CHECK(server->limits_snapshot().overloaded == 1);

  engine.release_all();
  for (auto& c : waiting) {
    auto [ec, res] = c->read();
    REQUIRE_FALSE(ec);
    CHECK(res.result_int() == 200);
  }
  REQUIRE(eventually([&] { return server->limits_snapshot().requests_in_flight == 0; }));
  REQUIRE_FALSE(late.write(voice_request()));
  REQUIRE(eventually([&] { return engine.held() == 1; }));
  engine.release_all();
  auto [ec, res] = late.read();
  REQUIRE_FALSE(ec);
  CHECK(res.result_int() == 200);
  server->stop();
}
