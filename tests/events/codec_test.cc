// The envelope codec: exact round trips of every event type, hostile text, refusals, and the
// recorded envelopes in tests/data/events (see "data files" below for their naming rule).
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <ctime>

#include "events/codec.h"

using namespace webox;

namespace {

const Micros kAt = 1795596067123456;  // 2026-11-25T08:41:07.123456Z

Envelope envelope(EventData data, std::string stream = "call-CA01") {
  Envelope e;
  e.position = 7;
  e.stream = std::move(stream);
  e.version = 2;
  e.event_id = *Uuid::parse("1b4e28ba-2fa1-4d2e-883f-0016d3cca427");
  e.recorded_at = kAt;
  e.data = std::move(data);
  return e;
}

AssistantProfile profile() {
  AssistantProfile p;
  p.name = "Chez Marcel";
  p.description = "Réservations du restaurant";
  p.phone_number = "+33123456789";
  p.language = "fr-FR";
  p.system_prompt = "Tu es l'accueil téléphonique de \"Chez Marcel\".\nSois bref.";
  p.context_data = R"({"hours":"12:00-14:30","seats":40,"menu":["entrée","plat"],"terrace":true})";
  p.is_active = true;
  return p;
}

std::vector<EventData> one_of_each() {
  AssistantUpdated updated;
  updated.assistant_id = "a-1";
  updated.name = "Chez Marcel & Fils";
  updated.context_data = R"({"seats":44})";
  updated.is_active = false;
  return {
      AssistantCreated{"a-1", profile()},
      updated,
      AssistantDeleted{"a-1"},
      CallStarted{"CA01", "AC9", "a-1", "+33612345678", "+33123456789", "inbound", "fr-FR",
                  "twiml"},
      UtteranceTranscribed{"CA01", 1, "Une table pour quatre, demain à 20h", 0.87,
                           "twilio-gather"},
      ReplyGenerated{"CA01", 0, "Bonjour, Chez Marcel, que puis-je pour vous ?", "transfer",
                     "+33199999999", "local", 1234, "fr-FR", "req-7f3a"},
      AudioSent{"CA01", 2, "stream", "alice", "fr-FR", 42, 3100},
      CallEnded{"CA01", "completed", 95, "caller-hangup"},
      BookingConfirmed{"b-9", "a-1", "CA01", "table", "2026-11-26", "20:00", 4, "Dupont"},
  };
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string json_string(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

// What a JSON parser reads back from append_json_string's output.
std::string parsed_back(std::string_view s) {
  Envelope e = envelope(CallEnded{std::string(s), "completed", 1, "x"});
  auto back = decode(encode(e));
  REQUIRE(back.ok());
  return std::get<CallEnded>(back->data).call_sid;
}

void replace_once(std::string& s, std::string_view from, std::string_view to) {
  auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("every event type round-trips exactly", "[codec]") {
  for (auto& data : one_of_each()) {
    Envelope e = envelope(data);
    INFO(type_name(data));
    std::string json = encode(e);
    auto back = decode(json);
    REQUIRE(back.ok());
    CHECK(*back == e);
    CHECK(encode(*back) == json);  // stable: re-encoding gives the same bytes
    // The "data" member is exactly encode_data's object.
    CHECK(json.find(",\"data\":" + encode_data(data) + "}") != std::string::npos);
  }
}

TEST_CASE("the envelope layout is the documented one", "[codec]") {
  Envelope e = envelope(ReplyGenerated{"CA01", 0, "Bonjour ...", "listen", "", "local", 1500, "fr-FR", "r1"});
  CHECK(encode(e) ==
        R"({"position":7,"stream":"call-CA01","version":2,"event_id":"1b4e28ba-2fa1-4d2e-883f-0016d3cca427",)"
        R"("type":"ReplyGenerated","schema_version":1,"tenant":"default","recorded_at":"2026-11-25T08:41:07.123456Z",)"
        R"("data":{"call_sid":"CA01","turn":0,"text":"Bonjour ...","action":"listen","transfer_to":"",)"
        R"("brain":"local","brain_micros":1500,"language":"fr-FR","request_id":"r1"}})");
}

TEST_CASE("AssistantCreated nests the profile and AssistantUpdated writes only what changed",
          "[codec]") {
  std::string created = encode_data(AssistantCreated{"a-1", profile()});
  CHECK(created.rfind(R"({"assistant_id":"a-1","profile":{"name":"Chez Marcel",)", 0) == 0);

  AssistantUpdated only_prompt;
  only_prompt.assistant_id = "a-1";
  only_prompt.system_prompt = "";  // present and empty is a change, not an absence
  CHECK(encode_data(only_prompt) == R"({"assistant_id":"a-1","system_prompt":""})");
  auto back = decode(encode(envelope(only_prompt, "assistant-a-1")));
  REQUIRE(back.ok());
  const auto& u = std::get<AssistantUpdated>(back->data);
  CHECK(u == only_prompt);
  CHECK_FALSE(u.name.has_value());
  CHECK_FALSE(u.is_active.has_value());
  REQUIRE(u.system_prompt.has_value());
  CHECK(u.system_prompt->empty());

  AssistantUpdated nothing;
  nothing.assistant_id = "a-1";
  CHECK(encode_data(nothing) == R"({"assistant_id":"a-1"})");
}

TEST_CASE("context_data is a JSON value in the envelope and canonical text in memory", "[codec]") {
  AssistantProfile p = profile();
  p.context_data = "{ \"seats\" : 40,\n  \"menu\": [ \"a\", \"b\" ], \"price\": 12.50 }";
  std::string json = encode_data(AssistantCreated{"a-1", p});
  CHECK(json.find(R"("context_data":{"seats":40,"menu":["a","b"],"price":12.5})") !=
        std::string::npos);

  auto back = decode(encode(envelope(AssistantCreated{"a-1", p}, "assistant-a-1")));
  REQUIRE(back.ok());
  auto got = std::get<AssistantCreated>(back->data).profile.context_data;
  CHECK(got == R"({"seats":40,"menu":["a","b"],"price":12.5})");
  CHECK(got == *canonical_json(p.context_data));  // equal in meaning, canonical in form
  CHECK(*canonical_json(got) == got);             // canonical is a fixed point

  SECTION("text that is not JSON is kept as a JSON string") {
    p.context_data = "not json {";
    std::string data = encode_data(AssistantCreated{"a-1", p});
    CHECK(data.find(R"("context_data":"not json {")") != std::string::npos);
    auto again = decode(encode(envelope(AssistantCreated{"a-1", p})));
    REQUIRE(again.ok());
    CHECK(std::get<AssistantCreated>(again->data).profile.context_data == R"("not json {")");
  }
  SECTION("canonical_json refuses what is not JSON") {
    auto bad = canonical_json("{\"a\":");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == Errc::invalid_argument);
  }
}

TEST_CASE("append_json_string escapes quotes and backslashes and control characters", "[codec]") {
  CHECK(json_string("") == R"("")");
  CHECK(json_string("plain") == R"("plain")");
  CHECK(json_string(R"(say "hi")") == R"("say \"hi\"")");
  CHECK(json_string(R"(C:\temp\)") == R"("C:\\temp\\")");
  CHECK(json_string("a\nb\tc\rd") == R"("a\u000ab\u0009c\u000dd")");
  CHECK(json_string(std::string("nul\0byte", 8)) == R"("nul\u0000byte")");
  CHECK(json_string("\x01\x1f\x7f") == "\"\\u0001\\u001f\x7f\"");  // DEL is not a control here
  CHECK(json_string("</script>") == R"("</script>")");

  std::string all_ascii;
  for (int c = 0; c < 0x80; ++c) all_ascii.push_back(char(c));
  CHECK(parsed_back(all_ascii) == all_ascii);
}

TEST_CASE("append_json_string passes valid UTF-8 and replaces invalid UTF-8", "[codec]") {
  const std::string fffd = "\xEF\xBF\xBD";
  // Valid: 2-, 3- and 4-byte sequences, the extremes of each range.
  for (std::string ok : {"é", "€", "😀", "👩‍👩‍👧", "日本語", "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80",
                         "\xED\x9F\xBF", "\xEE\x80\x80", "\xEF\xBF\xBF", "\xF0\x90\x80\x80",
                         "\xF4\x8F\xBF\xBF"}) {
    INFO(ok);
    CHECK(json_string(ok) == "\"" + ok + "\"");
    CHECK(parsed_back(ok) == ok);
  }
  struct Case {
    std::string in, out;
  };
  // One U+FFFD per maximal ill-formed subpart (Unicode §3.9, "U+FFFD substitution").
  for (const auto& c : std::vector<Case>{
           {"\xFF", fffd},
           {"a\xFE" "b", "a" + fffd + "b"},
           {"\x80", fffd},                                 // lone continuation byte
           {"\xC3", fffd},                                 // truncated at the end
           {"\xC3" "A", fffd + "A"},                       // truncated before ASCII
           {"\xE2\x82", fffd},                             // 2 of 3 bytes: one subpart
           {"\xF0\x9F\x98" "!", fffd + "!"},               // emoji missing its last byte
           {"\xC0\xAF", fffd + fffd},                      // overlong '/'
           {"\xE0\x80\xAF", fffd + fffd + fffd},           // overlong, 3 bytes
           {"\xED\xA0\x80", fffd + fffd + fffd},           // UTF-16 surrogate D800
           {"\xF4\x90\x80\x80", fffd + fffd + fffd + fffd},  // above U+10FFFF
           {"\xF5\x80", fffd + fffd},
           {"ok\xE9t\xE9", "ok" + fffd + "t" + fffd},      // Latin-1 text
           {"\"\xFF\\", "\"" + fffd + "\\"},
       }) {
    INFO(c.in);
    CHECK(parsed_back(c.in) == c.out);
  }
}

TEST_CASE("hostile text round-trips through whole envelopes", "[codec]") {
  std::string hostile = "\"quoted\" \\back\\slash\\ \n\t\r\b\f \x01\x1f nul:";
  hostile.push_back('\0');
  hostile += " emoji 😀👍🏽 accents éàç \u2028\u2029 </script> {\"json\":1}";
  for (auto data : one_of_each()) {
    std::visit(
        [&](auto& ev) {
          using T = std::decay_t<decltype(ev)>;
          if constexpr (std::is_same_v<T, UtteranceTranscribed> ||
                        std::is_same_v<T, ReplyGenerated>) {
            ev.text = hostile;
          } else if constexpr (std::is_same_v<T, AssistantCreated>) {
            ev.profile.system_prompt = hostile;
            ev.profile.name = hostile;
          } else if constexpr (std::is_same_v<T, BookingConfirmed>) {
            ev.name = hostile;
          }
        },
        data);
    Envelope e = envelope(data, "call-" + hostile);
    e.tenant = hostile;
    INFO(type_name(data));
    auto back = decode(encode(e));
    REQUIRE(back.ok());
    CHECK(*back == e);
  }

  // Invalid UTF-8 comes back replaced, never as an error.
  Envelope e = envelope(ReplyGenerated{"CA01", 1, "caf\xE9 \xFF ok", "listen", "", "local", 0, "fr", "r"});
  auto back = decode(encode(e));
  REQUIRE(back.ok());
  CHECK(std::get<ReplyGenerated>(back->data).text == "caf\xEF\xBF\xBD \xEF\xBF\xBD ok");
}

TEST_CASE("numbers keep their exact values", "[codec]") {
  for (double c : {0.0, 1.0, 0.1, 0.87, 1.0 / 3.0, 1e-7, 0.999999999999, 5e-324, 1e300, -2.5}) {
    INFO(c);
    Envelope e = envelope(UtteranceTranscribed{"CA01", 1, "x", c, "t"});
    auto back = decode(encode(e));
    REQUIRE(back.ok());
    CHECK(std::get<UtteranceTranscribed>(back->data).confidence == c);
  }
  Envelope big = envelope(ReplyGenerated{"CA01", INT32_MAX, "x", "listen", "", "b", INT64_MIN, "en", "r"});
  big.position = UINT64_MAX;
  big.version = UINT64_MAX - 1;
  big.recorded_at = 0;
  auto back = decode(encode(big));
  REQUIRE(back.ok());
  CHECK(*back == big);

  SECTION("NaN is written as null and read back as NaN") {
    Envelope e = envelope(UtteranceTranscribed{"CA01", 1, "x", std::nan(""), "t"});
    std::string json = encode(e);
    CHECK(json.find(R"("confidence":null)") != std::string::npos);
    auto nan_back = decode(json);
    REQUIRE(nan_back.ok());
    CHECK(std::isnan(std::get<UtteranceTranscribed>(nan_back->data).confidence));
  }
}

TEST_CASE("timestamps and ids are written and read as format_utc and parse_utc and Uuid do",
          "[codec]") {
  // The codec remembers the last second per thread: walk across seconds, back and forth.
  std::vector<Micros> times = {0, 1, 999'999, 1'000'000, kAt, kAt + 1, kAt + 876'543 - 123'456,
                               kAt - 1, kAt + 1'000'000, kAt, 4102444799999999 /* 2099 */,
                               -1, -1'000'000, -1'500'000};
  for (Micros t = kAt; t < kAt + 5'000'000; t += 333'333) times.push_back(t);
  for (Micros t : times) {
    INFO(t);
    Envelope e = envelope(AssistantDeleted{"a-1"});
    e.recorded_at = t;
    e.event_id = Uuid::random();
    std::string json = encode(e);
    CHECK(json.find("\"recorded_at\":\"" + format_utc(t) + "\"") != std::string::npos);
    CHECK(json.find("\"event_id\":\"" + e.event_id.str() + "\"") != std::string::npos);
    auto back = decode(json);
    REQUIRE(back.ok());
    CHECK(back->recorded_at == *parse_utc(format_utc(t)));
    CHECK(back->recorded_at == t);
    CHECK(back->event_id == e.event_id);
  }
}

TEST_CASE("decode refuses with a precise error", "[codec]") {
  const std::string good = encode(envelope(UtteranceTranscribed{"CA01", 3, "oui", 0.5, "t"}));
  REQUIRE(decode(good).ok());

  auto refused = [](std::string_view json, Errc code, std::string field) {
    auto r = decode(json);
    INFO(json);
    REQUIRE_FALSE(r.ok());
    INFO(r.error().message);
    CHECK(r.error().code == code);
    CHECK(r.error().field == field);
    CHECK_FALSE(r.error().message.empty());
  };

  SECTION("malformed JSON is Errc::corrupt") {
    refused("", Errc::corrupt, "");
    refused("not json", Errc::corrupt, "");
    refused(good.substr(0, good.size() / 2), Errc::corrupt, "");
    refused(good + " trailing", Errc::corrupt, "");
    std::string bad_utf8 = good;
    replace_once(bad_utf8, "\"oui\"", "\"o\xFFi\"");
    refused(bad_utf8, Errc::corrupt, "");
  }
  SECTION("not an object") {
    refused("[1,2]", Errc::invalid_argument, "envelope");
    refused("\"text\"", Errc::invalid_argument, "envelope");
  }
  SECTION("unknown type") {
    std::string j = good;
    replace_once(j, "\"UtteranceTranscribed\"", "\"UtteranceTranslated\"");
    refused(j, Errc::unknown_type, "type");
  }
  SECTION("newer schema") {
    std::string j = good;
    replace_once(j, "\"schema_version\":1", "\"schema_version\":2");
    refused(j, Errc::unsupported_version, "schema_version");
    replace_once(j, "\"schema_version\":2", "\"schema_version\":0");
    refused(j, Errc::invalid_argument, "schema_version");
  }
  SECTION("missing fields name the field") {
    std::string j = good;
    replace_once(j, "\"turn\":3,", "");
    refused(j, Errc::invalid_argument, "data.turn");
    j = good;
    replace_once(j, "\"tenant\":\"default\",", "");
    refused(j, Errc::invalid_argument, "tenant");
    j = good;
    replace_once(j, "\"type\":\"UtteranceTranscribed\",", "");
    refused(j, Errc::invalid_argument, "type");
    j = good;
    j = j.substr(0, j.find(",\"data\":")) + "}";
    refused(j, Errc::invalid_argument, "data");
  }
  SECTION("mistyped fields name the field") {
    std::string j = good;
    replace_once(j, "\"turn\":3", "\"turn\":\"3\"");
    refused(j, Errc::invalid_argument, "data.turn");
    j = good;
    replace_once(j, "\"turn\":3", "\"turn\":3.5");
    refused(j, Errc::invalid_argument, "data.turn");
    j = good;
    replace_once(j, "\"turn\":3", "\"turn\":4294967296");  // beyond int32
    refused(j, Errc::invalid_argument, "data.turn");
    j = good;
    replace_once(j, "\"confidence\":0.5", "\"confidence\":\"high\"");
    refused(j, Errc::invalid_argument, "data.confidence");
    j = good;
    replace_once(j, "\"position\":7", "\"position\":-7");
    refused(j, Errc::invalid_argument, "position");
    j = good;
    replace_once(j, "1b4e28ba-2fa1", "1b4e28ba-2fz1");
    refused(j, Errc::invalid_argument, "event_id");
    j = good;
    replace_once(j, "2026-11-25T08:41:07.123456Z", "2026-11-25 08:41:07");
    refused(j, Errc::invalid_argument, "recorded_at");
    j = good;
    replace_once(j, "\"data\":{", "\"data\":[{");
    j.insert(j.size() - 1, "]");
    refused(j, Errc::invalid_argument, "data");
  }
  SECTION("nested and optional fields") {
    std::string created = encode(envelope(AssistantCreated{"a-1", profile()}, "assistant-a-1"));
    replace_once(created, "\"is_active\":true", "\"is_active\":\"yes\"");
    refused(created, Errc::invalid_argument, "data.profile.is_active");
    created = encode(envelope(AssistantCreated{"a-1", profile()}, "assistant-a-1"));
    replace_once(created, "\"profile\":{", "\"profile\":[{");
    replace_once(created, "}}}", "}]}}");
    refused(created, Errc::invalid_argument, "data.profile");

    AssistantUpdated u;
    u.assistant_id = "a-1";
    u.name = "x";
    std::string updated = encode(envelope(u, "assistant-a-1"));
    replace_once(updated, "\"name\":\"x\"", "\"name\":null");
    refused(updated, Errc::invalid_argument, "data.name");
  }
}

TEST_CASE("an assistant written before `mode` existed reads as a twiml assistant", "[codec]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(WEBOX_TEST_DATA_DIR) / "events";
  auto old = decode(slurp(dir / "ok--assistant-created-schema-1.json"));
  REQUIRE(old.ok());
  CHECK(std::get<AssistantCreated>(old->data).profile.mode == "twiml");
  auto now = decode(slurp(dir / "golden--assistant-created.json"));
  REQUIRE(now.ok());
  CHECK(std::get<AssistantCreated>(now->data).profile.mode == "stream");
  // A patch without `mode` leaves it alone; with it, it carries it.
  auto patch = decode(slurp(dir / "ok--assistant-updated-schema-1.json"));
  REQUIRE(patch.ok());
  CHECK_FALSE(std::get<AssistantUpdated>(patch->data).mode.has_value());
  auto patch2 = decode(slurp(dir / "golden--assistant-updated-partial.json"));
  REQUIRE(patch2.ok());
  CHECK(std::get<AssistantUpdated>(patch2->data).mode == std::optional<std::string>("twiml"));
}

TEST_CASE("an assistant written before its listening settings existed reads with the defaults", "[codec]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(WEBOX_TEST_DATA_DIR) / "events";
  auto old = decode(slurp(dir / "ok--assistant-created-schema-2.json"));
  REQUIRE(old.ok());
  const AssistantProfile& was = std::get<AssistantCreated>(old->data).profile;
  CHECK(was.end_silence_ms == 600);
  CHECK(was.barge_in_ms == 300);
  CHECK(was.interruptible);
  auto now = decode(slurp(dir / "golden--assistant-created.json"));
  REQUIRE(now.ok());
  const AssistantProfile& is = std::get<AssistantCreated>(now->data).profile;
  CHECK(is.end_silence_ms == 800);
  CHECK(is.barge_in_ms == 400);
  CHECK_FALSE(is.interruptible);
  auto patch = decode(slurp(dir / "golden--assistant-updated-partial.json"));
  REQUIRE(patch.ok());
  const auto& u = std::get<AssistantUpdated>(patch->data);
  CHECK(u.end_silence_ms == std::optional<std::int32_t>(900));
  CHECK_FALSE(u.barge_in_ms.has_value());
  CHECK_FALSE(u.interruptible.has_value());
}

TEST_CASE("decode ignores unknown fields and accepts any field order", "[codec]") {
  Envelope e = envelope(CallEnded{"CA01", "completed", 12, "caller-hangup"});
  std::string j = encode(e);
  replace_once(j, "\"reason\":\"caller-hangup\"",
               "\"reason\":\"caller-hangup\",\"future\":{\"a\":[1,2,3]}");
  replace_once(j, "{\"position\":7,", "{\"extra\":true,\"position\":7,");
  auto back = decode(j);
  REQUIRE(back.ok());
  CHECK(*back == e);
}

// Data files: tests/data/events/<expectation>--<description>.json, where <expectation> is
//   golden                 decodes, and encode() gives back exactly the file's bytes
//   ok                     decodes, and survives encode/decode unchanged
//   <errc>                 decode refuses with that code (a name from to_string(Errc))
//   <errc>@<field>         ... and names that field
// A trailing newline in a file is not part of the envelope.
TEST_CASE("recorded envelopes in tests/data/events", "[codec][data]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(WEBOX_TEST_DATA_DIR) / "events";
  REQUIRE(fs::is_directory(dir));
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 20);

  std::size_t golden = 0, ok = 0, refused = 0;
  for (const auto& path : files) {
    std::string name = path.filename().string();
    INFO(name);
    auto sep = name.find("--");
    REQUIRE(sep != std::string::npos);
    std::string expect = name.substr(0, sep);
    std::string text = slurp(path);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    auto r = decode(text);

    if (expect == "golden" || expect == "ok") {
      if (!r.ok()) FAIL(r.error().message << " (field " << r.error().field << ")");
      std::string again = encode(*r);
      if (expect == "golden") {
        CHECK(again == text);
        ++golden;
      } else {
        ++ok;
      }
      auto twice = decode(again);
      REQUIRE(twice.ok());
      CHECK(encode(*twice) == again);  // not ==: NaN is unequal to itself
      continue;
    }

    std::string code = expect, field;
    bool want_field = false;
    if (auto at = expect.find('@'); at != std::string::npos) {
      code = expect.substr(0, at);
      field = expect.substr(at + 1);
      want_field = true;
    }
    REQUIRE_FALSE(r.ok());
    INFO(r.error().message);
    CHECK(to_string(r.error().code) == code);
    if (want_field) CHECK(r.error().field == field);
    ++refused;
  }
  CHECK(golden > 0);
  CHECK(ok > 0);
  CHECK(refused > 0);
}

TEST_CASE("codec speed is printed (not asserted)", "[codec][perf]") {
  // CPU time of this process, not wall time: the build machine is shared.
  auto cpu_ns = [] {
    timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e9 + double(ts.tv_nsec);
  };
  Envelope e = envelope(
      ReplyGenerated{"CA01", 3, "Très bien, une table pour quatre demain à vingt heures.",
                     "listen", "", "local", 840, "fr-FR", "9c1e4b7a"});
  constexpr int kRounds = 200'000;
  std::vector<std::string> encoded(kRounds);
  double t0 = cpu_ns();
  for (int i = 0; i < kRounds; ++i) {
    e.position = std::uint64_t(i + 1);
    e.recorded_at = kAt + i * 7;
    encoded[i] = encode(e);
  }
  double t1 = cpu_ns();
  std::size_t decoded = 0;
  for (const auto& s : encoded) decoded += decode(s).ok();
  double t2 = cpu_ns();
  REQUIRE(decoded == kRounds);
  std::printf("codec: %zu-byte envelope, encode %.0f ns, decode %.0f ns (CPU time per event)\n",
              encoded[0].size(), (t1 - t0) / kRounds, (t2 - t1) / kRounds);
}
