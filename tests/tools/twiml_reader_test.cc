// The simulator's XML reader: TwiML as engines write it, and what our own builder writes.
#include <catch2/catch.hpp>

#include <string>

#include "adapters/twilio/twiml.h"
#include "tools/twiml_reader.h"

using webox::Errc;
using webox::tools::read_xml;
using webox::tools::XmlElement;
namespace twilio = webox::twilio;

namespace {

XmlElement read(std::string_view doc) {
  auto root = read_xml(doc);
  INFO(doc);
  REQUIRE(root);
  return *root;
}

}  // namespace

TEST_CASE("the worked example of twiml_reader.h", "[tools][xml]") {
  const XmlElement root = read(R"(<?xml version="1.0"?><Response><Gather action="/g?a=1&amp;b=2">)"
                               R"(<Say>C&apos;est not&#233;.</Say></Gather><Hangup/></Response>)");
  CHECK(root.name == "Response");
  REQUIRE(root.children.size() == 2);
  CHECK(root.children[0].attribute_or("action") == "/g?a=1&b=2");
  CHECK(root.children[0].children[0].text == "C'est not\xC3\xA9.");
  CHECK(root.children[1].name == "Hangup");
  CHECK(root.children[1].children.empty());
}

TEST_CASE("attributes: both quotes, order kept, missing ones", "[tools][xml]") {
  const XmlElement g = read(R"(<Gather input='speech' action="/x" timeout = "5" hints='a "b" c'/>)");
  CHECK(g.name == "Gather");
  REQUIRE(g.attributes.size() == 4);
  CHECK(g.attributes[0] == std::pair<std::string, std::string>{"input", "speech"});
  CHECK(g.attributes[2] == std::pair<std::string, std::string>{"timeout", "5"});
  CHECK(g.attribute_or("hints") == R"(a "b" c)");
  CHECK(g.attribute("language") == nullptr);
  CHECK(g.attribute_or("language", "en-US") == "en-US");
}

TEST_CASE("attribute values are normalised like a parser does", "[tools][xml]") {
  const XmlElement e = read("<Say voice=\"a\tb\nc&#10;d&#9;e\">x</Say>");
  CHECK(e.attribute_or("voice") == "a b c\nd\te");
}

TEST_CASE("entities and character references", "[tools][xml]") {
  CHECK(read("<a>&lt;&gt;&amp;&quot;&apos;</a>").text == "<>&\"'");
  CHECK(read("<a>&#65;&#x42;&#X43;&#233;&#x1F600;</a>").text == "ABC\xC3\xA9\xF0\x9F\x98\x80");
  CHECK(read("<a>&#0;&#xD800;&#x110000;&#99999999999;</a>").text ==
        "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  // Tolerated as written: unknown entities, a lone '&', a reference without its ';'.
  CHECK(read("<a>&nbsp; fish & chips &amp</a>").text == "&nbsp; fish & chips &amp");
  CHECK(read("<a>&#xZZ;</a>").text == "&#xZZ;");
}

TEST_CASE("text gathers children's text in document order", "[tools][xml]") {
  const XmlElement say = read("<Say>Bonjour <break time=\"1s\"/>et <emphasis>bienvenue</emphasis>.</Say>");
  CHECK(say.text == "Bonjour et bienvenue.");
  CHECK(say.children.size() == 2);
  CHECK(read("<Dial><Number>+33198765432</Number></Dial>").text == "+33198765432");
}

TEST_CASE("declaration, comments, DOCTYPE, CDATA, BOM", "[tools][xml]") {
  const XmlElement root = read(
      "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<!DOCTYPE Response [ <!ENTITY x \"]>\"> ]>\n"
      "<!-- a comment with <Say>inside</Say> -->\n"
      "<Response>\n  <Say><![CDATA[5 < 6 & <b>]]></Say>\n  <?pi skipped?>\n</Response>\n"
      "<!-- after --> trailing junk is ignored <x>");
  CHECK(root.name == "Response");
  REQUIRE(root.children.size() == 1);
  CHECK(root.children[0].text == "5 < 6 & <b>");
}

TEST_CASE("tolerated sloppiness", "[tools][xml]") {
  CHECK(read("<a>1 < 2</a>").text == "1 < 2");
  const XmlElement e = read("<Gather action=/g/x bargeIn timeout=3/>");
  CHECK(e.attribute_or("action") == "/g/x");
  REQUIRE(e.attribute("bargeIn") != nullptr);
  CHECK(e.attribute("bargeIn")->empty());
  CHECK(e.attribute_or("timeout") == "3");
}

TEST_CASE("what would change the meaning is refused, with the offset", "[tools][xml]") {
  for (const char* bad : {"", "   ", "just text", "<!-- only a comment -->", "<Response>",
                          "<Response><Say>hi</Response>", "<Response></Respons>", "</Response>",
                          "<Response><!-- open", "<a><![CDATA[ open</a>", "<a b=\"open></a>",
                          "<a b", "<a =\"x\"></a>", "<a></a junk>", "<?xml version=\"1.0\""}) {
    INFO(bad);
    auto root = read_xml(bad);
    REQUIRE_FALSE(root);
    CHECK(root.error().code == Errc::invalid_argument);
    CHECK(root.error().field == "twiml");
    CHECK_THAT(root.error().message, Catch::Contains("at byte"));
  }
  auto mismatch = read_xml("<Response><Gather><Say>x</Gather></Response>");
  REQUIRE_FALSE(mismatch);
  CHECK_THAT(mismatch.error().message, Catch::Contains("</Gather> where </Say> was expected"));
}

TEST_CASE("nesting is capped far above what TwiML needs", "[tools][xml]") {
  auto nest = [](int depth) {
    std::string doc;
    for (int i = 0; i < depth; ++i) doc += "<a>";
    doc += "x";
    for (int i = 0; i < depth; ++i) doc += "</a>";
    return doc;
  };
  auto ok = read_xml(nest(webox::tools::kMaxXmlDepth));
  REQUIRE(ok);
  CHECK(ok->text == "x");
  auto deep = read_xml(nest(100000));
  REQUIRE_FALSE(deep);
  CHECK_THAT(deep.error().message, Catch::Contains("deeper than"));
}

TEST_CASE("what the TwiML builder writes reads back exactly, hostile text included", "[tools][xml]") {
  const std::string hostile = "<Hangup/> & \"quotes\" 'apos' \xC3\xA9 \xF0\x9F\x98\x80 \x01\xFF ]]> &amp;";
  const std::string cleaned = "<Hangup/> & \"quotes\" 'apos' \xC3\xA9 \xF0\x9F\x98\x80 \xEF\xBF\xBD ]]> &amp;";
  const std::string doc = twilio::Twiml()
                              .say({.text = hostile, .voice = hostile, .language = "fr-FR"})
                              .gather({.action = "/twilio/gather?a=1&b=2",
                                       .hints = "line\nbreak",
                                       .prompts = {{.text = hostile}}})
                              .dial({.number = "+33198765432", .caller_id = "+33100000000"})
                              .redirect("/twilio/voice?x=<y>")
                              .pause(2)
                              .hangup()
                              .str();
  const XmlElement root = read(doc);
  CHECK(root.name == "Response");
  REQUIRE(root.children.size() == 6);
  const XmlElement& say = root.children[0];
  CHECK(say.text == cleaned);
  CHECK(say.attribute_or("voice") == cleaned);
  CHECK(say.attribute_or("language") == "fr-FR");
  const XmlElement& gather = root.children[1];
  CHECK(gather.attribute_or("action") == "/twilio/gather?a=1&b=2");
  CHECK(gather.attribute_or("hints") == "line\nbreak");
  CHECK(gather.attribute_or("actionOnEmptyResult") == "true");
  CHECK(gather.attribute_or("speechTimeout") == "auto");
  REQUIRE(gather.children.size() == 1);
  CHECK(gather.children[0].text == cleaned);
  CHECK(root.children[2].text == "+33198765432");
  CHECK(root.children[2].attribute_or("callerId") == "+33100000000");
  CHECK(root.children[3].text == "/twilio/voice?x=<y>");
  CHECK(root.children[4].attribute_or("length") == "2");
  CHECK(root.children[5].name == "Hangup");
  CHECK(read(twilio::Twiml().str()).children.empty());
}
