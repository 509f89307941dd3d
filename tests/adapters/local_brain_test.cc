// The local brain against recorded callers: utterance corpora (tests/data/brain/utterances_*.tsv)
// and scripted whole conversations (tests/data/brain/conversations/*.txt), plus its building
// blocks (numbers, calendar, context_data).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "adapters/brain/brain.h"
#include "adapters/brain/local/calendar.h"
#include "adapters/brain/local/context.h"
#include "adapters/brain/local/normalize.h"
#include "adapters/brain/local/numbers.h"
#include "adapters/brain/local/understand.h"
#include "events/clock.h"

namespace fs = std::filesystem;
using namespace webox;
using namespace webox::brain;

namespace {

const fs::path kData = fs::path(WEBOX_TEST_DATA_DIR) / "brain";
const Date kToday{2026, 11, 25};  // a Wednesday, the corpora's "today"

std::vector<std::string> lines_of(const fs::path& p) {
  std::ifstream in(p);
  REQUIRE(in.good());
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(line);
  }
  return out;
}

std::vector<std::string> split(const std::string& s, std::string_view sep) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (true) {
    const auto next = s.find(sep, pos);
    out.push_back(s.substr(pos, next == std::string::npos ? std::string::npos : next - pos));
    if (next == std::string::npos) break;
    pos = next + sep.size();
  }
  return out;
}

std::string trim(std::string s) {
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

std::string hhmm(const ClockTime& t) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", t.hour, t.minute);
  return buf;
}

Asked asked_of(const std::string& s) {
  if (s == "party") return Asked::party;
  if (s == "day") return Asked::day;
  if (s == "time") return Asked::time;
  if (s == "name") return Asked::name;
  if (s == "confirm") return Asked::confirmation;
  if (s == "else") return Asked::anything_else;
  if (s == "phone") return Asked::phone;
  if (s == "order") return Asked::order_number;
  if (s == "plate") return Asked::plate;
  if (s == "vehicle") return Asked::vehicle;
  if (s == "nights") return Asked::nights;
  if (s == "room") return Asked::room_type;
  if (s == "service") return Asked::service;
  if (s == "practitioner") return Asked::practitioner;
  return Asked::nothing;
}

std::vector<std::string> intents_of(const Intents& in) {
  std::vector<std::string> out;
  if (in.answer == Answer::yes) out.push_back("yes");
  if (in.answer == Answer::no) out.push_back("no");
  if (in.book) out.push_back("book");
  if (in.hours) out.push_back("hours");
  if (in.address) out.push_back("address");
  if (in.phone) out.push_back("phone");
  if (in.goodbye) out.push_back("goodbye");
  if (in.done) out.push_back("done");
  if (in.human) out.push_back("human");
  if (in.cancel) out.push_back("cancel");
  if (in.greeting) out.push_back("greeting");
  if (in.repeat) out.push_back("repeat");
  if (in.thanks) out.push_back("thanks");
  if (in.order) out.push_back("order");
  if (in.returns) out.push_back("returns");
  if (in.prices) out.push_back("prices");
  if (in.menu) out.push_back("menu");
  if (in.checkin) out.push_back("checkin");
  if (in.urgent) out.push_back("urgent");
  if (in.ticket) out.push_back("ticket");
  if (in.any) out.push_back("any");
  if (in.advice) out.push_back("advice");
  if (in.breakdown) out.push_back("breakdown");
  if (in.special_request) out.push_back("special");
  if (in.policy) out.push_back("policy");
  return out;
}

// Compares one corpus row; returns "" when it matches, else what differed.
std::string check_row(const std::string& utterance, const Understanding& u, const std::string& expected) {
  std::string party, date, time, name, intents;
  // The slots compared as plain text: corpus key -> what was understood.
  const std::vector<std::pair<std::string, std::string>> texts = {
      {"phone", u.phone.value_or("")},
      {"order", u.order_number.value_or("")},
      {"plate", u.plate.value_or("")},
      {"nights", u.nights ? std::to_string(*u.nights) : ""},
      {"room", u.room_type.value_or("")},
      {"vehicle", u.vehicle.value_or("")},
      {"free", u.free_text.value_or("")},
      {"delay", u.delay_minutes ? std::to_string(*u.delay_minutes) : ""}};
  std::map<std::string, std::string> want_text;
  for (const auto& item : split(expected, ";")) {
    const auto t = trim(item);
    if (t.empty()) continue;
    const auto eq = t.find('=');
    const auto key = t.substr(0, eq), value = t.substr(eq + 1);
    if (key == "party") party = value;
    else if (key == "date") date = value;
    else if (key == "time") time = value;
    else if (key == "name") name = value;
    else if (key == "intents") intents = value;
    else if (std::any_of(texts.begin(), texts.end(), [&](const auto& x) { return x.first == key; }))
      want_text[key] = value;
    else FAIL("unknown key in corpus: " << key);
  }
  std::ostringstream diff;
  for (const auto& [key, got] : texts)
    if (got != want_text[key]) diff << " " << key << "=" << got << " (want " << want_text[key] << ")";
  const std::string got_party = u.party ? std::to_string(*u.party) : "";
  if (got_party != party) diff << " party=" << got_party << " (want " << party << ")";
  std::string want_date = date;
  if (!date.empty() && date[0] == '+') want_date = to_iso(add_days(kToday, std::stoi(date.substr(1))));
  const std::string got_date = u.date ? to_iso(*u.date) : "";
  if (got_date != want_date) diff << " date=" << got_date << " (want " << want_date << ")";
  const std::string got_time = u.time ? hhmm(resolve(*u.time, u.part)) : "";
  const auto options = split(time, "|");
  if (std::find(options.begin(), options.end(), got_time) == options.end())
    diff << " time=" << got_time << " (want " << time << ")";
  const std::string got_name = u.name.value_or("");
  if (got_name != name) diff << " name=" << got_name << " (want " << name << ")";
  // book/yes/no/questions/goodbye/human/cancel must match exactly; greeting, repeat and thanks
  // are incidental and only checked when listed.
  auto want = intents.empty() ? std::vector<std::string>{} : split(intents, ",");
  const auto got = intents_of(u.intents);
  auto incidental = [](const std::string& i) { return i == "greeting" || i == "repeat" || i == "thanks"; };
  for (const auto& w : want)
    if (std::find(got.begin(), got.end(), w) == got.end()) diff << " missing intent " << w;
  for (const auto& g : got)
    if (!incidental(g) && std::find(want.begin(), want.end(), g) == want.end()) diff << " extra intent " << g;
  return diff.str();
}

double run_corpus(const std::string& file) {
  int total = 0, right = 0;
  for (const auto& line : lines_of(kData / file)) {
    if (line.empty() || line[0] == '#') continue;
    const auto cols = split(line, "\t");
    REQUIRE(cols.size() == 3);
    ++total;
    const Understanding u = understand(cols[1], kToday, asked_of(cols[0]));
    const auto diff = check_row(cols[1], u, cols[2]);
    if (diff.empty()) ++right;
    else WARN(file << ": \"" << cols[1] << "\":" << diff);
  }
  REQUIRE(total >= 300);
  const double accuracy = static_cast<double>(right) / total;
  std::cout << "[local brain] " << file << ": " << right << "/" << total << " utterances fully understood ("
            << static_cast<int>(accuracy * 1000) / 10.0 << "%)\n";
  return accuracy;
}

// -- scripted conversations --

struct Turn {
  std::optional<std::string> said;  // nullopt: the greeting
  std::vector<std::string> expects;
  std::optional<std::string> booking;  // "date time party name": the make_booking asked for
  std::optional<std::string> calendar;  // what the calendar answers it: "full 20:15,19:45"; ok when absent
  std::string action = "listen";
  std::string transfer_to;
  std::optional<std::string> used;  // the tools the brain ran itself: "answer_question hours ok"
  // What check_availability answers, one line per check in the turn: "taken 10:20"; ok when absent.
  std::vector<std::string> checks;
  std::optional<std::string> find;   // cancel_booking's search asked for: "name [date]"
  std::optional<std::string> found;  // its answer: "id kind date time party [resource]", or a reason
  std::optional<std::string> cancel;     // cancel_booking asked for: the booking id
  std::optional<std::string> cancelled;  // its answer: ok when absent, else the refusal's reason
  std::optional<std::string> ticket;     // the complaint taken down: "topic [order]"
  std::vector<std::string> avoids;       // what the reply must not say ("rien réservé")
};

struct Script {
  CallContext call;
  std::vector<Turn> turns;
};

Script load_script(const fs::path& p) {
  Script s;
  s.call.call_sid = "CA-test";
  s.call.assistant_id = "a-test";
  s.turns.push_back(Turn{});
  for (const auto& line : lines_of(p)) {
    if (line.empty() || line[0] == '#') continue;
    const auto colon = line.find(':');
    REQUIRE(colon != std::string::npos);
    const std::string key = line.substr(0, colon);
    const std::string value = trim(line.substr(colon + 1));
    if (key == "context") s.call.profile.context_data = value;
    else if (key == "language") s.call.profile.language = value;
    else if (key == "profile_name") s.call.profile.name = value;
    else if (key == "started_at") s.call.started_at = parse_utc(value).value();
    else if (key == "from") s.call.from = value;
    else if (key == "max_silent_turns") s.call.max_silent_turns = std::stoi(value);
    else if (key == "greet" || key == "expect") s.turns.back().expects.push_back(value);
    else if (key == "caller") {
      s.turns.emplace_back();
      s.turns.back().said = value;
    }
    else if (key == "avoid") s.turns.back().avoids.push_back(value);
    else if (key == "booking") s.turns.back().booking = value;
    else if (key == "used") s.turns.back().used = value;
    else if (key == "calendar") s.turns.back().calendar = value;
    else if (key == "check") s.turns.back().checks.push_back(value);
    else if (key == "find") s.turns.back().find = value;
    else if (key == "found") s.turns.back().found = value;
    else if (key == "cancel") s.turns.back().cancel = value;
    else if (key == "cancelled") s.turns.back().cancelled = value;
    else if (key == "ticket") s.turns.back().ticket = value;
    else if (key == "action") {
      const auto parts = split(value, " ");
      s.turns.back().action = parts[0];
      if (parts.size() > 1) s.turns.back().transfer_to = parts[1];
    } else FAIL(p.filename().string() << ": unknown key " << key);
  }
  return s;
}

std::string action_name(ReplyAction a) {
  switch (a) {
    case ReplyAction::listen: return "listen";
    case ReplyAction::hangup: return "hangup";
    case ReplyAction::transfer: return "transfer";
  }
  return "?";
}

// "full 20:15,19:45" -> refused as full with two alternatives; absent -> booked.
ToolResult calendar_answer(const std::optional<std::string>& said) {
  ToolResult r{.name = "make_booking", .ok = !said};
  if (!said) return r;
  const auto parts = split(*said, " ");
  r.reason = parts[0];
  if (parts.size() > 1) r.alternatives = split(parts[1], ",");
  return r;
}

// "B-1 table 2026-11-27 20:00 4 [resource]" -> found; "not_found" or "several" -> not.
ToolResult search_answer(const std::optional<std::string>& said) {
  REQUIRE(said);
  const auto parts = split(*said, " ");
  ToolResult r{.name = "cancel_booking", .ok = parts.size() >= 5};
  if (!r.ok) {
    r.reason = parts[0];
    return r;
  }
  r.booking_id = parts[0];
  r.booking = BookingConfirmed{.kind = parts[1], .date = parts[2], .time = parts[3],
                               .party_size = std::stoi(parts[4])};
  if (parts.size() > 5) {  // "Dr Sarah Miller": the rest of the line
    std::string resource;
    for (std::size_t i = 5; i < parts.size(); ++i) resource += (i > 5 ? " " : "") + parts[i];
    r.booking.resource = resource;
  }
  return r;
}

// The engine's part of cancel_booking: the search, then the cancellation after a yes.
Reply run_cancel(Conversation& conv, const Reply& r, const Turn& turn) {
  const BookingConfirmed& b = r.tool->booking;
  if (b.booking_id.empty()) {
    // "find: Perrin from 2027-02-01": the search's first day is checked too; "find: Collin
    // 2026-12-04 at 09:00": the time said with it.
    const std::string from = !turn.find || turn.find->find(" from ") == std::string::npos ? "" : " from " + r.tool->not_before;
    CHECK(turn.find == b.name + (b.date.empty() ? "" : " " + b.date) + (b.time.empty() ? "" : " at " + b.time) + from);
    CHECK_FALSE(r.tool->not_before.empty());
    return conv.result(search_answer(turn.found));
  }
  CHECK(turn.cancel == b.booking_id);
  return conv.result(ToolResult{.name = "cancel_booking", .ok = !turn.cancelled,
                                .reason = turn.cancelled.value_or("")});
}

// Plays a script and checks every reply; returns the replies' texts.
std::vector<std::string> play(const fs::path& file, const Script& s) {
  auto conv = make_local_brain()->start(s.call);
  std::vector<std::string> texts;
  for (const auto& turn : s.turns) {
    Reply r = turn.said ? conv->hear(*turn.said, 0.9) : conv->greet();
    std::optional<BookingConfirmed> asked;
    // The engine's part: each tool run, its result given, until the brain speaks. In one turn: a
    // search then a check (a booking to move), checks one after another (no preference between
    // practitioners), a booking then a cancellation (the old booking of a move).
    bool searched = false, cancelled = false;
    std::size_t checks = 0;
    for (int n = 0; r.tool; ++n) {
      REQUIRE(n < 10);
      CHECK(r.text.empty());
      const std::string tool = r.tool->name;
      if (tool == "cancel_booking") {
        (r.tool->booking.booking_id.empty() ? searched : cancelled) = true;
        r = run_cancel(*conv, r, turn);
      } else if (tool == "check_availability") {
        ToolResult checked = calendar_answer(checks < turn.checks.size() && turn.checks[checks] != "ok"
                                                 ? std::optional(turn.checks[checks]) : std::nullopt);
        ++checks;
        checked.name = "check_availability";
        r = conv->result(checked);
      } else {
        CHECK(tool == "make_booking");
        CHECK_FALSE(asked);
        asked = r.tool->booking;
        r = conv->result(calendar_answer(turn.calendar));
      }
    }
    CHECK(searched == turn.find.has_value());
    CHECK(cancelled == turn.cancel.has_value());
    texts.push_back(r.text);
    INFO(file.filename().string() << " — caller: \"" << turn.said.value_or("<greeting>") << "\"\n  reply: \""
                                  << r.text << "\"");
    for (const auto& e : turn.expects) CHECK_THAT(r.text, Catch::Contains(e));
    for (const auto& e : turn.avoids) CHECK_THAT(r.text, !Catch::Contains(e));
    CHECK(action_name(r.action) == turn.action);
    CHECK(r.transfer_to == turn.transfer_to);
    std::string used;  // "tool topic ok|none", space separated, in order
    for (const auto& u : r.used) used += (used.empty() ? "" : " ") + u.name + " " + u.topic + (u.ok ? " ok" : " none");
    if (turn.used) CHECK(used == *turn.used);
    CHECK(r.ticket.has_value() == turn.ticket.has_value());
    if (r.ticket && turn.ticket) {
      const Ticket& t = *r.ticket;
      CHECK(t.topic + (t.order_number.empty() ? "" : " " + t.order_number) == *turn.ticket);
      CHECK(t.ticket_id.size() == 6);
      CHECK_THAT(r.text, Catch::Contains(t.ticket_id.substr(0, 1) + " " + t.ticket_id.substr(1, 1)));
      // A shop's complaint told before its order number: the case holds both turns' words.
      CHECK_THAT(t.summary, Catch::EndsWith(*turn.said));
    }
    CHECK(asked.has_value() == turn.booking.has_value());
    if (asked && turn.booking) {
      const auto& b = *asked;
      std::ostringstream got;
      got << b.date << ' ' << b.time << ' ' << b.party_size << ' ' << b.name;
      // Beyond a table: " | kind | key=value ..." for what the trade's booking holds.
      if (b.kind == "table" && b.phone) got << " | phone=" << *b.phone;
      if (b.kind != "table") {
        got << " | " << b.kind;
        if (b.resource) got << " | resource=" << *b.resource;
        if (b.service) got << " | service=" << *b.service;
        if (b.duration_minutes) got << " | minutes=" << *b.duration_minutes;
        if (b.nights) got << " | nights=" << *b.nights;
        if (b.phone) got << " | phone=" << *b.phone;
        if (b.details) got << " | details=" << *b.details;
      }
      CHECK(got.str() == *turn.booking);
      CHECK(b.booking_id.empty());
      CHECK(b.call_sid.empty());
    }
    const bool english = s.call.profile.language.starts_with("en");
    CHECK(r.language == (english ? (s.call.profile.language == "en-GB" ? "en-GB" : "en-US") : "fr-FR"));
  }
  return texts;
}

}  // namespace

TEST_CASE("French callers are understood", "[brain][corpus]") {
  REQUIRE(run_corpus("utterances_fr.tsv") >= 0.95);
}

TEST_CASE("English callers are understood", "[brain][corpus]") {
  REQUIRE(run_corpus("utterances_en.tsv") >= 0.95);
}

TEST_CASE("scripted conversations go as written", "[brain][conversation]") {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(kData / "conversations"))
    if (e.path().extension() == ".txt") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() >= 8);
  for (const auto& f : files) {
    DYNAMIC_SECTION(f.filename().string()) { play(f, load_script(f)); }
  }
}

TEST_CASE("a replayed conversation says exactly the same", "[brain][determinism]") {
  for (const auto& e : fs::directory_iterator(kData / "conversations")) {
    const Script s = load_script(e.path());
    auto a = make_local_brain()->start(s.call);
    auto b = make_local_brain()->start(s.call);
    CHECK(a->greet().text == b->greet().text);
    for (const auto& t : s.turns) {
      if (!t.said) continue;
      Reply ra = a->hear(*t.said, 0.9), rb = b->hear(*t.said, 0.1);
      CHECK(ra.tool.has_value() == rb.tool.has_value());
      if (ra.tool && rb.tool) {
        CHECK(ra.tool->booking == rb.tool->booking);
        ra = a->result(calendar_answer(t.calendar));
        rb = b->result(calendar_answer(t.calendar));
      }
      CHECK(ra.text == rb.text);
      CHECK(ra.action == rb.action);
    }
  }
}

TEST_CASE("the brain is called local", "[brain]") { CHECK(make_local_brain()->name() == "local"); }

TEST_CASE("replies carry the profile's language as BCP-47", "[brain]") {
  auto lang = [](std::string profile) {
    CallContext call;
    call.profile.language = profile;
    return make_local_brain()->start(call)->greet().language;
  };
  CHECK(lang("fr") == "fr-FR");
  CHECK(lang("fr-FR") == "fr-FR");
  CHECK(lang("fr-ca") == "fr-CA");
  CHECK(lang("en") == "en-US");
  CHECK(lang("en-US") == "en-US");
  CHECK(lang("en-GB") == "en-GB");
}

TEST_CASE("a caller hanging on after the goodbye hears it again", "[brain]") {
  CallContext call;
  call.profile.context_data = R"({"business_name": "Chez Marcel"})";
  auto conv = make_local_brain()->start(call);
  const Reply bye = conv->hear("Non merci, au revoir", 0.9);
  REQUIRE(bye.action == ReplyAction::hangup);
  const Reply again = conv->hear("allô ?", 0.9);
  CHECK(again.action == ReplyAction::hangup);
  CHECK(again.text == bye.text);
}

TEST_CASE("numbers said in words", "[brain][numbers]") {
  auto n = [](std::string_view s) {
    auto m = parse_number(tokenize(s), 0);
    return m ? m->value : -1;
  };
  CHECK(n("quatre-vingt-dix") == 90);
  CHECK(n("quatre-vingt-dix-neuf") == 99);
  CHECK(n("quatre vingts") == 80);
  CHECK(n("quatre-vingts treize") == 80);  // the plural s ends the number: "80 13" in a phone
  CHECK(n("quatre-vingt-treize") == 93);
  CHECK(n("soixante-dix") == 70);
  CHECK(n("soixante et onze") == 71);
  CHECK(n("vingt et un") == 21);
  CHECK(n("dix-sept") == 17);
  CHECK(n("septante-deux") == 72);
  CHECK(n("cent vingt") == 120);
  CHECK(n("deux mille vingt-six") == 2026);
  CHECK(n("twenty one") == 21);
  CHECK(n("ninety-nine") == 99);
  CHECK(n("one hundred and five") == 105);
  CHECK(n("12") == 12);
  CHECK(n("table") == -1);
  auto o = [](std::string_view s) {
    auto m = parse_ordinal(tokenize(s), 0);
    return m ? m->value : -1;
  };
  CHECK(o("1er") == 1);
  CHECK(o("3rd") == 3);
  CHECK(o("twenty first") == 21);
  CHECK(o("vingt et unième") == 21);
  CHECK(o("douzième") == 12);
  CHECK(o("12") == -1);
}

TEST_CASE("folding and names keep what matters", "[brain][normalize]") {
  CHECK(fold("Après-Demain À Noël, ŒUF") == "apres-demain a noel, oeuf");
  const Words w = tokenize("20h30, c’est l'été");
  std::vector<std::string> texts;
  for (const auto& x : w) texts.push_back(x.text);
  CHECK(texts == std::vector<std::string>{"20", "h", "30", "c", "est", "l", "ete"});
  // A recogniser that drops apostrophes: the elision is split all the same, its span kept; a
  // name like "Jen" or a word like "nest" is no elision.
  texts.clear();
  const Words bare = tokenize("cest ou ladresse, Jen nest");
  for (const auto& x : bare) texts.push_back(x.text);
  CHECK(texts == std::vector<std::string>{"c", "est", "ou", "l", "adresse", "jen", "nest"});
  CHECK(bare[4].begin == 9);
  CHECK(bare[4].end == 16);
  CHECK(capitalise_name("dupont") == "Dupont");
  CHECK(capitalise_name("DUPONT") == "Dupont");
  CHECK(capitalise_name("jean-pierre lefèvre") == "Jean-Pierre Lefèvre");
  CHECK(capitalise_name("émile") == "Émile");
  CHECK(tokenize("\xff\xfe bad bytes").size() == 2);  // invalid UTF-8 is a separator, not a crash
}

TEST_CASE("calendar arithmetic and the business's local day", "[brain][calendar]") {
  CHECK(weekday({2026, 11, 25}) == 2);
  CHECK(weekday({2000, 1, 1}) == 5);
  CHECK(add_days({2026, 12, 31}, 1) == Date{2027, 1, 1});
  CHECK(add_days({2028, 2, 28}, 1) == Date{2028, 2, 29});
  CHECK(to_iso({2026, 3, 7}) == "2026-03-07");
  // 23:30 UTC is already tomorrow in Paris (UTC+01:00) and still today in New York.
  const Micros t = parse_utc("2026-11-25T23:30:00.000000Z").value();
  CHECK(local_moment(t, 60).date == Date{2026, 11, 26});
  CHECK(local_moment(t, 60).minutes == 30);
  CHECK(local_moment(t, -300).date == Date{2026, 11, 25});
  CHECK(local_moment(t, -300).minutes == 18 * 60 + 30);
}

TEST_CASE("context_data is read strictly for validation, leniently for calls", "[brain][context]") {
  auto c = parse_context(R"({"business_name": "Chez Marcel", "capacity": 8, "utc_offset": "+01:00",
                             "opening_hours": {"monday": [], "friday": [["19:00", "01:00"]],
                                               "samedi": ["12:00-14:30"]}})");
  REQUIRE(c);
  CHECK(c->business_name == "Chez Marcel");
  CHECK(c->capacity == 8);
  CHECK(c->utc_offset_minutes == 60);
  CHECK_FALSE(c->open_on(0));
  CHECK_FALSE(c->open_on(2));  // not listed: closed
  CHECK(c->open_at(4, 23 * 60));
  CHECK(c->open_at(5, 30));     // Friday's service runs past midnight into Saturday
  CHECK(c->open_at(5, 13 * 60));
  CHECK_FALSE(c->open_at(5, 15 * 60));

  auto always = parse_context("{}");
  REQUIRE(always);
  CHECK(always->open_at(0, 3 * 60));
  CHECK(always->capacity == 0);

  auto bad = parse_context(R"({"opening_hours": {"monday": [["9h", "25:00"]]}})");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().field == "opening_hours.monday");
  auto tz = parse_context(R"({"timezone": "Europe/Paris"})");
  REQUIRE_FALSE(tz);
  CHECK(tz.error().field == "timezone");
  CHECK_FALSE(parse_context("[1, 2]"));
  CHECK_FALSE(parse_context("not json"));

  // A call still gets the good fields when one is wrong.
  auto lenient = read_context(R"({"business_name": "Chez Marcel", "capacity": "eight"})");
  CHECK(lenient.context.business_name == "Chez Marcel");
  CHECK(lenient.context.capacity == 0);
  REQUIRE(lenient.problems.size() == 1);
  CHECK(lenient.problems[0].field == "capacity");

  CHECK(parse_utc_offset("-05:00").value() == -300);
  CHECK(parse_utc_offset("+0530").value() == 330);
  CHECK(parse_utc_offset("UTC+1").value() == 60);
  CHECK(parse_utc_offset("Z").value() == 0);
}
