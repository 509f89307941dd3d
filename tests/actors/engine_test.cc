// The engine end to end through its facade (no HTTP): a real RocksDB log, real actors, the local
// brain. The HTTP path is tested in tests/e2e.
#include <catch2/catch.hpp>

#include <future>

#include "actors/engine.h"
#include "tests/support/await.h"
#include "tests/support/restaurant.h"
#include "tests/support/temp_dir.h"

using namespace webox;
using webox::testing::TempDir;
using webox::testing::await;

namespace {

const Scope kDefault{"default"};  // the tenant every engine makes at its first start

std::unique_ptr<Engine> start(const TempDir& dir) {
  auto e = start_engine(EngineOptions{.data_dir = dir.str(), .actor_threads = 2});
  REQUIRE(e.ok());
  return std::move(*e);
}

std::string voice(Engine& e, const std::string& sid, const std::string& to) {
  auto r = await<std::string>([&](auto cb) {
    e.on_incoming_call(VoiceWebhook{.call_sid = sid, .account_sid = "AC1", .from = "+33611111111",
                                    .to = to, .call_status = "ringing", .direction = "inbound",
                                    .request_digest = sid + "-voice"},
                       cb);
  });
  REQUIRE(r.ok());
  return *r;
}

Result<std::string> gather(Engine& e, const std::string& sid, const std::string& said,
                           const std::string& digest) {
  return await<std::string>([&](auto cb) {
    e.on_gather(GatherWebhook{.call_sid = sid, .has_speech = true, .speech_result = said,
                              .confidence = 0.9, .request_digest = digest},
                cb);
  });
}

std::vector<std::string> types(Engine& e, const std::string& sid) {
  auto evs = await<std::vector<Envelope>>([&](auto cb) { e.call_events(kDefault, sid, cb); });
  std::vector<std::string> out;
  if (evs)
    for (auto& ev : *evs) out.emplace_back(ev.type());
  return out;
}

AssistantView create(Engine& e, AssistantProfile p) {
  auto v = await<AssistantView>([&](auto cb) { e.create_assistant(kDefault, p, cb); });
  REQUIRE(v.ok());
  return *v;
}

}  // namespace

TEST_CASE("a French booking call writes the exact event sequence, a retry writes nothing") {
  TempDir dir;
  auto engine = start(dir);
  create(*engine, webox::testing::restaurant("+33123456789", "fr"));

  auto hello = voice(*engine, "CA01", "+33123456789");
  CHECK(hello.find("<Gather") != std::string::npos);
  CHECK(hello.find("Chez Marcel") != std::string::npos);
  REQUIRE(gather(*engine, "CA01",
                 "Bonjour je voudrais réserver une table pour quatre personnes demain soir à 20h",
                 "g1").ok());
  auto second = gather(*engine, "CA01", "Au nom de Dupont", "g2");
  REQUIRE(second.ok());
  // Twilio retries the same request: same answer, nothing written.
  auto retried = gather(*engine, "CA01", "Au nom de Dupont", "g2");
  REQUIRE(retried.ok());
  CHECK(*retried == *second);
  REQUIRE(gather(*engine, "CA01", "Oui c'est parfait", "g3").ok());
  auto ended = await<std::string>([&](auto cb) {
    engine->on_status(StatusWebhook{.call_sid = "CA01", .call_status = "completed",
                                    .call_duration = 42, .request_digest = "s1"},
                      cb);
  });
  REQUIRE(ended.ok());

  std::vector<std::string> expected = {
      "CallStarted",          "ReplyGenerated", "AudioSent",
      "UtteranceTranscribed", "AvailabilityChecked", "ReplyGenerated", "AudioSent",
      "UtteranceTranscribed", "ReplyGenerated", "AudioSent",
      "UtteranceTranscribed", "BookingRequested", "ReplyGenerated", "AudioSent",
      "CallEnded",            "CallCosted"};
  CHECK(types(*engine, "CA01") == expected);

  auto evs = await<std::vector<Envelope>>([&](auto cb) { engine->call_events(kDefault, "CA01", cb); });
  REQUIRE(evs.ok());
  auto& booking = std::get<BookingRequested>((*evs)[11].data).booking;
  CHECK(booking.party_size == 4);
  CHECK(booking.time == "20:00");
  CHECK(booking.name == "Dupont");
  CHECK(std::get<CallEnded>((*evs)[evs->size() - 2].data).duration_seconds == 42);
}

TEST_CASE("an unknown number is rejected and nothing is written") {
  TempDir dir;
  auto engine = start(dir);
  auto twiml = voice(*engine, "CA02", "+33999999999");
  CHECK(twiml.find("<Reject") != std::string::npos);
  CHECK(types(*engine, "CA02").empty());
}

TEST_CASE("a second active assistant on the same number is a conflict") {
  TempDir dir;
  auto engine = start(dir);
  create(*engine, webox::testing::restaurant("+33123456789", "fr"));
  auto again = await<AssistantView>([&](auto cb) {
    engine->create_assistant(kDefault, webox::testing::restaurant("+33123456789", "en"), cb);
  });
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == Errc::conflict);
  CHECK(again.error().field == "phone_number");
  auto inactive = webox::testing::restaurant("+33123456789", "en");
  inactive.is_active = false;
  CHECK(await<AssistantView>([&](auto cb) { engine->create_assistant(kDefault, inactive, cb); }).ok());
}

TEST_CASE("after a restart mid-call the conversation carries on where it was") {
  TempDir dir;
  {
    auto engine = start(dir);
    create(*engine, webox::testing::restaurant("+33123456789", "fr"));
    voice(*engine, "CA03", "+33123456789");
    REQUIRE(gather(*engine, "CA03",
                   "Bonjour je voudrais réserver une table pour quatre personnes demain soir à 20h",
                   "g1").ok());
    engine->shutdown();
  }
  auto engine = start(dir);
  REQUIRE(gather(*engine, "CA03", "Au nom de Dupont", "g2").ok());
  REQUIRE(gather(*engine, "CA03", "Oui c'est parfait", "g3").ok());
  auto t = types(*engine, "CA03");
  CHECK(std::count(t.begin(), t.end(), "BookingRequested") == 1);
  // The retry of the first gather, after the restart, is answered from the log.
  auto before = t.size();
  REQUIRE(gather(*engine, "CA03",
                 "Bonjour je voudrais réserver une table pour quatre personnes demain soir à 20h",
                 "g1").ok());
  CHECK(types(*engine, "CA03").size() == before);
}

TEST_CASE("assistants survive a restart and invalid ones are refused naming the field") {
  TempDir dir;
  std::string id;
  {
    auto engine = start(dir);
    id = create(*engine, webox::testing::restaurant("+33123456789", "fr")).id;
    AssistantUpdated patch{.assistant_id = id, .name = std::string("Chez Marcel et fils")};
    REQUIRE(await<AssistantView>([&](auto cb) { engine->update_assistant(kDefault, patch, cb); }).ok());
    auto bad = webox::testing::restaurant("0123", "fr");
    auto r = await<AssistantView>([&](auto cb) { engine->create_assistant(kDefault, bad, cb); });
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().field == "phone_number");
    auto lang = webox::testing::restaurant("+33123456780", "de");
    r = await<AssistantView>([&](auto cb) { engine->create_assistant(kDefault, lang, cb); });
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().field == "language");
  }
  auto engine = start(dir);
  auto v = await<AssistantView>([&](auto cb) { engine->get_assistant(kDefault, id, cb); });
  REQUIRE(v.ok());
  CHECK(v->profile.name == "Chez Marcel et fils");
  CHECK(v->version == 2);
  auto all = await<std::vector<AssistantView>>([&](auto cb) { engine->list_assistants(kDefault, cb); });
  CHECK(all->size() == 1);
  REQUIRE(await<AssistantView>([&](auto cb) { engine->delete_assistant(kDefault, id, cb); }).ok());
  CHECK(await<AssistantView>([&](auto cb) { engine->get_assistant(kDefault, id, cb); }).error().code ==
        Errc::not_found);
}

TEST_CASE("an incoming call retried after a restart is answered from the log, nothing added") {
  TempDir dir;
  std::string first;
  {
    auto engine = start(dir);
    create(*engine, webox::testing::restaurant("+33123456789", "fr"));
    first = voice(*engine, "CA04", "+33123456789");
    REQUIRE(gather(*engine, "CA04", "Une table pour deux ce soir à 20h", "g1").ok());
    engine->shutdown();
  }
  auto engine = start(dir);
  auto before = types(*engine, "CA04");
  // A new engine has no actor for CA04: the fresh actor's first append finds the call in the
  // log, so it reloads and answers the retry from the stored reply.
  CHECK(voice(*engine, "CA04", "+33123456789") == first);
  CHECK(types(*engine, "CA04") == before);
  // And the call goes on from where it was.
  REQUIRE(gather(*engine, "CA04", "Au nom de Martin", "g2").ok());
  CHECK(types(*engine, "CA04").size() == before.size() + 3);
}

TEST_CASE("an assistant name is counted in characters, as the API counts it") {
  TempDir dir;
  auto engine = start(dir);
  auto p = webox::testing::restaurant("+33123456789", "fr");
  p.name.clear();
  for (int i = 0; i < 200; ++i) p.name += "\xC3\xA9";  // 200 characters, 400 bytes
  CHECK(await<AssistantView>([&](auto cb) { engine->create_assistant(kDefault, p, cb); }).ok());
  p.phone_number = "+33123456780";
  for (int i = 0; i < 56; ++i) p.name += "\xC3\xA9";  // 256 characters
  auto r = await<AssistantView>([&](auto cb) { engine->create_assistant(kDefault, p, cb); });
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().field == "name");
}
