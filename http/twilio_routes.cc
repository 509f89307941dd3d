#include "http/twilio_routes.h"


#include <charconv>
#include <cmath>

#include "adapters/twilio/form.h"
#include "adapters/twilio/signature.h"
#include "http/problem.h"
#include "http/rules.h"
#include "http/twilio_gate.h"

namespace webox::http {
namespace {

using twilio::FormParams;

Result<std::string> required(const FormParams& form, std::string_view key) {
  const std::string* v = form.get(key);
  if (!v || v->empty()) return Error::invalid(std::string(key), "is required");
  return *v;
}

Result<std::string> required_call_sid(const FormParams& form) {
  auto sid = required(form, "CallSid");
  if (sid && !is_call_sid(*sid))
    return Error::invalid("CallSid", "must be 1 to 64 letters, digits, '-' or '_'");
  return sid;
}

// The engine's TwiML on success, its error as a problem otherwise.
Callback<std::string> twiml_answer(Respond respond) {
  return [respond = std::move(respond)](Result<std::string> twiml) {
    if (!twiml) return respond(problem(twiml.error()));
    respond(text_response(200, "text/xml", std::move(twiml).value()));
  };
}

template <class Hook, class Submit>
void serve(RouteContext& ctx, const Request& request, Respond respond,
           Result<Hook> (*parse)(const FormParams&), Submit submit) {
  auto form = twilio::parse_form(request.body);
  if (!form) return respond(problem(form.error()));
  // Who sent it comes before what it says: a forged request learns nothing from a 400.
  auto tenant = check_webhook(ctx.engine, ctx.twilio, request, *form, ctx.metrics);
  if (!tenant) return respond(problem(tenant.error()));
  auto hook = parse(*form);
  if (!hook) return respond(problem(hook.error()));
  hook->tenant_id = std::move(*tenant);
  // The request id covers the URL too: the engine puts the turn in the Gather action URL, so
  // two turns with the same body (two silences) stay two requests, and only a true retry of
  // the same URL and body is recognised as one.
  std::string signed_part = request.target;
  signed_part += '\n';
  signed_part += request.body;
  hook->request_digest = sha256_hex(signed_part);
  submit(std::move(hook).value(), twiml_answer(std::move(respond)));
}

// The parse_* functions on a raw body: the form, the fields, and the body's digest.
template <class Hook>
Result<Hook> parse_then(std::string_view body, Result<Hook> (*from_form)(const FormParams&)) {
  auto form = twilio::parse_form(body);
  if (!form) return std::move(form).error();
  auto hook = from_form(*form);
  if (hook) hook->request_digest = twilio::sha256_hex(body);
  return hook;
}

}  // namespace

std::string sha256_hex(std::string_view data) { return twilio::sha256_hex(data); }

Result<VoiceWebhook> voice_from_form(const FormParams& form) {
  auto sid = required_call_sid(form);
  if (!sid) return std::move(sid).error();
  auto from = required(form, "From");
  if (!from) return std::move(from).error();
  auto to = required(form, "To");
  if (!to) return std::move(to).error();
  if (!is_e164(*to)) return Error::invalid("To", "must be E.164: '+' then 8 to 15 digits");
  VoiceWebhook hook;
  hook.call_sid = std::move(*sid);
  hook.account_sid = form.value_or("AccountSid");
  hook.from = std::move(*from);
  hook.to = std::move(*to);
  hook.call_status = form.value_or("CallStatus");
  hook.direction = form.value_or("Direction");
  return hook;
}

Result<GatherWebhook> gather_from_form(const FormParams& form) {
  auto sid = required_call_sid(form);
  if (!sid) return std::move(sid).error();
  GatherWebhook hook;
  hook.call_sid = std::move(*sid);
  if (const std::string* speech = form.get("SpeechResult")) {
    hook.has_speech = true;
    hook.speech_result = *speech;
  }
  // Twilio sends empty values for parameters that do not apply; an empty Confidence is "none".
  if (const std::string* c = form.get("Confidence"); c && !c->empty()) {
    double v = 0;
    auto [end, ec] = std::from_chars(c->data(), c->data() + c->size(), v);
    if (ec != std::errc() || end != c->data() + c->size() || !std::isfinite(v) || v < 0 || v > 1)
      return Error::invalid("Confidence", "must be a number between 0 and 1");
    hook.confidence = v;
  }
  hook.digits = form.value_or("Digits");
  return hook;
}

Result<StatusWebhook> status_from_form(const FormParams& form) {
  auto sid = required_call_sid(form);
  if (!sid) return std::move(sid).error();
  auto status = required(form, "CallStatus");
  if (!status) return std::move(status).error();
  StatusWebhook hook;
  hook.call_sid = std::move(*sid);
  hook.call_status = std::move(*status);
  if (const std::string* d = form.get("CallDuration"); d && !d->empty()) {
    std::int32_t v = 0;
    auto [end, ec] = std::from_chars(d->data(), d->data() + d->size(), v);
    if (ec != std::errc() || end != d->data() + d->size() || v < 0)
      return Error::invalid("CallDuration", "must be a non-negative integer (seconds)");
    hook.call_duration = v;
  }
  return hook;
}

Result<ConnectActionWebhook> connect_action_from_form(const FormParams& form) {
  auto sid = required_call_sid(form);
  if (!sid) return std::move(sid).error();
  ConnectActionWebhook hook;
  hook.call_sid = std::move(*sid);
  hook.call_status = form.value_or("CallStatus");
  return hook;
}

Result<VoiceWebhook> parse_voice_webhook(std::string_view body) {
  return parse_then(body, &voice_from_form);
}
Result<GatherWebhook> parse_gather_webhook(std::string_view body) {
  return parse_then(body, &gather_from_form);
}
Result<StatusWebhook> parse_status_webhook(std::string_view body) {
  return parse_then(body, &status_from_form);
}

void twilio_voice(RouteContext& ctx, const Request& request, Respond respond) {
  serve(ctx, request, std::move(respond), &voice_from_form,
        [&ctx](VoiceWebhook h, Callback<std::string> done) {
          h.stream_url = stream_url(ctx.twilio, h.to);  // used if the assistant streams
          h.stream_action = stream_action_url(ctx.twilio);
          ctx.engine.on_incoming_call(std::move(h), std::move(done));
        });
}

void twilio_gather(RouteContext& ctx, const Request& request, Respond respond) {
  serve(ctx, request, std::move(respond), &gather_from_form,
        [&engine = ctx.engine](GatherWebhook h, Callback<std::string> done) {
          engine.on_gather(std::move(h), std::move(done));
        });
}

void twilio_status(RouteContext& ctx, const Request& request, Respond respond) {
  serve(ctx, request, std::move(respond), &status_from_form,
        [&engine = ctx.engine](StatusWebhook h, Callback<std::string> done) {
          engine.on_status(std::move(h), std::move(done));
        });
}

void twilio_stream_ended(RouteContext& ctx, const Request& request, Respond respond) {
  serve(ctx, request, std::move(respond), &connect_action_from_form,
        [&engine = ctx.engine](ConnectActionWebhook h, Callback<std::string> done) {
          engine.on_stream_ended(std::move(h), std::move(done));
        });
}

}  // namespace webox::http
