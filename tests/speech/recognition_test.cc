// Local speech end to end: espeak-ng speaks each line of tests/data/speech/restaurant.en.tsv,
// the audio goes through the phone path (22,050 -> 8,000 Hz, μ-law and back, then the
// recogniser's own 8 -> 16 kHz), pocketsphinx hears it with the restaurant's language model,
// and the local brain's own NLU (brain::understand) reads party, day and time from the
// transcript. The data file's expected slots are first checked against the written line, so a
// wrong row fails as a data error, not as a recognition error.
#include <catch2/catch.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "adapters/brain/local/context.h"
#include "adapters/brain/local/understand.h"
#include "adapters/speech/local/caller_phrases.h"
#include "adapters/speech/local/espeak_tts.h"
#include "adapters/speech/local/pocketsphinx_stt.h"
#include "tests/speech/engines.h"
#include "tests/speech/phone_line.h"

using namespace webox;
using namespace webox::speech;

namespace {

struct Line {
  std::string party, date, time, text;
};

std::vector<Line> read_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<Line> out;
  for (std::string row; std::getline(in, row);) {
    if (row.empty() || row[0] == '#') continue;
    std::istringstream r(row);
    Line l;
    std::getline(r, l.party, '\t');
    std::getline(r, l.date, '\t');
    std::getline(r, l.time, '\t');
    std::getline(r, l.text);
    out.push_back(l);
  }
  return out;
}

// "party date time" as the NLU reads `text`, "-" for a slot it did not find.
std::string slots(const std::string& text) {
  const brain::Date today{2026, 11, 25};
  const auto u = brain::understand(text, today, brain::Asked::nothing);
  char date[16] = "-", time[8] = "-";
  if (u.date) std::snprintf(date, sizeof date, "%04d-%02d-%02d", u.date->year, u.date->month, u.date->day);
  if (u.time) {
    const auto c = brain::resolve(*u.time, u.part);
    std::snprintf(time, sizeof time, "%02d:%02d", c.hour, c.minute);
  }
  return (u.party ? std::to_string(*u.party) : "-") + " " + date + " " + time;
}

std::shared_ptr<const SpeechContext> restaurant() {
  const auto business =
      brain::read_context(R"({"trade": "restaurant", "business_name": "The Marcel Bistro"})").context;
  return std::make_shared<SpeechContext>(SpeechContext{"restaurant", "en", caller_phrases(business)});
}

}  // namespace

TEST_CASE("a booking request survives the phone line with its key words", "[speech]") {
  auto& e = testing::engines();
  const auto pcm8 = testing::phone_line(testing::speak_all(
      *e.tts, "I would like to book a table for four people tomorrow at eight", "en"));
  REQUIRE(pcm8.size() > 8000);
  std::unique_ptr<SttSession> session;
  auto t = testing::recognise(*e.stt, restaurant(), pcm8, session).get();
  REQUIRE(t);
  INFO("heard: " << t->text);
  CHECK(t->final);
  CHECK(t->text.find("book") != std::string::npos);
  CHECK(t->text.find("table") != std::string::npos);
  CHECK(t->text.find("four") != std::string::npos);
  CHECK(slots(t->text) == "4 2026-11-26 08:00");
}

TEST_CASE("party, day and time come out right for 90% of restaurant callers", "[speech]") {
  auto& e = testing::engines();
  const auto lines = read_lines(WEBOX_TEST_DATA_DIR "/speech/restaurant.en.tsv");
  REQUIRE(lines.size() >= 100);
  for (const Line& l : lines) {
    INFO("data row: " << l.text);
    REQUIRE(slots(l.text) == l.party + " " + l.date + " " + l.time);
  }
  const auto context = restaurant();
  // All lines queued at once: the recogniser's workers decode them in parallel.
  std::vector<std::unique_ptr<SttSession>> sessions(lines.size());
  std::vector<std::future<Result<Transcript>>> heard;
  for (std::size_t i = 0; i < lines.size(); ++i)
    heard.push_back(testing::recognise(
        *e.stt, context, testing::phone_line(testing::speak_all(*e.tts, lines[i].text, "en")),
        sessions[i]));
  std::size_t right = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto t = heard[i].get();
    REQUIRE(t);
    const std::string want = lines[i].party + " " + lines[i].date + " " + lines[i].time;
    const std::string got = slots(t->text);
    if (got == want) ++right;
    else std::cout << "  missed: want [" << want << "] got [" << got << "]  said \"" << lines[i].text
                   << "\"  heard \"" << t->text << "\"\n";
  }
  std::cout << "speech: " << right << "/" << lines.size() << " lines with party, day and time right ("
            << 100.0 * right / lines.size() << " %)\n";
  CHECK(right * 10 >= lines.size() * 9);
}

TEST_CASE("offline recognition refuses languages other than English", "[speech]") {
  auto s = testing::engines().stt->open({"fr", 8000, nullptr, false}, [](Result<Transcript>) {});
  REQUIRE_FALSE(s);
  CHECK(s.error().field == "language");
  auto r = testing::engines().stt->open({"en", 11025, nullptr, false}, [](Result<Transcript>) {});
  REQUIRE_FALSE(r);
  CHECK(r.error().field == "sample_rate_hz");
}
