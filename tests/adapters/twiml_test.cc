// TwiML as the Twilio SDK prints it, and well-formed whatever text the brain produces.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <string_view>

#include "adapters/twilio/twiml.h"

using webox::twilio::Dial;
using webox::twilio::Gather;
using webox::twilio::Say;
using webox::twilio::Twiml;
using webox::twilio::xml_escape;

namespace {

const std::string kHead = R"(<?xml version="1.0" encoding="UTF-8"?>)";

std::string doc(std::string_view inner) { return kHead + "<Response>" + std::string(inner) + "</Response>"; }

// True when `s` is valid XML character data: well-formed UTF-8, only XML 1.0 characters,
// no raw '<' or '>' and every '&' starting one of the references xml_escape writes.
bool well_formed_text(std::string_view s) {
  static constexpr std::string_view kRefs[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;",
                                               "&#9;",  "&#10;", "&#13;"};
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = p[i];
    if (c == '<' || c == '>' || c == '"' || c == '\'') return false;
    if (c == '&') {
      bool known = false;
      for (auto ref : kRefs) known = known || s.substr(i, ref.size()) == ref;
      if (!known) return false;
      ++i;
      continue;
    }
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
    if (c < 0x80) { ++i; continue; }
    std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
    if (len == 0 || c > 0xF4 || i + len > s.size()) return false;
    char32_t cp = c & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    const char32_t min = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000;
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    if (cp == 0xFFFE || cp == 0xFFFF || (cp >= 0x7F && cp <= 0x9F)) return false;
    i += len;
  }
  return true;
}

}  // namespace

TEST_CASE("an empty document is the SDK's self-closed Response", "[twilio][twiml]") {
  CHECK(Twiml().str() == R"(<?xml version="1.0" encoding="UTF-8"?><Response />)");
}

TEST_CASE("Say", "[twilio][twiml]") {
  CHECK(Twiml().say({.text = "Hello World"}).str() == doc("<Say>Hello World</Say>"));
  CHECK(Twiml().say({.text = "Bonjour", .voice = "Polly.Lea", .language = "fr-FR"}).str() ==
        doc(R"(<Say language="fr-FR" voice="Polly.Lea">Bonjour</Say>)"));
  CHECK(Twiml().say({.text = "", .voice = "alice"}).str() == Twiml().str());
  CHECK(Twiml().say({.text = "\x01\x02"}).str() == Twiml().str());  // nothing speakable left
}

TEST_CASE("Gather with its defaults, attributes in alphabetical order", "[twilio][twiml]") {
  CHECK(Twiml().gather({}).str() ==
        doc(R"(<Gather actionOnEmptyResult="true" input="speech" method="POST" )"
            R"(speechTimeout="auto" timeout="5" />)"));
}

TEST_CASE("Gather with everything and nested prompts", "[twilio][twiml]") {
  Gather g{.input = "dtmf speech",
           .action = "/twilio/gather?turn=2&x=1",
           .method = "POST",
           .language = "fr-FR",
           .speech_timeout = "2",
           .timeout = 7,
           .hints = "table, r\xC3\xA9servation",
           .action_on_empty_result = false,
           .prompts = {{.text = "Pour combien de personnes ?", .language = "fr-FR"},
                       {.text = ""},
                       {.text = "Et \xC3\xA0 quelle heure ?", .voice = "Polly.Lea"}}};
  CHECK(Twiml().gather(g).str() ==
        doc(R"(<Gather action="/twilio/gather?turn=2&amp;x=1" actionOnEmptyResult="false" )"
            "hints=\"table, r\xC3\xA9servation\" "
            R"(input="dtmf speech" language="fr-FR" method="POST" speechTimeout="2" timeout="7">)"
            R"(<Say language="fr-FR">Pour combien de personnes ?</Say>)"
            "<Say voice=\"Polly.Lea\">Et \xC3\xA0 quelle heure ?</Say></Gather>"));

  Gather bare{.input = "", .method = "", .speech_timeout = "", .timeout = 0};
  CHECK(Twiml().gather(bare).str() == doc(R"(<Gather actionOnEmptyResult="true" />)"));
}

TEST_CASE("Dial, Redirect, Pause, Hangup, Reject", "[twilio][twiml]") {
  CHECK(Twiml().dial({.number = "+33198765432"}).str() ==
        doc(R"(<Dial timeout="30">+33198765432</Dial>)"));
  CHECK(Twiml()
            .dial({.number = "+15558675310", .caller_id = "+15550001111", .timeout = 20,
                   .action = "/dial-done"})
            .str() ==
        doc(R"(<Dial action="/dial-done" callerId="+15550001111" timeout="20">+15558675310</Dial>)"));
  CHECK(Twiml().redirect("/twilio/voice").str() ==
        doc(R"(<Redirect method="POST">/twilio/voice</Redirect>)"));
  CHECK(Twiml().redirect("http://x/a?b=1&c=2", "GET").str() ==
        doc(R"(<Redirect method="GET">http://x/a?b=1&amp;c=2</Redirect>)"));
  CHECK(Twiml().redirect("/v", "").str() == doc("<Redirect>/v</Redirect>"));
  CHECK(Twiml().pause(2).str() == doc(R"(<Pause length="2" />)"));
  CHECK(Twiml().pause(0).pause(-3).str() == Twiml().str());
  CHECK(Twiml().hangup().str() == doc("<Hangup />"));
  CHECK(Twiml().reject().str() == doc(R"(<Reject reason="rejected" />)"));
  CHECK(Twiml().reject("busy").str() == doc(R"(<Reject reason="busy" />)"));
  CHECK(Twiml().reject("").str() == doc("<Reject />"));
}

TEST_CASE("verbs keep their order", "[twilio][twiml]") {
  CHECK(Twiml()
            .say({.text = "Un instant."})
            .pause(1)
            .say({.text = "Au revoir."})
            .hangup()
            .str() ==
        doc(R"(<Say>Un instant.</Say><Pause length="1" /><Say>Au revoir.</Say><Hangup />)"));
}

TEST_CASE("xml_escape: the five specials, UTF-8 kept", "[twilio][twiml]") {
  CHECK(xml_escape(R"(a<b>&"c"'d')") == "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;");
  CHECK(xml_escape("&amp;") == "&amp;amp;");  // never double-guessed as already escaped
  CHECK(xml_escape("</Say><Hangup/>") == "&lt;/Say&gt;&lt;Hangup/&gt;");
  CHECK(xml_escape("d\xC3\xA9j\xC3\xA0 \xF0\x9F\x8D\xB7 \xE2\x82\xAC") ==
        "d\xC3\xA9j\xC3\xA0 \xF0\x9F\x8D\xB7 \xE2\x82\xAC");  // déjà 🍷 €
  CHECK(xml_escape("tab\tline\nret\r") == "tab\tline\nret\r");
}

TEST_CASE("xml_escape: forbidden characters dropped, invalid UTF-8 replaced", "[twilio][twiml]") {
  const std::string fffd = "\xEF\xBF\xBD";
  CHECK(xml_escape(std::string("a\0b", 3)) == "ab");
  CHECK(xml_escape("a\x01\x08\x0B\x0C\x1F\x7F" "b") == "ab");
  CHECK(xml_escape("a\xC2\x85\xC2\x9F" "b") == "ab");          // C1 controls
  CHECK(xml_escape("a\xEF\xBF\xBE\xEF\xBF\xBF" "b") == "ab");  // U+FFFE, U+FFFF
  CHECK(xml_escape("a\xEF\xBF\xBD" "b") == "a" + fffd + "b");  // U+FFFD itself is fine
  CHECK(xml_escape("caf\xE9") == "caf" + fffd);                // Latin-1
  CHECK(xml_escape("\xC0\xAF") == fffd + fffd);                // overlong: two bad bytes
  CHECK(xml_escape("\xED\xA0\x80") == fffd + fffd + fffd);     // surrogate
  CHECK(xml_escape("\xF4\x90\x80\x80") == fffd + fffd + fffd + fffd);
  CHECK(xml_escape("\xE2\x82" "x") == fffd + "x");             // truncated: one U+FFFD
  CHECK(xml_escape("\xF0\x9F\x8D") == fffd);                   // truncated at the end
  CHECK(xml_escape("\x80\xBF") == fffd + fffd);                // stray continuations
}

TEST_CASE("hostile text inside verbs and attributes stays well-formed", "[twilio][twiml]") {
  const std::string hostile = "<\"'&>\x01\xFF\xF0\x9F\x98\x80\t\n\r]]><!--";
  const std::string text_form = "&lt;&quot;&apos;&amp;&gt;\xEF\xBF\xBD\xF0\x9F\x98\x80\t\n\r]]&gt;&lt;!--";
  const std::string attr_form =
      "&lt;&quot;&apos;&amp;&gt;\xEF\xBF\xBD\xF0\x9F\x98\x80&#9;&#10;&#13;]]&gt;&lt;!--";
  CHECK(Twiml().say({.text = hostile, .voice = hostile}).str() ==
        doc("<Say voice=\"" + attr_form + "\">" + text_form + "</Say>"));
  CHECK(Twiml().dial({.number = hostile, .caller_id = "", .timeout = 0}).str() ==
        doc("<Dial>" + text_form + "</Dial>"));
  CHECK(Twiml().redirect(hostile, hostile).str() ==
        doc("<Redirect method=\"" + attr_form + "\">" + text_form + "</Redirect>"));
}

TEST_CASE("xml_escape of random bytes is always valid character data", "[twilio][twiml]") {
  std::mt19937 rng(20261125);
  std::uniform_int_distribution<int> byte(0, 255), length(0, 64), pick(0, 9);
  const std::string_view seeds[] = {"&", "<", ">", "\"", "'", "\xC3\xA9", "\xF0\x9F\x98\x80",
                                    "\xED\xA0\x80", "\xEF\xBF\xBF", "\xE2\x82"};
  for (int round = 0; round < 5000; ++round) {
    std::string s;
    for (int n = length(rng); n > 0; --n) {
      if (pick(rng) < 3) s += seeds[pick(rng)];
      else s.push_back(static_cast<char>(byte(rng)));
    }
    const std::string escaped = xml_escape(s);
    INFO("round " << round);
    REQUIRE(well_formed_text(escaped));
  }
}

TEST_CASE("the worked example of twiml.h", "[twilio][twiml]") {
  const std::string out =
      Twiml()
          .gather({.action = "/twilio/gather", .language = "fr-FR",
                   .prompts = {{.text = "Bonjour, que puis-je faire pour vous ?"}}})
          .say({.text = "Je n'ai rien entendu. Au revoir."})
          .hangup()
          .str();
  CHECK(out == doc(R"(<Gather action="/twilio/gather" actionOnEmptyResult="true" input="speech" )"
                   R"(language="fr-FR" method="POST" speechTimeout="auto" timeout="5">)"
                   R"(<Say>Bonjour, que puis-je faire pour vous ?</Say></Gather>)"
                   R"(<Say>Je n&apos;ai rien entendu. Au revoir.</Say><Hangup />)"));
}

TEST_CASE("Connect Stream, with its parameters", "[twilio][twiml]") {
  using webox::twilio::ConnectStream;
  CHECK(Twiml().connect_stream({.url = "wss://example.com/audiostream"}).str() ==
        doc(R"(<Connect><Stream url="wss://example.com/audiostream" /></Connect>)"));
  // The documented example (protocols.md section 3), and what follows it runs after the stream.
  CHECK(Twiml()
            .connect_stream({.url = "wss://example.com/audiostream",
                             .parameters = {{"FirstName", "Jane"}, {"LastName", "Doe"}}})
            .say({.text = "Only reached after your WebSocket server ends the stream."})
            .str() ==
        doc(R"(<Connect><Stream url="wss://example.com/audiostream">)"
            R"(<Parameter name="FirstName" value="Jane" /><Parameter name="LastName" value="Doe" />)"
            R"(</Stream></Connect><Say>Only reached after your WebSocket server ends the stream.</Say>)"));
  CHECK(Twiml()
            .connect_stream({.url = "wss://voice.example.com/twilio/stream?x=1&y=2",
                             .name = "call \"1\"",
                             .status_callback = "https://voice.example.com/twilio/stream-status",
                             .action = "/twilio/stream-ended",
                             .method = "POST",
                             .parameters = {{"greeting", "Bonjour <Marcel> & co\n"},
                                            {"", "dropped"},
                                            {"empty", ""}}})
            .str() ==
        doc(R"(<Connect action="/twilio/stream-ended" method="POST">)"
            R"(<Stream name="call &quot;1&quot;" )"
            R"(statusCallback="https://voice.example.com/twilio/stream-status" )"
            R"(url="wss://voice.example.com/twilio/stream?x=1&amp;y=2">)"
            R"(<Parameter name="greeting" value="Bonjour &lt;Marcel&gt; &amp; co&#10;" />)"
            R"(<Parameter name="empty" value="" /></Stream></Connect>)"));
}
