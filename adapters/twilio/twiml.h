// TwiML documents, written exactly as Twilio's SDKs print them, and always well-formed XML.
//
//   std::string doc = Twiml()
//       .gather({.action = "/twilio/gather", .language = "fr-FR",
//                .prompts = {{.text = "Bonjour, que puis-je faire pour vous ?"}}})
//       .say({.text = "Je n'ai rien entendu. Au revoir."})
//       .hangup()
//       .str();
//   // <?xml version="1.0" encoding="UTF-8"?><Response><Gather action="/twilio/gather"
//   //   actionOnEmptyResult="true" input="speech" language="fr-FR" method="POST"
//   //   speechTimeout="auto" timeout="5"><Say>Bonjour, que puis-je faire pour vous ?</Say>
//   //   </Gather><Say>Je n&apos;ai rien entendu. Au revoir.</Say><Hangup /></Response>
//   // (on one line)
//   Twiml().str()  ->  <?xml version="1.0" encoding="UTF-8"?><Response />
//   Twiml().connect_stream({.url = "wss://voice.example.com/twilio/stream",
//                           .parameters = {{"assistant", "a1"}}}).str()
//     ->  ...<Response><Connect><Stream url="wss://voice.example.com/twilio/stream"><Parameter
//         name="assistant" value="a1" /></Stream></Connect></Response>   (on one line)
//
// Contract:
// - The SDK form: that declaration, no whitespace between elements, attributes in alphabetical
//   order, empty elements as `<Name />`, booleans as true/false.
// - A string attribute is written only when non-empty; an integer one (timeout, length) only when
//   positive, so Twilio's own default applies otherwise. pause(n) with n <= 0 adds nothing.
// - A Say with empty text is left out: there is nothing to speak (pause() is how to be silent).
// - Text and attribute values go through xml_escape(): the five XML specials become entities,
//   characters XML 1.0 forbids (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF) and the C1/DEL
//   controls no voice can speak are dropped, invalid UTF-8 becomes U+FFFD. In attributes tab, LF
//   and CR are also written as character references, because XML parsers turn them into spaces.
//   So whatever the brain says, the document parses.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace webox::twilio {

// Every member has an initializer (even `{}`) so that designated initializers that leave some
// out, the intended use, do not trip GCC 12's -Wmissing-field-initializers.
struct Say {
  std::string text{};
  std::string voice{};     // e.g. "Polly.Lea"; empty: Twilio's default voice
  std::string language{};  // BCP-47, e.g. "fr-FR"
};

struct Gather {
  std::string input = "speech";          // "speech", "dtmf" or "dtmf speech"
  std::string action{};                  // empty: Twilio posts back to the current document URL
  std::string method = "POST";
  std::string language{};                // what Twilio transcribes, e.g. "fr-FR"
  std::string speech_timeout = "auto";
  int timeout = 5;                       // seconds of silence before giving up
  std::string hints{};                   // comma-separated words that help the recogniser
  bool action_on_empty_result = true;    // post to action even when nothing was heard
  std::vector<Say> prompts{};            // spoken while listening
};

// <Parameter name=".." value=".."/> inside <Stream>: Twilio hands it back in the stream's
// start.customParameters. Written even with an empty value (it still says the name is set);
// left out when the name is empty.
struct StreamParameter {
  std::string name{};
  std::string value{};
};

// <Connect><Stream url="wss://...">: a bidirectional Media Stream, which blocks the document
// until our WebSocket server closes the stream (then Twilio runs the verbs after it, or posts to
// `action` when set).
struct ConnectStream {
  std::string url{};              // wss:// only (Twilio refuses other schemes)
  std::string name{};             // a name for the stream, to stop it by
  std::string status_callback{};  // stream-started / stream-stopped / stream-error callbacks
  std::string action{};           // <Connect action>: where Twilio posts when the stream ends
  std::string method{};           // <Connect method>; empty: Twilio's default (POST)
  std::vector<StreamParameter> parameters{};
};

struct Dial {
  std::string number{};     // E.164
  std::string caller_id{};
  int timeout = 30;
  std::string action{};
};

class Twiml {
 public:
  Twiml& say(Say s);
  Twiml& gather(Gather g);
  Twiml& dial(Dial d);
  Twiml& redirect(std::string url, std::string method = "POST");
  Twiml& pause(int seconds);
  Twiml& hangup();
  Twiml& reject(std::string reason = "rejected");  // "rejected" or "busy"; must be the first verb
  Twiml& connect_stream(ConnectStream c);

  std::string str() const;

 private:
  std::string verbs_;  // rendered verbs, in order
};

// XML text escaping as described in the contract above (text content form).
std::string xml_escape(std::string_view text);

}  // namespace webox::twilio
