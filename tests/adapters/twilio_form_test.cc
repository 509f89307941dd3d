// Form bodies as Twilio sends them: recorded bodies in tests/data/twilio, edge cases inline.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "adapters/twilio/form.h"

using webox::Errc;
using webox::twilio::FormParams;
using webox::twilio::form_encode;
using webox::twilio::parse_form;
using webox::twilio::percent_decode;

namespace {

std::string read_data(const std::string& name) {
  std::ifstream in(std::string(WEBOX_TEST_DATA_DIR) + "/twilio/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

FormParams parsed(std::string_view body) {
  auto form = parse_form(body);
  REQUIRE(form);
  return *form;
}

}  // namespace

TEST_CASE("the incoming-call body of protocols.md 1.2 parses field by field", "[twilio][form]") {
  const FormParams form = parsed(read_data("incoming_call.form"));
  REQUIRE(form.pairs.size() == 26);
  CHECK(form.pairs.front().first == "AccountSid");
  CHECK(form.pairs.back() == std::pair<std::string, std::string>{"ToZip", "94612"});
  CHECK(form.value_or("CallSid") == "CAd800bb12c0426a7ea4230e492fef2a4f");
  CHECK(form.value_or("From") == "+15306666666");
  CHECK(form.value_or("To") == "+15306384866");
  CHECK(form.value_or("Caller") == form.value_or("From"));
  CHECK(form.value_or("CallStatus") == "ringing");
  CHECK(form.value_or("ApiVersion") == "2010-04-01");
  CHECK(form.value_or("Direction") == "inbound");
  CHECK(form.value_or("CallerCity") == "SOUTH LAKE TAHOE");
  CHECK(form.value_or("CallerName") == "CA Wireless Call");
}

TEST_CASE("the status callback body keeps empty values and decodes the timestamp", "[twilio][form]") {
  // protocols.md 1.3, its elided tail replaced by two empty geographic values.
  const FormParams form = parsed(read_data("status_completed.form"));
  CHECK(form.value_or("CallStatus") == "completed");
  CHECK(form.value_or("CallDuration") == "42");
  CHECK(form.value_or("Timestamp") == "Thurs, 20 July 1989 18:30:43 +0000");
  REQUIRE(form.has("ToCity"));
  CHECK(form.get("ToCity")->empty());
  CHECK(form.value_or("FromCity", "fallback") == "");
}

TEST_CASE("a French speech result with an accent and an emoji decodes to UTF-8", "[twilio][form]") {
  const FormParams form = parsed(read_data("gather_speech_fr.form"));
  CHECK(form.value_or("SpeechResult") ==
        "Une table pour quatre demain \xC3\xA0 20h, c'est possible ? \xF0\x9F\x99\x82");
  CHECK(form.value_or("Confidence") == "0.91234");
}

TEST_CASE("percent escapes and '+'", "[twilio][form]") {
  CHECK(parsed("a=%2B33+6%20%2b").value_or("a") == "+33 6 +");
  CHECK(parsed("caf%C3%A9=cr%C3%A8me+br%C3%BBl%C3%A9e").value_or("caf\xC3\xA9") ==
        "cr\xC3\xA8me br\xC3\xBBl\xC3\xA9" "e");
  CHECK(parsed("e=%F0%9F%93%9E").value_or("e") == "\xF0\x9F\x93\x9E");  // 📞
  CHECK(parsed("raw=\xC3\xA9t\xC3\xA9").value_or("raw") == "\xC3\xA9t\xC3\xA9");  // unescaped UTF-8
  CHECK(parsed("a=b=c").value_or("a") == "b=c");
  CHECK(parsed("a=%26%3D%25").value_or("a") == "&=%");

  auto plain = percent_decode("a+b%2Fc", /*plus_is_space=*/false);
  REQUIRE(plain);
  CHECK(*plain == "a+b/c");
}

TEST_CASE("repeated keys are all kept, in order", "[twilio][form]") {
  const FormParams form =
      parsed("StatusCallbackEvent=initiated&StatusCallbackEvent=ringing&x=1&StatusCallbackEvent=");
  CHECK(form.all("StatusCallbackEvent") ==
        std::vector<std::string_view>{"initiated", "ringing", ""});
  CHECK(*form.get("StatusCallbackEvent") == "initiated");
  CHECK(form.all("missing").empty());
}

TEST_CASE("empty values, missing '=' and empty segments", "[twilio][form]") {
  const FormParams form = parsed("ToCity=&ToZip=&&flag&=orphan&");
  REQUIRE(form.pairs.size() == 4);
  CHECK(form.pairs[0] == std::pair<std::string, std::string>{"ToCity", ""});
  CHECK(form.pairs[1] == std::pair<std::string, std::string>{"ToZip", ""});
  CHECK(form.pairs[2] == std::pair<std::string, std::string>{"flag", ""});
  CHECK(form.pairs[3] == std::pair<std::string, std::string>{"", "orphan"});
  CHECK(parsed("").pairs.empty());
  CHECK(parsed("&&").pairs.empty());
  CHECK(form.get("Nope") == nullptr);
  CHECK(form.value_or("Nope", "dflt") == "dflt");
  CHECK_FALSE(form.has("Nope"));
}

TEST_CASE("malformed escapes name the field they are in", "[twilio][form]") {
  for (const char* bad : {"From=%2B33&SpeechResult=caf%G9", "SpeechResult=100%", "SpeechResult=%4",
                          "SpeechResult=%4&x=1", "SpeechResult=%%41"}) {
    INFO(bad);
    auto form = parse_form(bad);
    REQUIRE_FALSE(form);
    CHECK(form.error().code == Errc::invalid_argument);
    CHECK(form.error().field == "SpeechResult");
    CHECK_THAT(form.error().message, Catch::Contains("percent escape"));
  }
  auto in_key = parse_form("a=1&Speech%ZZResult=x");
  REQUIRE_FALSE(in_key);
  CHECK(in_key.error().field == "body");
  CHECK_THAT(in_key.error().message, Catch::Contains("%ZZ"));
}

TEST_CASE("decoded invalid UTF-8 is refused, naming the field", "[twilio][form]") {
  for (const char* bad : {"SpeechResult=%E9t%E9",         // Latin-1, not UTF-8
                          "SpeechResult=%C3",             // truncated sequence
                          "SpeechResult=%C0%AF",          // overlong '/'
                          "SpeechResult=%ED%A0%80",       // a surrogate
                          "SpeechResult=%F4%90%80%80",    // above U+10FFFF
                          "SpeechResult=%80"}) {          // stray continuation byte
    INFO(bad);
    auto form = parse_form(bad);
    REQUIRE_FALSE(form);
    CHECK(form.error().code == Errc::invalid_argument);
    CHECK(form.error().field == "SpeechResult");
    CHECK_THAT(form.error().message, Catch::Contains("UTF-8"));
  }
  auto in_key = parse_form("%FF=1");
  REQUIRE_FALSE(in_key);
  CHECK(in_key.error().field == "body");
}

TEST_CASE("form_encode writes what Twilio's SDKs write and round-trips", "[twilio][form]") {
  FormParams form;
  form.pairs = {{"From", "+33 6 12"}, {"Text", "caf\xC3\xA9 & cr\xC3\xA8me=ok?"},
                {"Safe", "AZaz09-._~"}, {"Empty", ""}, {"Empty", ""}, {"", "x"}};
  const std::string body = form_encode(form);
  CHECK(body ==
        "From=%2B33+6+12&Text=caf%C3%A9+%26+cr%C3%A8me%3Dok%3F&Safe=AZaz09-._~&Empty=&Empty=&=x");
  CHECK(parsed(body).pairs == form.pairs);

  const std::string recorded = read_data("incoming_call.form");
  CHECK(form_encode(parsed(recorded)) == recorded);
  CHECK(form_encode(FormParams{}).empty());
}
