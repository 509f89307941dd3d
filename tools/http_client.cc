#include "tools/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>

namespace webox::tools {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

bool iequals_prefix(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    const char a = s[i] >= 'A' && s[i] <= 'Z' ? static_cast<char>(s[i] - 'A' + 'a') : s[i];
    if (a != prefix[i]) return false;
  }
  return true;
}

std::string_view without_fragment(std::string_view s) { return s.substr(0, s.find('#')); }

std::string make_target(std::string_view rest) {
  rest = without_fragment(rest);
  if (rest.empty() || rest[0] != '/') return "/" + std::string(rest);
  return std::string(rest);
}

}  // namespace

std::string Url::authority() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string Url::str() const { return "http://" + authority() + target; }

Result<Url> parse_url(std::string_view text) {
  if (iequals_prefix(text, "https://")) {
    return Error::invalid("url", "only http:// is supported, not " + std::string(text));
  }
  if (!iequals_prefix(text, "http://")) {
    return Error::invalid("url",
                          "expected http://host[:port][/path], got \"" + std::string(text) + "\"");
  }
  std::string_view rest = text.substr(7);
  const std::size_t end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
  if (authority.find('@') != std::string_view::npos) {
    return Error::invalid("url", "credentials in a URL are not supported");
  }
  Url url;
  std::string_view port;
  if (!authority.empty() && authority[0] == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return Error::invalid("url", "unclosed '[' in the host");
    url.host = std::string(authority.substr(1, close - 1));
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty() && after[0] != ':') return Error::invalid("url", "junk after the IPv6 host");
    if (!after.empty()) port = after.substr(1);
  } else {
    const std::size_t colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (url.host.empty()) return Error::invalid("url", "no host in \"" + std::string(text) + "\"");
  if (!port.empty()) {
    unsigned long p = 0;
    for (const char c : port) {
      if (c < '0' || c > '9' || p > 65535)
        return Error::invalid("url", "bad port \"" + std::string(port) + "\"");
      p = p * 10 + static_cast<unsigned long>(c - '0');
    }
    if (p == 0 || p > 65535) return Error::invalid("url", "bad port \"" + std::string(port) + "\"");
    url.port = static_cast<std::uint16_t>(p);
  }
  url.target = make_target(rest);
  return url;
}

Result<Url> resolve(const Url& base, std::string_view reference) {
  if (reference.empty() || reference[0] == '#') return base;
  if (reference.substr(0, 2) == "//") return parse_url("http:" + std::string(reference));
  if (reference[0] == '/') {
    Url url = base;
    url.target = make_target(reference);
    return url;
  }
  const std::string_view base_path = std::string_view(base.target).substr(0, base.target.find('?'));
  Url url = base;
  if (reference[0] == '?') {
    url.target = std::string(base_path) + std::string(without_fragment(reference));
    return url;
  }
  // A scheme ("http:", "tel:") comes before any '/', '?' or '#'.
  const std::size_t colon = reference.find(':');
  if (colon != std::string_view::npos && colon < reference.find_first_of("/?#")) {
    return parse_url(reference);
  }
  url.target = std::string(base_path.substr(0, base_path.rfind('/') + 1)) +
               std::string(without_fragment(reference));
  return url;
}

struct HttpClient::Impl {
  explicit Impl(std::chrono::milliseconds t) : timeout(t) {}

  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  std::chrono::milliseconds timeout;
  std::optional<std::pair<std::string, std::uint16_t>> peer;  // set while connected

  // Beast's timeouts exist only for asynchronous operations: start one, run the loop to its end.
  template <class Start>
  beast::error_code run(Start start) {
    beast::error_code result = asio::error::would_block;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }

  void disconnect() {
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream.close();
    buffer.clear();
    peer.reset();
  }

  Status connect(const Url& url) {
    disconnect();
    tcp::resolver resolver(ioc);
    beast::error_code ec;
    auto endpoints = resolver.resolve(url.host, std::to_string(url.port), ec);
    if (ec) {
      return Error::make(Errc::unavailable, "cannot resolve " + url.host + ": " + ec.message());
    }
    stream.expires_after(timeout);
    ec = run([&](auto handler) {
      stream.async_connect(endpoints,
                           [handler](beast::error_code e, const tcp::endpoint&) { handler(e); });
    });
    if (ec) {
      stream.close();
      return Error::make(Errc::unavailable,
                         "cannot connect to " + url.authority() + ": " + ec.message());
    }
    peer.emplace(url.host, url.port);
    return {};
  }

  enum class Failure { none, stale, other };

  // One exchange on the open connection. `stale` means the server had closed it before answering.
  Failure exchange(http::request<http::string_body>& req, HttpResponse& out,
                   beast::error_code& ec) {
    stream.expires_after(timeout);
    ec = run([&](auto handler) {
      http::async_write(stream, req, [handler](beast::error_code e, std::size_t) { handler(e); });
    });
    if (ec) return Failure::stale;
    http::response_parser<http::string_body> parser;
    parser.body_limit(8 * 1024 * 1024);
    ec = run([&](auto handler) {
      http::async_read(stream, buffer, parser,
                       [handler](beast::error_code e, std::size_t) { handler(e); });
    });
    if (ec) {
      const bool nothing_read = !parser.got_some();
      const bool closed = ec == http::error::end_of_stream || ec == asio::error::eof ||
                          ec == asio::error::connection_reset;
      return nothing_read && closed ? Failure::stale : Failure::other;
    }
    auto res = parser.release();
    out.status = res.result_int();
    out.reason = std::string(res.reason());
    out.content_type = std::string(res[http::field::content_type]);
    out.body = std::move(res.body());
    if (!res.keep_alive()) disconnect();
    return Failure::none;
  }
};

HttpClient::HttpClient(std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>(timeout)) {}

HttpClient::~HttpClient() = default;

Result<HttpResponse> HttpClient::request(
    std::string_view method, const Url& url, std::string body, std::string_view content_type,
    const std::vector<std::pair<std::string, std::string>>& headers) {
  http::request<http::string_body> req;
  req.method_string(beast::string_view(method.data(), method.size()));
  req.target(url.target);
  req.version(11);
  req.set(http::field::host, url.authority());
  req.set(http::field::user_agent, "webox-simulate (TwilioProxy/1.1)");
  req.set(http::field::accept, "*/*");
  for (const auto& [name, value] : headers) req.set(name, value);
  if (!body.empty() || method == "POST") {
    req.set(http::field::content_type,
            beast::string_view(content_type.data(), content_type.size()));
    req.body() = std::move(body);
  }
  req.prepare_payload();

  Impl& c = *impl_;
  const bool same_peer = c.peer && c.peer->first == url.host && c.peer->second == url.port;
  bool reused = same_peer;
  if (!same_peer) {
    if (Status s = c.connect(url); !s) return std::move(s).error();
  }
  for (;;) {
    HttpResponse out;
    beast::error_code ec;
    const auto failure = c.exchange(req, out, ec);
    if (failure == Impl::Failure::none) return out;
    c.disconnect();
    if (failure == Impl::Failure::stale && reused) {
      reused = false;  // one retry, on a connection we know is fresh
      if (Status s = c.connect(url); !s) return std::move(s).error();
      continue;
    }
    if (ec == beast::error::timeout) {
      return Error::make(Errc::unavailable, "no answer from " + url.str() + " within " +
                                                std::to_string(c.timeout.count()) + " ms");
    }
    return Error::make(Errc::io, std::string(method) + " " + url.str() + ": " + ec.message());
  }
}

}  // namespace webox::tools
