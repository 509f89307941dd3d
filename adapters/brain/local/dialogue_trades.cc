// The parts of the conversation that depend on the business's trade: a practice's emergencies
// and practitioners, a shop's orders and tickets, a hotel's rooms, a garage's services.
#include <algorithm>
#include <cctype>
#include <tuple>

#include "adapters/brain/local/dialogue.h"
#include "adapters/brain/local/knowledge.h"
#include "adapters/brain/local/names.h"
#include "adapters/brain/local/numbers.h"
#include "adapters/brain/local/word_match.h"
#include "adapters/brain/local/dates.h"
#include "adapters/brain/local/stay.h"

namespace webox::brain {
namespace {

// "Orders ship within 1 business day and arrive in 3 to 5 business days." -> "3 to 5 business
// days": the transit time of a delivery FAQ, from the first number of its part about arriving.
std::string transit_time(std::string_view faq) {
  std::string text(faq);
  for (std::string_view sep : {"; ", ". ", ", and ", " and ", ", et ", " et "})
    for (auto at = text.find(sep); at != std::string::npos; at = text.find(sep, at + 1))
      text.replace(at, sep.size(), "|");
  for (std::size_t from = 0; from < text.size();) {
    const std::size_t end = std::min(text.find('|', from), text.size());
    std::string part = text.substr(from, end - from);
    from = end + 1;
    const std::string folded = fold(part);
    const bool arriving = folded.find("arriv") != std::string::npos || folded.find("deliver") != std::string::npos ||
                          folded.find("livr") != std::string::npos || folded.find("recev") != std::string::npos;
    const auto digit = part.find_first_of("0123456789");
    if (!arriving || digit == std::string::npos) continue;
    part = part.substr(digit);
    while (!part.empty() && (part.back() == '.' || part.back() == ' ')) part.pop_back();
    return part;
  }
  return "";
}

// "J'avais renvoyé une selle, j'ai été remboursé ?", "I sent it back, have I been refunded?": a
// return already made, asked about, is the order's status, not the returns policy (was the policy
// read twice). So is any return question about an order whose status is a refund or a return.
bool return_already_made(std::string_view utterance, const Order& o) {
  std::string said = " " + fold(utterance) + " ";
  for (char& ch : said)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = ' ';
  for (std::string_view p : {" ete rembourse", " suis rembourse", " ai renvoye", " avais renvoye", " ai retourne",
                             " avais retourne", " deja renvoye", " deja retourne", " mon remboursement",
                             " ete recredite", " been refunded", " was refunded", " my refund", " got refunded",
                             " i returned", " i sent it back", " i sent back", " already returned",
                             " already sent", " i had returned", " i ve returned", " i ve sent"})
    if (said.find(p) != std::string::npos) return true;
  const std::string status = fold(o.status);
  for (std::string_view w : {"rembours", "refund", "retour", "return", "avoir", "credit"})
    if (status.find(w) != std::string::npos) return true;
  return false;
}

// "Do I need to print a label?", "est-ce que je dois payer le retour ?": a yes-or-no question
// about something to do, not about where the order is ("has it shipped?", "c'est parti ?").
bool asks_something_else(const Words& w) {
  const bool yes_no = said_any_phrase(w, {"do i", "do you", "can i", "should i", "is there", "will i", "have i",
                                          "est ce que je", "est ce qu il", "dois je", "faut il", "je dois",
                                          "puis je", "je peux"});
  const bool status = said_any_phrase(w, {"where", "status", "ship", "shipped", "sent", "dispatch", "dispatched",
                                          "arrive", "arrived", "when", "happen", "going on", "update", "track",
                                          "tracking", "late", "delay", "delayed", "yet", "ou", "statut", "parti",
                                          "partie", "expedie", "expediee", "envoye", "envoyee", "arrivee",
                                          "quand", "en est", "suivi", "suivre", "retard", "toujours"});
  return yes_no && !status;
}

// "My order HP-7815 hasn't shipped yet, what's going on? And do you do free shipping?": the
// questions asked in sentences after the order's, answered after its status (was the second one
// dropped), each followed by a space. Only sentences that ask ("and do you...", "...?") count.
// "It was order TT-58790, do I need to print a label?": a question said after the number in its
// own clause that nothing answers hears `unknown` (was the status alone, as if it answered).
std::string other_questions(const BusinessContext& c, std::string_view said, std::string_view lang,
                            std::string_view unknown) {
  std::string out;
  bool after_order = false, unanswered = false;
  for (std::size_t from = 0; from < said.size();) {
    const std::size_t end = std::min(said.find_first_of("?.!", from), said.size());
    const std::string_view sentence = said.substr(from, end - from);
    const bool asked = end < said.size() && said[end] == '?';
    from = end + 1;
    const Words w = tokenize(sentence);
    if (w.empty()) continue;
    const bool has_number = std::ranges::any_of(w, [](const Word& x) { return is_number_text(x.text); });
    if (has_number) {
      after_order = true;
      // "..., do I need to print a label?": the clause after the number's, when it asks.
      const std::size_t comma = sentence.rfind(',');
      if (asked && comma != std::string_view::npos) {
        const Words tail = tokenize(sentence.substr(comma + 1));
        if (!std::ranges::any_of(tail, [](const Word& x) { return is_number_text(x.text); }) &&
            asks_something_else(tail)) {
          if (auto a = answer_question(c, tail, lang)) out += *a + " ";
          else unanswered = true;
        }
      }
      continue;
    }
    if (!after_order || !(asked || asks_back(w))) continue;
    if (auto a = answer_question(c, w, lang)) out += *a + " ";
    else if (asked && asks_something_else(w)) unanswered = true;
  }
  if (unanswered) out += std::string(unknown);
  return out;
}

// Days from a phrase of days: "ships in 2 days" -> {2, 2}, "tomorrow"/"demain" -> {1, 1}, "3 to 5
// business days" / "2 à 3 jours" -> {3, 5} / {2, 3}; nullopt when it counts no days.
std::optional<std::pair<int, int>> days_in(std::string_view text) {
  const Words w = tokenize(text);
  if (said_any_phrase(w, {"tomorrow", "demain"})) return std::pair{1, 1};
  for (std::size_t i = 0; i < w.size(); ++i) {
    const auto first = parse_number(w, i);
    if (!first) continue;
    std::size_t at = i + first->length;
    int last = first->value;
    if (at + 1 < w.size() && (w[at].text == "to" || w[at].text == "a" || w[at].text == "or"))
      if (const auto second = parse_number(w, at + 1)) {
        last = second->value;
        at += 1 + second->length;
      }
    for (std::size_t k = at; k < w.size() && k <= at + 1; ++k)
      if (w[k].text.starts_with("day") || w[k].text.starts_with("jour")) return std::pair{first->value, last};
    return std::nullopt;
  }
  return std::nullopt;
}

// "Expected: ships in 2 days." and the delivery FAQ ("Orders ship within 1 business day and
// arrive in 3 to 5 business days") said one after the other contradicted each other: the
// order's own shipping, then the FAQ's transit time, in one sentence, and when both count days,
// the two added up: "It ships in 2 days; delivery then takes 3 to 5 business days, so it should
// reach you in about 5 to 7 business days." (was left for the caller to add).
std::string with_transit(const std::string& said, const Order& o, const std::string& faq, bool fr) {
  const std::string transit = transit_time(faq);
  const std::string expected = eta_sentence(o, fr ? "fr" : "en");
  const auto at = said.find(expected);
  if (transit.empty() || o.eta.empty() || at == std::string::npos) return said + " " + faq;
  std::string total;
  const auto shipping = days_in(o.eta), travel = days_in(transit);
  if (shipping && travel) {
    const int from = shipping->first + travel->first, to = shipping->first + travel->second;
    const std::string span = from == to ? std::to_string(from) : std::to_string(from) + (fr ? " à " : " to ") + std::to_string(to);
    // " business days", " jours": what follows the transit's last number, as the FAQ says it.
    const auto number = transit.rfind(std::to_string(travel->second));
    const auto space = number == std::string::npos ? number : transit.find(' ', number);
    if (space != std::string::npos) {
      const std::string unit = transit.substr(space);
      total = fr ? ", soit environ " + span + unit + " en tout" : ", so it should reach you in about " + span + unit;
    }
  }
  std::string both = expected;
  both.pop_back();  // its full stop
  both += fr ? " ; comptez ensuite " + transit + " de livraison" + total + "."
             : "; delivery then takes " + transit + total + ".";
  return said.substr(0, at) + both + said.substr(at + expected.size());
}

}  // namespace

bool any_will_do(const Words& w) {
  for (std::string_view p : {"peu importe", "n importe", "pas de preference", "le premier", "first one",
                             "any", "anyone", "whoever", "no preference", "doesn t matter",
                             "don t mind", "ca m est egal", "qui est disponible", "who s available"})
    if (find_phrase(w, p) != std::string_view::npos) return true;
  return false;
}

namespace {

// Nothing but a name, as a recogniser writes one: "Emma Wilson", "Perrin, P E R R I N", after
// an "ok" or a "cool." at most.
bool looks_like_a_name(const Words& w) {
  std::size_t names = 0, letters = 0;
  for (const Word& x : w) {
    if (names == 0 && letters == 0 && !x.capitalised && is_filler(x.text) && x.text.size() > 1) continue;
    if (x.text.size() == 1) ++letters;
    else if (x.capitalised) ++names;
    else return false;
  }
  return names >= 1 && names <= 3 && (letters == 0 || letters >= 2);
}

// Any intent at all; compared with none, so an intent added to Intents counts without a list.
bool has_intent(const Intents& in) { return !(in == Intents{}); }

// The reason a caller gives with their request for an appointment ("un rendez-vous car j'ai
// mal au dos", "an appointment for a sore throat"), in their own words: what follows a marker,
// up to the first word of a day, time or person. Empty when nothing is left.
std::string reason_in_request(const Words& w, std::string_view said) {
  static constexpr std::string_view kMarkers[] = {
      "parce que j ai", "car j ai", "j ai", "pour une", "pour un", "pour des", "pour mon",
      "pour ma", "pour mes", "because i have", "because of", "because my", "i ve got",
      "i have got", "i have a", "i have", "he has", "she has", "he s got", "she s got", "il a une",
      "elle a une", "il a de la", "elle a de la", "il a mal", "elle a mal", "for a", "for an", "for my"};
  // "for my son", "pour ma fille": the patient, not the reason.
  static constexpr std::string_view kPatients[] = {
      "son", "daughter", "child", "kid", "baby", "wife", "husband", "mother", "father", "mum", "mom",
      "dad", "fils", "fille", "enfant", "bebe", "femme", "mari", "mere", "pere", "grand"};
  static constexpr std::string_view kStops[] = {
      "demain", "aujourd", "apres", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
      "dimanche", "tomorrow", "today", "monday", "tuesday", "wednesday", "thursday", "friday",
      "saturday", "sunday", "this", "next", "ce", "cette", "prochain", "prochaine", "avec",
      "with", "at", "vers", "midi", "matin", "soir", "morning", "afternoon", "evening", "around", "please", "svp", "s", "le", "la", "et", "and", "rendez",
      "appointment", "consultation", "docteur", "doctor", "dr", "any", "anyone", "whoever", "n", "peu"};
  for (std::string_view m : kMarkers) {
    const std::size_t at = find_phrase(w, m);
    if (at == std::string_view::npos) continue;
    std::size_t from = at + phrase_length(m), to = from;
    if (from < w.size() && std::find(std::begin(kPatients), std::end(kPatients), w[from].text) != std::end(kPatients))
      continue;
    while (to < w.size() && std::find(std::begin(kStops), std::end(kStops), w[to].text) == std::end(kStops) &&
           !std::isdigit(static_cast<unsigned char>(w[to].text.front())))
      ++to;
    // "pour un rendez-vous": a word of the request itself, no reason yet; look further on.
    if (to == from) continue;
    return std::string(said.substr(w[from].begin, w[to - 1].end - w[from].begin));
  }
  return {};
}

}  // namespace

bool has_detail(const Understanding& u) {
  return u.party || u.date || u.time || u.name || u.phone || u.order_number || u.plate ||
         u.nights || u.room_type || u.vehicle;
}

// A detail given when another was asked ("Perrin" when the car's model was asked, a phone
// number when the practitioner was): the words are read as each detail the booking still
// lacks, in the form's order, and the first reading that finds one is kept.
Understanding Dialogue::read_out_of_turn(std::string_view utterance, Understanding u) const {
  // "C'est LC 20850." after the returns policy: a number one of the shop's orders has is that
  // order, asked or not (was "Lc" the caller's name and the number ignored).
  if (!u.order_number && !business_.orders.empty() && asked_ != Asked::order_number) {
    Understanding order = understand(utterance, now_.date, Asked::order_number);
    if (order.order_number && lookup_order(business_, *order.order_number)) {
      order.intents = u.intents;
      return order;
    }
  }
  const bool only_free_text = u.free_text && !has_detail(u);
  if ((has_detail(u) || (only_free_text && !looks_like_a_name(words_))) || has_intent(u.intents))
    return u;
  const std::string_view lang = lang_code();
  if (answer_question(business_, words_, lang)) return u;  // a question, answered later
  for (Asked a : form_) {
    if (a == asked_ || filled(a) || a == Asked::service || a == Asked::practitioner) continue;
    if (a == Asked::name && !looks_like_a_name(words_)) continue;
    Understanding other = understand(utterance, now_.date, a);
    if (has_detail(other)) return other;
  }
  return u;
}

// The FAQ's answer about towing or breakdowns ("appelez notre dépanneuse au 02 40 ..."), if any.
std::optional<std::string> Dialogue::tow_line() const {
  for (const Faq& f : business_.faq)
    for (const std::string& k : f.keywords) {
      const std::string key = fold(k);
      for (std::string_view w : {"depann", "remorqu", "tow", "breakdown", "broke down", "broken down", "en panne"})
        if (key.find(w) != std::string::npos) return f.answer;
    }
  return std::nullopt;
}

// Any trade: a caller in danger is told the emergency number first, then put through.
namespace {

// A restaurant's fixed seatings, from its FAQ entry about them ("We have two seatings each night,
// at 7 pm and at 9 pm.", "deux services, à 19h et à 21h"): their times, or none.
std::vector<ClockTime> seatings_of(const BusinessContext& c) {
  if (c.trade != "restaurant") return {};
  for (const Faq& f : c.faq) {
    const bool about = std::ranges::any_of(f.keywords, [](const std::string& k) {
      const std::string t = fold(k);
      return t == "seating" || t == "seatings" || t == "sitting" || t == "sittings" || t == "services";
    });
    if (!about) continue;
    std::vector<ClockTime> times;
    std::string piece;
    auto flush = [&] {
      const Words w = tokenize(piece);
      std::vector<bool> used(w.size(), false);
      if (auto t = find_time(w, used, false)) times.push_back(resolve(*t, DayPart::evening));
      piece.clear();
    };
    const Words all = tokenize(f.answer);
    for (const Word& w : all) {
      if (w.text == "and" || w.text == "et" || w.text == "or" || w.text == "ou") flush();
      piece += std::string(f.answer.substr(w.begin, w.end - w.begin)) + " ";
    }
    flush();
    if (times.size() >= 2) return times;
  }
  return {};
}

}  // namespace

std::vector<ClockTime> Dialogue::seatings() const { return seatings_of(business_); }

namespace {

bool names_urgency(std::string_view text) {
  const std::string f = fold(text);
  return f.find("urgen") != std::string::npos || f.find("emergenc") != std::string::npos;
}

// The business's service for urgent cases: its name says so ("Urgence dentaire", "Emergency
// visit"), or nothing.
const Service* emergency_service(const BusinessContext& c) {
  for (const Service& s : c.services)
    if (names_urgency(s.name)) return &s;
  return nullptr;
}

// The FAQ entry about urgent cases that names a time ("un créneau d'urgence à 11 h 30").
std::optional<std::pair<std::string, ClockTime>> emergency_faq(const BusinessContext& c) {
  for (const Faq& f : c.faq) {
    if (!std::ranges::any_of(f.keywords, [](const std::string& k) { return names_urgency(k); })) continue;
    const Words w = tokenize(f.answer);
    std::vector<bool> used(w.size(), false);
    if (auto t = find_time(w, used, false)) return std::pair{f.answer, resolve(*t, DayPart::none)};
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> Dialogue::urgent_service() const {
  const Service* s = emergency_service(business_);
  if (!s || !emergency_faq(business_)) return std::nullopt;
  return s->name;
}

bool Dialogue::propose_emergency_slot() {
  const Service* s = emergency_service(business_);
  if (!s || !slots_.service || *slots_.service != s->name || slots_.time) return false;
  const auto faq = emergency_faq(business_);
  if (!faq) return false;
  const ClockTime at = faq->second;
  // The day asked, or the first day ahead open at that time (today while it is still ahead).
  std::optional<Date> day = slots_.date;
  for (int ahead = 0; !day && ahead <= 7; ++ahead) {
    const Date d = add_days(now_.date, ahead);
    if ((ahead > 0 || at.minutes() > now_.minutes) && business_.open_at(weekday(d), at.minutes())) day = d;
  }
  if (!day || !business_.open_at(weekday(*day), at.minutes())) return false;
  slots_.date = day;
  const Meridiem m = at.hour > 12 ? Meridiem::none : at.hour < 12 ? Meridiem::am : Meridiem::pm;
  slots_.time = SpokenTime{at.hour, at.minute, m};  // 24-hour times are never ambiguous
  if (answered_first_.find(faq->first) == std::string::npos) answered_first_ += faq->first + " ";
  return true;
}

// A life at stake: the number said plainly and the call ended, since the caller must dial it
// (was "hang up and call 911" then a transfer, or "anything else?"). A mere "c'est urgent"
// still hears the number as a precaution, then a person or the next question.
Reply Dialogue::urgent() {
  const std::string number =
      emergency_number_for(business_, lang_code());
  if (life_at_stake(words_)) return end(phrases_.call_emergency_now(number));
  emergency_told_ = number;
  const bool human = can_transfer();
  if (human) return transfer(phrases_.urgent(number, true, business_.trade == "medical"), "urgent");
  forget_request();
  stage_ = Stage::anything_else;
  advice_ = phrases_.urgent(number, false);
  return say(advice_, Asked::anything_else);
}

// What callers ask that no booking answers: a broken-down car (the workshop), medical advice
// (never given: an appointment or the practice), a request about an existing stay or table
// (reception), and follow-ups about the order just looked up.
std::optional<Reply> Dialogue::not_a_booking(const Understanding& u) {
  const Intents& in = u.intents;
  const std::string_view lang = lang_code();
  if (in.breakdown && business_.trade == "garage") {
    // The tow line the business gives in its FAQ is what a stranded driver needs first; then
    // the workshop, when someone is there to answer.
    if (auto tow = tow_line()) {
      stage_ = Stage::anything_else;
      const bool human = can_transfer();
      advice_ = *tow + " " + phrases_.question(Asked::anything_else);
      Reply r = say(phrases_.breakdown_sorry() + *tow + " " +
                        (human ? phrases_.offer_human() : phrases_.question(Asked::anything_else)),
                    Asked::anything_else);
      offered_human_ = human;
      r.used.push_back({"answer_question", "faq", true});
      return r;
    }
    if (can_transfer()) return transfer(phrases_.breakdown(), "breakdown");
    return human_wanted("");
  }
  if (in.advice && business_.trade == "medical") {
    forget_request();
    stage_ = Stage::anything_else;
    if (!can_transfer())
      return say(phrases_.no_medical_advice() + phrases_.question(Asked::anything_else),
                 Asked::anything_else);
    Reply r = say(phrases_.no_medical_advice() + phrases_.offer_human(), Asked::anything_else);
    offered_human_ = true;
    return r;
  }
  if (in.special_request && !in.book) {
    // "A cot in the room?" that the business's facts answer is answered, and a booking under
    // way goes on; anything else is for reception.
    auto known = answer_question(business_, words_, lang);
    // "Do you have a cot?" where the FAQ keys its answer to children ("under-3s stay free in
    // a travel cot"): the answer that names the thing asked for, first (was a transfer).
    for (const Faq& f : business_.faq) {
      const Words answer = tokenize(f.answer);
      const bool names = std::ranges::any_of(special_requests_said(words_), [&](std::string_view p) {
        return find_phrase(answer, p) != std::string_view::npos;
      });
      if (!names || (known && known->find(f.answer) != std::string::npos)) continue;
      known = f.answer + (known ? " " + *known : "");
      break;
    }
    if (known) {
      if (stage_ == Stage::booking || stage_ == Stage::confirming) slots_.notes = utterance_;
      // "Okafor. Do you have a cot?" at the name's question: the name is kept, the booking goes on.
      if (stage_ == Stage::booking && has_detail(u) && !in.cancel) {
        answered_first_ = *known + " ";
        merge(u);
        return take_details(u, false);
      }
      return answer_fact(*known);
    }
    return human_wanted(phrases_.special_request(), "special-request");
  }
  if (!last_order_.empty() && !u.order_number && !in.ticket && !in.returns && !in.book) {
    if (const Order* o = lookup_order(business_, last_order_))
      if (auto said = order_detail(*o, words_, lang)) {
        stage_ = Stage::anything_else;
        // "Elle arrivera quand ?" for an order not shipped yet ("Prévu : expédition demain."):
        // how long a parcel takes, when the FAQ says it.
        const bool when = std::ranges::any_of(std::initializer_list<std::string_view>{"arrive", "arriver", "arrivera", "recevoir", "receive", "get it",
                                            "get here", "quand", "when"},
                                           [&](std::string_view p) { return find_phrase(words_, p) != std::string_view::npos; });
        if (when && o->carrier.empty())
          for (const Faq& f : business_.faq)
            if (std::ranges::any_of(f.keywords, [](const std::string& k) {
                  const std::string key = fold(k);
                  return key.find("delai") != std::string::npos || key.find("delivery time") != std::string::npos;
                })) {
              *said = with_transit(*said, *o, f.answer, lang == "fr");
              break;
            }
        // "Custom photo case": what the FAQ says of such an item ("take 2 extra days to print").
        if (when && o->carrier.empty()) {
          const Words items = tokenize(o->items);
          for (const Faq& f : business_.faq)
            if (std::ranges::any_of(f.keywords, [&](const std::string& k) {
                  return find_phrase(items, fold(k)) != std::string_view::npos;
                })) {
              *said += " " + f.answer;
              break;
            }
        }
        // "Vous avez le numéro de suivi ? et vous livrez en Suisse ?": a question of the FAQ
        // asked beside the order's detail is answered too (was dropped until asked again).
        // A "when?" already took the FAQ's delivery delay into the detail.
        if (auto also = when ? std::nullopt : faq_answer(business_, words_); also && said->find(*also) == std::string::npos)
          *said += " " + *also;
        Reply r = say(*said + " " + phrases_.question(Asked::anything_else), Asked::anything_else);
        r.used.push_back({"lookup_order", "order", true});
        return r;
      }
  }
  return std::nullopt;
}

namespace {

// The sentence of `said` that names a loan car, and whether it ends with a question mark.
std::pair<std::string, bool> loan_car_sentence(std::string_view said) {
  for (std::size_t from = 0; from < said.size();) {
    const std::size_t end = std::min(said.find_first_of(".?!", from), said.size());
    const std::string sentence(said.substr(from, end - from));
    if (names_loan_car(tokenize(sentence))) return {sentence, end < said.size() && said[end] == '?'};
    from = end + 1;
  }
  return {std::string(said), said.find('?') != std::string_view::npos};
}

}  // namespace

bool names_home_visit(const Words& w) {
  return said_any_phrase(w, {"chez moi", "chez nous", "a domicile", "mon domicile", "a la maison", "venir chez",
                             "vous deplacer", "vous vous deplacez", "at my home", "at home", "my house", "my place",
                             "come to me", "come to my", "come out to", "mobile service", "at my work"});
}

bool comes_to_callers(const BusinessContext& c) {
  for (const Faq& f : c.faq) {
    bool about = names_home_visit(tokenize(f.answer));
    for (const std::string& k : f.keywords) about = about || names_home_visit(tokenize(k));
    if (!about) continue;
    const Words a = tokenize(f.answer);
    // Not a bare "pas de" nor "no": "sans supplément, pas de frais", "at no extra cost" say yes.
    for (std::string_view no : {"pas a domicile", "pas de deplacement", "pas d intervention", "ne nous deplacons pas",
                                "ne faisons pas", "n intervenons pas", "no home", "no mobile", "not", "don t",
                                "do not", "unfortunately", "malheureusement"})
      if (find_phrase(a, no) != std::string_view::npos) return false;
    return true;
  }
  return false;
}

bool installed_at_home(const Service& s) {
  static constexpr std::string_view kCharger[] = {"borne", "bornes", "wallbox", "charger", "chargeur", "charging point",
                                                  "charge point", "point de recharge"};
  if (said_any_phrase(tokenize(s.name), kCharger)) return true;
  for (const std::string& k : s.keywords)
    if (said_any_phrase(tokenize(k), kCharger)) return true;
  return false;
}

std::string email_in(std::string_view said) {
  const std::size_t at = said.find('@');
  if (at == std::string_view::npos || at == 0) return "";
  const auto part = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' || c == '+'; };
  std::size_t from = at, to = at + 1;
  while (from > 0 && part(said[from - 1])) --from;
  while (to < said.size() && part(said[to])) ++to;
  while (to > at + 1 && said[to - 1] == '.') --to;  // the sentence's full stop
  const std::string_view email = said.substr(from, to - from);
  if (from == at || email.find('.', at - from) == std::string_view::npos) return "";
  return std::string(email);
}

namespace {

// Whether the garage lends cars: its FAQ entry about them says so without a denial ("We have two
// courtesy cars", not "Nous n'avons pas de véhicule de prêt").
bool lends_cars(const BusinessContext& c) {
  for (const Faq& f : c.faq) {
    bool about = false;
    for (const std::string& k : f.keywords) about = about || names_loan_car(tokenize(k));
    if (!about) continue;
    const Words a = tokenize(f.answer);
    for (std::string_view no : {"pas de", "n avons pas", "ne pretons pas", "aucun", "aucune", "no", "not",
                                "don t", "do not", "don t have", "unfortunately", "malheureusement"})
      if (find_phrase(a, no) != std::string_view::npos) return false;
    return true;
  }
  return false;
}

// The service the FAQ lends cars with: named after a word that makes it a condition ("with a
// full service", "avec un débosselage", "pour les réparations de carrosserie"). A service's
// words elsewhere are no rule: "Un véhicule électrique de prêt est disponible sur réservation"
// describes the car (was read as "only with Entretien véhicule électrique", a rule made up).
const Service* service_lent_with(const BusinessContext& c, const Words& answer) {
  for (std::string_view cond : {"with", "avec", "pour", "for", "only", "uniquement", "seulement", "reserve aux",
                                "reserved for"})
    for (std::size_t at = find_phrase(answer, cond); at != std::string_view::npos;
         at = find_phrase(answer, cond, at + 1)) {
      const Words after(answer.begin() + static_cast<std::ptrdiff_t>(at + phrase_length(cond)), answer.end());
      if (const Service* s = find_service(c, after)) return s;
    }
  return nullptr;
}

}  // namespace

std::optional<Dialogue::LoanRule> Dialogue::loan_car_rule() const {
  if (!lends_cars(business_)) return std::nullopt;
  for (const Faq& f : business_.faq) {
    bool about = false;
    for (const std::string& k : f.keywords) about = about || names_loan_car(tokenize(k));
    if (!about) continue;
    const Service* with = service_lent_with(business_, tokenize(f.answer));
    const Service* asked = find_service(business_, words_);
    const std::string booked = slots_.service ? *slots_.service : asked ? asked->name : "";
    if (!with || booked.empty() || booked == with->name) return std::nullopt;
    return LoanRule{f.answer, with->name, booked};
  }
  return std::nullopt;
}

// The rule in place of the FAQ's generic answer, or before the reply: once in full, then short.
std::string Dialogue::with_loan_car_rule(std::string text) {
  const auto rule = loan_car_rule();
  if (!rule) return text;
  if (const auto at = text.find(rule->answer); at != std::string::npos)
    text.erase(at, rule->answer.size() + (at + rule->answer.size() < text.size() ? 1 : 0));
  // "So no courtesy car for just an MOT? ok fine": the caller says it back; that is agreed to.
  const Words w = tokenize(loan_car_sentence(utterance_).first);
  const bool says_it_back = std::ranges::any_of(w, [](const Word& x) {
    return x.text == "no" || x.text == "not" || x.text == "pas" || x.text == "sans" || x.text == "without";
  });
  const bool again = std::exchange(loan_rule_told_, true);
  const std::string said = !again        ? phrases_.loan_car_not_with(rule->with, rule->booked)
                           : says_it_back ? phrases_.thats_right()
                                          : phrases_.loan_car_not_with_again(rule->booked);
  return said + text;
}

// "Yes, I'd like the courtesy car please" while booking a garage's service: noted on the
// booking (read back, in its details, said when booked), since no tool books the cars apart and
// the desk hands them out; "have you put me down for one?" hears that it is. A question about
// loan cars alone is the FAQ's (nullopt), as is anything else.
std::optional<Reply> Dialogue::loan_car(const Understanding& u) {
  if (business_.trade != "garage" || !names_loan_car(words_)) return std::nullopt;
  // Turned down for their age, or "je peux me passer de la voiture de courtoisie", "no need for
  // a loan car": none noted (was "Je note le véhicule de prêt" to a caller who gave it up).
  const Words sentence_words = tokenize(loan_car_sentence(utterance_).first);
  if (loan_car_refused_ || said_any_phrase(sentence_words, {"passer de", "passer du", "sans", "pas besoin",
                                                            "without", "no need", "don t need", "do not need"})) {
    slots_.loan_car = false;
    return std::nullopt;
  }
  // "I need an MOT tomorrow and I'll need a courtesy car as well" where cars come with a full
  // service only: that said plainly, and the booking goes on without one (was the car ignored,
  // then the generic rule read twice).
  if (loan_car_rule()) {
    loan_rule_due_ = true;
    return std::nullopt;
  }
  const auto [sentence, question] = loan_car_sentence(utterance_);
  const Words w = tokenize(sentence);
  // "And the courtesy car? Have you put me down for one?": the asking may follow the naming.
  const bool status = said_any_phrase(words_, {"booked", "put me down", "noted", "reserved", "have you", "did you",
                                "is it", "est note", "est notee", "c est note", "reservee", "vous avez note",
                                "vous m avez"});
  const bool wish = said_any_phrase(w, {"i d like", "i would like", "i want", "i ll take", "i will take", "i ll have",
                              "please", "yes", "yeah", "book", "reserve", "i need", "we need", "with a",
                              "je voudrais", "je veux", "je prends", "oui", "s il vous plait", "reserver",
                              "reservez", "j aimerais", "il me faut", "avec un", "avec une"});
  const bool has_one = slots_.loan_car || loan_car_booked_;  // only where cars are lent
  // "Yes, and the courtesy car is booked too?" at the read-back: the yes books, and the booked
  // line says the car is noted.
  if (stage_ == Stage::confirming && u.intents.answer == Answer::yes && slots_.loan_car) return std::nullopt;
  if (status && has_one && (question || utterance_.find('?') != std::string::npos || asks_back(w))) {
    misses_ = 0;
    // "9 in the morning. and will the courtesy car be booked for me?": the answer first, and
    // the time said with it taken as usual (was asked again).
    if (stage_ == Stage::booking && (has_detail(u) || has_trade_slot(u))) {
      answered_first_ = phrases_.loan_car_on_booking(true);
      const bool changed = merge(u);
      drop_rules_not_applying();
      return take_details(u, changed);
    }
    if (stage_ == Stage::open) stage_ = Stage::anything_else;
    const Asked next = stage_ == Stage::anything_else ? Asked::anything_else : asked_;
    return say(phrases_.loan_car_on_booking(true) + (next == Asked::anything_else ? phrases_.question(next) : current_question()),
               next);
  }
  const bool booking = stage_ == Stage::booking || stage_ == Stage::confirming || u.intents.book;
  if (!wish || status || !booking) return std::nullopt;
  // A garage that lends none: what its FAQ says, and the booking goes on without one. (A
  // question mark has the FAQ answered beside the details already.)
  if (!lends_cars(business_)) {
    if (utterance_.find('?') == std::string::npos)
      if (auto no = answer_question(business_, w, lang_code())) answered_first_ += *no + " ";
    return std::nullopt;
  }
  slots_.loan_car = true;
  if (stage_ == Stage::confirming && !has_detail(u)) return say(phrases_.loan_car_noted() + read_back(), Asked::confirmation);
  if (stage_ == Stage::booking && !has_detail(u) && !has_trade_slot(u))
    return say(phrases_.loan_car_noted() + current_question(), asked_);
  answered_first_ += phrases_.loan_car_noted();  // the details said with it are taken as usual
  return std::nullopt;
}

Reply Dialogue::order_status(const Understanding& u) {
  // "Grinders carry a 2-year warranty; I'll open a ticket", then "my name's Dana Whitfield, I
  // don't have the order number handy": the case promised is opened with the caller's words
  // (was the number asked for, twice, then a transfer).
  if (!u.order_number && !promised_case_.empty() && no_order_number(words_)) {
    complaint_ = std::exchange(promised_case_, "");
    return open_ticket(u, true);
  }
  // Asked already and still no number: not asked forever ("karen smith", "no that's all").
  // "No, I don't have it": a person looks it up by name.
  if (!u.order_number && asked_ == Asked::order_number &&
      (u.intents.answer == Answer::no || u.intents.thanks)) {
    stage_ = Stage::anything_else;
    if (!can_transfer()) return say(phrases_.question(Asked::anything_else), Asked::anything_else);
    Reply r = say(phrases_.offer_human(), Asked::anything_else);
    offered_human_ = true;
    return r;
  }
  // "When will it arrive?" while the number is asked: the number is what it takes.
  if (!u.order_number && asked_ == Asked::order_number &&
      (utterance_.find('?') != std::string::npos || asks_back(words_))) {
    const Intents& in = u.intents;
    // "Je peux l'échanger ?": the returns policy answers that without the number.
    if (in.returns || in.prices || in.policy || in.hours || in.address || in.phone || in.menu || in.checkin)
      return answer_questions(u);
    return say(phrases_.need_order_number() + ask(Asked::order_number), Asked::order_number);
  }
  if (!u.order_number && asked_ == Asked::order_number) return missed();
  // "J'ai commandé de la laine, je peux la renvoyer ? Comment ça marche ?": the returns policy
  // answers that without the number (was the number asked, then only the status said).
  if (!u.order_number && u.intents.returns && !business_.returns_policy.empty()) return answer_questions(u);
  if (!u.order_number) return say(ask(Asked::order_number), Asked::order_number);
  const Order* o = lookup_order(business_, *u.order_number);
  if (o) last_order_ = o->number;
  // "I'd like to return it, order TS-5003, how do I do that?": the returns policy, not its status.
  if (o && u.intents.returns && !business_.returns_policy.empty() && !return_already_made(utterance_, *o))
    return answer_questions(u);
  // A number not found the first time is likely misheard or misread: asked again, so "when will
  // it arrive?" is not answered "I don't have that information".
  if (!o && !order_missed_) {
    order_missed_ = true;
    Reply r = say(phrases_.order_unknown(*u.order_number) + phrases_.check_order_number(), Asked::order_number);
    r.used.push_back({"lookup_order", "order", false});
    return r;
  }
  stage_ = Stage::anything_else;
  // Not found again: a person can look it up by name, when someone is there.
  const bool offer = !o && can_transfer();
  Reply r = say((o ? phrases_.order_status(*o) + other_questions(business_, utterance_, lang_code(), phrases_.no_answer_to_that())
                    : phrases_.order_unknown(*u.order_number)) +
                    (offer ? phrases_.offer_human() : phrases_.question(Asked::anything_else)),
                Asked::anything_else);
  offered_human_ = offer;
  r.used.push_back({"lookup_order", "order", o != nullptr});
  return r;
}

// "C'est pour un renouvellement d'ordonnance", answered from the FAQ, then "je veux bien un
// rendez-vous": that is the visit's reason, not asked again.
void Dialogue::remember_reason() {
  if (business_.trade != "medical") return;
  if (std::string reason = reason_in_request(words_, utterance_); !reason.empty()) reason_said_ = std::move(reason);
}

std::vector<const Service*> Dialogue::services_named(const Understanding& u) const {
  std::vector<const Service*> out;
  if (business_.services.size() < 2) return out;
  const std::optional<Words> rest = words_without_other_subjects(u);
  const Words& w = rest ? *rest : words_;
  // Each service by its name or a keyword, where said first; one whose words lie within
  // another's longer phrase (the "pneus" of "pneus hiver") is that one.
  struct Said {
    const Service* s;
    std::size_t at, size;
  };
  std::vector<Said> said;
  for (const Service& s : business_.services) {
    Said best{&s, std::string::npos, 0};
    auto consider = [&](const std::vector<std::string>& p) {
      if (const auto at = find_said(w, p); at != std::string::npos && (at < best.at || (at == best.at && p.size() > best.size)))
        best = {&s, at, p.size()};
    };
    consider(s.name_words);
    for (const auto& k : s.keyword_words) consider(k);
    if (best.at != std::string::npos) said.push_back(best);
  }
  // "Les pneus hiver ? non, les plaquettes": a correction, only what follows the "non" is meant.
  for (std::size_t i = w.size(); i-- > 0;) {
    if (w[i].text != "no" && w[i].text != "non") continue;
    const bool before = std::ranges::any_of(said, [&](const Said& x) { return x.at < i; });
    const bool after = std::ranges::any_of(said, [&](const Said& x) { return x.at > i; });
    if (before && after) std::erase_if(said, [&](const Said& x) { return x.at < i; });
    break;
  }
  for (const Said& a : said) {
    const bool inside = std::ranges::any_of(said, [&](const Said& b) {
      return &a != &b && b.at <= a.at && a.at + a.size <= b.at + b.size && b.size > a.size;
    });
    if (!inside) out.push_back(a.s);
  }
  std::ranges::sort(out, {}, [&](const Service* s) {
    return std::ranges::find_if(said, [&](const Said& x) { return x.s == s; })->at;
  });
  return out;
}

std::optional<Words> Dialogue::words_without_other_subjects(const Understanding& u) const {
  // Asked several times a turn (each reading of the service): worked out once.
  const int key = (u.plate ? 1 : 0) + (slots_.service ? 2 : 0);
  if (others_.key == key && others_.utterance == utterance_) return others_.words;
  others_ = {key, utterance_, without_other_subjects(u)};
  return others_.words;
}

std::optional<Words> Dialogue::without_other_subjects(const Understanding& u) const {
  std::vector<bool> drop(words_.size(), false);
  bool any = false;
  auto mark = [&](std::size_t at, std::size_t n) {
    for (std::size_t k = at; k < at + n && k < words_.size(); ++k) drop[k] = any = true;
  };
  auto names_a_service = [&](const std::vector<std::string>& phrase) {
    return std::ranges::any_of(business_.services, [&](const Service& s) {
      return s.name_words == phrase || std::ranges::find(s.keyword_words, phrase) != s.keyword_words.end();
    });
  };
  for (std::size_t i = 0; i < words_.size(); ++i) {
    const std::string& t = words_[i].text;
    // "That's not my rego, the registration is 782 KLP", "rego" a keyword of the safety
    // certificate: with a plate given, the words that name it (was the certificate booked).
    const bool plate_word = t == "rego" || t == "registration" || t == "plate" || t == "immatriculation" ||
                            t == "plaque" || t == "immatriculee";
    // "It's two appointments" with a flu jab noted, "appointment" a keyword of the GP
    // consultation: the booking's own word changes no service chosen (was the consultation).
    const bool booking_word = t == "appointment" || t == "appointments" || t == "rdv" ||
                              (t == "rendez" && i + 1 < words_.size() && words_[i + 1].text == "vous");
    if ((u.plate && plate_word) || (slots_.service && booking_word)) mark(i, t == "rendez" ? 2 : 1);
    // "A flu jab, not a driving licence medical!": the service denied, all its words (was the
    // denied one booked).
    if (t == "not" || t == "pas") {
      std::size_t k = i + 1;
      while (k < words_.size() && (words_[k].text == "a" || words_[k].text == "an" || words_[k].text == "the" ||
                                   words_[k].text == "un" || words_[k].text == "une" || words_[k].text == "le" ||
                                   words_[k].text == "la" || words_[k].text == "de" || words_[k].text == "du"))
        ++k;
      std::size_t longest = 0;
      for (const Service& s : business_.services) {
        if (find_said(words_, s.name_words, k) == k) longest = std::max(longest, s.name_words.size());
        for (const auto& kw : s.keyword_words)
          if (find_said(words_, kw, k) == k) longest = std::max(longest, kw.size());
      }
      if (longest) mark(k, longest);
    }
  }
  // "We have medical cards by the way": a phrase of the FAQ ("medical card") holds the
  // "medical" of "Driving licence medical"; its subject is the card (was the service switched).
  for (const Faq& f : business_.faq)
    for (const auto& k : f.keyword_words)
      if (k.size() >= 2 && !names_a_service(k))
        for (auto at = find_said(words_, k); at != std::string::npos; at = find_said(words_, k, at + 1))
          mark(at, k.size());
  if (!any) return std::nullopt;
  Words rest;
  for (std::size_t i = 0; i < words_.size(); ++i)
    if (!drop[i]) rest.push_back(words_[i]);
  return rest;
}

std::optional<std::string> Dialogue::service_in(const Understanding& u) const {
  const bool wanted = std::find(form_.begin(), form_.end(), Asked::service) != form_.end();
  if (!wanted) return std::nullopt;
  // Words that name something else than a service are no service: dropped, what is left is
  // read (nothing found then: no service said).
  const std::optional<Words> rest = words_without_other_subjects(u);
  if (const Service* s = find_service(business_, rest ? *rest : words_)) {
    // "Safety certificate?? no, BRAKES": the one said before the "no" is not meant.
    if (const auto named = services_named(u); !named.empty() && std::ranges::find(named, s) == named.end())
      return named.front()->name;
    return s->name;
  }
  if (rest) return std::nullopt;
  // A practice's reason is the caller's own words; a garage's service is one of its list.
  const bool free = business_.trade == "medical" || business_.services.empty();
  // The reason said with the request itself, before it was asked.
  // "Le pédiatre pourrait la voir demain matin ? Elle a de la fièvre": a day asked for is a request too.
  if (business_.trade == "medical" && (u.intents.book || u.date) && asked_ != Asked::service)
    if (std::string reason = reason_in_request(words_, utterance_); !reason.empty()) return reason;
  if (!free || asked_ != Asked::service || !u.free_text || u.free_text->empty()) return std::nullopt;
  // "demain à 14h30 avec le docteur Petit", "oui", "Emma Wilson": details or answers, no reason.
  if (has_detail(u) || has_intent(u.intents) || looks_like_a_name(words_) ||
      find_practitioner(business_, words_))
    return std::nullopt;
  return u.free_text;
}

const Service* Dialogue::other_service_said(std::string_view current, const Words& undenied) const {
  // Where the service is first said in `w` (npos: not said).
  auto said_at = [](const Service& s, const Words& w) {
    std::size_t at = find_said(w, s.name_words);
    for (const auto& k : s.keyword_words) at = std::min(at, find_said(w, k));
    return at;
  };
  // The one read back is said before the denial, the other after it: "safety certificate??
  // no, brakes"; not "non, c'est pour monter les pneus hiver", all said after the "non".
  std::size_t denial = std::string::npos;
  for (std::size_t i = 0; i < words_.size() && denial == std::string::npos; ++i)
    if (words_[i].text == "no" || words_[i].text == "non" || words_[i].text == "not" || words_[i].text == "pas")
      denial = i;
  if (denial == std::string::npos) return nullptr;
  const Words after(words_.begin() + static_cast<std::ptrdiff_t>(denial), words_.end());
  const Service* other = nullptr;
  bool current_said = false;
  for (const Service& s : business_.services) {
    if (s.name == current) {
      current_said = current_said || said_at(s, words_) < denial;
    } else if (said_at(s, undenied) != std::string::npos && said_at(s, after) != std::string::npos) {
      if (other) return nullptr;  // two others: which one is meant is not clear
      other = &s;
    }
  }
  return current_said ? other : nullptr;
}

std::optional<std::string> Dialogue::practitioner_in(const Understanding& u) const {
  if (business_.practitioners.empty() || business_.trade != "medical") return std::nullopt;
  if (const Practitioner* p = find_practitioner(business_, words_)) return p->name;
  // "For my son, he's seven": the practice's one paediatrician, when it has one.
  static constexpr std::string_view kChild[] = {"son", "daughter", "child", "kid", "baby", "my boy", "my girl",
                                                "toddler", "fils", "fille", "enfant", "bebe", "petit garcon",
                                                "petite fille"};
  const Practitioner* paediatrician = nullptr;
  int paediatricians = 0;
  for (const Practitioner& p : business_.practitioners)
    if (const std::string s = fold(p.specialty); s.find("pediatr") != std::string::npos ||
                                                 s.find("paediatr") != std::string::npos) {
      paediatrician = &p;
      ++paediatricians;
    }
  if (paediatricians == 1 && !slots_.practitioner)
    for (std::string_view c : kChild)
      if (find_phrase(words_, c) != std::string_view::npos) return paediatrician->name;
  return std::nullopt;  // "no preference" and a bare yes: handle(), which asks the calendar
}

bool Dialogue::has_trade_slot(const Understanding& u) const {
  return service_in(u).has_value() || practitioner_in(u).has_value();
}

bool Dialogue::filled(Asked a) const {
  switch (a) {
    case Asked::party: return slots_.party.has_value();
    case Asked::day: return slots_.date.has_value();
    case Asked::time: return slots_.time.has_value();
    case Asked::name: return slots_.name.has_value();
    case Asked::service: return slots_.service.has_value();
    case Asked::practitioner: return slots_.practitioner.has_value();
    case Asked::phone: return slots_.phone.has_value();
    case Asked::nights: return slots_.nights.has_value();
    case Asked::room_type: return slots_.room_type.has_value();
    case Asked::vehicle: return slots_.vehicle.has_value() || vehicle_asks_ >= 2;  // asked twice: on without
    case Asked::plate:  // a charging point installed at home: no car to identify
      return slots_.plate.has_value() || plate_asks_ >= 2 ||
             (slots_.service && std::ranges::find(home_installs_, *slots_.service) != home_installs_.end());
    default: return true;
  }
}

// What the trade's facts rule out before the read-back: a room type the hotel does not have,
// an arrival in the past.
// The minimum stay a business states in its FAQ ("Le séjour minimum est de deux nuits le
// week-end", "We have a two-night minimum stay on Fridays and Saturdays"): its nights, whether it
// holds only for a Friday or Saturday night, and the answer that says it.
namespace {

// "du samedi au samedi", "Saturday to Saturday": the weekday stays start on, else -1.
int changeover_day(const Words& w) {
  for (std::size_t i = 0; i + 2 < w.size(); ++i) {
    const int d = weekday_at(w, i);
    if (d < 0) continue;
    const std::size_t k = i + 1;
    if (w[k].text != "au" && w[k].text != "to") continue;
    if (weekday_at(w, k + 1) == d) return d;
  }
  return -1;
}

// The period a part of the rule names ("du 19 décembre au 2 janvier"), as month * 100 + day.
std::pair<int, int> period_of(const Words& w) {
  // Dates of the calendar, not "Fridays and Saturdays": a month is named.
  static constexpr std::string_view kMonths[] = {
      "janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
      "novembre", "decembre", "january", "february", "march", "april", "may", "june", "july",
      "august", "september", "october", "november", "december"};
  if (std::none_of(w.begin(), w.end(), [](const Word& x) {
        return std::find(std::begin(kMonths), std::end(kMonths), x.text) != std::end(kMonths);
      }))
    return {0, 0};
  std::vector<bool> used(w.size(), false);
  const Date ref{2001, 1, 1};  // any year: only the months and days are kept
  const Stay s = find_stay(w, used, ref, false, true);
  if (!s.arrival || !s.nights) return {0, 0};
  const Date end = add_days(*s.arrival, *s.nights);
  return {s.arrival->month * 100 + s.arrival->day, end.month * 100 + end.day};
}

bool in_period(const MinimumStay& r, const Date& d) {
  const int md = d.month * 100 + d.day;
  return r.from <= r.to ? md >= r.from && md <= r.to : md >= r.from || md <= r.to;
}

}  // namespace

std::vector<MinimumStay> minimum_stays(const BusinessContext& c) {
  std::vector<MinimumStay> out;
  for (const Faq& f : c.faq) {
    if (find_phrase(tokenize(f.answer), "minimum") == std::string_view::npos) continue;
    std::string text = f.answer;
    for (auto at = text.find("; "); at != std::string::npos; at = text.find("; ", at)) text.replace(at, 2, "|");
    for (std::size_t from = 0; from <= text.size();) {
      const std::size_t end = std::min(text.find('|', from), text.size());
      const Words w = tokenize(std::string_view(text).substr(from, end - from));
      from = end + 1;
      for (std::size_t i = 0; i < w.size(); ++i) {
        const auto n = parse_number(w, i);
        if (!n || n->value < 2 || n->value > 14) continue;
        const std::size_t k = i + n->length;
        if (!(k < w.size() && (w[k].text == "nuits" || w[k].text == "nights" || w[k].text == "night"))) continue;
        MinimumStay r{.nights = n->value, .said = f.answer};
        r.arrival_weekday = changeover_day(w);
        std::tie(r.from, r.to) = period_of(w);
        if (r.arrival_weekday < 0)
          for (std::string_view d : {"week", "weekend", "weekends", "vendredi", "vendredis", "samedi", "samedis",
                                     "friday", "fridays", "saturday", "saturdays"})
            r.weekend_only = r.weekend_only || find_phrase(w, d) != std::string_view::npos;
        out.push_back(std::move(r));
        break;
      }
    }
  }
  return out;
}

std::optional<MinimumStay> minimum_stay(const std::vector<MinimumStay>& rules, const Date& arrival, int nights) {
  for (const MinimumStay& r : rules)
    if (r.from)
      for (int n = 0; n < std::max(nights, 1); ++n)
        if (in_period(r, add_days(arrival, n))) return r;
  for (const MinimumStay& r : rules)
    if (!r.from) return r;
  return std::nullopt;
}

// "Juste la nuit de samedi" where the FAQ says two nights at weekends: the rule is said and the
// stay that keeps it offered (from the Friday of that weekend), rather than a booking the
// house would refuse. A yes takes it; a no asks the arrival again; the short stay said again
// hears the rule again.
std::optional<Reply> Dialogue::check_minimum_stay() {
  if (!slots_.date || !slots_.nights) return std::nullopt;
  if (!stay_rules_) stay_rules_ = minimum_stays(business_);
  const auto rule = minimum_stay(*stay_rules_, *slots_.date, *slots_.nights);
  if (!rule || *slots_.nights >= rule->nights) return std::nullopt;
  const int wd = weekday(*slots_.date);
  if (rule->weekend_only && wd != 4 && wd != 5) return std::nullopt;
  Date arrival = *slots_.date;
  if (rule->weekend_only && wd == 5 && add_days(arrival, -1) >= now_.date) arrival = add_days(arrival, -1);
  // "Du samedi au samedi": the changeover day on or before the arrival asked (after, if passed).
  if (rule->arrival_weekday >= 0) {
    arrival = add_days(arrival, -((wd - rule->arrival_weekday + 7) % 7));
    if (arrival < now_.date) arrival = add_days(arrival, 7);
  }
  // Offered already and the caller went on with other details ("double", a name): kept, and
  // only the offer asked again; the short stay said again hears the rule again.
  const bool again = offered_stay_.has_value() && !stay_said_;
  offered_stay_ = Stay{rule->nights, arrival};
  stage_ = Stage::booking;
  std::string said = again ? "" : rule->said;
  if (!said.empty() && !said.ends_with(' ')) said += ' ';
  return say(said + phrases_.stay_offer(arrival, rule->nights, now_.date), Asked::nights);
}

std::optional<Reply> Dialogue::check_trade_details() {
  if (business_.trade != "hotel") return std::nullopt;
  if (auto short_stay = check_minimum_stay()) return short_stay;
  // "Une chambre individuelle pour ce soir": a room for one sleeps one guest, not asked.
  if (slots_.room_type && !slots_.party)
    if (const RoomType* room = find_room(business_, *slots_.room_type); room && room->capacity == 1)
      slots_.party = 1;
  if (slots_.room_type && !business_.rooms.empty() && !find_room(business_, *slots_.room_type)) {
    slots_.room_type.reset();
    stage_ = Stage::booking;
    return say(phrases_.room_unavailable(business_) + ask(Asked::room_type),
               Asked::room_type);
  }
  if (slots_.room_type && slots_.party)
    if (const RoomType* room = find_room(business_, *slots_.room_type);
        room && room->capacity > 0 && *slots_.party > room->capacity) {
      const std::string type = *slots_.room_type;
      slots_.room_type.reset();
      stage_ = Stage::booking;
      return say(phrases_.room_too_small(type, room->capacity) + ask(Asked::room_type),
                 Asked::room_type);
    }
  if (slots_.date && *slots_.date < now_.date) {
    slots_.date.reset();
    stage_ = Stage::booking;
    return say(phrases_.not_understood() + ask(Asked::day), Asked::day);
  }
  return std::nullopt;
}

}  // namespace webox::brain
