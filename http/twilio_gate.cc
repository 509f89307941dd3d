#include "http/twilio_gate.h"

#include "adapters/twilio/signature.h"
#include "http/rules.h"

namespace webox::http {
namespace {

Error refuse(HttpMetrics& metrics, TwilioRefusal why, std::string message) {
  metrics.twilio_refused[why].fetch_add(1, std::memory_order_relaxed);
  return Error::make(Errc::forbidden, std::move(message));
}

}  // namespace

std::string signed_url(const TwilioSecurity& security, const Request& request) {
  if (!security.public_url.empty()) return security.public_url + request.target;
  const std::string* host = request.header("Host");
  return "http://" + (host ? *host : std::string()) + request.target;
}

Result<std::string> check_webhook(const Engine& engine, const TwilioSecurity& security,
                                  const Request& request, const twilio::FormParams& form,
                                  HttpMetrics& metrics) {
  const std::string to = form.value_or("To");
  auto auth = engine.twilio_auth_for_number(to);
  if (!security.verify_signatures) {
    if (auth) return auth->tenant_id;
    return std::string();
  }
  const std::string* signature = request.header("X-Twilio-Signature");
  if (!signature || signature->empty())
    return refuse(metrics, missing_signature, "X-Twilio-Signature is missing");
  if (!auth) {
    if (auth.error().code == Errc::not_found)
      return refuse(metrics, unknown_number, "no tenant answers the number " + to);
    return refuse(metrics, no_auth_token, auth.error().message);
  }
  if (!twilio::validate_signature(auth->auth_token, signed_url(security, request), form,
                                  *signature))
    return refuse(metrics, bad_signature,
                  "X-Twilio-Signature does not match this request (URL " +
                      signed_url(security, request) + ")");
  if (!auth->account_sid.empty() && form.value_or("AccountSid") != auth->account_sid)
    return refuse(metrics, wrong_account, "AccountSid is not the account of this number's tenant");
  return auth->tenant_id;
}

namespace {

constexpr std::string_view kStreamPath = "/twilio/stream/";

// "https://h" -> "wss://h", "http://h" -> "ws://h": the WebSocket scheme of a base URL.
std::string websocket_base(std::string_view base) {
  if (base.starts_with("https://")) return "wss://" + std::string(base.substr(8));
  if (base.starts_with("http://")) return "ws://" + std::string(base.substr(7));
  return std::string(base);
}

}  // namespace

std::optional<std::string> stream_number(std::string_view target) {
  if (!target.starts_with(kStreamPath)) return std::nullopt;
  std::string number = "+" + std::string(target.substr(kStreamPath.size()));
  if (!is_e164(number)) return std::nullopt;
  return number;
}

std::string stream_url(const TwilioSecurity& security, std::string_view number) {
  if (security.public_url.empty() || !number.starts_with('+')) return {};
  return websocket_base(security.public_url) + std::string(kStreamPath) +
         std::string(number.substr(1));
}

std::string stream_action_url(const TwilioSecurity& security) {
  if (security.public_url.empty()) return {};
  return security.public_url + "/twilio/stream-ended";
}

Result<StreamCaller> check_stream_handshake(const Engine& engine, const TwilioSecurity& security,
                                            const Request& request, HttpMetrics& metrics) {
  auto number = stream_number(request.target);
  if (!number)
    return Error::make(Errc::not_found, "a stream URL is /twilio/stream/<called number's digits>");
  auto auth = engine.twilio_auth_for_number(*number);
  if (!security.verify_signatures)
    return StreamCaller{auth ? auth->tenant_id : std::string(), *number};
  const std::string* signature = request.header("X-Twilio-Signature");
  if (!signature || signature->empty())
    return refuse(metrics, missing_signature, "X-Twilio-Signature is missing");
  if (!auth) {
    if (auth.error().code == Errc::not_found)
      return refuse(metrics, unknown_number, "no tenant answers the number " + *number);
    return refuse(metrics, no_auth_token, auth.error().message);
  }
  const std::string* host = request.header("Host");
  const std::string url =
      websocket_base(security.public_url.empty() ? "http://" + (host ? *host : std::string())
                                                 : security.public_url) +
      request.target;
  if (!twilio::validate_signature(auth->auth_token, url, twilio::FormParams{}, *signature))
    return refuse(metrics, bad_signature,
                  "X-Twilio-Signature does not match this handshake (URL " + url + ")");
  return StreamCaller{auth->tenant_id, *number};
}

}  // namespace webox::http
