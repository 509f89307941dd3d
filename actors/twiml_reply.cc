#include "actors/twiml_reply.h"

#include "adapters/twilio/twiml.h"

namespace webox {

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
    doc.dial(twilio::Dial{.number = r.transfer_to});
  } else {
    doc.say(std::move(say));
    doc.hangup();
  }
  return doc.str();
}

std::string render_reject() { return twilio::Twiml().reject().str(); }
std::string render_empty() { return twilio::Twiml().str(); }

}  // namespace webox
