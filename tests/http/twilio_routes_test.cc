// Twilio webhook routes through the router, against the fake engine: every validation rule
// answers a problem naming the field and leaves the engine untouched.
#include <catch2/catch.hpp>

#include "http/twilio_routes.h"
#include "tests/http/drive.h"

using namespace webox;
using namespace webox::testing;

namespace {

constexpr const char* kVoiceBody =
    "AccountSid=AC0123&CallSid=CA0123456789abcdef&CallStatus=ringing&Direction=inbound&"
    "From=%2B33612345678&To=%2B33123456789&ToCity=";

}  // namespace

TEST_CASE("sha256_hex is the lowercase hex digest", "[twilio]") {
  CHECK(http::sha256_hex("abc") ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(http::sha256_hex("").size() == 64);
}

TEST_CASE("POST /twilio/voice hands the parsed webhook to the engine and answers its TwiML",
          "[twilio]") {
  FakeEngine engine;
  auto res = drive(engine, form_post("/twilio/voice", kVoiceBody));
  CHECK(res.status == 200);
  CHECK(res.content_type == "text/xml");
  CHECK(res.body == kCannedTwiml);
  auto seen = engine.voice();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].call_sid == "CA0123456789abcdef");
  CHECK(seen[0].account_sid == "AC0123");
  CHECK(seen[0].from == "+33612345678");
  CHECK(seen[0].to == "+33123456789");
  CHECK(seen[0].call_status == "ringing");
  CHECK(seen[0].direction == "inbound");
  // The request id covers the URL and the body.
  CHECK(seen[0].request_digest == http::sha256_hex(std::string("/twilio/voice\n") + kVoiceBody));
  // Where a stream call's Media Stream connects, and where Twilio asks what next after it.
  CHECK(seen[0].stream_url == "wss://voice.example.com/twilio/stream/33123456789");
  CHECK(seen[0].stream_action == "https://voice.example.com/twilio/stream-ended");
}

TEST_CASE("POST /twilio/stream-ended hands the Connect action to the engine, signed like the rest",
          "[twilio]") {
  FakeEngine engine;
  const std::string body = "AccountSid=AC0123&CallSid=CA0123456789abcdef&CallStatus=in-progress&"
                           "From=%2B33612345678&To=%2B33123456789";
  auto res = drive(engine, form_post("/twilio/stream-ended", body));
  CHECK(res.status == 200);
  CHECK(res.content_type == "text/xml");
  CHECK(res.body == R"(<?xml version="1.0" encoding="UTF-8"?><Response><Hangup /></Response>)");
  auto seen = engine.stream_ended();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].call_sid == "CA0123456789abcdef");
  CHECK(seen[0].call_status == "in-progress");
  CHECK(seen[0].tenant_id == "t1");
  CHECK(seen[0].request_digest == http::sha256_hex("/twilio/stream-ended\n" + body));
  // A retry is the same request.
  drive(engine, form_post("/twilio/stream-ended", body));
  REQUIRE(engine.stream_ended().size() == 2);
  CHECK(engine.stream_ended()[1].request_digest == seen[0].request_digest);

  SECTION("no CallSid: 400 naming it, the engine untouched") {
    auto bad = drive(engine, form_post("/twilio/stream-ended", "To=%2B33123456789&CallStatus=x"));
    CHECK(bad.status == 400);
    CHECK(problem_field(bad) == "CallSid");
    CHECK(engine.stream_ended().size() == 2);
  }
  SECTION("a forged signature: 403, the engine untouched") {
    auto forged = form_post("/twilio/stream-ended", body);
    forged.headers.emplace_back("X-Twilio-Signature", "AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    auto refused = drive(engine, std::move(forged));
    CHECK(refused.status == 403);
    CHECK(engine.stream_ended().size() == 2);
  }
}

TEST_CASE("the same body on another turn's URL is another request", "[twilio]") {
  FakeEngine engine;
  std::string body = "CallSid=CA0123456789abcdef&From=%2B33612345678&To=%2B33123456789";
  drive(engine, form_post("/twilio/gather?turn=1", body));
  drive(engine, form_post("/twilio/gather?turn=1", body));
  drive(engine, form_post("/twilio/gather?turn=2", body));
  auto seen = engine.gather();
  REQUIRE(seen.size() == 3);
  CHECK(seen[0].request_digest == seen[1].request_digest);
  CHECK(seen[1].request_digest != seen[2].request_digest);
}

TEST_CASE("the same body gives the same digest, another body another one", "[twilio]") {
  auto a = http::parse_voice_webhook(kVoiceBody);
  auto b = http::parse_voice_webhook(kVoiceBody);
  auto c = http::parse_voice_webhook(std::string(kVoiceBody) + "&X=1");
  REQUIRE(a.ok());
  REQUIRE(c.ok());
  CHECK(a->request_digest == b->request_digest);
  CHECK(a->request_digest != c->request_digest);
}

TEST_CASE("voice webhook validation names the field and writes nothing", "[twilio]") {
  struct Case {
    const char* body;
    const char* field;
  };
  auto [body, field] = GENERATE(values<Case>({
      {"From=%2B33612345678&To=%2B33123456789", "CallSid"},
      {"CallSid=&From=%2B33612345678&To=%2B33123456789", "CallSid"},
      {"CallSid=CA%2F..&From=%2B33612345678&To=%2B33123456789", "CallSid"},
      {"CallSid=CA01&To=%2B33123456789", "From"},
      {"CallSid=CA01&From=caf%G9&To=%2B33123456789", "From"},
  }));
  FakeEngine engine;
  CAPTURE(body);
  auto res = drive(engine, form_post("/twilio/voice", body));
  CHECK(res.status == 400);
  CHECK(problem_field(res) == field);
  CHECK(json_string(res.body, "type") == "about:blank");
  CHECK(json_string(res.body, "title") == "Bad Request");
  CHECK(engine.writes() == 0);
}

// Twilio sends To with every webhook; without a To a tenant owns, there is no auth token to
// check the signature with, so the request is refused as unauthenticated, before its fields.
TEST_CASE("a webhook whose To no tenant answers is refused with 403, not read", "[twilio]") {
  auto body = GENERATE("CallSid=CA01&From=%2B33612345678",
                       "CallSid=CA01&From=%2B33612345678&To=0123456789",
                       "CallSid=CA01&From=%2B33612345678&To=%2B331");
  FakeEngine engine;
  CAPTURE(body);
  auto res = drive(engine, form_post("/twilio/voice", body));
  CHECK(res.status == 403);
  CHECK(engine.writes() == 0);
  CHECK(http::parse_voice_webhook(body).error().field == "To");  // the field rule still holds
}

TEST_CASE("a caller that is not a phone number is accepted", "[twilio]") {
  FakeEngine engine;
  auto res = drive(engine, form_post("/twilio/voice",
                                     "CallSid=CA01&From=client%3Aalice&To=%2B33123456789"));
  CHECK(res.status == 200);
  REQUIRE(engine.voice_count() == 1);
  CHECK(engine.voice()[0].from == "client:alice");
}

TEST_CASE("POST /twilio/gather", "[twilio]") {
  FakeEngine engine;

  SECTION("speech with confidence") {
    auto res = drive(engine, form_post("/twilio/gather",
                                       "To=%2B33123456789&CallSid=CA01&SpeechResult=une+table&Confidence=0.87&Digits="));
    CHECK(res.status == 200);
    CHECK(res.body == kCannedTwiml);
    auto seen = engine.gather();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].call_sid == "CA01");
    CHECK(seen[0].has_speech);
    CHECK(seen[0].speech_result == "une table");
    CHECK(seen[0].confidence == Approx(0.87));
    CHECK(seen[0].digits.empty());
    CHECK(seen[0].request_digest.size() == 64);
  }
  SECTION("an empty SpeechResult is still speech; an absent one is not") {
    CHECK(drive(engine, form_post("/twilio/gather", "To=%2B33123456789&CallSid=CA01&SpeechResult=")).status == 200);
    CHECK(drive(engine, form_post("/twilio/gather", "To=%2B33123456789&CallSid=CA01&Digits=42")).status == 200);
    auto seen = engine.gather();
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].has_speech);
    CHECK(seen[0].speech_result.empty());
    CHECK_FALSE(seen[1].has_speech);
    CHECK(seen[1].digits == "42");
    CHECK(seen[1].confidence == 0);
  }
  SECTION("an empty Confidence counts as none") {
    CHECK(drive(engine, form_post("/twilio/gather", "To=%2B33123456789&CallSid=CA01&SpeechResult=oui&Confidence="))
              .status == 200);
  }
  SECTION("invalid Confidence") {
    auto bad = GENERATE("abc", "0.5x", "1.5", "-0.1", "nan", "inf");
    CAPTURE(bad);
    auto res = drive(engine, form_post("/twilio/gather", std::string("To=%2B33123456789&CallSid=CA01&SpeechResult=oui&"
                                                                     "Confidence=") + bad));
    CHECK(res.status == 400);
    CHECK(problem_field(res) == "Confidence");
    CHECK(engine.writes() == 0);
  }
  SECTION("missing CallSid") {
    auto res = drive(engine, form_post("/twilio/gather", "To=%2B33123456789&SpeechResult=oui"));
    CHECK(res.status == 400);
    CHECK(problem_field(res) == "CallSid");
    CHECK(engine.writes() == 0);
  }
}

TEST_CASE("POST /twilio/status", "[twilio]") {
  FakeEngine engine;

  SECTION("with a duration") {
    auto res = drive(engine, form_post("/twilio/status",
                                       "To=%2B33123456789&CallSid=CA01&CallStatus=completed&CallDuration=42"));
    CHECK(res.status == 200);
    CHECK(res.content_type == "text/xml");
    auto seen = engine.status();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].call_status == "completed");
    CHECK(seen[0].call_duration == 42);
  }
  SECTION("without a duration") {
    CHECK(drive(engine, form_post("/twilio/status", "To=%2B33123456789&CallSid=CA01&CallStatus=ringing")).status ==
          200);
    REQUIRE(engine.status().size() == 1);
    CHECK(engine.status()[0].call_duration == 0);
  }
  SECTION("validation") {
    struct Case {
      const char* body;
      const char* field;
    };
    auto [body, field] = GENERATE(values<Case>({
        {"CallStatus=completed", "CallSid"},
        {"CallSid=CA01", "CallStatus"},
        {"CallSid=CA01&CallStatus=", "CallStatus"},
        {"CallSid=CA01&CallStatus=completed&CallDuration=x", "CallDuration"},
        {"CallSid=CA01&CallStatus=completed&CallDuration=-3", "CallDuration"},
        {"CallSid=CA01&CallStatus=completed&CallDuration=99999999999", "CallDuration"},
    }));
    CAPTURE(body);
    auto res = drive(engine, form_post("/twilio/status", std::string("To=%2B33123456789&") + body));
    CHECK(res.status == 400);
    CHECK(problem_field(res) == field);
    CHECK(engine.writes() == 0);
  }
}

TEST_CASE("engine errors map to statuses", "[twilio]") {
  struct Case {
    Errc code;
    int status;
  };
  auto [code, status] = GENERATE(values<Case>({
      {Errc::invalid_argument, 400},
      {Errc::not_found, 404},
      {Errc::conflict, 409},
      {Errc::unavailable, 503},
      {Errc::io, 500},
      {Errc::internal, 500},
      {Errc::corrupt, 500},
  }));
  FakeEngine engine;
  engine.fail_with = Error{code, "the engine says no", code == Errc::invalid_argument ? "To" : ""};
  auto res = drive(engine, form_post("/twilio/voice", kVoiceBody));
  CHECK(res.status == status);
  CHECK(res.content_type == "application/problem+json");
  CHECK(json_string(res.body, "detail") == "the engine says no");
  if (code == Errc::invalid_argument) CHECK(problem_field(res) == "To");
  auto retry = header(res, "Retry-After");
  if (status == 503) {
    REQUIRE(retry);
    CHECK(*retry == "1");
  } else {
    CHECK_FALSE(retry);
  }
}

TEST_CASE("Twilio routes refuse other methods and other content types", "[twilio]") {
  FakeEngine engine;
  auto path = GENERATE("/twilio/voice", "/twilio/gather", "/twilio/status",
                       "/twilio/stream-ended");
  CAPTURE(path);

  SECTION("405 with Allow") {
    auto res = drive(engine, get(path));
    CHECK(res.status == 405);
    REQUIRE(header(res, "Allow"));
    CHECK(*header(res, "Allow") == "POST");
    CHECK(res.content_type == "application/problem+json");
  }
  SECTION("415 for JSON or no Content-Type") {
    auto res = drive(engine, json_request("POST", path, R"({"CallSid":"CA01"})"));
    CHECK(res.status == 415);
    auto bare = drive(engine, http::Request{"POST", path, {}, kVoiceBody});
    CHECK(bare.status == 415);
    CHECK(engine.writes() == 0);
  }
  SECTION("media type parameters and case are accepted") {
    http::Request req{"POST",
                      path,
                      {{"content-type", "Application/X-WWW-Form-Urlencoded; charset=UTF-8"}},
                      "CallSid=CA01&CallStatus=completed&From=%2B33612345678&To=%2B33123456789"};
    CHECK(drive(engine, req).status == 200);
  }
}

TEST_CASE("a query string does not change the route", "[twilio]") {
  FakeEngine engine;
  CHECK(drive(engine, form_post("/twilio/voice?tenant=x", kVoiceBody)).status == 200);
}

TEST_CASE("the engine may answer from its own thread", "[twilio]") {
  FakeEngine engine;
  engine.answer_on_thread = true;
  std::mutex m;
  std::condition_variable cv;
  std::optional<http::Response> got;
  std::thread::id answered_on;
  http::HttpMetrics metrics;
  http::RouteContext ctx{engine, http::TwilioSecurity{true, kPublicUrl}, metrics};
  http::handle(ctx, as_caller(form_post("/twilio/voice", kVoiceBody)), [&](http::Response r) {
    std::lock_guard lock(m);
    got = std::move(r);
    answered_on = std::this_thread::get_id();
    cv.notify_all();
  });
  std::unique_lock lock(m);
  REQUIRE(cv.wait_for(lock, std::chrono::seconds(5), [&] { return got.has_value(); }));
  CHECK(got->status == 200);
  CHECK(answered_on != std::this_thread::get_id());
}
