#include "adapters/speech/local/caller_phrases.h"

#include <cstdint>
#include <set>
#include <string_view>

#include "adapters/brain/local/normalize.h"

namespace webox::speech {
namespace {

using List = std::vector<std::string>;

// A fixed pseudo-random walk through the fillers: the same business gives the same model.
class Picker {
 public:
  const std::string& operator()(const List& list) { return list[next() % list.size()]; }
  std::uint64_t next() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return state_;
  }

 private:
  std::uint64_t state_ = 0x9E3779B97F4A7C15ull;
};

const List kSmall = {"one", "two",   "three",  "four",  "five",   "six",
                     "seven", "eight", "nine", "ten", "eleven", "twelve"};
const List kTeens = {"thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
                     "nineteen", "twenty"};
const List kWeekdays = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                        "sunday"};
const List kOrdinals = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                        "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth",
                        "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
                        "nineteenth", "twentieth", "twenty first", "twenty second",
                        "twenty third", "twenty fourth", "twenty fifth", "twenty sixth",
                        "twenty seventh", "twenty eighth", "twenty ninth", "thirtieth",
                        "thirty first"};
const List kMonths = {"january", "february", "march", "april", "may", "june", "july",
                      "august", "september", "october", "november", "december"};
const List kSurnames = {"smith", "jones", "brown", "taylor", "wilson", "johnson", "williams",
                        "davis", "miller", "martin", "garcia", "lee", "walker", "white",
                        "harris", "clark", "lewis", "robinson", "thompson", "moore", "dupont",
                        "bernard", "thomas", "petit", "robert", "richard", "durand", "moreau"};
const List kOpeners = {"", "", "", "hello", "hi", "yes", "yes hello", "hello yes", "hi there",
                       "good evening", "good morning", "good afternoon", "um", "uh", "so",
                       "okay", "hello there"};
const List kClosers = {"", "", "", "", "please", "thank you", "if possible", "thanks",
                       "if you have one", "please thank you"};
const List kYes = {"yes", "yes please", "yeah", "yep", "that's right", "correct", "perfect",
                   "that's correct", "yes that's right", "okay", "sure", "that's fine",
                   "great thank you", "yes thank you", "exactly", "sounds good"};
const List kNo = {"no", "no thanks", "no thank you", "that's all", "nothing else", "no that's it",
                  "no that's wrong", "not quite", "that's all thank you", "goodbye", "bye"};
const List kDayParts = {"in the evening", "in the afternoon", "in the morning", "p.m.", "a.m.",
                        "at night", "for dinner", "for lunch"};

std::string join(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += ' ';
    out += p;
  }
  return out;
}

// A time of day as a caller says it, drawn at random.
std::string time_words(Picker& pick) {
  const std::string& h = pick(kSmall);
  const std::string& h2 = pick(kSmall);
  switch (pick.next() % 16) {
    case 0: case 1: case 2: return h;
    case 3: return h + " o'clock";
    case 4: case 5: return h + " thirty";
    case 6: return h + " fifteen";
    case 7: return h + " forty five";
    case 8: return "half past " + h;
    case 9: return "a quarter past " + h;
    case 10: return "a quarter to " + h;
    case 11: return "quarter past " + h;
    case 12: return "quarter to " + h;
    case 13: return pick.next() % 2 ? "noon" : "twelve noon";
    case 14: return (pick.next() % 2 ? "ten past " : "twenty past ") + h2;
    default: return h + (pick.next() % 2 ? " forty five" : " twenty");
  }
}

std::string time_phrase(Picker& pick) {
  std::string t = time_words(pick);
  if (pick.next() % 3 == 0) t += ' ' + pick(kDayParts);
  switch (pick.next() % 6) {
    case 0: return "around " + t;
    case 1: return "for " + t;
    default: return "at " + t;
  }
}

std::string day_phrase(Picker& pick) {
  const std::string& wd = pick(kWeekdays);
  switch (pick.next() % 14) {
    case 0: return "today";
    case 1: return "tonight";
    case 2: case 3: return "tomorrow";
    case 4: return "tomorrow " + std::string(pick.next() % 2 ? "evening" : "night");
    case 5: return "the day after tomorrow";
    case 6: case 7: return "on " + wd;
    case 8: return wd;
    case 9: return (pick.next() % 2 ? "this " : "next ") + wd;
    case 10: return wd + ' ' + std::string(pick.next() % 2 ? "evening" : "night");
    case 11: return "on the " + pick(kOrdinals);
    case 12: return "on " + pick(kMonths) + ' ' + pick(kOrdinals);
    default: return "this weekend";
  }
}

std::string count_words(Picker& pick) {
  return pick.next() % 8 == 0 ? pick(kTeens) : pick(kSmall);
}

// How many: "for four people", "there will be six of us", ...
std::string party_phrase(Picker& pick, std::string_view people) {
  const std::string n = count_words(pick);
  const std::string who(people);
  switch (pick.next() % 11) {
    case 0: case 1: return "for " + n;
    case 2: case 3: return "for " + n + ' ' + who;
    case 4: return n + ' ' + who;
    case 5: return n + " of us";
    case 6: return "we are " + n;
    case 7: return "we will be " + n;
    case 8: return "there will be " + n + " of us";
    case 9: return "a party of " + n;
    default: return pick.next() % 2 ? "just the two of us" : "for " + n + " persons";
  }
}

struct Trade {
  List requests;        // "i'd like to book a table"
  std::string people;   // what a party counts: "people", "guests"
  bool has_party = true;
  List extras;          // whole lines of the trade
};

Trade trade_words(const brain::BusinessContext& b) {
  if (b.trade == "medical")
    return {{"i'd like an appointment", "i would like to make an appointment",
             "can i book an appointment", "i need to see the doctor", "i need an appointment",
             "can i see the doctor", "an appointment", "do you have an appointment",
             "i'd like to see a doctor"},
            "people", false,
            {"it's urgent", "it's for a consultation", "it's for my son", "i have a fever",
             "it's a check up", "i need a prescription", "my phone number is"}};
  if (b.trade == "hotel")
    return {{"i'd like to book a room", "i would like to reserve a room", "do you have a room",
             "can i book a room", "a room", "a double room", "a single room", "i need a room",
             "a twin room", "a suite", "a family room"},
            "guests", true,
            {"for one night", "for two nights", "for three nights", "for a week",
             "from friday to sunday", "what time is check in", "what time is check out",
             "is breakfast included", "how much is a double room"}};
  if (b.trade == "garage")
    return {{"i'd like to book a service", "i need an appointment for my car",
             "can you look at my car", "i need an oil change", "my car needs a service",
             "i'd like to bring my car in", "can i book my car in", "the brakes are making noise",
             "my car broke down"},
            "people", false,
            {"it's a peugeot two o eight", "it's a renault clio", "the registration is",
             "the check engine light is on", "how much is an oil change", "the air conditioning"}};
  if (b.trade == "ecommerce")
    return {{"where is my order", "i'd like to return an item", "my order has not arrived",
             "my parcel is late", "i want a refund", "the item is damaged", "i want to cancel my order"},
            "people", false,
            {"my order number is", "order number", "it was delivered damaged", "when will it arrive",
             "what is your returns policy", "i need to speak to someone"}};
  return {{"i would like to book a table", "i'd like to book a table", "i'd like to reserve a table",
           "i would like to reserve a table", "can i book a table", "could i book a table",
           "can we have a table", "could we have a table", "do you have a table",
           "i want to book a table", "i need a table", "a table", "table", "book a table",
           "is there a table", "i'd like a table", "can i get a table", "could i have a table",
           "do you have room", "i would like to book", "we would like to book", "can i book",
           "can i reserve", "i'd like to reserve", "we'd like a table", "i want a table",
           "i want to reserve", "could we book", "could i reserve a table", "hi a table",
           "hello a table", "we'd like to book", "a reservation", "i'd like to make a reservation",
           "can i make a booking", "i want to make a reservation"},
          "people", true,
          {"what's on the menu", "do you have vegetarian dishes", "do you have a terrace",
           "is there parking", "can i bring my dog", "do you do takeaway",
           "it's for a birthday", "do you have a high chair"}};
}

// The words of a business's own text: business name, services, practitioners, room types.
List context_words(const brain::BusinessContext& b) {
  List texts = {b.business_name};
  for (const auto& s : b.services) {
    texts.push_back(s.name);
    for (const auto& k : s.keywords) texts.push_back(k);
  }
  for (const auto& p : b.practitioners) {
    texts.push_back(p.name);
    texts.push_back(p.specialty);
  }
  for (const auto& r : b.rooms) texts.push_back(r.type);
  List out;
  for (const std::string& t : texts) {
    std::string words;
    for (const brain::Word& w : brain::tokenize(t)) {
      bool letters = !w.text.empty();
      for (char c : w.text) letters = letters && c >= 'a' && c <= 'z';
      if (letters) words += (words.empty() ? "" : " ") + w.text;
    }
    if (!words.empty()) out.push_back(words);
  }
  return out;
}

}  // namespace

std::vector<std::string> caller_phrases(const brain::BusinessContext& business) {
  const Trade trade = trade_words(business);
  const List names = context_words(business);
  Picker pick;
  std::vector<std::string> out;
  auto add = [&](std::string line) { out.push_back(std::move(line)); };

  // The whole request, its parts in the orders callers use.
  for (int i = 0; i < 6000; ++i) {
    const std::string& open = pick(kOpeners);
    const std::string& ask = pick(trade.requests);
    const std::string party = trade.has_party ? party_phrase(pick, trade.people) : "";
    const std::string day = day_phrase(pick);
    const std::string time = time_phrase(pick);
    const std::string& close = pick(kClosers);
    switch (pick.next() % 9) {
      case 0: case 1: case 2: add(join({open, ask, party, day, time, close})); break;
      case 3: add(join({open, ask, day, time, party, close})); break;
      case 4: add(join({open, party, day, time, close})); break;
      case 5: add(join({open, ask, party, time, day, close})); break;
      case 6: add(join({open, ask, day, party, time, close})); break;
      case 7: add(join({open, ask, party, close})); break;
      default: add(join({open, ask, day, time, close})); break;
    }
  }
  // Lone answers to the assistant's questions.
  for (int i = 0; i < 600; ++i) {
    if (trade.has_party) {
      add(count_words(pick));
      add(party_phrase(pick, trade.people));
    }
    add(day_phrase(pick));
    add(time_words(pick));
    add(time_phrase(pick));
    add(join({day_phrase(pick), time_phrase(pick)}));
  }
  for (const std::string& y : kYes) add(y);
  for (const std::string& n : kNo) add(n);
  // Corrections.
  for (int i = 0; i < 300; ++i) {
    const std::string& no = pick.next() % 2 ? "no" : "sorry";
    if (trade.has_party) add(join({no, party_phrase(pick, trade.people)}));
    add(join({no, day_phrase(pick), "not", pick(kWeekdays)}));
    add(join({"actually make it", time_words(pick)}));
    add(join({no, time_phrase(pick)}));
  }
  // Names: the caller's and the business's own words.
  for (const std::string& n : kSurnames) {
    add("my name is " + n);
    add("in the name of " + n);
    add("it's " + n);
    add(n);
  }
  for (const std::string& n : names) {
    add(n);
    add("with " + n);
    add("i'd like " + n);
    add("how much is " + n);
  }
  // Questions every business hears, and the trade's own lines.
  for (std::string_view q : {"what time do you open", "what time do you close",
                             "what are your opening hours", "are you open on sunday",
                             "are you open today", "where are you", "what is your address",
                             "how much is it", "can i speak to someone", "i'd like to cancel my booking",
                             "i'd like to change my booking", "can i change the time",
                             "i want to cancel", "can you repeat that", "sorry i didn't hear"})
    add(std::string(q));
  for (const std::string& e : trade.extras) add(e);
  return out;
}

}  // namespace webox::speech
