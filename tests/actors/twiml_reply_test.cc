// The TwiML a stream call is answered with (<Connect action><Stream>) and what its <Connect
// action> gets (<Dial> after a transfer, <Hangup/> otherwise), as exact text: Twilio reads these
// documents, and the transfer must dial the same way in both modes.
#include <catch2/catch.hpp>

#include "actors/twiml_reply.h"

using namespace webox;

namespace {

constexpr const char* kDecl = R"(<?xml version="1.0" encoding="UTF-8"?>)";

std::string doc(const std::string& verbs) { return kDecl + ("<Response>" + verbs + "</Response>"); }

}  // namespace

TEST_CASE("a stream call's Connect names its action, around the Stream and its parameters",
          "[twiml]") {
  CHECK(render_stream_connect("wss://v.example.com/twilio/stream/33123456789", "CA01", "a-1",
                              "t1", "https://v.example.com/twilio/stream-ended") ==
        doc(R"(<Connect action="https://v.example.com/twilio/stream-ended">)"
            R"(<Stream url="wss://v.example.com/twilio/stream/33123456789">)"
            R"(<Parameter name="CallSid" value="CA01" />)"
            R"(<Parameter name="AssistantId" value="a-1" />)"
            R"(<Parameter name="TenantId" value="t1" /></Stream></Connect>)"));
}

TEST_CASE("the Connect action is XML-escaped, and left out when there is none", "[twiml]") {
  CHECK(render_stream_connect("ws://127.0.0.1:8080/twilio/stream/33123456789", "CA01", "a-1",
                              "t1", "http://127.0.0.1:8080/twilio/stream-ended?a=1&b=\"2\"") ==
        doc(R"(<Connect action="http://127.0.0.1:8080/twilio/stream-ended?a=1&amp;b=&quot;2&quot;">)"
            R"(<Stream url="ws://127.0.0.1:8080/twilio/stream/33123456789">)"
            R"(<Parameter name="CallSid" value="CA01" />)"
            R"(<Parameter name="AssistantId" value="a-1" />)"
            R"(<Parameter name="TenantId" value="t1" /></Stream></Connect>)"));
  CHECK(render_stream_connect("wss://v.example.com/twilio/stream/1", "CA01", "a-1", "t1")
            .find("<Connect><Stream") != std::string::npos);
}

TEST_CASE("the end of a stream: Dial after a transfer, Hangup otherwise", "[twiml]") {
  CHECK(render_stream_ended("+447700900123") ==
        doc(R"(<Dial timeout="30">+447700900123</Dial>)"));
  CHECK(render_stream_ended("") == doc("<Hangup />"));
}

TEST_CASE("a transfer dials the same way in TwiML mode, after its words", "[twiml]") {
  ReplyGenerated r;
  r.turn = 2;
  r.text = "I'm putting you through.";
  r.action = "transfer";
  r.transfer_to = "+447700900123";
  r.language = "en-GB";
  CHECK(render_reply(r, "Polly.Amy", "/twilio/gather") ==
        doc(R"(<Say language="en-GB" voice="Polly.Amy">I&apos;m putting you through.</Say>)"
            R"(<Dial timeout="30">+447700900123</Dial>)"));
}
