#include "http/problem.h"

#include <string>

#include "events/codec.h"

namespace webox::http {

int http_status(Errc code) {
  switch (code) {
    case Errc::invalid_argument: return 400;
    case Errc::not_found: return 404;
    case Errc::conflict: return 409;
    case Errc::unavailable: return 503;
    case Errc::unauthenticated: return 401;
    case Errc::forbidden: return 403;
    default: return 500;
  }
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return status < 400 ? "OK" : status < 500 ? "Client Error" : "Server Error";
  }
}

Response problem(int status, std::string_view detail, std::string_view field) {
  std::string body = R"({"type":"about:blank","title":)";
  append_json_string(body, reason_phrase(status));
  body += ",\"status\":";
  body += std::to_string(status);
  body += ",\"detail\":";
  append_json_string(body, detail);
  if (!field.empty()) {
    body += ",\"field\":";
    append_json_string(body, field);
  }
  body += '}';
  Response r{status, "application/problem+json", std::move(body), {}};
  if (status == 503) r.headers.emplace_back("Retry-After", "1");
  // RFC 9110 §11.6.1: a 401 says which scheme would be accepted.
  if (status == 401) r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"webox\"");
  return r;
}

Response problem(const Error& error) {
  return problem(http_status(error.code), error.message, error.field);
}

}  // namespace webox::http
