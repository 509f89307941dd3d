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

#include <optional>
#include <string>
#include <string_view>

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

// -- Media Streams (GET /twilio/stream/<number>, a WebSocket handshake) --
//
//   stream_url(sec, "+33123456789")  -> "wss://voice.example.com/twilio/stream/33123456789"
//   auto who = check_stream_handshake(engine, sec, request, metrics);
//   // Result<StreamCaller>: {tenant "t1", number "+33123456789"}, or Errc::forbidden (403)
//
// The handshake carries no form, so the called number (digits after '+') is in the path, and
// the tenant is found from it as for a webhook; the signature is checked over the ws(s):// URL
// Twilio was given, with no parameters (shared protocol notes §2.4): `public_url` with
// https -> wss and http -> ws, or "ws://" + Host without one. Refusals as for webhooks, and
// Errc::not_found for a path that names no number.

// Where a call to `number` connects its stream; empty without a public URL (Twilio must be
// given an absolute wss:// URL, and this server cannot know its public name by itself).
std::string stream_url(const TwilioSecurity& security, std::string_view number);

// Where Twilio asks what to do once a stream is over, the <Connect action>:
//   stream_action_url(sec) -> "https://voice.example.com/twilio/stream-ended"
// the public URL's own scheme (Twilio posts to it like any webhook, signed over that URL);
// empty without a public URL.
std::string stream_action_url(const TwilioSecurity& security);

struct StreamCaller {
  std::string tenant_id;  // empty only when signatures are not checked and no tenant has it
  std::string number;     // "+33123456789"
};
[[nodiscard]] Result<StreamCaller> check_stream_handshake(const Engine& engine,
                                                          const TwilioSecurity& security,
                                                          const Request& request,
                                                          HttpMetrics& metrics);

// "/twilio/stream/33123456789" -> "+33123456789"; nullopt for anything else.
std::optional<std::string> stream_number(std::string_view target);

}  // namespace webox::http
