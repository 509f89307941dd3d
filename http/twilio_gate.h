// Only Twilio drives calls: every /twilio/* request is checked against X-Twilio-Signature with
// the auth token of the tenant that owns the called number, before anything reaches the engine.
//
//   TwilioSecurity sec{.public_url = "https://voice.example.com"};
//   auto tenant = check_webhook(engine, sec, request, form, metrics);
//   // Result<std::string>: the tenant id, or Errc::forbidden (403) and a counter bumped
//
// The URL Twilio signed is `public_url` + the request target (path and query), or, without a
// public URL, "http://" + the Host header + the target; both port variants are accepted
// (adapters/twilio/signature.h). The tenant is found from the form's `To` (Twilio sends it
// with every voice webhook: incoming call, Gather action, status callback); when the tenant
// has a Twilio account SID, the form's AccountSid must be it.
//
// Refusals: no signature, a signature that does not match, a number no tenant answers, a
// tenant without an auth token, another account's AccountSid. The message says which, never
// the expected signature or the token.
// With `verify_signatures` false (a development setting the server warns about at start),
// nothing is refused and the tenant of `To` is still returned (empty when none), so that the
// engine's per-call tenant check keeps working.
#pragma once

#include <string>

#include "actors/engine.h"
#include "adapters/twilio/form.h"
#include "events/result.h"
#include "http/message.h"
#include "http/metrics.h"

namespace webox::http {

struct TwilioSecurity {
  bool verify_signatures = true;
  std::string public_url;  // "https://voice.example.com", without a trailing '/'; empty: Host
};

[[nodiscard]] Result<std::string> check_webhook(const Engine& engine, const TwilioSecurity& security,
                                                const Request& request,
                                                const twilio::FormParams& form,
                                                HttpMetrics& metrics);

// The URL Twilio requested, as this server can rebuild it (see above).
std::string signed_url(const TwilioSecurity& security, const Request& request);

}  // namespace webox::http
