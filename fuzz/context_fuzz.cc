// Fuzzes the reading of an assistant's context_data (adapters/brain/local/context.h), which the
// API takes from any client, and the answers drawn from it (knowledge.h).
//
// Properties, besides "no crash, no leak, no UB":
// - parse_context accepts exactly what read_context reads without a problem, and refuses with
//   read_context's first problem;
// - every problem is invalid_argument, names a field and says why;
// - what read_context keeps obeys the rules: trade one of the five, room types canonical,
//   durations 1..1440, check-in/out and opening times within the day, every kept list entry
//   complete (a service's name, an order's number, an FAQ's keywords and answer);
// - every kept order is found again by its own number;
// - answer_question, find_service and find_practitioner read the same text as an utterance, in
//   both languages, and an answer is never empty.
#include <cstdint>
#include <string>

#include "adapters/brain/local/context.h"
#include "adapters/brain/local/knowledge.h"
#include "fuzz/check.h"

using namespace webox;
using namespace webox::brain;
using namespace webox::fuzz;

namespace {

void check_kept(const BusinessContext& c) {
  FUZZ_CHECK(is_trade(c.trade), "the trade is one of the five");
  for (const auto& s : c.services) {
    FUZZ_CHECK(!s.name.empty(), "a kept service has a name");
    FUZZ_CHECK(s.duration_minutes >= 1 && s.duration_minutes <= 1440, "a service's duration");
  }
  for (const auto& p : c.practitioners) FUZZ_CHECK(!p.name.empty(), "a practitioner's name");
  for (const auto& r : c.rooms) {
    FUZZ_CHECK(is_room_type(r.type), "a kept room type is canonical");
    FUZZ_CHECK(r.count >= 0 && r.capacity >= 1, "room count and capacity");
  }
  for (auto t : {c.check_in, c.check_out})
    FUZZ_CHECK(!t || (*t >= 0 && *t < 1440), "check-in and check-out within the day");
  for (const auto& f : c.faq) {
    FUZZ_CHECK(!f.keywords.empty() && !f.answer.empty(), "an FAQ entry is complete");
    for (const auto& k : f.keywords) FUZZ_CHECK(!k.empty(), "no empty FAQ keyword");
  }
  if (c.hours)
    for (const auto& day : *c.hours)
      for (const auto& iv : day)
        FUZZ_CHECK(iv.open >= 0 && iv.open < 1440 && iv.close >= 0 && iv.close <= 1440,
                   "opening times within the day");
  for (const auto& o : c.orders) {
    FUZZ_CHECK(!o.number.empty(), "a kept order has a number");
    const Order* found = lookup_order(c, o.number);
    FUZZ_CHECK(found != nullptr, "an order is found by its own number");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view json = as_text(data, size);
  const ContextReading r = read_context(json);
  const auto strict = parse_context(json);
  FUZZ_CHECK(strict.ok() == r.problems.empty(), "strict accepts exactly what has no problem");
  if (!strict) {
    FUZZ_CHECK(strict.error().field == r.problems.front().field, "strict names the first problem");
  }
  for (const auto& p : r.problems) {
    FUZZ_CHECK(p.code == Errc::invalid_argument, "a problem is invalid_argument");
    FUZZ_CHECK(!p.field.empty() && !p.message.empty(), "a problem names its field and says why");
  }
  check_kept(r.context);

  const Words words = tokenize(json);
  for (const char* language : {"fr", "en-GB"}) {
    auto answer = answer_question(r.context, words, language);
    FUZZ_CHECK(!answer || !answer->empty(), "an answer is never empty");
    FUZZ_CHECK(!emergency_number_for(r.context, language).empty(), "an emergency number");
  }
  find_service(r.context, words);
  find_practitioner(r.context, words);
  return 0;
}
