// How a brain's Reply reaches the caller in TwiML mode.
//
//   render_reply({.text = "Pour combien de personnes ?", .action = ReplyAction::listen,
//                 .language = "fr-FR"}, voice, "/twilio/gather")
//   -> <?xml ...?><Response><Gather action="/twilio/gather?turn=2" actionOnEmptyResult="true"
//        input="speech" language="fr-FR" method="POST" speechTimeout="auto" timeout="5">
//        <Say language="fr-FR">Pour combien de personnes ?</Say></Gather></Response>
// (reply.turn was 1: the action names the turn the caller's answer will be)
//
// listen: the prompt is nested in <Gather> so the caller can speak over it; with
// actionOnEmptyResult Twilio posts a silence back to us and the brain decides what to do.
// hangup: <Say> then <Hangup/>. transfer: <Say> then <Dial>.
#pragma once

#include <string>

#include "events/event_types.h"

namespace webox {

// `voice` is the assistant's voice_type; a value Twilio does not know ("alloy") is left out so
// that Twilio picks its default voice for the language.
std::string render_reply(const ReplyGenerated& reply, const std::string& voice,
                         const std::string& gather_url);
std::string render_reject();
// A call refused because the tenant's monthly quota is reached (policy "reject"): a short
// apology in the assistant's language, then <Hangup/>. `language` is the profile's ("fr",
// "en-GB"); quota_message_language() gives the BCP-47 tag the message is spoken in.
std::string quota_message_language(const std::string& language);
std::string render_quota_reject(const std::string& language, const std::string& voice);
std::string render_empty();

// A "stream" assistant's call: <Connect action="https://.../twilio/stream-ended"><Stream
// url="wss://.../twilio/stream/<number>"> with the <Parameter>s the socket needs to find the
// call (CallSid, AssistantId, TenantId). The greeting is not in it: it is spoken over the
// stream. `action` is where Twilio asks what to do once our side closes the socket (empty: no
// action attribute, and the call ends with the document).
//   render_stream_connect("wss://v.example.com/twilio/stream/33123456789", "CA01", "a-1", "t1",
//                         "https://v.example.com/twilio/stream-ended")
//   -> <?xml ...?><Response><Connect action="https://v.example.com/twilio/stream-ended"><Stream
//        url="wss://v.example.com/twilio/stream/33123456789"><Parameter name="CallSid"
//        value="CA01" /><Parameter name="AssistantId" value="a-1" /><Parameter name="TenantId"
//        value="t1" /></Stream></Connect></Response>   (on one line)
std::string render_stream_connect(const std::string& url, const std::string& call_sid,
                                  const std::string& assistant_id, const std::string& tenant_id,
                                  const std::string& action = {});
// What a stream call does once its stream is over (the <Connect action> answer): put through
// to `transfer_to` when its last reply was a transfer, else hang up. The transfer's words were
// spoken over the stream already, so there is no <Say>: the same <Dial> as render_reply's.
//   render_stream_ended("+447700900123") -> ...<Response><Dial timeout="30">+447700900123</Dial></Response>
//   render_stream_ended("")              -> ...<Response><Hangup /></Response>
std::string render_stream_ended(const std::string& transfer_to);
// A "stream" assistant's call while the engine has no public URL to give Twilio: the caller
// hears that the line is not available, then <Hangup/>; the log line says what to configure.
std::string render_stream_unconfigured(const std::string& language, const std::string& voice);
std::string twilio_voice(const std::string& voice_type);

}  // namespace webox
