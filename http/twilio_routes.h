// Twilio's voice webhooks: form body in, the engine's TwiML out.
//
//   twilio_voice(engine, Request{.method = "POST", .target = "/twilio/voice", .headers = {...},
//                .body = "CallSid=CA01&From=%2B33612345678&To=%2B33123456789"}, respond);
//   // engine.on_incoming_call(VoiceWebhook{.call_sid = "CA01", ..., .request_digest = sha256})
//   // respond(Response{200, "text/xml", "<?xml ...><Response>...</Response>"})
//   parse_voice_webhook("From=%2B33612345678&To=%2B33123456789")
//       -> Error{invalid_argument, field "CallSid", "is required"}
//
// Contract: the parse_* functions refuse (Error::invalid naming the form field) before anything
// reaches the engine, so a 400 never writes an event. Rules:
// - voice:  CallSid (letters, digits, '-', '_'), From (non-empty, any format: client:, sip:),
//           To ('+' then 8..15 digits: an assistant's number) are required;
//           AccountSid, CallStatus, Direction pass through.
// - gather: CallSid required; has_speech is whether SpeechResult is present, even empty;
//           Confidence, when present and non-empty, is a number in [0, 1]; Digits passes through.
// - status: CallSid and CallStatus required; CallDuration, when present and non-empty, is a
//           non-negative integer (seconds), else 0.
// - stream-ended (the <Connect action> of a stream call): CallSid required; CallStatus passes
//           through. Twilio sends the standard call parameters (To among them, for the
//           signature's tenant).
// request_digest is the lowercase hex SHA-256 of "<target>\n<body>", so a retried webhook (same
// URL, same body) is recognised by the engine, while two turns with equal bodies are not (the
// engine writes the turn into the Gather action URL). The parse_* functions alone hash the body.
// Engine errors become problems (http/problem.h): invalid 400, not_found 404, conflict 409,
// unavailable 503 + Retry-After, else 500. Method and Content-Type are the router's job.
#pragma once

#include <string>
#include <string_view>

#include "actors/engine.h"
#include "adapters/twilio/form.h"
#include "events/result.h"
#include "http/message.h"
#include "http/route_context.h"

namespace webox::http {

Result<VoiceWebhook> parse_voice_webhook(std::string_view body);
// The same rules on a form already parsed (no request_digest: the route sets it).
Result<VoiceWebhook> voice_from_form(const twilio::FormParams& form);
Result<GatherWebhook> gather_from_form(const twilio::FormParams& form);
Result<StatusWebhook> status_from_form(const twilio::FormParams& form);
Result<ConnectActionWebhook> connect_action_from_form(const twilio::FormParams& form);
Result<GatherWebhook> parse_gather_webhook(std::string_view body);
Result<StatusWebhook> parse_status_webhook(std::string_view body);

std::string sha256_hex(std::string_view data);

// Each checks X-Twilio-Signature first (http/twilio_gate.h: 403, nothing reaches the engine),
// then the fields (400), then asks the engine with the signing tenant in the webhook.
void twilio_voice(RouteContext& ctx, const Request& request, Respond respond);
void twilio_gather(RouteContext& ctx, const Request& request, Respond respond);
void twilio_status(RouteContext& ctx, const Request& request, Respond respond);
// POST /twilio/stream-ended: <Dial> after a stream call's transfer, else <Hangup/>.
void twilio_stream_ended(RouteContext& ctx, const Request& request, Respond respond);

}  // namespace webox::http
