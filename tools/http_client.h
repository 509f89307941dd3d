// A small synchronous HTTP/1.1 client (Boost.Beast) for talking to the engine like Twilio does.
//
//   auto url = parse_url("http://127.0.0.1:8080/twilio/voice");   // Result<Url>
//   HttpClient client;                                             // 15 s per request, like Twilio
//   auto r = client.request("POST", *url, "CallSid=CA01&From=%2B3361", kFormContentType);
//   if (r && r->status == 200) use(r->body);
//   auto next = resolve(*url, "/twilio/gather?turn=1");           // same host and port
//
// Contract:
// - http:// only (the engine listens on plain HTTP behind its proxy); an https:// URL is refused
//   with Error::invalid("url", ...) rather than sent in clear.
// - One keep-alive connection, reused while the host and port stay the same and the server
//   keeps it open. A request on a reused connection that the server had already closed (nothing
//   written, or no byte of answer) is retried once on a fresh connection, as browsers do.
// - Each request has `timeout` in total (connect, write, read). Failing to connect or to get an
//   answer in time is Errc::unavailable; a broken exchange is Errc::io. Any HTTP status is a
//   value, not an error: the caller decides what a 500 means.
// - Beast stays out of this header so that its users compile fast.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>
#include <string_view>

#include "events/result.h"

namespace webox::tools {

inline constexpr std::string_view kFormContentType = "application/x-www-form-urlencoded";

struct Url {
  std::string host;          // "127.0.0.1", "localhost", "::1" (no brackets)
  std::uint16_t port = 80;
  std::string target = "/";  // path and query, never empty

  std::string str() const;   // "http://127.0.0.1:8080/twilio/voice"
  std::string authority() const;  // "127.0.0.1:8080", "[::1]:8080": the Host header
};

// http://host[:port][/path][?query]; a #fragment is dropped (clients never send it).
Result<Url> parse_url(std::string_view text);

// A URL as a TwiML document may write it (absolute, "/path", "path", "?query"), seen from `base`.
Result<Url> resolve(const Url& base, std::string_view reference);

struct HttpResponse {
  unsigned status = 0;
  std::string reason;
  std::string content_type;
  std::string body;
};

class HttpClient {
 public:
  explicit HttpClient(std::chrono::milliseconds timeout = std::chrono::seconds(15));
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // `body` and `content_type` are sent only when the body is non-empty or the method is POST.
  // `headers` are added as given (X-Twilio-Signature, Authorization).
  Result<HttpResponse> request(std::string_view method, const Url& url, std::string body = {},
                               std::string_view content_type = kFormContentType,
                               const std::vector<std::pair<std::string, std::string>>& headers = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace webox::tools
