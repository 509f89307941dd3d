// A data directory holding known calls, written through EventLog and DataKeyStore directly
// (no engine), with fixed ids and fixed recorded_at times so that what the log tools print
// about it is the same on every run and can be compared with a recorded file.
//
//   TempDir dir;
//   CallLog log(dir);                  // master.key, events/, keys/ under dir, open as primary
//   log.write_booking_call();          // kCall: 3 turns, a booking in "booking-b-9", hangs up
//   log.erase(kCall);                  // shreds its key, appends CallErased
//
// Positions (the tools print them): 1 TenantCreated, 2 AssistantCreated, 3-5 kCall's greeting,
// 6-8 kOtherCall's greeting, 9-11 kCall turn 1, 12 the booking, 13-15 kCall turn 2,
// 16 kOtherCall's booking, 17 kCall's CallEnded.
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <string>

#include "actors/personal_data.h"
#include "storage/data_keys.h"
#include "storage/event_log.h"
#include "storage/master_key.h"
#include "tests/support/temp_dir.h"

namespace webox::testing {

inline constexpr const char* kCall = "CA00000000000000000000000000000001";
inline constexpr const char* kOtherCall = "CA00000000000000000000000000000002";
inline constexpr const char* kCaller = "+33612345678";
inline constexpr const char* kBusiness = "+33123456789";
// 2026-11-25T08:41:07Z: the call's first event.
inline constexpr Micros kT0 = 1795596067000000;

struct CallLog {
  std::string dir;
  SecretKey master;
  std::unique_ptr<EventLog> log;
  std::unique_ptr<DataKeyStore> keys;
  int serial = 0;  // fixed event ids: the n-th event written

  explicit CallLog(const TempDir& d) : dir(d.str()) {
    auto m = load_or_create_master_key((d.path / "master.key").string());
    REQUIRE(m.ok());
    master = *m;
    auto l = EventLog::open((d.path / "events").string());
    REQUIRE(l.ok());
    log = std::move(*l);
    auto k = DataKeyStore::open((d.path / "keys").string(), master);
    REQUIRE(k.ok());
    keys = std::move(*k);
  }

  // Appends one event to `stream`, personal fields sealed with the key of `call` (if any).
  void put(const std::string& stream, Micros at, EventData data, const std::string& call = "") {
    Envelope e;
    e.stream = stream;
    e.tenant = "bistro";
    e.event_id = Uuid::from_name(kCallEventNamespace, "call-log-test|" + std::to_string(++serial));
    e.recorded_at = at;
    e.data = std::move(data);
    if (!call.empty()) {
      auto key = keys->get_or_create(call_stream(call), "bistro", kT0, kCaller);
      REQUIRE(key.ok());
      seal_personal(e, *key);
    }
    auto r = log->append(stream, kAnyVersion, {std::move(e)});
    if (!r.ok()) FAIL(r.error().message);
  }

  void greet(const std::string& sid, Micros at, const std::string& from) {
    put(call_stream(sid), at,
        CallStarted{.call_sid = sid, .account_sid = "AC0123", .assistant_id = "a-1",
                    .from = from, .to = kBusiness, .direction = "inbound",
                    .language = "fr-FR", .mode = "twiml"},
        sid);
    reply(sid, at, 0, "Bonjour, Chez Marcel, que puis-je faire pour vous ?", "listen", 1234);
  }
  void reply(const std::string& sid, Micros at, std::int32_t turn, const std::string& text,
             const std::string& action, std::int64_t brain) {
    put(call_stream(sid), at,
        ReplyGenerated{.call_sid = sid, .turn = turn, .text = text, .action = action,
                       .brain = "local", .brain_micros = brain, .language = "fr-FR",
                       .request_id = "req-" + std::to_string(turn)},
        sid);
    put(call_stream(sid), at,
        AudioSent{.call_sid = sid, .turn = turn, .voice = "Polly.Lea", .language = "fr-FR",
                  .characters = std::int32_t(text.size())},
        sid);
  }
  void hear(const std::string& sid, Micros at, std::int32_t turn, const std::string& text,
            double confidence) {
    put(call_stream(sid), at,
        UtteranceTranscribed{.call_sid = sid, .turn = turn, .text = text,
                             .confidence = confidence},
        sid);
  }
  void book(const std::string& sid, const std::string& id, Micros at, const std::string& name,
            std::int32_t people) {
    put(booking_stream(id), at,
        BookingConfirmed{.booking_id = id, .assistant_id = "a-1", .call_sid = sid,
                         .date = "2026-11-26", .time = "20:00", .party_size = people,
                         .name = name},
        sid);
  }

  void write_booking_call() {
    put(tenant_stream("bistro"), kT0 - 60'000'000,
        TenantCreated{.tenant_id = "bistro", .profile = {.name = "Chez Marcel"}});
    put(assistant_stream("a-1"), kT0 - 30'000'000,
        AssistantCreated{.assistant_id = "a-1",
                         .profile = {.name = "Chez Marcel", .phone_number = kBusiness}});
    greet(kCall, kT0, kCaller);
    greet(kOtherCall, kT0 + 1'000'000, "+33700000000");
    hear(kCall, kT0 + 3'412'000, 1,
         "Bonjour, une table pour quatre demain soir à 20h \"côté fenêtre\"", 0.92);
    reply(kCall, kT0 + 3'500'250, 1, "Très bien. À quel nom dois-je réserver ?", "listen", 800);
    book(kCall, "b-9", kT0 + 9'100'000, "Dupont", 4);
    hear(kCall, kT0 + 9'100'000, 2, "Au nom de Dupont", 0.87);
    reply(kCall, kT0 + 9'131'000, 2, "C'est noté, à demain Monsieur Dupont. Au revoir !",
          "hangup", 950);
    book(kOtherCall, "b-10", kT0 + 10'000'000, "Martin", 2);
    put(call_stream(kCall), kT0 + 12'250'000,
        CallEnded{.call_sid = kCall, .status = "completed", .duration_seconds = 12,
                  .reason = "assistant-hangup"});
  }

  void erase(const std::string& sid, bool with_event = true) {
    REQUIRE(keys->shred({call_stream(sid)}).ok());
    if (with_event)
      put(call_stream(sid), kT0 + 3'600'000'000,
          CallErased{.call_sid = sid, .reason = "api", .erased_at = kT0 + 3'600'000'000});
  }
};

}  // namespace webox::testing
