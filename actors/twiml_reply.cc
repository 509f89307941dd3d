#include "actors/twiml_reply.h"

#include "adapters/twilio/twiml.h"

namespace webox {
namespace {

// A transfer to a person, in both modes: TwiML (after the reply's <Say>) and stream (the
// <Connect action> answer, the words said over the stream before).
void dial_transfer(twilio::Twiml& doc, const std::string& number) {
  doc.dial(twilio::Dial{.number = number});
}

}  // namespace

std::string twilio_voice(const std::string& v) {
  if (v == "alice" || v == "man" || v == "woman") return v;
  if (v.rfind("Polly.", 0) == 0 || v.rfind("Google.", 0) == 0) return v;
  return {};
}

std::string render_reply(const ReplyGenerated& r, const std::string& voice,
                         const std::string& gather_url) {
  twilio::Say say{r.text, twilio_voice(voice), r.language};
  twilio::Twiml doc;
  if (r.action == "listen") {
    twilio::Gather g;
    // The turn in the action URL makes two identical answers (two silences, the same words
    // twice) different requests, so they are not mistaken for Twilio's retries.
    g.action = gather_url + (gather_url.find('?') == std::string::npos ? "?" : "&") +
               "turn=" + std::to_string(r.turn + 1);
    g.language = r.language;
    g.prompts.push_back(std::move(say));
    doc.gather(std::move(g));
  } else if (r.action == "transfer") {
    doc.say(std::move(say));
    dial_transfer(doc, r.transfer_to);
  } else {
    doc.say(std::move(say));
    doc.hangup();
  }
  return doc.str();
}

std::string quota_message_language(const std::string& language) {
  std::string tag = language;
  for (auto& c : tag) c = c == '_' ? '-' : c;
  bool english = tag.size() >= 2 && (tag[0] == 'e' || tag[0] == 'E') && (tag[1] == 'n' || tag[1] == 'N');
  if (tag.size() == 5 && tag[2] == '-') return tag;  // keeps the region ("fr-CA", "en-GB")
  return english ? "en-US" : "fr-FR";
}

std::string render_quota_reject(const std::string& language, const std::string& voice) {
  std::string tag = quota_message_language(language);
  // Says neither "quota" nor "subscription": the caller is the business's customer, who only
  // needs to know to call again.
  std::string text = tag.starts_with("en") || tag.starts_with("EN")
                         ? "Hello, we cannot take your call right now. Please call again later. "
                           "Goodbye."
                         : "Bonjour, nous ne pouvons pas prendre votre appel pour le moment. "
                           "Merci de rappeler plus tard. Au revoir.";
  return twilio::Twiml().say(twilio::Say{text, twilio_voice(voice), tag}).hangup().str();
}

std::string render_stream_connect(const std::string& url, const std::string& call_sid,
                                  const std::string& assistant_id, const std::string& tenant_id,
                                  const std::string& action) {
  return twilio::Twiml()
      .connect_stream({.url = url,
                       .action = action,
                       .parameters = {{"CallSid", call_sid},
                                      {"AssistantId", assistant_id},
                                      {"TenantId", tenant_id}}})
      .str();
}

std::string render_stream_ended(const std::string& transfer_to) {
  twilio::Twiml doc;
  if (transfer_to.empty()) return doc.hangup().str();
  dial_transfer(doc, transfer_to);
  return doc.str();
}

std::string render_stream_unconfigured(const std::string& language, const std::string& voice) {
  std::string tag = quota_message_language(language);
  std::string text = tag.starts_with("en") || tag.starts_with("EN")
                         ? "Sorry, this line is not available right now. Goodbye."
                         : "Désolé, cette ligne n'est pas disponible pour le moment. Au revoir.";
  return twilio::Twiml().say(twilio::Say{text, twilio_voice(voice), tag}).hangup().str();
}

std::string render_reject() { return twilio::Twiml().reject().str(); }
std::string render_empty() { return twilio::Twiml().str(); }

}  // namespace webox
