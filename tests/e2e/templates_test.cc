// Every template through the real engine: fetched over HTTP, given a number, created, and
// called; the assistant greets callers with the template's business name.
#include <catch2/catch.hpp>
#include <simdjson.h>

#include "tests/e2e/twilio_calls.h"

using namespace webox;
using namespace webox::testing;
using namespace webox::testing::e2e;

TEST_CASE("an assistant made from each template is created and answers its calls",
          "[e2e][templates]") {
  TempDir dir;
  Server s(dir);
  auto list = s.api("GET", "/api/v1/templates");
  REQUIRE(list.status == 200);
  simdjson::dom::parser parser;
  simdjson::dom::array templates;
  REQUIRE_FALSE(parser.parse(list.body)["templates"].get(templates));
  REQUIRE(templates.size() == 10);
  int n = 0;
  for (simdjson::dom::element t : templates) {
    const std::string draft = simdjson::minify(t["assistant"]);
    const std::string business{std::string_view(t["assistant"]["context_data"]["business_name"])};
    const std::string number = "+3312345670" + std::to_string(n);
    INFO(std::string_view(t["trade"]) << "." << std::string_view(t["language"]));
    auto created = s.api("POST", "/api/v1/assistants",
                         R"({"phone_number":")" + number + "\"," + draft.substr(1));
    REQUIRE(created.status == 201);

    const std::string sid = "CA0000000000000000000000000000010" + std::to_string(n);
    auto hello = s.form("/twilio/voice", with(twilio_params(sid, number), {{"CallStatus", "ringing"}}));
    REQUIRE(hello.status == 200);
    // The greeting names the business; TwiML escapes an apostrophe or an ampersand, none here.
    CHECK(hello.body.find(business) != std::string::npos);
    ++n;
  }
}
