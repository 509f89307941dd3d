// Sealing personal fields: each call event type round-trips, non-personal fields never change,
// a missing key or a box moved elsewhere reads as erased.
#include <catch2/catch.hpp>

#include "actors/personal_data.h"
#include "events/codec.h"

using namespace webox;

namespace {

Envelope envelope(EventData d) {
  Envelope e;
  e.stream = "call-CA01";
  e.event_id = Uuid::random();
  e.tenant = "bistro";
  e.data = std::move(d);
  return e;
}

std::vector<Envelope> samples() {
  return {envelope(CallStarted{.call_sid = "CA01", .assistant_id = "a-1", .from = "+33612345678",
                               .to = "+33123456789", .direction = "inbound", .language = "fr-FR"}),
          envelope(UtteranceTranscribed{.call_sid = "CA01", .turn = 1, .text = "au nom de Dupont",
                                        .confidence = 0.9}),
          envelope(UtteranceTranscribed{.call_sid = "CA01", .turn = 2, .text = ""}),
          envelope(ReplyGenerated{.call_sid = "CA01", .turn = 1, .text = "Merci M. Dupont",
                                  .action = "transfer", .transfer_to = "+33100000000",
                                  .brain_micros = 42, .language = "fr-FR", .request_id = "r1"}),
          envelope(BookingConfirmed{.booking_id = "b1", .call_sid = "CA01", .date = "2026-01-02",
                                    .time = "20:00", .party_size = 4, .name = "Dupont"})};
}

}  // namespace

TEST_CASE("personal fields seal and open back for every call event type") {
  SecretKey key = SecretKey::random();
  for (auto original : samples()) {
    Envelope e = original;
    seal_personal(e, key);
    std::string stored = encode(e);
    CHECK(stored.find("Dupont") == std::string::npos);
    CHECK(stored.find("+33612345678") == std::string::npos);
    CHECK(stored.find(kSealedPrefix) != std::string::npos);
    auto back = decode(stored);
    REQUIRE(back.ok());
    open_personal(*back, key);
    CHECK(*back == original);
  }
}

TEST_CASE("without the key personal fields read as erased and the rest stays") {
  for (auto e : samples()) {
    seal_personal(e, SecretKey::random());
    open_personal(e, std::nullopt);
    if (auto* s = std::get_if<CallStarted>(&e.data)) {
      CHECK(s->from == kErased);
      CHECK(s->to == "+33123456789");
      CHECK(s->language == "fr-FR");
    } else if (auto* u = std::get_if<UtteranceTranscribed>(&e.data)) {
      CHECK(u->text == kErased);
      CHECK(u->turn >= 1);
    } else if (auto* r = std::get_if<ReplyGenerated>(&e.data)) {
      CHECK(r->text == kErased);
      CHECK(r->request_id == "r1");  // retries still find their answer
      CHECK(r->transfer_to == "+33100000000");
      CHECK(r->brain_micros == 42);
    } else if (auto* b = std::get_if<BookingConfirmed>(&e.data)) {
      CHECK(b->name == kErased);
      CHECK(b->party_size == 4);
      CHECK(b->date == "2026-01-02");
    }
  }
}

TEST_CASE("a sealed field does not open under another key or in another event") {
  SecretKey key = SecretKey::random();
  auto e = samples()[0];
  seal_personal(e, key);
  auto wrong_key = e;
  open_personal(wrong_key, SecretKey::random());
  CHECK(std::get<CallStarted>(wrong_key.data).from == kErased);
  auto moved = e;
  moved.event_id = Uuid::random();
  open_personal(moved, key);
  CHECK(std::get<CallStarted>(moved.data).from == kErased);
  // Sealing twice does not double-seal; fields never sealed (older events) pass through.
  auto twice = e;
  seal_personal(twice, key);
  CHECK(twice == e);
  auto legacy = samples()[0];
  open_personal(legacy, std::nullopt);
  CHECK(std::get<CallStarted>(legacy.data).from == "+33612345678");
  erase_personal(legacy);
  CHECK(std::get<CallStarted>(legacy.data).from == kErased);
}
