// Twilio's side of a Media Stream for tests: a Beast WebSocket client on loopback that opens
// a signed handshake and sends what Twilio sends (connected, start, media, dtmf, mark, stop).
//
//   TwilioStream t;
//   REQUIRE_FALSE(t.open(port, signature));   // GET /twilio/stream/33123456789, signed
//   t.connected(); t.start("CA01"); t.media(25); t.stop("CA01");
#pragma once

#include <catch2/catch.hpp>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <string>

namespace webox::testing::e2e {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using tcp = net::ip::tcp;

constexpr const char* kStreamPath = "/twilio/stream/33123456789";

// A port free right now, so the server can be told its public URL before it starts.
inline std::uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  socklen_t len = sizeof a;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0);
  ::close(fd);
  return ntohs(a.sin_port);
}

// Twilio's side of one Media Stream.
struct TwilioStream {
  net::io_context ioc;
  websocket::stream<tcp::socket> ws{ioc};
  websocket::response_type answer;
  std::uint64_t seq = 0;
  std::uint64_t chunk = 0;

  // The handshake, signed over the ws:// URL with no parameters; the error, if refused.
  beast::error_code open(std::uint16_t port, const std::string& signature,
                         const std::string& path = kStreamPath) {
    ws.next_layer().connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    ws.set_option(websocket::stream_base::decorator([signature](websocket::request_type& r) {
      r.set("X-Twilio-Signature", signature);
    }));
    beast::error_code ec;
    ws.handshake(answer, "127.0.0.1:" + std::to_string(port), path, ec);
    return ec;
  }
  beast::error_code send(const std::string& text) {
    beast::error_code ec;
    ws.text(true);
    ws.write(net::buffer(text), ec);
    return ec;
  }
  std::string n() { return std::to_string(++seq); }
  void connected() { REQUIRE_FALSE(send(R"({"event":"connected","protocol":"Call","version":"1.0.0"})")); }
  void start(const std::string& sid, const std::string& tenant = "default") {
    REQUIRE_FALSE(send(R"({"event":"start","sequenceNumber":")" + n() +
                       R"(","start":{"accountSid":"AC9a9f9392d6e84bb3a0a2d1c5e5e2a1b0",)"
                       R"("streamSid":"MZ01","callSid":")" + sid +
                       R"(","tracks":["inbound"],"mediaFormat":{"encoding":"audio/x-mulaw",)"
                       R"("sampleRate":8000,"channels":1},"customParameters":{"CallSid":")" + sid +
                       R"(","TenantId":")" + tenant + R"("}},"streamSid":"MZ01"})"));
  }
  // One media frame carrying `mulaw` (160 bytes: 20 ms).
  beast::error_code media_frame(std::string_view payload_base64) {
    ++chunk;
    return send(R"({"event":"media","sequenceNumber":")" + n() +
                R"(","media":{"track":"inbound","chunk":")" + std::to_string(chunk) +
                R"(","timestamp":")" + std::to_string(20 * chunk) + R"(","payload":")" +
                std::string(payload_base64) + R"("},"streamSid":"MZ01"})");
  }
  beast::error_code mark(const std::string& name) {
    return send(R"({"event":"mark","sequenceNumber":")" + n() +
                R"(","streamSid":"MZ01","mark":{"name":")" + name + R"("}})");
  }
  void media(int frames) {
    std::string silence;  // 160 μ-law bytes of 0xFF, base64
    for (int i = 0; i < 53; ++i) silence += "////";
    silence += "/w==";
    for (int i = 1; i <= frames; ++i)
      REQUIRE_FALSE(send(R"({"event":"media","sequenceNumber":")" + n() +
                         R"(","media":{"track":"inbound","chunk":")" + std::to_string(i) +
                         R"(","timestamp":")" + std::to_string(20 * i) + R"(","payload":")" +
                         silence + R"("},"streamSid":"MZ01"})"));
  }
  beast::error_code dtmf(char digit) {
    return send(R"({"event":"dtmf","streamSid":"MZ01","sequenceNumber":")" + n() +
                R"(","dtmf":{"track":"inbound_track","digit":")" + std::string(1, digit) +
                R"("}})");
  }
  beast::error_code stop(const std::string& sid) {
    return send(R"({"event":"stop","sequenceNumber":")" + n() +
                R"(","stop":{"accountSid":"AC9a9f9392d6e84bb3a0a2d1c5e5e2a1b0","callSid":")" +
                sid + R"("},"streamSid":"MZ01"})");
  }
  // The server's next message ("" and the error once the socket is closed).
  std::string read(beast::error_code& ec) {
    beast::flat_buffer b;
    ws.read(b, ec);
    return ec ? std::string() : beast::buffers_to_string(b.data());
  }
  // Reads until our server closes the socket: what it does after the call's end.
  beast::error_code until_closed() {
    beast::flat_buffer b;
    beast::error_code ec;
    while (!ec) ws.read(b, ec);
    return ec;
  }
};


}  // namespace webox::testing::e2e
