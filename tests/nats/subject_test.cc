// Subjects of published events: webox.<tenant>.<category>.<EventType>, every token made safe.
#include <catch2/catch.hpp>

#include "adapters/nats/subject.h"

using webox::nats::nats_subject;

TEST_CASE("the subject is webox then tenant then the stream category then the event type", "[nats]") {
  CHECK(nats_subject("t1", "call-CA01", "CallStarted") == "webox.t1.call.CallStarted");
  CHECK(nats_subject("default", "assistant-a-1", "AssistantCreated") ==
        "webox.default.assistant.AssistantCreated");
  CHECK(nats_subject("bistro-lyon", "apikey-k1", "ApiKeyCreated") ==
        "webox.bistro-lyon.apikey.ApiKeyCreated");
  CHECK(nats_subject("t1", "booking-b1", "BookingConfirmed") ==
        "webox.t1.booking.BookingConfirmed");
}

TEST_CASE("a token that would change which subscriptions match is made safe", "[nats]") {
  CHECK(nats_subject("a.b", "call-x", "T") == "webox.a_b.call.T");
  CHECK(nats_subject("*", "call-x", "T") == "webox._.call.T");
  CHECK(nats_subject(">", "we ird", "T") == "webox._.we_ird.T");
  CHECK(nats_subject("", "-x", "T") == "webox._._.T");
}
