// The HTTP server tests' tools: a blocking client over real loopback sockets whose every step
// has a deadline, and helpers to start a server on a free port.
//
//   auto server = start_server(engine, options);       // port 0, REQUIREs success
//   Client client(server->port());
//   auto res = client.request(bhttp::verb::get, "/healthz");   // REQUIREs an answer
//   CHECK(res.result_int() == 200);
//   CHECK(eventually([&] { return engine.voice_count() == 1; }));
#pragma once

#include <catch2/catch.hpp>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "http/server.h"

namespace webox::testing {

using namespace std::chrono_literals;
namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;
using BeastResponse = bhttp::response<bhttp::string_body>;

inline constexpr const char* kVoiceBody =
    "CallSid=CA0123&From=%2B33612345678&To=%2B33123456789&CallStatus=ringing&Direction=inbound";

// A blocking client built from Beast's async calls, so that every step has a deadline and a
// broken server fails the test instead of hanging it.
class Client {
 public:
  explicit Client(std::uint16_t port) : stream_(ioc_) {
    stream_.expires_after(10s);
    stream_.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
                          [this](beast::error_code ec) { ec_ = ec; });
    run();
    connect_ec_ = ec_;
  }

  // Not asserted in the constructor: Catch's assertions may only run on the test's thread.
  bool connected() const { return !connect_ec_; }

  // prepare=false keeps the framing as set (chunked).
  beast::error_code write(bhttp::request<bhttp::string_body> req, bool prepare = true) {
    if (prepare) req.prepare_payload();
    stream_.expires_after(10s);
    bhttp::async_write(stream_, req, [this](beast::error_code ec, std::size_t) { ec_ = ec; });
    run();
    return ec_;
  }

  beast::error_code write_raw(std::string bytes) {
    stream_.expires_after(10s);
    net::async_write(stream_, net::buffer(bytes),
                     [this](beast::error_code ec, std::size_t) { ec_ = ec; });
    run();
    return ec_;
  }

  // The next response, or an error (end_of_stream when the server closed the connection).
  std::pair<beast::error_code, BeastResponse> read(std::chrono::seconds timeout = 10s) {
    BeastResponse res;
    stream_.expires_after(timeout);
    bhttp::async_read(stream_, buffer_, res,
                      [this](beast::error_code ec, std::size_t) { ec_ = ec; });
    run();
    return {ec_, std::move(res)};
  }

  // Raw bytes up to and including the first blank line: an interim response.
  std::string read_head() {
    stream_.expires_after(10s);
    std::string out;
    net::async_read_until(stream_, net::dynamic_buffer(out), "\r\n\r\n",
                          [this](beast::error_code ec, std::size_t) { ec_ = ec; });
    run();
    REQUIRE_FALSE(ec_);
    return out;
  }

  BeastResponse request(bhttp::verb method, std::string target, std::string body = {},
                        std::string content_type = "application/x-www-form-urlencoded") {
    bhttp::request<bhttp::string_body> req{method, target, 11};
    req.set(bhttp::field::host, "127.0.0.1");
    if (target.starts_with("/api/"))
      req.set(bhttp::field::authorization, std::string("Bearer ") + kOwnerKey);
    if (!body.empty()) req.set(bhttp::field::content_type, content_type);
    req.body() = std::move(body);
    REQUIRE_FALSE(write(std::move(req)));
    auto [ec, res] = read();
    REQUIRE_FALSE(ec);
    return res;
  }

 private:
  void run() {
    ioc_.restart();
    ioc_.run();
  }

  net::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  beast::error_code ec_, connect_ec_;
};

inline bhttp::request<bhttp::string_body> voice_request(std::string body = kVoiceBody) {
  bhttp::request<bhttp::string_body> req{bhttp::verb::post, "/twilio/voice", 11};
  req.set(bhttp::field::host, "127.0.0.1");
  req.set(bhttp::field::content_type, "application/x-www-form-urlencoded");
  req.body() = std::move(body);
  return req;
}

// For transport and limits tests: webhooks are taken unsigned (signatures have their own tests
// in access_test.cc and server_test.cc, which start their server with HttpServer::start).
inline std::unique_ptr<HttpServer> start_server(Engine& engine, HttpOptions options = {}) {
  options.port = 0;
  options.verify_twilio_signatures = false;
  auto server = HttpServer::start(engine, options);
  REQUIRE(server.ok());
  REQUIRE((*server)->port() != 0);
  return std::move(server).value();
}

template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds limit = 5000ms) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

}  // namespace webox::testing
