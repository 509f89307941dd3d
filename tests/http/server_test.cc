// HttpServer over real loopback sockets, with the fake engine answering from its own thread.
#include <catch2/catch.hpp>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <future>
#include <thread>

#include "http/server.h"
#include "adapters/twilio/form.h"
#include "adapters/twilio/signature.h"
#include "tests/http/fake_engine.h"
#include "tests/http/socket_client.h"

using namespace webox;
using namespace webox::testing;
using namespace std::chrono_literals;


TEST_CASE("server: several requests in a row on one keep-alive connection", "[server]") {
  FakeEngine engine;
  engine.answer_on_thread = true;
  engine.in_progress = 2;
  auto server = start_server(engine);
  Client client(server->port());

  auto voice = client.request(bhttp::verb::post, "/twilio/voice", kVoiceBody);
  CHECK(voice.result_int() == 200);
  CHECK(voice[bhttp::field::content_type] == "text/xml");
  CHECK(voice.body() == kCannedTwiml);
  CHECK(voice.keep_alive());

  auto gather = client.request(bhttp::verb::post, "/twilio/gather",
                               "CallSid=CA0123&SpeechResult=une+table&Confidence=0.9");
  CHECK(gather.result_int() == 200);

  auto health = client.request(bhttp::verb::get, "/healthz");
  CHECK(health.result_int() == 200);
  CHECK(health.body() == R"({"status":"ok","calls_in_progress":2})");

  auto missing = client.request(bhttp::verb::get, "/nope");
  CHECK(missing.result_int() == 404);
  CHECK(missing[bhttp::field::content_type] == "application/problem+json");
  CHECK(missing.keep_alive());

  auto bad = client.request(bhttp::verb::post, "/twilio/voice", "From=%2B33612345678");
  CHECK(bad.result_int() == 400);

  auto wrong = client.request(bhttp::verb::put, "/twilio/status", "x=1");
  CHECK(wrong.result_int() == 405);
  CHECK(wrong[bhttp::field::allow] == "POST");

  auto status = client.request(bhttp::verb::post, "/twilio/status",
                               "CallSid=CA0123&CallStatus=completed&CallDuration=12");
  CHECK(status.result_int() == 200);

  auto created = client.request(bhttp::verb::post, "/api/v1/assistants",
                                R"({"name":"Chez Marcel","phone_number":"+33123456789"})",
                                "application/json");
  CHECK(created.result_int() == 201);
  CHECK(created[bhttp::field::location] == "/api/v1/assistants/a-1");

  CHECK(engine.voice_count() == 1);
  CHECK(engine.gather().size() == 1);
  CHECK(engine.status().size() == 1);
  CHECK(engine.status()[0].call_duration == 12);
  server->stop();
}

TEST_CASE("server: an HTTP/1.0 client without keep-alive gets its answer, then EOF",
          "[server]") {
  FakeEngine engine;
  auto server = start_server(engine);
  Client client(server->port());
  REQUIRE_FALSE(client.write_raw("GET /healthz HTTP/1.0\r\n\r\n"));
  auto [ec, res] = client.read();
  REQUIRE_FALSE(ec);
  CHECK(res.result_int() == 200);
  CHECK(res.version() == 10);
  CHECK(client.read().first == bhttp::error::end_of_stream);
}

TEST_CASE("server: a body over max_body_bytes is 413 and reaches no engine", "[server]") {
  FakeEngine engine;
  engine.answer_on_thread = true;
  HttpOptions options;
  options.max_body_bytes = 1024;
  auto server = start_server(engine, options);

  SECTION("declared by Content-Length") {
    Client client(server->port());
    REQUIRE_FALSE(client.write(voice_request(std::string(kVoiceBody) + "&Pad=" +
                                             std::string(100 * 1024, 'x'))));
    auto [ec, res] = client.read();
    REQUIRE_FALSE(ec);
    CHECK(res.result_int() == 413);
    CHECK(res[bhttp::field::content_type] == "application/problem+json");
    CHECK_FALSE(res.keep_alive());
  }
  SECTION("sent chunked") {
    Client client(server->port());
    auto req = voice_request(std::string(4096, 'x'));
    req.chunked(true);
    REQUIRE_FALSE(client.write(std::move(req), false));
    auto [ec, res] = client.read();
    REQUIRE_FALSE(ec);
    CHECK(res.result_int() == 413);
  }
  SECTION("a body at the limit is fine") {
    Client client(server->port());
    std::string body = kVoiceBody;
    body += "&Pad=" + std::string(1024 - body.size() - 5, 'x');
    REQUIRE(body.size() == 1024);
    auto res = client.request(bhttp::verb::post, "/twilio/voice", body);
    CHECK(res.result_int() == 200);
  }
  CHECK(engine.voice_count() <= 1);
  server->stop();
}

TEST_CASE("server: a malformed request is 400 and the connection closes", "[server]") {
  FakeEngine engine;
  auto server = start_server(engine);
  Client client(server->port());
  REQUIRE_FALSE(client.write_raw("GARBAGE\r\n\r\n"));
  auto [ec, res] = client.read();
  REQUIRE_FALSE(ec);
  CHECK(res.result_int() == 400);
  CHECK_FALSE(res.keep_alive());
}

TEST_CASE("server: Expect: 100-continue gets its interim answer", "[server]") {
  FakeEngine engine;
  auto server = start_server(engine);
  Client client(server->port());
  std::string body = kVoiceBody;
  REQUIRE_FALSE(client.write_raw(
      "POST /twilio/voice HTTP/1.1\r\nHost: x\r\n"
      "Content-Type: application/x-www-form-urlencoded\r\nExpect: 100-continue\r\n"
      "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n"));
  CHECK(client.read_head() == "HTTP/1.1 100 Continue\r\n\r\n");
  REQUIRE_FALSE(client.write_raw(body));
  auto [ec, res] = client.read();
  REQUIRE_FALSE(ec);
  CHECK(res.result_int() == 200);
}

TEST_CASE("server: a client that sends nothing is dropped after the timeout", "[server]") {
  FakeEngine engine;
  HttpOptions options;
  options.header_timeout = 1s;
  auto server = start_server(engine, options);
  Client client(server->port());
  REQUIRE_FALSE(client.write_raw("POST /twilio/voice HTTP/1.1\r\n"));  // and then silence
  auto t0 = std::chrono::steady_clock::now();
  auto [ec, res] = client.read(5s);
  auto waited = std::chrono::steady_clock::now() - t0;
  CHECK(ec);
  CHECK(ec != beast::error::timeout);  // the server hung up, not our own deadline
  CHECK(waited >= 900ms);
  CHECK(waited < 4s);
}

TEST_CASE("server: stop() lets a request in flight get its answer", "[server]") {
  FakeEngine engine;
  engine.answer_on_thread = true;
  engine.delay = 300ms;
  auto server = start_server(engine);
  Client busy(server->port());
  Client idle(server->port());
  CHECK(idle.request(bhttp::verb::get, "/healthz").result_int() == 200);

  REQUIRE_FALSE(busy.write(voice_request()));
  REQUIRE(eventually([&] { return engine.voice_count() == 1; }));

  auto t0 = std::chrono::steady_clock::now();
  auto stopped = std::async(std::launch::async, [&] { server->stop(5000); });

  auto [ec, res] = busy.read();
  REQUIRE_FALSE(ec);
  CHECK(res.result_int() == 200);
  CHECK(res.body() == kCannedTwiml);
  CHECK_FALSE(res.keep_alive());  // draining: the connection will not be reused
  CHECK(busy.read().first == bhttp::error::end_of_stream);

  // The idle keep-alive connection was closed rather than waited for.
  auto idle_after = idle.read();
  CHECK(idle_after.first);

  REQUIRE(stopped.wait_for(5s) == std::future_status::ready);
  auto took = std::chrono::steady_clock::now() - t0;
  CHECK(took < 3s);

  // And nobody can connect any more.
  net::io_context ioc;
  tcp::socket s(ioc);
  beast::error_code connect_ec;
  s.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server->port()), connect_ec);
  CHECK(connect_ec);
}

TEST_CASE("server: stop() gives up after grace_ms, and a late engine answer is harmless",
          "[server]") {
  FakeEngine engine;
  engine.answer_on_thread = true;
  engine.delay = 800ms;
  {
    auto server = start_server(engine);
    Client client(server->port());
    REQUIRE_FALSE(client.write(voice_request()));
    REQUIRE(eventually([&] { return engine.voice_count() == 1; }));
    auto t0 = std::chrono::steady_clock::now();
    server->stop(100);
    auto took = std::chrono::steady_clock::now() - t0;
    CHECK(took >= 90ms);
    CHECK(took < 700ms);
    CHECK(client.read().first);  // closed without an answer
  }  // the server is gone before the engine answers
  engine.join();  // the late answer runs now, against a closed gate
  SUCCEED();
}

TEST_CASE("server: several threads and concurrent connections", "[server]") {
  FakeEngine engine;
  engine.answer_on_thread = true;
  HttpOptions options;
  options.threads = 2;
  auto server = start_server(engine, options);
  constexpr int kClients = 8, kRequests = 50;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int c = 0; c < kClients; ++c) {
    threads.emplace_back([&, c] {
      Client client(server->port());
      if (!client.connected()) return;
      for (int i = 0; i < kRequests; ++i) {
        auto body = "CallSid=CA" + std::to_string(c) + "x" + std::to_string(i) +
                    "&From=%2B33612345678&To=%2B33123456789";
        bhttp::request<bhttp::string_body> req = voice_request(body);
        if (client.write(std::move(req))) return;
        auto [ec, res] = client.read();
        if (!ec && res.result_int() == 200 && res.body() == kCannedTwiml) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ok == kClients * kRequests);
  CHECK(engine.voice_count() == kClients * kRequests);
  server->stop();
}

TEST_CASE("server: start() reports what it cannot do as errors", "[server]") {
  FakeEngine engine;
  auto first = start_server(engine);
  HttpOptions taken;
  taken.port = first->port();
  auto second = HttpServer::start(engine, taken);
  REQUIRE_FALSE(second.ok());
  CHECK(second.error().code == Errc::io);

  HttpOptions nowhere;
  nowhere.host = "no-such-host.invalid";
  auto third = HttpServer::start(engine, nowhere);
  REQUIRE_FALSE(third.ok());
  CHECK(third.error().field == "host");
}

TEST_CASE("server: webhooks are checked against the URL rebuilt from the Host header",
          "[server]") {
  FakeEngine engine;
  auto started = HttpServer::start(engine, HttpOptions{.port = 0});  // signatures checked
  REQUIRE(started.ok());
  auto& server = *started;
  const std::string port = std::to_string(server->port());
  Client client(server->port());
  auto form = *twilio::parse_form(kVoiceBody);
  auto req = voice_request();
  req.set(bhttp::field::host, "127.0.0.1:" + port);
  req.set("X-Twilio-Signature",
          twilio::compute_signature(kAuthToken, "http://127.0.0.1:" + port + "/twilio/voice", form));
  REQUIRE_FALSE(client.write(req));
  auto [ec, res] = client.read();
  REQUIRE_FALSE(ec);
  CHECK(res.result_int() == 200);

  req.set(bhttp::field::host, "attacker.example.com");  // the same signature, another URL
  REQUIRE_FALSE(client.write(req));
  auto [ec2, refused] = client.read();
  REQUIRE_FALSE(ec2);
  CHECK(refused.result_int() == 403);
  CHECK(engine.voice_count() == 1);
  server->stop();
}
