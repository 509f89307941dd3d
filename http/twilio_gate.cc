#include "http/twilio_gate.h"

#include "adapters/twilio/signature.h"

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

}  // namespace webox::http
