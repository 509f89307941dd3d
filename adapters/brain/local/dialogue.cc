#include "adapters/brain/local/dialogue.h"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <ranges>
#include <cstdio>
#include <utility>

#include "adapters/brain/local/age_rule.h"
#include "adapters/brain/local/booking_form.h"
#include "adapters/brain/local/dates.h"
#include "adapters/brain/local/knowledge.h"
#include "adapters/brain/local/names.h"
#include "adapters/brain/local/numbers.h"
#include "adapters/brain/local/word_match.h"

namespace webox::brain {
namespace {

bool is_any_word(std::string_view w, std::initializer_list<std::string_view> list) {
  return std::ranges::find(list, w) != list.end();
}

bool blank(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '.' && c != ',') return false;
  return true;
}

// The weekday said alone ("plutôt vendredi"), without "prochain"/"next"/"ce"/"this", a day of
// the month or a week: -1 when there is none, or more than that.
int bare_weekday(const Words& w) {
  int day = -1;
  for (std::size_t i = 0; i < w.size(); ++i) {
    for (std::string_view t : {"prochain", "prochaine", "next", "this", "ce", "cette", "semaine",
                               "week", "suivant", "suivante", "following", "after", "apres"})
      if (w[i].text == t) return -1;
    // "Friday the eleventh": a day of the month says which Friday.
    const bool article = w[i].text == "un" || w[i].text == "une" || w[i].text == "a" || w[i].text == "an" ||
                         w[i].text == "one";
    if (is_number_text(w[i].text) || (!article && (parse_ordinal(w, i) || parse_number(w, i)))) return -1;
    if (const int d = weekday_at(w, i); d >= 0) {
      if (day >= 0 && day != d) return -1;
      day = d;
    }
  }
  return day;
}

// "Vous faites le contrôle technique ?", "and brake pads?", "do you do MOTs": a question that
// names a service without asking for an appointment ("je voudrais un rendez-vous pour ...").
bool asks_about_service(std::string_view said, const Words& w) {
  for (std::string_view p : {"reserver", "reservation", "book", "booking", "rendez", "rdv", "appointment",
                             "prendre", "schedule", "bring it in", "bring my", "amener", "emmener",
                             "i need", "i d like", "i want", "je voudrais", "je veux", "il me faut",
                             "j aurais besoin", "can you do", "could you do"})
    if (find_phrase(w, p) != std::string_view::npos) return false;
  if (said.find('?') != std::string_view::npos) return true;
  for (std::string_view p : {"vous faites", "do you do", "do you", "est ce que vous", "you guys do"})
    if (find_phrase(w, p) != std::string_view::npos) return true;
  return false;
}

// The nights of the week an FAQ answer is about ("on Fridays and Saturdays", "le week-end"), 0 =
// Monday; empty when it names none.
std::vector<int> nights_named(std::string_view answer) {
  Words w = tokenize(answer);
  for (auto& x : w)  // "Fridays", "les samedis"
    if (x.text.size() > 5 && x.text.back() == 's') x.text.pop_back();
  std::vector<int> days;
  // "...le week-end ; en semaine, une nuit suffit": about every night, the stay's too.
  for (std::string_view p : {"en semaine", "weekday", "weekdays", "during the week", "other night", "autres nuits"})
    if (find_phrase(w, p) != std::string_view::npos) return {};
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (const int d = weekday_at(w, i); d >= 0) days.push_back(d);
    if (w[i].text == "weekend" || phrase_at(w, i, "week end")) days.insert(days.end(), {4, 5});
  }
  return days;
}

// "So that's a no then?", "c'est non alors ?", "so we can't come?": whether it was refused.
bool asks_if_no(const Words& w) {
  for (std::string_view p : {"a no", "no then", "so no", "that s no", "so we can t", "so i can t", "not possible",
                             "c est non", "donc non", "non alors", "pas possible", "on ne peut pas", "on peut pas"})
    if (find_phrase(w, p) != std::string_view::npos) return true;
  return false;
}

// "Je demandais si ...", "I was asking whether ...": a question said again, not a request.
bool asks_again(const Words& w) {
  for (std::string_view p : {"je demande si", "je demandais si", "je vous demande si", "je voulais savoir si",
                             "i was asking", "i m asking if", "i m asking whether", "i asked if", "i asked whether"})
    if (find_phrase(w, p) != std::string_view::npos) return true;
  return false;
}

// Whether an FAQ answer says the business does not do something: "Nous ne faisons que les
// pneus, pas la mécanique.", "We don't do engine work."
bool says_not_done(std::string_view answer) {
  const Words w = tokenize(answer);
  for (std::string_view p : {"pas", "ne", "n", "don t", "do not", "not"})
    if (find_phrase(w, p) != std::string_view::npos) return true;
  // "No engine work", but not "at no extra cost", "no appointment needed": a no that refuses.
  static constexpr std::string_view kNoButYes[] = {"extra", "additional", "charge", "cost", "fee", "appointment", "need",
                                                   "problem", "waiting"};
  for (std::size_t i = 0; i + 1 < w.size(); ++i)
    if (w[i].text == "no" && std::ranges::find(kNoButYes, w[i + 1].text) == std::end(kNoButYes)) return true;
  return false;
}

// "This number", "the one I'm calling from", "ce numéro-là", "le même": the caller's own line.
bool means_this_number(const Words& w) {
  for (std::string_view p : {"this number", "this one", "the one i m calling from", "calling from",
                             "same number", "the same", "my mobile", "ce numero", "celui ci", "celui la",
                             "le meme", "ce numero la", "celui avec lequel", "celui d ou", "appelle de"})
    if (find_phrase(w, p) != std::string_view::npos) return true;
  return false;
}

// A caller annoyed at getting through: "trying to reach you all day", "j'en ai marre".
bool frustrated(const Words& w) {
  for (std::string_view p : {"ridiculous", "trying to reach", "trying to call", "trying to get through",
                             "all day", "fed up", "for ages", "nobody answers", "no one answers",
                             "nobody picks up", "no one picks up", "j essaie de vous joindre",
                             "j essaie de vous appeler", "toute la journee", "ras le bol", "j en ai marre",
                             "n importe quoi", "personne ne repond", "personne ne decroche", "ridicule"})
    if (find_phrase(w, p) != std::string_view::npos) return true;
  return false;
}

// "Who is this?", "is this the garage?", "je suis bien au cabinet ?": the caller checks whom
// they reached.
enum class Who { no, asks, checks };
Who asks_who(const Words& w) {
  for (std::string_view p : {"is this the", "is that the", "am i through to", "je suis bien chez",
                             "je suis bien au", "je suis bien a", "c est bien le", "c est bien la",
                             "c est bien l", "c est bien chez"})
    if (find_phrase(w, p) != std::string_view::npos) return Who::checks;
  for (std::string_view p : {"who is this", "who s this", "who am i speaking", "who am i talking",
                             "who is speaking", "who are you", "c est qui", "qui est a l appareil",
                             "vous etes qui", "qui etes vous"})
    if (find_phrase(w, p) != std::string_view::npos) return Who::asks;
  return Who::no;
}

// "Je rappellerai demain", "I'll call back tomorrow", "I'll ring on Monday": a later call.
bool calls_back(const Words& w) {
  for (std::string_view p : {"rappellerai", "rappelerai", "rappeler", "rappelle", "rappellerais", "repasserai",
                             "i ll call", "i will call", "i ll ring", "i will ring", "call back", "ring back",
                             "try again", "call again", "call me back", "ring me back", "me rappeler",
                             "rappelez moi", "me recontacter"})
    if (find_phrase(w, p) != std::string_view::npos) return true;
  return false;
}

// "Am I talking to a robot?", "are you a real person?", "je parle à un robot ?", "vous êtes une
// vraie personne ?": the caller asks what answers. Only as a question about us ("are you", "am I
// talking to", "c'est un"): "I want a real person" asks for one, and a shop may sell robots.
// Whether a fact's text gives its hours, two times of day: "ouvert de 16 h à 20 h", "served
// 7:30 to 10 am" ("prêt sous 2 heures" is a delay).
bool says_clock(std::string_view text) {
  const Words w = tokenize(text);
  int times = 0;
  for (std::size_t i = 0; i + 1 < w.size(); ++i)
    if (is_number_text(w[i].text))
      for (std::string_view unit : {"h", "am", "pm", ":"})
        if (w[i + 1].text == unit) ++times;
  return times >= 2;
}

// "Le spa, il est ouvert à quelle heure ?": the hours of a service or FAQ entry named whose
// text gives them, not the business's (was the reception's hours, twice); nullopt otherwise,
// so "are you open Saturday for an oil change?" still hears the garage's hours.
std::optional<std::string> hours_of_fact(const BusinessContext& c, const Words& w, std::string_view lang) {
  for (const Service* s : services_said(c, w))
    if (says_clock(s->price)) return price_of(c, s->name, lang);
  if (auto f = faq_answer(c, w); f && says_clock(*f)) return f;
  return std::nullopt;
}

bool asks_if_bot(const Words& w) {
  static constexpr std::string_view kAbout[] = {
      "are you", "am i talking to", "am i speaking to", "am i speaking with", "am i talking with",
      "is this", "is that", "is it", "you re", "talking to a", "vous etes", "tu es", "t es",
      "je parle a", "je parle avec", "c est", "est ce", "suis je en train de parler a"};
  static constexpr std::string_view kWhat[] = {
      "robot", "bot", "machine", "computer", "ai", "ia", "human", "humain", "humaine", "automated",
      "recording", "ordinateur", "automate", "real person", "vraie personne", "personne reelle",
      "real human", "vrai humain", "intelligence artificielle", "artificial intelligence"};
  for (std::string_view about : kAbout)
    for (std::size_t at = find_phrase(w, about); at != std::string_view::npos;
         at = find_phrase(w, about, at + 1)) {
      const std::size_t end = at + phrase_length(about);
      for (std::string_view what : kWhat) {
        const std::size_t k = find_phrase(w, what, end);
        // "c'est bon j'ai compris": French "j'ai" is no AI.
        if (what == "ai" && k != std::string_view::npos && k > 0 && w[k - 1].text == "j") continue;
        if (k != std::string_view::npos && k <= end + 2) return true;  // "are you a real person"
      }
    }
  return false;
}

// The kinds of place a caller names, by trade: "pizzeria" at a garage is not us.
const std::vector<std::pair<std::string_view, std::vector<std::string_view>>>& place_kinds() {
  static const std::vector<std::pair<std::string_view, std::vector<std::string_view>>> kinds = {
      {"restaurant", {"restaurant", "pizza", "pizzas", "pizzeria", "sushi", "bistro", "brasserie", "takeaway",
                      "kebab", "burger", "creperie", "traiteur", "diner", "grill"}},
      {"medical", {"doctor", "doctors", "docteur", "medecin", "cabinet", "clinic", "clinique", "surgery",
                   "dentist", "dentiste", "dermatologist", "dermatologue", "pharmacy", "pharmacie", "hospital",
                   "hopital", "dermatology", "dermatologie"}},
      {"hotel", {"hotel", "motel", "lodge", "inn", "hostel", "auberge"}},
      {"garage", {"garage", "mechanic", "mechanics", "mecanicien", "carrosserie", "carrossier", "bodyshop"}},
      {"ecommerce", {"shop", "store", "boutique", "magasin"}}};
  return kinds;
}

// "Is this Tony's pizza?", "is this not Tony's?", "c'est bien la pizzeria ?": the place the caller
// checks for is plainly another one (another trade's kind of place, or someone's "X's" that is
// not in our name): a wrong number (was "What is your order number?" for a pepperoni at a
// dermatology practice). Our own name or kind of place ("is this the doctor's?") is not.
bool names_another_place(const Words& w, const BusinessContext& c, std::string_view business_name) {
  const std::string_view trade = c.trade;
  Words ours = tokenize(business_name);  // and its people: "is this Dr Nair's office?"
  for (const Practitioner& p : c.practitioners)
    for (Word& x : tokenize(p.name)) ours.push_back(std::move(x));
  const auto is_ours = [&](const std::string& word) {
    if (std::ranges::any_of(ours, [&](const Word& o) { return o.text.size() >= 3 && o.text == word; })) return true;
    for (const auto& [t, kinds] : place_kinds())
      if (t == trade && std::ranges::find(kinds, word) != kinds.end()) return true;
    return false;
  };
  const auto is_other_kind = [&](const std::string& word) {
    for (const auto& [t, kinds] : place_kinds())
      if (t != trade && std::ranges::find(kinds, word) != kinds.end()) return true;
    return false;
  };
  for (std::string_view p : {"is this", "is that", "isn t this", "this isn t", "am i through to", "am i speaking to",
                             "have i reached", "je suis bien", "c est bien", "c est pas", "ce n est pas",
                             "vous etes bien", "vous n etes pas"}) {
    const std::size_t at = find_phrase(w, p);
    if (at == std::string_view::npos) continue;
    bool other = false;
    for (std::size_t i = at + phrase_length(p), seen = 0; i < w.size() && seen < 4; ++i) {
      const std::string& word = w[i].text;
      if (word == "not" || word == "pas" || word == "the" || word == "le" || word == "la" || word == "l" ||
          word == "chez" || word == "au" || word == "a")
        continue;
      ++seen;
      if (is_ours(word)) return false;
      // "Tony's", not "Friday's appointment" (a name starts upper-case; a day is no place).
      const bool possessive = i + 1 < w.size() && w[i + 1].text == "s" && word.size() >= 3 && w[i].capitalised &&
                              weekday_at(w, i) < 0 && word != "today" && word != "tomorrow";
      other = other || is_other_kind(word) || possessive;
    }
    if (other) return true;
  }
  return false;
}

// "Je voudrais un devis" at a body shop: the FAQ entries whose answer opens on that service, by
// the keyword the caller used ("Pour un premier devis, envoyez trois photos..."), each followed by
// a space. Short words ("MOT") are left alone, as are its name's: they are in too many answers.
std::string faq_of_service(const BusinessContext& c, const Service& s, const Words& said) {
  Words own;  // its keywords: words of its name like "séance" are in too many answers
  for (const auto& k : s.keywords)
    for (Word& w : tokenize(k)) own.push_back(std::move(w));
  std::string out;
  for (const Faq& f : c.faq) {
    const Words answer = tokenize(f.answer);
    const bool speaks_of = std::ranges::any_of(said, [&](const Word& w) {
      return w.text.size() >= 5 && std::ranges::any_of(own, [&](const Word& o) { return o.text == w.text; }) &&
             std::ranges::any_of(answer | std::views::take(5), [&](const Word& a) { return a.text == w.text; });
    });
    if (speaks_of) out += f.answer + " ";
  }
  return out;
}

// "I won't get there till like 1 in the morning", "on arrivera vers 2h du matin", "après
// minuit": an arrival in the night, which the caller worries about without the FAQ's words.
bool arrives_at_night(const Words& w) {
  for (std::string_view p : {"after midnight", "past midnight", "middle of the night", "late at night",
                             "apres minuit", "en pleine nuit", "dans la nuit", "tard dans la nuit",
                             "arriver tard", "arrive tard", "arrivee tardive", "arrive late", "arriving late",
                             "get in late", "get there late"})
    if (find_phrase(w, p) != std::string_view::npos) return true;
  for (std::size_t i = 0; i < w.size(); ++i) {
    const auto n = parse_number(w, i);
    if (!n || n->value < 1 || n->value > 5) continue;
    const std::size_t next = i + n->length;
    if (phrase_at(w, next, "in the morning") || phrase_at(w, next, "am") || phrase_at(w, next, "a m") ||
        phrase_at(w, next, "du matin") || phrase_at(w, next, "h du matin"))
      return true;
  }
  return false;
}

// "What should I do?", "qu'est-ce que je fais ?": the caller asks for the advice just given.
bool asks_what_to_do(const Words& w) {
  for (std::string_view p : {"what should i do", "what do i do", "what can i do", "what am i supposed to do",
                             "what should we do", "what do we do", "what now", "qu est ce que je fais",
                             "qu est ce que je dois faire", "que dois je faire", "je fais quoi",
                             "on fait quoi", "que faire", "qu est ce qu on fait", "qu est ce que je peux faire",
                             "je dois faire quoi"})
    if (find_phrase(w, p) != std::string_view::npos) return true;
  return false;
}

// "So is it one of them or not?", "Right, but do I need to ...", "Non mais je voudrais ...": the
// caller says the last answer did not answer them.
bool presses_for_answer(const Words& w) {
  if (said_any_phrase(w, {"or not", "yes or no", "ou pas", "ou non", "oui ou non"})) return true;
  for (std::size_t i = 0; i < w.size() && i < 3; ++i)
    if (w[i].text == "but" || w[i].text == "mais") return true;
  return false;
}

// The kinds of car work a garage may or may not do, each in the words callers and businesses use:
// a windscreen specialist fits no tyres, a tyre centre replaces no windscreens.
const std::vector<std::vector<std::string_view>>& car_trades() {
  static const std::vector<std::vector<std::string_view>> kinds = {
      {"pneu", "pneus", "tyre", "tyres", "tire", "tires"},
      {"pare brise", "vitre", "vitres", "vitrage", "windscreen", "windshield", "glass"},
      {"carrosserie", "bodywork", "body work", "dent", "dents", "bosse"}};
  return kinds;
}


// "Vous montez des pneus neige ?" at a windscreen specialist: a kind of car work named that no
// service, keyword nor FAQ of the business names, at a business specialised in another kind.
bool names_work_not_done(const Words& w, const BusinessContext& b) {
  if (b.trade != "garage") return false;
  for (const auto& kind : car_trades()) {
    if (!said_any_phrase(w, kind)) continue;
    bool done = false;
    for (const Service& s : b.services) {
      done = done || said_any_phrase(tokenize(s.name), kind);
      for (const auto& k : s.keywords) done = done || said_any_phrase(tokenize(k), kind);
    }
    for (const auto& f : b.faq) {
      done = done || said_any_phrase(tokenize(f.answer), kind);
      for (const auto& k : f.keywords) done = done || said_any_phrase(tokenize(k), kind);
    }
    if (done) continue;
    // Only a specialist of another kind says no: its name or half its services name that kind
    // (a general garage listing "Brake pads" still fits tyres).
    for (const auto& other : car_trades()) {
      if (&other == &kind) continue;
      std::size_t naming = 0;
      for (const Service& s : b.services) naming += said_any_phrase(tokenize(s.name), other);
      if (said_any_phrase(tokenize(b.business_name), other) || (naming > 0 && 2 * naming >= b.services.size())) return true;
    }
  }
  return false;
}

std::string joined_words(const Words& w) {
  std::string out;
  for (const Word& x : w) out += (out.empty() ? "" : " ") + x.text;
  return out;
}

// Whether a word of the answer is the word said or a longer form of it ("échanger" for "échange").
bool answer_says(const Words& answer, const Words& phrase) {
  if (phrase.size() != 1) return find_phrase(answer, joined_words(phrase)) != std::string_view::npos;
  for (const Word& a : answer)
    if (a.text.starts_with(phrase[0].text)) return true;
  return false;
}

// "So is Medicaid one of them or not?" after "... including Medicare, Blue Cross ...": the caller
// names what the answer leaves out, a keyword of the business's FAQ or a detail of a return
// ("label", "étiquette"), so the answer said again would not answer them.
bool asks_beyond(const Words& said, std::string_view answer, const BusinessContext& b) {
  const Words told = tokenize(answer);
  auto beyond = [&](std::string_view k) {
    const Words phrase = tokenize(k);
    if (phrase.empty() || find_phrase(said, joined_words(phrase)) == std::string_view::npos) return false;
    return !answer_says(told, phrase);
  };
  for (const auto& f : b.faq)
    for (const auto& k : f.keywords)
      if (beyond(k)) return true;
  for (std::string_view k : {"label", "etiquette", "bordereau", "print", "imprimer", "prepaid", "prepaye"})
    if (beyond(k)) return true;
  return false;
}

// "D'accord j'appelle le 15", "ok, I'm calling 911 now": the caller goes to dial the number.
bool goes_to_call(const Words& w, std::string_view number) {
  for (std::string_view p : {"je les appelle", "je vais les appeler", "call them", "calling them", "le samu",
                             "les pompiers", "an ambulance", "the ambulance"})
    if (find_phrase(w, p) != std::string_view::npos) return true;
  // "I'll call back tomorrow" is no emergency call: the number itself must be said.
  if (number.empty() || find_phrase(w, number) == std::string_view::npos) return false;
  for (std::string_view p : {"appelle", "appeler", "appelons", "call", "calling", "ring", "dial", "dialing"})
    if (find_phrase(w, p) != std::string_view::npos) return true;
  return false;
}

// Today's weekday said by its name only ("jeudi à 10h" on a Thursday), not "aujourd'hui",
// "ce jeudi" or "today".
bool names_today_as_weekday(const Words& w, int today) {
  bool named = false;
  for (std::size_t i = 0; i < w.size(); ++i) {
    for (std::string_view t : {"aujourd", "aujourdhui", "today", "tonight"})
      if (w[i].text == t) return false;
    for (std::string_view t : {"ce", "this"})  // "ce jeudi", "this Thursday" (not "est-ce que")
      if (w[i].text == t && weekday_at(w, i + 1) == today) return false;
    if (weekday_at(w, i) == today) named = true;
  }
  return named;
}

// The one practitioner whose specialty names the service ("ostéopathe" for "Consultation
// d'ostéopathie": words sharing their first six letters); nullptr when none or several do.
const Practitioner* only_practitioner_for(const BusinessContext& c, std::string_view service) {
  const Words said = tokenize(service);
  const Practitioner* found = nullptr;
  for (const Practitioner& p : c.practitioners) {
    const Words specialty = tokenize(p.specialty);
    const bool does_it = std::ranges::any_of(said, [&](const Word& a) {
      return a.text.size() >= 6 && std::ranges::any_of(specialty, [&](const Word& b) {
               return b.text.size() >= 6 && a.text.compare(0, 6, b.text, 0, 6) == 0;
             });
    });
    if (!does_it) continue;
    if (found) return nullptr;
    found = &p;
  }
  if (found) return found;
  // "Une rage de dents" at a dentist with an orthodontist: a specialist of braces or gums only
  // does what names the specialty (was "Lemoine ou Ferrand ?" for an emergency); when that
  // leaves one practitioner, the service is theirs.
  auto narrow = [](const Practitioner& p) {
    const std::string f = fold(p.specialty);
    for (std::string_view n : {"orthodont", "parodont", "pedodont", "implanto"})
      if (f.find(n) != std::string::npos) return true;
    return false;
  };
  const std::string folded_service = fold(service);
  const Practitioner* general = nullptr;
  for (const Practitioner& p : c.practitioners) {
    if (narrow(p) && folded_service.find(fold(p.specialty).substr(0, 6)) == std::string::npos) continue;
    if (general) return nullptr;
    general = &p;
  }
  return general;
}

// Words that share their first six letters: "orthophoniste" and "orthophonie".
bool same_stem(const Words& a, const Words& b) {
  return std::ranges::any_of(a, [&](const Word& x) {
    return x.text.size() >= 6 && std::ranges::any_of(b, [&](const Word& y) {
             return y.text.size() >= 6 && x.text.compare(0, 6, y.text, 0, 6) == 0;
           });
  });
}

// "Chez l'orthophoniste": the specialty said names the one service of that specialty
// ("Séance d'orthophonie"), nullptr when the caller did not say it or several services fit.
const Service* service_of_specialty(const BusinessContext& c, const Practitioner& p, const Words& said) {
  const Words specialty = tokenize(p.specialty);
  if (!same_stem(said, specialty)) return nullptr;
  const Service* found = nullptr;
  for (const Service& s : c.services) {
    Words named = tokenize(s.name);
    for (const std::string& k : s.keywords)
      for (const Word& w : tokenize(k)) named.push_back(w);
    if (!same_stem(named, specialty)) continue;
    if (found) return nullptr;
    found = &s;
  }
  return found;
}

// "As early as you can", "whoever's free first", "le plus tôt possible": the first free time.
bool earliest_wanted(const Words& w) {
  for (std::string_view p : {"as early as", "as soon as", "earliest", "first available", "free first",
                             "first free", "first opening", "soonest", "le plus tot", "au plus tot",
                             "des que possible", "au plus vite", "le plus vite", "premier creneau",
                             "premiere disponibilite", "premier disponible", "premier libre"})
    if (find_phrase(w, p) != std::string_view::npos) return true;
  return false;
}

// "Laquelle vous me conseillez ?", "qu'est-ce que vous avez pour quatre ?", "which would you
// recommend?": the caller leaves the room type to us.
bool asks_which_room(const Words& w) {
  for (std::string_view p : {"conseill", "conseiller", "conseillez", "recommand", "recommandez", "recommend",
                             "suggest", "proposez", "qu est ce que vous avez", "vous avez quoi",
                             "what do you have", "what have you got", "what would you", "laquelle",
                             "lequel", "which one", "which do you", "which would"})
    if (find_phrase(w, p) != std::string_view::npos) return true;
  return false;
}

// "Je ne l'ai pas sous les yeux", "I don't know it by heart": the caller cannot give it now.
bool does_not_have_it(const Words& w) {
  for (std::string_view p : {"je ne l ai pas", "je l ai pas", "pas sous les yeux", "pas sur moi", "pas en tete",
                             "je ne la connais pas", "je la connais pas", "je ne le connais pas",
                             "je ne sais plus", "je ne m en souviens pas", "aucune idee", "sur place",
                             "don t have it", "don t have the", "haven t got it", "not on me", "don t know it",
                             "don t remember", "can t remember", "no idea", "by heart", "when i come in",
                             "when i drop it"})
    if (find_phrase(w, p) != std::string_view::npos) return true;
  return false;
}

// "Brakes", "Vidange": a name that is one of the business's services, or one of its keywords.
bool names_a_service(const BusinessContext& c, std::string_view name) {
  const Phrase said = phrase_of(name);
  for (const Service& s : c.services) {
    if (s.name_words == said) return true;
    for (const auto& k : s.keyword_words)
      if (k == said) return true;
  }
  return false;
}

// "Réparation" read as the name in "Réparation d'impact, je vous l'ai dit": the name's words
// are said only within the service's whole name ("au nom de Petit" at a hotel serving a "Petit
// déjeuner" is a name).
bool within_service_said(const BusinessContext& c, const Words& said, std::string_view name) {
  const Phrase words = phrase_of(name);
  if (words.empty()) return false;
  for (const Service& s : c.services) {
    const Phrase& service = s.name_words;
    const std::size_t at = find_said(said, service);
    if (at == std::string::npos) continue;
    Words outside = said;
    outside.erase(outside.begin() + static_cast<std::ptrdiff_t>(at),
                  outside.begin() + static_cast<std::ptrdiff_t>(at + service.size()));
    if (std::ranges::none_of(words, [&](const std::string& w) { return find_phrase(outside, w) != std::string_view::npos; }))
      return true;
  }
  return false;
}

// The booking's name among the words said: its last word (the surname), folded.
bool says_name(const Words& w, const std::string& name) {
  const Words n = tokenize(name);
  if (n.empty()) return false;
  for (const Word& x : w)
    if (x.text == n.back().text) return true;
  return false;
}

std::string hhmm(ClockTime t) {
  char buf[24];  // room for any two ints: gcc warned that "%02d:%02d" could be cut in 8
  std::snprintf(buf, sizeof buf, "%02d:%02d", t.hour, t.minute);
  return buf;
}

}  // namespace

Dialogue::Dialogue(const CallContext& call)
    : reading_(read_context(call.profile.context_data)),
      business_(reading_.context),
      phrases_(Phrasebook::for_language(call.profile.language)),
      business_name_(business_.business_name.empty() ? call.profile.name : business_.business_name),
      now_(local_moment(call.started_at, business_.utc_offset_minutes)),
      max_silent_turns_(call.max_silent_turns < 1 ? 1 : call.max_silent_turns),
      home_visits_(business_.trade == "garage" && comes_to_callers(business_)),
      form_(booking_form(business_)),
      call_sid_(call.call_sid) {
  // Twilio's From is E.164, or "anonymous"/"client:..." for a hidden or app caller: no number.
  const std::string& from = call.from;
  if (from.size() >= 8 && from[0] == '+' &&
      std::all_of(from.begin() + 1, from.end(), [](char c) { return c >= '0' && c <= '9'; }))
    caller_number_ = from;
  if (business_.trade == "garage")
    for (const Service& s : business_.services)
      if (installed_at_home(s)) home_installs_.push_back(s.name);
}

Reply Dialogue::reply(std::string text, ReplyAction action) const {
  Reply r;
  r.text = std::move(text);
  r.action = action;
  r.language = phrases_.bcp47();
  if (action == ReplyAction::transfer) r.transfer_to = business_.transfer_number;
  return r;
}

Reply Dialogue::say(std::string text, Asked asked) {
  text = std::exchange(answered_first_, "") + text;
  if (std::exchange(loan_rule_due_, false)) text = with_loan_car_rule(std::move(text));
  // The courtesy car's age rule (the FAQ may have been said already as the question's
  // answer): "no car for you, but the work is booked" after it.
  if (const std::string rule = std::exchange(loan_age_rule_due_, ""); !rule.empty()) {
    const std::string no = phrases_.no_loan_car_at_that_age();
    if (const auto at = text.find(rule); at != std::string::npos)
      text.insert(std::min(text.size(), at + rule.size() + 1), no);
    else
      text = rule + " " + no + text;
  }
  // "So is Medicaid one of them or not?" after the insurance answer: the same answer again tells
  // the caller nothing, so it is said to be all there is, and a person offered when one can
  // answer (was the same sentence read out twice). The advice of an emergency is repeated on
  // purpose.
  const bool said_before = std::ranges::find(answers_said_, text) != answers_said_.end();
  if (asked == Asked::anything_else && said_before && text != advice_ && presses_for_answer(words_) &&
      asks_beyond(words_, text, business_)) {
    const bool human = can_transfer();
    offered_human_ = human;
    text = phrases_.no_more_on_that() + (human ? phrases_.offer_human() : phrases_.question(Asked::anything_else));
  }
  if (asked == Asked::anything_else && !said_before) answers_said_.push_back(text);
  asked_ = asked;
  if (asked == Asked::vehicle) ++vehicle_asks_;
  if (asked == Asked::plate) ++plate_asks_;
  last_text_ = text;
  return reply(std::move(text), ReplyAction::listen);
}

void Dialogue::cut_short(std::string_view heard) {
  last_text_ = std::string(heard);
  if (heard.empty()) {  // nothing was heard: no offer stands for a "yes" to take
    offered_human_ = false;
    offered_times_.clear();
  }
}

Reply Dialogue::end(std::string text) {
  stage_ = Stage::ended;
  last_text_ = text;
  return reply(std::move(text), ReplyAction::hangup);
}

Reply Dialogue::transfer(std::string text, std::string_view why) {
  stage_ = Stage::ended;
  last_text_ = text;
  Reply r = reply(std::move(text), ReplyAction::transfer);
  r.transfer_reason = std::string(why);
  return r;
}

void Dialogue::forget_request() {
  // A next table is most likely under the same name.
  Slots fresh;
  fresh.name = slots_.name;
  fresh.phone = slots_.phone;
  if (car_kept_) {  // given after a refusal, for what comes next
    fresh.vehicle = slots_.vehicle;
    fresh.plate = slots_.plate;
  }
  slots_ = fresh;
  any_practitioner_ = practitioner_asked_again_ = false;
  any_slot_.clear();
  first_refusal_.reset();
  vehicle_asks_ = plate_asks_ = 0;
  soonest_ = practitioner_picked_ = rooms_listed_ = false;
  offered_stay_.reset();
  moving_.reset();
  last_corrected_ = Asked::nothing;
}

std::string Dialogue::ask(Asked a) const {
  // A restaurant with fixed seatings asks which one (was "At what time?", or the name asked
  // again after the seatings were explained).
  if (a == Asked::time)
    if (const std::vector<ClockTime> fixed = seatings(); !fixed.empty()) return phrases_.which_seating(fixed);
  if (a != Asked::service || services_said_.size() < 2 || slots_.service)
    return phrases_.ask(a, business_, slots_.party.value_or(0));
  BusinessContext narrowed = business_;
  std::erase_if(narrowed.services, [&](const Service& s) {
    return std::find(services_said_.begin(), services_said_.end(), s.name) == services_said_.end();
  });
  return phrases_.ask(a, narrowed);
}

Reply Dialogue::greet() { return say(phrases_.greeting(business_name_), Asked::nothing); }

std::string Dialogue::current_question() const {
  if (stage_ == Stage::cancelling) return cancel_question();
  if (stage_ == Stage::confirming) return read_back();
  return ask(asked_);
}

Reply Dialogue::hear(std::string_view utterance) {
  if (stage_ == Stage::ended)  // Twilio may still post after our hang-up: say the last words again
    return reply(last_text_, ReplyAction::hangup);
  if (blank(utterance)) {
    ++silences_;
    if (silences_ >= max_silent_turns_) return end(phrases_.silence_goodbye());
    return say(phrases_.not_heard() + current_question(), asked_);
  }
  silences_ = 0;
  utterance_ = std::string(utterance);
  words_ = tokenize(utterance);
  const Understanding heard =
      read_out_of_turn(utterance, read_delay(understand(utterance, now_.date, asked_, business_.trade == "hotel")));
  Understanding u = read_correction(utterance, read_count_not_time(heard));
  // "But what about my Friday appointment?" while moving Friday's: the day of the booking moved,
  // said with no time, names that booking; it is not the new day (was moved onto itself).
  if (moving_ && u.date && !u.time && moving_->on == u.date && !moving_->cancelling) {
    u.date.reset();
    if (!u.party && !u.name && !u.phone && !u.nights) {
      if (stage_ == Stage::confirming) return say(phrases_.move_old_goes() + read_back(), Asked::confirmation);
      return say(phrases_.move_old_goes() + current_question(), asked_);
    }
  }
  // "Yamaha MT-07" at the plate's question: the vehicle said again, its model is no plate (was
  // the registration "M T 0 7").
  if (u.plate && u.vehicle && slots_.vehicle && slots_.vehicle->starts_with(*u.vehicle + " ")) {
    auto letters = [](std::string_view s) {
      std::string out;
      for (char c : s)
        if (std::isalnum(static_cast<unsigned char>(c))) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return out;
    };
    if (letters(slots_.vehicle->substr(u.vehicle->size())) == letters(*u.plate)) {
      u.plate.reset();
      u.vehicle = slots_.vehicle;
    }
  }
  // "The brakes, like I said." at "what name?": a service of the business is no name, nor a
  // word of the one said ("Réparation d'impact, je vous l'ai dit" was the name "Réparation").
  if (u.name && asked_ == Asked::name &&
      (names_a_service(business_, *u.name) || within_service_said(business_, words_, *u.name)))
    u.name.reset();
  // "Avec le docteur Lemoine" at "the patient's name?": a practitioner chosen, no patient's name
  // (was the booking made under "Docteur Lemoine").
  if (u.name && business_.trade == "medical")
    for (const Word& w : tokenize(*u.name))
      if (w.text == "docteur" || w.text == "doctor" || w.text == "dr" || w.text == "doc") {
        u.name.reset();
        break;
      }
  // "Bon, laissez tomber, merci", "never mind. what are your hours on Saturday?": with nothing
  // being booked or cancelled, the topic is dropped (an order number asked is no longer) and
  // no order is cancelled; said alone, it is a goodbye (was "I can't cancel an order myself").
  if (u.intents.cancel && u.intents.dismiss_only && stage_ != Stage::booking &&
      stage_ != Stage::confirming && stage_ != Stage::cancelling) {
    u.intents.cancel = false;
    stage_ = Stage::anything_else;
    asked_ = Asked::anything_else;
    const Intents& in = u.intents;
    const bool asks = in.hours || in.address || in.phone || in.menu || in.prices || in.checkin ||
                      in.returns || in.policy || in.book || in.human || in.order || u.order_number ||
                      utterance_.find('?') != std::string::npos;
    if (!asks && !has_detail(u)) u.intents.answer = Answer::no;
  }
  // "Bon, je rappellerai demain, au revoir", "I'll call tomorrow. bye", "can someone call me back
  // tomorrow?": the day is when a call comes, no detail of a booking; a farewell then ends the
  // call (was "anything else?").
  if (!u.intents.book && calls_back(words_)) {
    u.date.reset();
    u.time.reset();
  }
  // "C'est une urgence" at a practice with a service for urgent cases: that service booked at
  // its first slot, not the emergency number and a transfer; signs of danger still are.
  if (u.intents.urgent && !names_danger(words_) && business_.trade == "medical")
    if (auto s = urgent_service(); s && (!slots_.service || *slots_.service == *s)) {
      u.intents.urgent = false;
      u.intents.book = true;
      slots_.service = *s;
      if (stage_ == Stage::open || stage_ == Stage::anything_else) stage_ = Stage::booking;
    }
  // "Do you have two seatings? I read something about 7 and 9": naming the seatings asks about
  // them, it chooses neither (was the last one booked).
  if (u.time) {
    const std::vector<ClockTime> fixed = seatings();
    std::size_t named = 0;  // the seatings named, each once; a party's number is none
    for (const ClockTime& t : fixed)
      for (std::size_t i = 0; i < words_.size(); ++i)
        if (auto n = parse_number(words_, i);
            n && (n->value == t.hour || n->value == t.hour % 12) && n->value != u.party.value_or(-1)) {
          ++named;
          break;
        }
    if (named >= 2) u.time.reset();
  }
  // "Can I drop it off tonight and leave the keys somewhere?" with Saturday 8 AM being booked:
  // a question the FAQ answers is about the caller's own errand; its day does not move the
  // booking (was "no evening appointment that day", twice, then "8 AM has already passed").
  if ((stage_ == Stage::booking || stage_ == Stage::confirming) && slots_.date && u.date &&
      *u.date != *slots_.date && utterance_.find('?') != std::string::npos && !u.intents.book &&
      !u.intents.hours && !u.party && !u.name && !u.plate && !u.nights) {
    // "Yes. and can I leave the keys in a key box tonight?" at the read-back: the yes holds, the
    // question is beside it.
    const bool yes_first = stage_ == Stage::confirming && u.intents.answer == Answer::yes && !words_.empty() &&
                           is_any_word(words_.front().text, {"yes", "yeah", "yep", "yup", "oui", "ouais", "ok", "okay"});
    if (yes_first || faq_answer(business_, words_)) {
      u.date.reset();
      u.time.reset();
      u.part = DayPart::none;
    }
  }
  // What a correction at the read-back changed: a lone number next goes on correcting it.
  if (stage_ == Stage::confirming && (!!u.time + !!u.party + !!u.nights) == 1)
    last_corrected_ = u.time ? Asked::time : u.party ? Asked::party : Asked::nights;
  return handle(u);
}

namespace {

// "it's not a service, it's the chain and sprocket": the words denied ("not a service", "pas la
// vidange") dropped, so what is left names what the caller wants.
Words without_denied(const Words& w) {
  Words kept;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (w[i].text != "not" && w[i].text != "pas") {
      kept.push_back(w[i]);
      continue;
    }
    const auto article = [&](std::size_t k) {
      static constexpr std::string_view kArticles[] = {"a", "an", "the", "un", "une", "le", "la", "de", "du", "d", "l"};
      return k < w.size() && std::ranges::find(kArticles, w[k].text) != std::end(kArticles);
    };
    std::size_t k = i + 1;
    while (article(k)) ++k;
    i = k;  // the denied noun goes too
  }
  return kept;
}

}  // namespace

namespace {

// "for myself and my husband", "and my husband Ciaran", "for both of us", "pour moi et mon
// mari": a second person to see; their name when said right after ("" when not).
std::optional<std::string> companion_in(std::string_view said, const Words& w) {
  static constexpr std::string_view kRelatives[] = {
      "husband", "wife", "partner", "son", "daughter", "mother", "mum", "mom", "father", "dad", "brother",
      "sister", "mari", "femme", "compagnon", "compagne", "fils", "fille", "mere", "pere", "frere", "soeur"};
  for (std::size_t i = 2; i < w.size(); ++i) {
    if (std::ranges::find(kRelatives, w[i].text) == std::end(kRelatives)) continue;
    const bool and_my = (w[i - 2].text == "and" && w[i - 1].text == "my") ||
                        (w[i - 2].text == "et" && (w[i - 1].text == "mon" || w[i - 1].text == "ma"));
    if (!and_my) continue;
    if (i + 1 < w.size() && w[i + 1].capitalised && !is_filler(w[i + 1].text) && weekday_at(w, i + 1) < 0)
      return capitalise_name(said.substr(w[i + 1].begin, w[i + 1].end - w[i + 1].begin));
    return std::string();
  }
  for (std::string_view p : {"both of us", "the two of us", "pour nous deux", "toutes les deux", "tous les deux"})
    if (find_phrase(w, p) != std::string_view::npos) return std::string();
  return std::nullopt;
}

}  // namespace

Reply Dialogue::handle(const Understanding& u) {
  const Intents& in = u.intents;
  // A second person to see at a practice: kept (a name said later fills it in).
  if (business_.trade == "medical" && !companion_asked_)
    if (auto c = companion_in(utterance_, words_); c && (!companion_ || !c->empty())) companion_ = *c;
  // "Shall I book the second appointment, for Ciaran, right after?" - "yes": the same
  // appointment for them, read back (their name asked when none was said).
  if (companion_offer_ && stage_ == Stage::anything_else) {
    Slots second = *std::exchange(companion_offer_, std::nullopt);
    companion_.reset();
    if (in.answer == Answer::yes || in.book) {
      misses_ = 0;
      const std::optional<std::string> first = slots_.name;  // the first appointment's
      // "Oui, et maintenant pour mon fils chez l'orthophoniste, jeudi à 17h": what is said
      // now changes the offer (its day, time, practitioner, service, name).
      if (u.date || u.time || has_trade_slot(u)) second.practitioner.reset(), second.service.reset();
      slots_ = std::move(second);
      merge(u);
      drop_rules_not_applying();
      // "Oui, elle s'appelle Léa" after Claire Martin's: Léa Martin.
      if (u.name && u.name->find(' ') == std::string::npos && first && first->find(' ') != std::string::npos)
        *slots_.name += first->substr(first->rfind(' '));
      stage_ = Stage::booking;
      return take_details(u, true);
    }
  }
  const bool thanked_before = std::exchange(thanked_, false);
  const bool time_proposed = std::exchange(time_proposed_, false);
  const bool in_progress = stage_ == Stage::booking || stage_ == Stage::confirming;
  const bool question = in.hours || in.address || in.phone || in.menu || in.prices ||
                        in.checkin || in.returns || in.policy;
  // Free text alone is no detail: "au revoir" at the reason's question is a goodbye.
  const bool slot = has_detail(u) || has_trade_slot(u);

  if (in.urgent) {
    misses_ = 0;
    return urgent();
  }
  // "Vous montez des pneus neige ?" at a windscreen specialist: a plain no and what it does do
  // (was its whole price list, then "what model is your car?").
  if (stage_ != Stage::confirming && names_work_not_done(words_, business_)) {
    misses_ = 0;
    forget_request();
    stage_ = Stage::anything_else;
    std::vector<std::string> names;
    for (const Service& s : business_.services) names.push_back(s.name);
    std::string no = phrases_.work_not_done(names) + phrases_.question(Asked::anything_else);
    // Asked again ("vous en faites ou pas ?"): the no alone, not the list once more.
    if (std::ranges::find(answers_said_, no) != answers_said_.end())
      no = phrases_.work_not_done({}) + phrases_.question(Asked::anything_else);
    work_refused_ = phrases_.work_not_done({});
    return say(std::move(no), Asked::anything_else);
  }
  // "Une Peugeot 308, je viens de vous le dire", then the plate, after hearing the vidange is
  // not done here: the car is taken, for what may be booked next, and the no said again (was
  // the plate, then "quelle prestation ?" asked, a booking begun for the work refused).
  if (!work_refused_.empty() && stage_ == Stage::anything_else && (u.vehicle || u.plate) && !u.date &&
      !u.time && !u.name && !service_in(u) && !in.human) {
    misses_ = 0;
    if (u.vehicle) slots_.vehicle = u.vehicle;
    if (u.plate) slots_.plate = u.plate;
    car_kept_ = true;
    const std::string car = u.vehicle ? phrases_.car_noted(*u.vehicle) : "";
    std::string no = std::exchange(work_refused_, phrases_.work_not_done({}));
    if (!no.ends_with(' ')) no += ' ';
    return say(car + no + phrases_.question(Asked::anything_else), Asked::anything_else);
  }
  // "Mine are six and nine, so that's a no then?" after the age rule turned the stay down.
  if (refused_for_age_ && asks_if_no(words_)) {
    misses_ = 0;
    if (in.goodbye) return end(phrases_.afraid_not() + phrases_.goodbye(now_.minutes >= 18 * 60));
    stage_ = Stage::anything_else;
    return say(phrases_.afraid_not() + phrases_.question(Asked::anything_else), Asked::anything_else);
  }
  // "D'accord j'appelle le 15" after the emergency number: a short yes and the line freed (was
  // "Je vous écoute.").
  if (!emergency_told_.empty() && goes_to_call(words_, emergency_told_)) return end(phrases_.call_them_now());
  // "What should I do?" after the emergency number or the tow line: that again, not "I don't
  // have that information".
  if (!advice_.empty() && !slot && asks_what_to_do(words_)) {
    misses_ = 0;
    offered_human_ = false;
    stage_ = Stage::anything_else;
    return say(advice_, Asked::anything_else);
  }
  if (stage_ == Stage::cancelling)
    if (auto step = cancel_step(u)) return std::move(*step);
  if (auto car = loan_car(u)) return std::move(*car);
  // "Oui" to the stay offered for a minimum stay: its arrival and nights; "non": the arrival again.
  // "Oui. C'est combien la nuit ?": taken, and the question answered before the next one.
  if (offered_stay_ && asked_ == Asked::nights && !slot && in.answer == Answer::yes) {
    const Stay offered = *std::exchange(offered_stay_, std::nullopt);
    misses_ = 0;
    slots_.date = offered.arrival;
    slots_.nights = offered.nights;
    if (question) {
      std::vector<ToolUse> used;
      answered_first_ = answers_to(u, used);
    }
    merge(u);
    return take_details(u, false);
  }
  if (offered_stay_ && asked_ == Asked::nights && !slot && !question && in.answer == Answer::no) {
    offered_stay_.reset();
    misses_ = 0;
    slots_.date.reset();
    slots_.nights.reset();
    return say(ask(Asked::day), Asked::day);
  }
  if (names_another_place(words_, business_, business_name_) && stage_ != Stage::confirming) {
    misses_ = 0;
    stage_ = Stage::anything_else;
    return say(phrases_.wrong_number(business_name_) + phrases_.question(Asked::anything_else),
               Asked::anything_else);
  }
  // "Are you a robot?": honestly, the business's virtual assistant, then what was being asked
  // (was the closed message, "real person" being heard as a wish to talk to one).
  if (!has_detail(u) && !in.book && asks_if_bot(words_)) {
    misses_ = 0;
    return say(phrases_.virtual_assistant(business_name_) + ask(asked_), asked_);
  }
  // "Who is this?", "is this the doctor's office?", "je suis bien chez ... ?": who answers.
  if (!has_detail(u) && !in.book && asks_who(words_) != Who::no && (stage_ == Stage::open || stage_ == Stage::anything_else)) {
    misses_ = 0;
    return say(phrases_.who_we_are(business_name_, asks_who(words_) == Who::checks) +
                   ask(asked_),
               asked_);
  }
  // Nothing under the name searched: a name said next ("c'est au nom de Dubois") is searched.
  const auto missed_cancel = std::exchange(cancel_missed_, std::nullopt);
  if (missed_cancel && u.name && !u.party && !u.time && !in.book && !in.human && !in.goodbye &&
      in.answer != Answer::no) {
    misses_ = 0;
    Understanding named = u;
    if (!named.date) named.date = *missed_cancel;
    return start_cancel(named);
  }
  // "I said I don't have it. can't you look me up by name?" once the case is open: it stands,
  // opened without the number (was "I don't have that information").
  if (!ticket_id_.empty() && !u.order_number && !in.human && !in.goodbye && no_order_number(words_)) {
    misses_ = 0;
    stage_ = Stage::anything_else;
    const bool human = can_transfer();
    Reply r = say(phrases_.ticket_open_already(ticket_id_, ticket_order_, ticket_name_) +
                      (human ? phrases_.offer_human() : phrases_.question(Asked::anything_else)),
                  Asked::anything_else);
    offered_human_ = human;
    return r;
  }
  // The order number asked for a complaint: whatever the caller says next (the number, "I
  // don't have it", their name) goes into the case, which is opened now.
  if (!complaint_.empty() && asked_ == Asked::order_number && !in.goodbye && !in.human) {
    misses_ = 0;
    return open_ticket(u);
  }
  complaint_.clear();
  if (asked_ == Asked::problem && !in.goodbye && !in.human && in.answer != Answer::no) {
    misses_ = 0;
    return open_ticket(u);
  }
  if (asked_ == Asked::address && !in.goodbye && !in.human) {
    misses_ = 0;
    return address_taken();
  }
  if (!in.book && !in.ticket && !in.returns)
    if (auto m = message(u)) {
      misses_ = 0;
      return std::move(*m);
    }
  if (auto other = not_a_booking(u)) {
    misses_ = 0;
    return std::move(*other);
  }
  if (in.ticket && !in.book) {  // a damaged parcel's order number is part of the complaint
    misses_ = 0;
    return ticket(u);
  }
  // "I mean, can you gift wrap an order for me?" after "I don't have that information, shall I
  // put you through?": the question rephrased, not an order to look up.
  const bool rephrased = offered_human_ && !u.order_number && utterance_.find('?') != std::string::npos;
  if ((in.order && !rephrased) || (u.order_number && !in_progress) || asked_ == Asked::order_number) {
    // "Order TS-5001, I want to cancel it": a shop's cancellation goes to a person below.
    if (!in.human && !in.goodbye && !(in.cancel && form_.empty())) {
      if (u.order_number || asked_ != Asked::order_number) misses_ = 0;  // else a miss counts
      return order_status(u);
    }
  }
  if (in.book && form_.empty()) {  // a shop: no bookings, say what it can do
    misses_ = 0;
    // "Vous avez une boutique à Lille ?": its "vous avez une" books elsewhere; a question its
    // facts answer is answered (was "Je ne prends pas de réservation").
    if (!slot)
      if (auto known = answer_question(business_, words_, lang_code())) return answer_fact(*known);
    stage_ = Stage::anything_else;
    return say(phrases_.no_bookings() + phrases_.question(Asked::anything_else),
               Asked::anything_else);
  }
  // "I'd like to talk to a mechanic about my brakes", "parler à la secrétaire, c'est pour mes
  // résultats": a person asked for, a service or a topic named only says what about (was a
  // booking started, or the person ignored); what the business's facts say about it comes first.
  // "25 personnes comme je vous ai dit, vous pouvez me passer le responsable ?": a group too
  // large to book is what the person is wanted for (was the party limit again).
  const bool group = u.party && business_.capacity > 0 && *u.party > business_.capacity;
  if (in.human && (!has_detail(u) || group) && !in.book) {
    misses_ = 0;
    std::string known;
    if (!slot)  // a service named is what the person is wanted for, not a question
      if (auto a = answer_question(business_, words_, lang_code())) known = *a + " ";
    return human_wanted(known);
  }
  // "Yes, cancel it" to "I can't find it, shall I put you through?": the yes is to the person,
  // who can look further (was the name asked again).
  if (offered_human_ && in.cancel && in.answer == Answer::yes && !slot) {
    misses_ = 0;
    offered_human_ = false;
    return human_wanted("");
  }
  // "Le plus tôt possible ?" again after the first free time was proposed: that proposal again,
  // as the earliest, then the pending question (was the question alone, as if not heard). "As
  // early as you can, this morning if possible" names the same day and a part of it that holds
  // the time: no new request (was the time dropped and the day said again).
  if ((soonest_ || time_proposed) && stage_ == Stage::booking && slots_.date && slots_.time &&
      earliest_wanted(words_) && (!slot || same_day_again(u))) {
    misses_ = 0;
    Request proposed;
    proposed.trade = business_.trade;
    proposed.date = slots_.date;
    proposed.time = booking_time();
    proposed.practitioner = slots_.practitioner.value_or("");
    return say(phrases_.earliest(proposed, now_.date, true) + current_question(), asked_);
  }
  // "J'ai réservé ... du 18 au 20, je voudrais rajouter une nuit": the stay found and made longer.
  if (business_.trade == "hotel" && !in_progress && stage_ != Stage::cancelling &&
      extension_request_end(words_)) {
    misses_ = 0;
    return start_extension(u);
  }
  // "I need to move my appointment to Friday": the booking is found first; the day is its new one.
  if (in.cancel && move_request_end(words_) && !in_progress && !form_.empty() && stage_ != Stage::cancelling) {
    misses_ = 0;
    return start_cancel(u);
  }
  // "Actually I'd like to cancel my booking, it's under Martin" while booking another: the name
  // is the booking to find, not the new one's.
  // "My name is Jarrah Collins! forget it, I'll ring back later. bye" at the read-back: the
  // request dropped and the call ended, no booking searched to cancel (was "Shall I cancel it?").
  if (in.cancel && in.dismiss_only && in.goodbye && in_progress && !in.book && stage_ != Stage::cancelling) {
    forget_request();
    return end((booked_in_call_ ? "" : phrases_.nothing_booked()) + phrases_.goodbye(now_.minutes >= 18 * 60));
  }
  const bool cancels_existing = in.cancel && !in.book && u.name && !u.party && !u.time && !u.date &&
                                !form_.empty() && stage_ != Stage::cancelling;
  if (cancels_existing && in_progress) {
    misses_ = 0;
    return start_cancel(u);
  }
  // "No... never mind. Bye.": dropping whatever it was, and a farewell; nothing to look up.
  if (in.cancel && in.goodbye && !slot && !u.name && !in.book)
    return end(phrases_.goodbye(now_.minutes >= 18 * 60));
  if (in.cancel && (!slot || (!in.book && !in_progress))) {
    misses_ = 0;
    if (in_progress) {
      forget_request();
      stage_ = Stage::anything_else;
      return say(phrases_.request_dropped(), Asked::anything_else);
    }
    if (!form_.empty()) return start_cancel(u);
    // "I need to cancel my order TH-88133": where the order is, before the person who can cancel
    // it (was the transfer alone).
    std::string status;
    if (u.order_number)
      if (const Order* o = lookup_order(business_, *u.order_number)) {
        status = phrases_.order_status(*o);
        last_order_ = o->number;
      }
    return human_wanted(status + phrases_.cannot_change_existing());
  }
  if (offered_human_ && !slot) {
    offered_human_ = false;
    if (in.answer == Answer::yes) return human_wanted("");
    // "No thanks, bye" ends; "non. et les cartes cadeaux ?" goes on to its question.
    if (in.answer == Answer::no && !in.goodbye && !question && utterance_.find('?') == std::string::npos)
      return say(current_question(), asked_);
  }
  offered_human_ = false;
  // "Oui" to "Voulez-vous prendre rendez-vous ?" after a service's price: that service's booking.
  std::optional<std::string> offer_taken;  // kept when a new request below forgets the last one
  const std::string offered_with = std::exchange(offered_practitioner_, "");
  if (const std::string spoken = std::exchange(service_spoken_of_, "");
      !spoken.empty() && (in.book || slot) && !find_service(business_, words_))
    slots_.service = offer_taken = spoken;
  if (const std::string offered = std::exchange(offered_service_, ""); !offered.empty()) {
    // "Vous pouvez la regarder quand ?": when, is wanting it.
    const bool when = find_phrase(words_, "quand") != std::string_view::npos ||
                      find_phrase(words_, "when") != std::string_view::npos;
    if (in.answer == Answer::yes || in.book || when || slot) slots_.service = offer_taken = offered;
    if ((in.answer == Answer::yes || when) && !slot && !question && !in.goodbye) {
      misses_ = 0;
      stage_ = Stage::booking;
      // "Je voudrais voir la sage-femme. C'est remboursé ?", then "oui": with her.
      if (!offered_with.empty() && !slots_.practitioner) slots_.practitioner = offered_with;
      return take_details(u, false);
    }
    // "Non, je demandais si vous vous déplacez à domicile": a no that asks again is answered.
    if (in.answer == Answer::no && !slot && !question && !in.book && !faq_answer(business_, words_)) {
      stage_ = Stage::anything_else;
      return say(phrases_.question(Asked::anything_else), Asked::anything_else);
    }
  }
  // "Vous faites le contrôle technique ?", "and brake pads?": a question about a service, not
  // yet a booking: its price, and an appointment offered. One the FAQ answers ("est-ce qu'un
  // kiné peut venir à domicile ?") is about that entry, the service only its subject.
  // "C'est quoi votre premier créneau pour une ostéo ?" asks for a slot: a booking, not a price.
  if (asks_about_service(utterance_, words_) && !has_detail(u) && !in.hours && !in.address && !in.phone &&
      !earliest_wanted(words_) && !faq_answer(business_, words_) &&
      (stage_ == Stage::open || stage_ == Stage::anything_else) &&
      std::find(form_.begin(), form_.end(), Asked::service) != form_.end()) {
    if (const Service* s = find_service(business_, words_)) {
      const std::string_view lang = lang_code();
      if (auto price = price_of(business_, s->name, lang)) {
        misses_ = 0;
        stage_ = Stage::anything_else;
        Reply r = say(*price + " " + faq_of_service(business_, *s, words_) + phrases_.offer_appointment(),
                      Asked::anything_else);
        offered_service_ = s->name;
        r.used.push_back({"answer_question", "prices", true});
        return r;
      }
    }
  }
  // "This number", "celui-ci", or a plain yes at "what number can we reach you on?": the number
  // the call comes from.
  if (asked_ == Asked::phone && !u.phone && !caller_number_.empty() && stage_ == Stage::booking &&
      !question && !in.goodbye && (in.answer == Answer::yes || means_this_number(words_))) {
    misses_ = 0;
    slots_.phone = caller_number_;
    return take_details(u, false);
  }
  // "Yes" or "any" at the room type's question: the one room that fits the party best (a single
  // for one guest, the family room for three), when there is just one such.
  // The room chosen for the caller, asked about again ("laquelle vous me conseillez ?" at the
  // name's question): the suggestion again, then the question pending.
  if (stage_ == Stage::booking && asked_ != Asked::room_type && slots_.room_type && slots_.party &&
      asks_which_room(words_) && !u.room_type && !u.name && !u.date && !u.time && !u.nights &&
      (!u.party || u.party == slots_.party)) {
    misses_ = 0;
    return say(phrases_.room_suggested(*slots_.room_type, *slots_.party) + current_question(), asked_);
  }
  // "Laquelle vous me conseillez ?", "what do you have for four?" is asking for that room too.
  if (asked_ == Asked::room_type && !u.room_type && stage_ == Stage::booking && slots_.party && !question &&
      !in.goodbye && (in.answer == Answer::yes || in.any || asks_which_room(words_))) {
    const RoomType* best = nullptr;
    bool tie = false;
    for (const RoomType& r : business_.rooms) {
      if (r.capacity < *slots_.party) continue;
      if (!best || r.capacity < best->capacity) {
        best = &r;
        tie = false;
      } else if (r.capacity == best->capacity) {
        tie = true;
      }
    }
    // "Je ne sais pas, qu'est-ce que vous avez ?": no yes, a question: the rooms that fit with
    // their prices, once (was the suggestion taken and the name asked).
    if (best && in.answer != Answer::yes && !in.any && !std::exchange(rooms_listed_, true)) {
      misses_ = 0;
      return say(phrases_.rooms_that_fit(business_, *slots_.party), Asked::room_type);
    }
    if (best && !tie) {
      misses_ = 0;
      slots_.room_type = best->type;
      if (in.answer != Answer::yes && !in.any) answered_first_ = phrases_.room_suggested(best->type, *slots_.party);
      // "Oui très bien. On peut venir avec notre chien ?": the question beside the yes too.
      if (utterance_.find('?') != std::string::npos)
        if (auto a = answer_beside_booking(business_, words_, lang_code())) answered_first_ += *a + " ";
      // "ok, book it, name is Chen"; "what do you have for four?" says the party again: no echo.
      Understanding rest = u;
      if (rest.party == slots_.party) rest.party.reset();
      merge(rest);
      return take_details(rest, false);
    }
  }
  // "Peu importe", "whoever's free" at "Dr A, B or C?": the first practitioner free at the slot
  // (the calendar is asked in the list's order), named in the read-back. A bare "yes" or "ok"
  // is no choice: the choices are said once more, and a second one is taken as no preference.
  if (asked_ == Asked::practitioner && stage_ == Stage::booking && !find_practitioner(business_, words_) &&
      !question && !in.goodbye && !in.human && (in.answer != Answer::no || any_will_do(words_))) {
    const bool bare_yes = in.answer == Answer::yes && !in.any && !any_will_do(words_);
    if (in.any || any_will_do(words_) || (bare_yes && practitioner_asked_again_)) {
      misses_ = 0;
      any_practitioner_ = true;
      slots_.practitioner = business_.practitioners.front().name;
      merge(u);
      return take_details(u, false);
    }
    if (bare_yes) {
      misses_ = 0;
      practitioner_asked_again_ = true;
      merge(u);
      return say(phrases_.practitioner_again(business_), Asked::practitioner);
    }
  }
  // "D'accord" to "20h15 ou 19h45 ?": the first time offered. "Don't mind, whoever's free" takes
  // it too, and at a practice, whoever is free then (no practitioner chosen yet).
  const bool any_offered = any_will_do(words_) && in.answer != Answer::no;
  if (asked_ == Asked::time && !offered_times_.empty() && (in.answer == Answer::yes || any_offered) && !slot) {
    if (any_offered && !slots_.practitioner && business_.trade == "medical" && !business_.practitioners.empty()) {
      any_practitioner_ = true;
      slots_.practitioner = business_.practitioners.front().name;
    }
    const ClockTime t = offered_times_.front();
    const Meridiem m = t.hour > 12 ? Meridiem::none : t.hour < 12 ? Meridiem::am : Meridiem::pm;
    slots_.time = SpokenTime{t.hour, t.minute, m};  // 24-hour times are never ambiguous
    offered_times_.clear();
    misses_ = 0;
    return take_details(u, false);
  }
  offered_times_.clear();
  // A yes to the read-back that also says goodbye books first, then hangs up.
  // "Yes. Is there parking?": booked, and the question answered with the booking's news (was
  // dropped).
  if (stage_ == Stage::confirming && in.answer == Answer::yes && !slot && !question) {
    misses_ = 0;
    // "Yes, and the courtesy car is booked too?": the booked line says it is noted; the FAQ
    // on courtesy cars, heard already, is not read again.
    const bool car_on_booking = slots_.loan_car && names_loan_car(words_);
    if (utterance_.find('?') != std::string::npos && !car_on_booking)
      if (auto a = answer_question(business_, words_, lang_code())) answered_first_ = *a + " ";
    return confirm_booking(in.goodbye);
  }
  // "C'est tout" at the read-back is not a farewell yet; anywhere else it ends the call.
  const bool finished = in.goodbye || (in.done && stage_ != Stage::confirming);
  // "Thanks, bye" at the read-back, neither yes nor no: a caller who thinks it is booked. Told it
  // is not, and the read-back asked once more; a second goodbye ends the call.
  if (finished && !slot && !question && stage_ == Stage::confirming && in.answer != Answer::no &&
      !std::exchange(goodbye_at_read_back_, true))
    return say(phrases_.nothing_booked() + read_back(), Asked::confirmation);
  // "Nope, thanks, see you at 11", "à demain 10h, au revoir" once booked: the time said is the
  // booking's own, a farewell, not a new booking (was "Sure, an appointment at 11 AM").
  if (in.goodbye && !question && !in.book && booked_in_call_ && stage_ == Stage::anything_else)
    return end(phrases_.goodbye(now_.minutes >= 18 * 60));
  if (finished && !slot && !question)
    return end((in_progress && !booked_in_call_ ? phrases_.nothing_booked() : "") +
               phrases_.goodbye(now_.minutes >= 18 * 60));
  // "Gauthier. Et on peut arriver à partir de quelle heure ?": while booking, the detail given
  // beside a question is kept (was asked again) and the answer said before the next question.
  // Only the detail asked, or one that is no day or count ("are you open on Sunday?" while
  // booking asks about Sunday, it does not move the booking there).
  const bool answered_the_question = u.name || u.phone || u.plate || u.vehicle ||
                                     (asked_ == Asked::day && u.date) || (asked_ == Asked::time && u.time) ||
                                     (asked_ == Asked::party && u.party) || (asked_ == Asked::nights && u.nights);
  const bool answer_then_go_on = question && answered_the_question && !in.hours && stage_ == Stage::booking && !in.book;
  if (answer_then_go_on) {
    std::vector<ToolUse> used;
    answered_first_ = answers_to(u, used);
  } else if (question && !(in.book && slot)) {
    misses_ = 0;
    // "Camille Fontaine. Et c'est remboursé ?" while booking: the answer, and the name kept
    // (was the name asked again). The details are taken below.
    // A service named in a price question is its subject, not yet chosen ("combien coûte la
    // vidange ?" at "quelle prestation ?").
    if (!(has_detail(u) && stage_ == Stage::booking)) return answer_questions(u);
  }

  // "This is ridiculous, I've been trying to reach you all day": an apology, then how to help
  // (was "I don't have that information").
  if (!slot && !in.book && !in.ticket && !in.human && in.answer != Answer::yes && frustrated(words_) &&
      (stage_ == Stage::open || stage_ == Stage::anything_else)) {
    misses_ = 0;
    stage_ = Stage::open;
    return say(phrases_.sorry_for_the_trouble(), Asked::nothing);
  }
  // "Et est-ce qu'on peut dîner sur place ?" after the stay is booked: a meal or a room named
  // in a question the FAQ answers (the table d'hôtes) is that question, no new booking (was
  // "Pour quelle date d'arrivée ?").
  // "Non, je demande si vous faites la table d'hôtes": asked again, the table is the question's.
  const bool asked = (in.book_topic_only && utterance_.find('?') != std::string::npos) || asks_again(words_);
  // Children turned down for their age, asked again for them ("et si on prend deux doubles, les
  // enfants dans l'une ?"): the age rule below answers, not its FAQ read again.
  if (asked && !has_detail(u) && !in.human && (stage_ == Stage::open || stage_ == Stage::anything_else) &&
      !(refused_for_age_ && children_rule(business_, words_)))
    if (auto known = faq_answer(business_, words_)) {
      misses_ = 0;
      return answer_fact(*known);
    }
  // "Two adults and two kids, six and nine, a family room next weekend": the FAQ's minimum age
  // for children is said at once, and children too young end the request there (was "double
  // or single?" asked on, the rule said a turn late).
  // Asked again for them ("could we take two doubles then, the kids in one?"): the same.
  if ((slot || in.book || refused_for_age_) && stage_ != Stage::confirming && stage_ != Stage::cancelling &&
      !in.human)
    if (auto rule = children_rule(business_, words_)) {
      if (!rule->ages.empty()) child_ages_ = rule->ages;
      rule->ages = child_ages_;
      const bool said_before = std::exchange(age_rule_said_, true);
      // "Il me faudrait une voiture de courtoisie, j'ai 19 ans": the age is that of the driver
      // of a lent car; no car, and the work is booked all the same (was the whole booking
      // refused, twice).
      if (rule->too_young() && business_.trade == "garage" && names_loan_car(tokenize(rule->answer))) {
        slots_.loan_car = false;
        if (!std::exchange(loan_car_refused_, true)) loan_age_rule_due_ = rule->answer;
      } else if (rule->too_young()) {
        misses_ = 0;
        forget_request();
        stage_ = Stage::anything_else;
        // Asked again for another room ("could we take two doubles then?"): the rule is not read
        // again, and the caller hears it holds for every room (was the same two sentences, and
        // "I'm sorry, so I can't", twice).
        const bool again = said_before && std::exchange(refused_for_age_, true);
        refused_for_age_ = true;
        // "A family room" where there is none: said too, so the caller does not ask for one next.
        std::string rooms;
        if (!again && u.room_type && !find_room(business_, *u.room_type))
          rooms = phrases_.no_such_room_either(*u.room_type, business_);
        return say((again ? "" : rule->answer + " ") + phrases_.children_too_young(rule->ages, again) + rooms +
                       phrases_.question(Asked::anything_else),
                   Asked::anything_else);
      } else if (!said_before) {
        answered_first_ += rule->answer + " ";
      }
    }
  // "Je voudrais faire la vidange de ma 308" at a body shop whose FAQ says "pas la mécanique":
  // a service it does not do is said at once, and no booking starts (was the car's model, its
  // plate, then the service asked before the caller heard it).
  if ((slot || in.book) && !in.human && (stage_ == Stage::open || stage_ == Stage::anything_else) &&
      std::find(form_.begin(), form_.end(), Asked::service) != form_.end() &&
      !find_service(business_, words_))
    if (auto known = faq_answer(business_, words_); known && says_not_done(*known)) {
      misses_ = 0;
      forget_request();
      stage_ = Stage::anything_else;
      work_refused_ = *known;
      return answer_fact(*known);
    }
  // "Est-ce qu'un kiné peut venir à domicile ?": a question the FAQ answers, naming a service
  // as its subject and no day nor time, is no booking (was a practitioner asked).
  if (!has_detail(u) && has_trade_slot(u) && !in.book && !in.human &&
      (stage_ == Stage::open || stage_ == Stage::anything_else) && faq_answer(business_, words_))
    if (auto known = answer_question(business_, words_, lang_code())) {
      misses_ = 0;
      return answer_fact(*known);
    }
  // Anything the business's FAQ or facts answer ("où se garer ?") is answered, whatever else.
  // While booking, "vous avez une terrasse ?" is a question, though "vous avez une" may book.
  if (!slot && (!in.book || stage_ == Stage::booking) && stage_ != Stage::confirming) {
    if (auto known = answer_question(business_, words_, lang_code())) {
      misses_ = 0;
      return answer_fact(*known);
    }
  }

  // A question nothing in the business's facts answers ("vous acceptez les chèques ?" where no
  // FAQ says): said so, and the pending question asked again, rather than "I didn't catch that".
  // "OK. Do you guys do gift wrapping?" at "anything else?": the ok acknowledges the last
  // answer, the question is what is wanted (was "Sure, go ahead.").
  const bool asked_something = utterance_.find('?') != std::string::npos || asks_back(words_);
  const bool ok_then_question = in.answer == Answer::yes && stage_ == Stage::anything_else &&
                                utterance_.find('?') != std::string::npos && words_.size() > 3;
  if (asked_something && !slot && !in.book && (in.answer == Answer::none || ok_then_question) &&
      !in.repeat && (!in.greeting || asks_back(words_)) &&  // "hi, do you sell X" asks; "allô ?" does not
      (stage_ == Stage::open || stage_ == Stage::anything_else || stage_ == Stage::booking)) {
    misses_ = 0;
    if (stage_ == Stage::open) stage_ = Stage::anything_else;
    const Asked next = stage_ == Stage::anything_else ? Asked::anything_else : asked_;
    // Nothing booking: a person may know what the business's facts do not say.
    const bool offer = stage_ == Stage::anything_else && can_transfer();
    Reply r = say(phrases_.no_answer() + (offer ? phrases_.offer_human() : ask(next)), next);
    offered_human_ = offer;
    r.used.push_back({"answer_question", "faq", false});
    return r;
  }

  // "Pardon ?", "allô ?": not a failure, the pending question is asked again.
  if ((in.repeat || in.greeting) && in.answer == Answer::none && !slot && !in.book) {
    misses_ = 0;
    return say(current_question(), asked_);
  }

  // "Je ne l'ai pas sous les yeux", "I don't have it on me" at the plate's or the model's
  // question: taken as said, the booking goes on without it (was asked again at once).
  if (stage_ == Stage::booking && (asked_ == Asked::plate || asked_ == Asked::vehicle) &&
      !(asked_ == Asked::plate ? u.plate : u.vehicle) && does_not_have_it(words_)) {
    (asked_ == Asked::plate ? plate_asks_ : vehicle_asks_) = 2;
    if (!has_detail(u) && !in.goodbye && !in.book) {
      misses_ = 0;
      return take_details(u, false);
    }
  }
  // The car's model or plate asked twice and still not given ("yes", "no idea", "thanks"): the
  // booking goes on without it, rather than the same question a third time or a hang-up.
  // A second "merci" in a row is still a caller who thinks it is done (below).
  if (stage_ == Stage::booking && !slot && !in.book && !in.goodbye && !(in.thanks && thanked_before) &&
      ((asked_ == Asked::vehicle && vehicle_asks_ >= 2) || (asked_ == Asked::plate && plate_asks_ >= 2))) {
    misses_ = 0;
    return take_details(u, false);
  }
  // "Gauthier, je viens de vous le dire", "Fontaine. Camille Fontaine.", "the brakes, like I
  // said", "five": the name, service or party already taken, said again by a caller who thinks it was missed:
  // the question again, no "pardon" (services listed together are said back first).
  const Service* restated = slots_.service ? find_service(business_, without_denied(words_)) : nullptr;
  // "Five." at the room's question, the five guests already taken.
  const auto lone = words_.size() <= 2 ? parse_number(words_, 0) : std::nullopt;
  const bool party_again = lone && lone->length == words_.size() && slots_.party && lone->value == *slots_.party;
  const bool garage = std::find(form_.begin(), form_.end(), Asked::plate) != form_.end();
  const bool still_without = garage && (!slots_.plate || !slots_.vehicle) && does_not_have_it(words_);
  // "it's not a service, it's the chain and sprocket": a service word denied books nothing.
  // "Safety certificate?? no, BRAKES": the service read back said beside another is denied.
  // "Et la vidange aussi, pas que les pneus" with both noted: each service said is one noted.
  const std::vector<const Service*> named =
      slots_.service && !slots_.also_services.empty() ? services_named(u) : std::vector<const Service*>{};
  const bool all_noted = !named.empty() &&
                         std::ranges::all_of(named, [&](const Service* s) {
                           return s->name == *slots_.service ||
                                  std::ranges::find(slots_.also_services, s->name) != slots_.also_services.end();
                         });
  const bool same_service =
      ((restated && restated->name == *slots_.service) || all_noted) &&
      !(stage_ == Stage::confirming && in.answer == Answer::no && other_service_said(*slots_.service, words_without_other_subjects(u).value_or(words_)));
  const bool listed_again = same_service && !slots_.also_services.empty() && stage_ == Stage::booking;
  // "Oui c'est bon, je verrai pour la vidange sur place": a yes at the read-back confirms.
  const bool confirms = stage_ == Stage::confirming && in.answer == Answer::yes;
  if (!has_detail(u) && (!in.book || (same_service && stage_ == Stage::confirming) || listed_again) &&
      ((slots_.name && says_name(words_, *slots_.name) && !slot) || (same_service && !confirms) ||
       (still_without && !slot && in.answer != Answer::yes) || (party_again && !slot)) &&
      (stage_ == Stage::booking || stage_ == Stage::confirming)) {
    misses_ = 0;
    // "Non, Petit, juste Petit" at the read-back saying Petit: told it is what was noted.
    const bool restates = stage_ == Stage::confirming && (in.answer == Answer::no || all_noted);
    // "Oil change and tire rotation, like I said" at "what name?": the services are said back,
    // so the caller knows they were taken (was the name's question alone, three times).
    // A garage's one service said again ("Réparation d'impact, je vous l'ai dit") is said back too.
    std::string noted;
    if (listed_again || (same_service && stage_ == Stage::booking && business_.trade == "garage")) {
      if (listed_again) merge(u);
      noted = phrases_.services_noted(all_services(), true);
    }
    return say((restates ? phrases_.same_as_read_back() : noted) + current_question(), asked_);
  }
  switch (stage_) {
    case Stage::confirming:
      if (slot) break;  // a correction: handled below like any new detail
      if (in.answer == Answer::no) {
        misses_ = 0;
        stage_ = Stage::booking;
        return say(phrases_.what_to_change(), Asked::change);
      }
      // A bare "thank you" at the read-back: asked again, not a miss (nor taken for a yes).
      if (in.thanks && !thanked_before) {
        thanked_ = true;
        return say(current_question(), asked_);
      }
      // "We have medical cards by the way" at the read-back: what the FAQ says of that, then the
      // read-back again (was "Sorry, I didn't catch that").
      if (auto known = faq_answer(business_, words_)) {
        misses_ = 0;
        return say(*known + " " + current_question(), asked_);
      }
      return missed();
    case Stage::anything_else:
      if (slot || in.book) {
        forget_request();
        // "Diagnostics: $89. Would you like to book?" "Can you do tomorrow at eight?": that service.
        if (offer_taken) slots_.service = offer_taken;
        break;
      }
      if (in.answer == Answer::no || in.thanks) return end(phrases_.goodbye(now_.minutes >= 18 * 60));
      if (in.answer == Answer::yes) {
        misses_ = 0;
        stage_ = Stage::open;
        return say(phrases_.listening(), Asked::nothing);
      }
      return missed();
    case Stage::open:
    case Stage::booking:
    case Stage::awaiting_booking:  // result() comes first; a brain driven out of order copes
    case Stage::checking:
      if (slot || in.book) break;
      if (stage_ == Stage::open && in.answer == Answer::no && in.thanks)
        return end(phrases_.goodbye(now_.minutes >= 18 * 60));
      // "D'accord, merci" after being told nobody can be put through: anything else?
      if (stage_ == Stage::open && in.thanks && !in.greeting) {
        misses_ = 0;
        stage_ = Stage::anything_else;
        return say(phrases_.question(Asked::anything_else), Asked::anything_else);
      }
      // "Allô ? Oui bonjour": a yes with a greeting is still only a greeting.
      if (in.greeting && in.answer == Answer::yes) {
        misses_ = 0;
        return say(current_question(), asked_);
      }
      // A bare "merci" at a pending question is politeness, not a failure: the question again;
      // a second one in a row is a caller who thinks it is done, told nothing is booked yet.
      if (in.thanks && in.answer != Answer::no && stage_ == Stage::booking) {
        if (thanked_before)
          return end((booked_in_call_ ? "" : phrases_.nothing_booked()) + phrases_.goodbye(now_.minutes >= 18 * 60));
        thanked_ = true;
        return say(current_question(), asked_);
      }
      // "Oui, très bien" after a time proposed for "demain matin" ("un rendez-vous pour demain à
      // 8h30. Quel est le nom du patient ?"): agreeing with the time, no answer yet: the question
      // again, not "pardon".
      if (in.answer == Answer::yes && !in.thanks && stage_ == Stage::booking && time_proposed)
        return say(current_question(), asked_);
      return missed();
    case Stage::cancelling:  // a new request instead: the cancellation is dropped
      if (slot || in.book) {
        cancel_ = Cancelling{};
        break;
      }
      // A bare "thank you" at "what name is the booking under?": the question again, no miss;
      // twice in a row, the caller is done.
      if (in.thanks && in.answer != Answer::no) {
        if (thanked_before) return end(phrases_.goodbye(now_.minutes >= 18 * 60));
        thanked_ = true;
        return say(current_question(), asked_);
      }
      return missed();
    case Stage::ended:
      break;
  }
  // A shop takes no bookings: a name or a day said to it is no booking's detail.
  if (form_.empty()) return say(phrases_.question(Asked::anything_else), Asked::anything_else);
  misses_ = 0;
  // "Do you work on hybrids? It's a Prius", "a cleaning in a fortnight, do you take Delta
  // Dental?", "Fontaine. Et c'est remboursé ?": the question is answered first, the details
  // taken all the same (was the question left unanswered, or the name asked again). A service
  // being booked is not "offered" back to the caller.
  if (slot && stage_ != Stage::confirming) {
    std::vector<ToolUse> used;
    if (question) answered_first_ = answers_to(u, used);
    else if (utterance_.find('?') != std::string::npos)
      if (auto a = has_trade_slot(u) ? answer_beside_booking(business_, words_for_facts(), lang_code())
                                     : answer_question(business_, words_for_facts(), lang_code()))
        answered_first_ = *a + " ";
    // A room for an arrival in the night: the FAQ on arriving late says whether that is fine
    // (was not said; the address was read instead), once.
    if (business_.trade == "hotel" && !late_told_ && arrives_at_night(words_))
      if (auto late = faq_answer(business_, tokenize("late, arrive late, tard, arriver tard, arrivée tardive"));
          late && answered_first_.find(*late) == std::string::npos) {
        answered_first_ += *late + " ";
        late_told_ = true;
      }
  }
  bool changed = merge(u);
  drop_rules_not_applying();
  // "Safety certificate?? no, BRAKES" at the read-back: the service read back, said again to
  // be denied beside another, gives way to that other (was "That's what I have", false).
  if (stage_ == Stage::confirming && !changed && in.answer == Answer::no && slots_.service)
    if (const Service* other = other_service_said(*slots_.service, words_without_other_subjects(u).value_or(words_))) {
      slots_.service = other->name;
      slots_.also_services.clear();  // the denied one was taken as one more
      if (slots_.notes && (slots_.notes->starts_with("also asked for") || slots_.notes->starts_with("demande aussi")))
        slots_.notes.reset();
      changed = true;
    }
  if (stage_ == Stage::confirming && !changed && in.answer == Answer::yes) return confirm_booking(in.goodbye);
  // "Non, je veux juste la prolonger jusqu'au 21, donc trois nuits au total" at the read-back of
  // those very details: the caller did not follow it; said so, then read again (was the same
  // words again, as if not heard).
  if (stage_ == Stage::confirming && !changed && in.answer == Answer::no) {
    Reply r = take_details(u, changed);
    if (stage_ == Stage::confirming && !r.tool) r.text = phrases_.same_as_read_back() + r.text;
    last_text_ = r.text;
    return r;
  }
  if (stage_ != Stage::confirming) stage_ = Stage::booking;
  return take_details(u, changed);
}

// "A room for tonight, one night?" on a Thursday: the FAQ's "two-night minimum stay on Fridays
// and Saturdays", matched by "one night", is about other nights than the stay's: not said.
void Dialogue::drop_rules_not_applying() {
  if (answered_first_.empty() || !slots_.date || !slots_.nights) return;
  for (const Faq& f : business_.faq) {
    const std::size_t at = answered_first_.find(f.answer);
    if (at == std::string::npos) continue;
    const std::vector<int> days = nights_named(f.answer);
    if (days.empty()) continue;
    bool touches = false;
    for (int k = 0; k < *slots_.nights && !touches; ++k)
      touches = std::find(days.begin(), days.end(), weekday(add_days(*slots_.date, k))) != days.end();
    if (!touches) answered_first_.erase(at, f.answer.size() + (answered_first_.size() > at + f.answer.size()));
  }
}

Reply Dialogue::answer_questions(const Understanding& u) {
  std::vector<ToolUse> used;
  const std::string text = answers_to(u, used);
  note_case_promised(text);
  // At the start of the call a question is the whole request: "anything else?" follows.
  if (stage_ == Stage::open) stage_ = Stage::anything_else;
  const Asked next = stage_ == Stage::anything_else ? Asked::anything_else : asked_;
  // "My brakes are making a grinding noise. How much would it be?": the service priced is the
  // one a booking next is for (was asked again after the car and plate).
  // Priced with another ("brakes ... a grinding noise": brakes, diagnostic), the one named
  // first is the topic, booked next (the read-back says it); the service's question, if it
  // comes to that, offers those only.
  if (stage_ == Stage::anything_else && u.intents.prices &&
      std::find(form_.begin(), form_.end(), Asked::service) != form_.end()) {
    services_said_.clear();
    for (const Service* s : services_said(business_, words_)) services_said_.push_back(s->name);
    if (!services_said_.empty()) offered_service_ = services_said_.front();
  }
  // The business's answer may offer a person ("... or I can transfer you to the workshop"):
  // then that is the question, so a yes puts the caller through.
  const bool offer = stage_ == Stage::anything_else && offers_human(text);
  // "Je voudrais un devis": only that service's price said, so its appointment is offered, as
  // for "vous faites les devis ?" (a yes next books it). So is it when the price answered "c'est
  // remboursé ?" ("je voudrais voir la sage-femme. C'est remboursé ?" heard the price alone).
  if (!offer && stage_ == Stage::anything_else && (u.intents.prices || u.intents.returns) && !has_detail(u) &&
      std::find(form_.begin(), form_.end(), Asked::service) != form_.end())
    if (const Service* s = find_service(business_, words_))
      if (auto price = price_of(business_, s->name, lang_code()); price && text == *price + " ") {
        Reply r = say(text + faq_of_service(business_, *s, words_) + phrases_.offer_appointment(),
                      Asked::anything_else);
        offered_service_ = s->name;
        const Practitioner* named = find_practitioner(business_, words_);
        offered_practitioner_ = named ? named->name : "";
        r.used = std::move(used);
        return r;
      }
  Reply r = say(text + (offer ? phrases_.offer_human()
                        : stage_ == Stage::confirming ? current_question()
                                                      : ask(next)),
                next);
  offered_human_ = offer;
  r.used = std::move(used);
  return r;
}

// The answers to what the caller asked (hours, address, phone, the business's facts), each
// followed by a space; the tools that answered are added to `used`.
// "It's two appointments, can we do them back to back?" with a flu jab noted: the booking's
// own word, a keyword of the GP consultation, asks nothing of it (was its price).
Words Dialogue::words_for_facts() const {
  if (!slots_.service) return words_;
  Words asked;
  for (const Word& w : words_)
    if (w.text != "appointment" && w.text != "appointments") asked.push_back(w);
  return asked;
}

std::string Dialogue::answers_to(const Understanding& u, std::vector<ToolUse>& used) const {
  const Intents& in = u.intents;
  std::string text;
  auto answer = [&](std::string_view topic, bool known, std::string said) {
    text += said;
    if (!text.ends_with(' ')) text += ' ';  // no_answer() ends with its own space: not two
    used.push_back({"answer_question", std::string(topic), known});
  };
  const std::string_view lang = lang_code();
  const std::optional<std::string> own_hours = in.hours ? hours_of_fact(business_, words_, lang) : std::nullopt;
  if (own_hours) answer("faq", true, *own_hours);
  else if (in.hours) answer("hours", business_.hours.has_value(), phrases_.hours_answer(business_, u.date, now_.date));
  if (in.address) answer("address", !business_.address.empty(), phrases_.address_answer(business_));
  if (in.phone) answer("phone", !business_.phone.empty(), phrases_.phone_answer(business_));
  // The business's own facts: the FAQ, policies, prices, also beside an address question
  // ("vous êtes où ? il y a un parking ?"); "how much will it be?" is the booking's service.
  const std::string_view topic = in.returns ? "returns" : in.checkin ? "checkin"
                                 : in.prices ? "prices" : in.menu ? "menu" : "faq";
  std::optional<std::string> known;
  // "C'est remboursé ?" at a practice (no returns there) is about the booking's service too.
  const bool refund_of_service = in.returns && business_.returns_policy.empty();
  if ((in.prices || refund_of_service) && slots_.service && !find_service(business_, words_)) {
    known = price_of(business_, *slots_.service, lang);
    // "La vidange et les pneus, ça va coûter combien ?": each service of the visit.
    for (const std::string& o : slots_.also_services)
      if (auto p = price_of(business_, o, lang); p && known) *known += " " + *p;
    // At a practice, what its FAQ says of health cover too ("les dépassements restent à
    // votre charge ou à votre mutuelle"), which the price alone does not.
    if (refund_of_service && known && business_.trade == "medical" && !price_says_cover(*known))
      if (auto cover = answer_question(business_, words_, lang); cover && *cover != *known) *known += " " + *cover;
  }
  // "How much is it?" with a room being booked: that room's price (was every price, the
  // parking permit first).
  const bool names_other = find_service(business_, words_) || u.room_type;
  if (in.prices && !known && slots_.room_type && !names_other)
    known = price_of(business_, *slots_.room_type, lang);
  const Words facts = words_for_facts();
  if (!known) known = has_trade_slot(u) ? answer_beside_booking(business_, facts, lang)
                                        : answer_question(business_, facts, lang);
  // "Je voudrais un devis", "I need a quote": a price asked in words the facts do not ask with,
  // of a service named (its keyword "devis"), is that service's price (was "Je n'ai pas cette
  // information" at a body shop whose service "Devis carrosserie" is free).
  if (!known && in.prices)
    if (const Service* s = find_service(business_, words_)) known = price_of(business_, s->name, lang);
  // "Le spa ouvre quand ? et le parking ?": the spa's hours are said already, the rest after.
  if (known && own_hours)
    if (const std::string_view said = std::string_view(*own_hours).substr(0, own_hours->find_last_not_of(". ") + 1);
        known->find(said) != std::string::npos) {
      known->erase(known->find(said), said.size());
      if (known->starts_with('.')) known->erase(0, 1);
      while (!known->empty() && (known->front() == ' ' || known->front() == ';')) known->erase(0, 1);
      if (known->empty()) return text;
    }
  if (known) answer(topic, true, *known);
  else if (in.menu || in.prices || in.checkin || in.returns || in.policy)
    answer(topic, false, phrases_.no_answer());
  return text;
}

// Whether an answer from the business's facts offers to put the caller through, when a
// person can be reached.
bool Dialogue::offers_human(std::string_view text) const {
  if (!can_transfer()) return false;
  const Words w = tokenize(text);
  for (std::string_view p : {"transfer you", "put you through", "vous passer", "vous passe", "vous transferer",
                             "vous mettre en relation", "transferer votre appel"})
    if (find_phrase(w, p) != std::string_view::npos) return true;
  return false;
}

// A fact said from context_data (FAQ, policy, prices) outside the intents answer_questions has.
Reply Dialogue::answer_fact(const std::string& said) {
  remember_reason();
  note_case_promised(said);
  if (stage_ == Stage::open) stage_ = Stage::anything_else;
  // "Can you replace the clutch?" - "not engine work": a garage's refusal, whatever the words
  // that asked; the car said next starts no booking for it.
  const Service* spoken = std::ranges::find(form_, Asked::service) != form_.end() && business_.trade != "medical"
                              ? find_service(business_, words_)
                              : nullptr;
  if (stage_ == Stage::anything_else && std::ranges::find(form_, Asked::vehicle) != form_.end() &&
      says_not_done(said) && !spoken)
    work_refused_ = said;
  if (spoken && stage_ == Stage::anything_else) service_spoken_of_ = spoken->name;
  const Asked next = stage_ == Stage::anything_else ? Asked::anything_else : asked_;
  const bool offer = stage_ == Stage::anything_else && offers_human(said);
  const std::string then = offer                         ? phrases_.offer_human()
                           : stage_ == Stage::confirming ? current_question()
                                                         : ask(next);
  Reply r = say(said + " " + then, next);
  offered_human_ = offer;
  r.used.push_back({"answer_question", "faq", true});
  return r;
}

// "Pour combien de personnes ?" - "plutôt à 3": a bare number after "à"/"at" answers the count
// asked (people, nights), not the time ("à 3" was read as 3 o'clock, closed, and the count asked
// again).
Understanding Dialogue::read_delay(Understanding u) const {
  // "Une table dans une heure" at 18:30 is today at 19:30 (was "à 13h00, pour quel jour ?"): the
  // business's clock plus the delay, rounded up to five minutes, on the next day past midnight.
  // A time said as well wins ("dans une heure, vers 19h30").
  if (!u.delay_minutes || u.time) return u;
  int at = now_.minutes + *u.delay_minutes;
  at = (at + 4) / 5 * 5;
  u.date = at >= 24 * 60 ? add_days(now_.date, 1) : now_.date;
  at %= 24 * 60;
  // A morning hour says so, or 1..6 would be read as the afternoon.
  u.time = SpokenTime{at / 60, at % 60, at / 60 >= 1 && at / 60 < 12 ? Meridiem::am : Meridiem::none};
  u.part = DayPart::none;
  return u;
}

Understanding Dialogue::read_count_not_time(Understanding u) const {
  if (stage_ != Stage::booking || (asked_ != Asked::party && asked_ != Asked::nights)) return u;
  if (!u.time || u.party || u.nights || u.date) return u;
  const auto n = bare_number_time(words_);
  if (!n || *n < 1) return u;
  u.time.reset();
  (asked_ == Asked::party ? u.party : u.nights) = *n;
  return u;
}

// "Can we do 10 instead", "on peut faire 10 plutôt", "no, make it 9": a lone number that
// corrects the read-back (or the details just echoed, at "what name?"). The extractors leave it
// alone ("make it 8" may be a time or a party); here the booking decides: the time when the
// business is open then on the booked day, else the party when the trade counts one and it fits.
Understanding Dialogue::read_correction(std::string_view utterance, Understanding u) const {
  const bool at_read_back = stage_ == Stage::confirming ||
                            (stage_ == Stage::booking && (asked_ == Asked::name || asked_ == Asked::change));
  if (!at_read_back || has_detail(u) || u.intents.book) return u;
  // At "what would you like to change?" whatever is said is the change; at the read-back, so is
  // a name said with "name"/"nom" ("The name. Miller.").
  bool correcting = u.intents.answer == Answer::no || asked_ == Asked::change ||
                    (stage_ == Stage::confirming && (find_phrase(words_, "name") != std::string_view::npos ||
                                                     find_phrase(words_, "nom") != std::string_view::npos));
  for (std::string_view p : {"instead", "plutot", "rather", "make it", "can we do", "could we do",
                             "how about", "what about", "let s say", "let s do", "a la place",
                             "on peut faire", "on pourrait faire", "disons", "change", "changer"})
    if (find_phrase(words_, p) != std::string_view::npos) correcting = true;
  if (!correcting) return u;
  auto in_form = [&](Asked a) { return std::find(form_.begin(), form_.end(), a) != form_.end(); };
  // "Make it 4", then "no, 6 instead": the slot corrected last is the one meant (6 people, not
  // 6 PM; 3 more nights, not 3 guests). A time corrected last needs nothing more: the time
  // comes first below when the business is open then ("10 instead", then "make it 4" closed
  // at 4 is the party).
  if (last_corrected_ != Asked::time && in_form(last_corrected_)) {
    Understanding again = understand(utterance, now_.date, last_corrected_);
    const bool party = last_corrected_ == Asked::party;
    const bool fits = !again.party || business_.capacity == 0 || *again.party <= business_.capacity;
    if ((party ? again.party && !again.nights : again.nights && !again.party) && fits && !again.time &&
        !again.date) {
      again.intents = u.intents;
      return again;
    }
  }
  // "Non pas Lefèvre, Lefebvre, L E F E B V R E", "non ! Lefebvre, avec un B : L, E, F, ...":
  // a name spelled, or said against the one read back, replaces it (was read back unchanged).
  // So does a name said after "no" or at "what would you like to change?" when the caller
  // speaks of the name or the recogniser wrote it as one: "non, Petit, juste Petit", "No, the
  // name is just Miller. Greg Miller.", "The name. Miller." (were read back unchanged, then a
  // hang-up).
  const bool at_change = stage_ == Stage::booking && asked_ == Asked::change;
  if (in_form(Asked::name) && (stage_ == Stage::confirming || at_change) && slots_.name) {
    const std::optional<std::size_t> after = denies_name(words_, *slots_.name);
    Understanding n = understand(utterance.substr(after.value_or(0)), now_.date, Asked::name);
    auto written_as_name = [&](const std::string& name) {
      for (const Word& part : tokenize(name))
        if (std::none_of(words_.begin(), words_.end(),
                         [&](const Word& x) { return x.capitalised && x.text == part.text; }))
          return false;
      return true;
    };
    const bool named = find_phrase(words_, "name") != std::string_view::npos ||
                       find_phrase(words_, "nom") != std::string_view::npos ||
                       (n.name && written_as_name(*n.name));
    if (n.name && !n.party && !n.time && !n.date && !n.phone && *n.name != *slots_.name &&
        (after || spells_a_name(utterance) || named)) {
      n.intents = u.intents;
      return n;
    }
  }
  if (in_form(Asked::time)) {
    Understanding t = understand(utterance, now_.date, Asked::time);
    if (t.time && !t.party && !t.date) {
      const DayPart part = t.part != DayPart::none ? t.part : slots_.part;
      const ClockTime at = resolve(*t.time, part);
      bool open = !slots_.date || business_.open_at(weekday(*slots_.date), at.minutes());
      if (!open && slots_.date && ambiguous(*t.time, part))
        open = business_.open_at(weekday(*slots_.date), other_half(at).minutes());
      if (open) {
        t.intents = u.intents;
        return t;
      }
    }
  }
  if (in_form(Asked::party)) {
    Understanding p = understand(utterance, now_.date, Asked::party);
    if (p.party && !p.time && !p.date && (business_.capacity == 0 || *p.party <= business_.capacity)) {
      p.intents = u.intents;
      // "A double for 2 nights", then "3 instead": more guests than the room sleeps, so the
      // nights are meant.
      const RoomType* room = slots_.room_type ? find_room(business_, *slots_.room_type) : nullptr;
      if (in_form(Asked::nights) && room && *p.party > room->capacity && !p.nights)
        p.nights = *std::exchange(p.party, std::nullopt);
      return p;
    }
  }
  return u;
}

namespace {

// "Deux adultes et un bébé", "with a baby": the babies counted in a party (a number or an
// article before the word).
int babies_in(const Words& w) {
  int n = 0;
  for (std::size_t i = 1; i < w.size(); ++i) {
    const std::string& t = w[i].text;
    if (t != "bebe" && t != "bebes" && t != "baby" && t != "babies" && t != "infant" && t != "infants")
      continue;
    const std::string& before = w[i - 1].text;
    if (before == "un" || before == "une" || before == "a" || before == "an") ++n;
    else if (auto k = parse_number(w, i - 1); k && k->length == 1) n += k->value;
  }
  return n;
}

}  // namespace

bool Dialogue::merge(const Understanding& u) {
  const Slots before = slots_;
  stay_said_ = u.nights.has_value() || u.date.has_value();
  if (u.party) slots_.party = u.party;
  // A hotel's baby sleeps in a cot, not a bed: "une chambre double, deux adultes et un bébé" is
  // two guests in a double, the baby noted for reception (was a family room for three).
  if (u.party && business_.trade == "hotel")
    if (const int babies = babies_in(words_); babies > 0 && *u.party > babies) {
      slots_.party = *u.party - babies;
      if (!slots_.notes) slots_.notes = utterance_;
    }
  if (u.date) {
    // "Jeudi prochain", then "plutôt vendredi": the Friday of that week, not this one.
    const int wd = slots_.date ? bare_weekday(words_) : -1;
    const Date same_week = slots_.date ? add_days(*slots_.date, wd - weekday(*slots_.date)) : *u.date;
    slots_.date = wd == weekday(*u.date) && same_week >= now_.date ? same_week : *u.date;
  }
  if (u.time) slots_.time = u.time;
  // "Plutôt mardi en fin d'après-midi" after 8h30 was read back: another part of the day and no
  // time, the old time goes (then asked, or proposed).
  if (u.part != DayPart::none && !u.time && slots_.part != DayPart::none && u.part != slots_.part)
    slots_.time.reset();
  if (u.part != DayPart::none) slots_.part = u.part;
  if (u.name) slots_.name = u.name;
  if (u.phone) slots_.phone = u.phone;
  if (u.nights) slots_.nights = u.nights;
  if (u.room_type) slots_.room_type = u.room_type;
  // "It's a Yamaha motorbike" after "Yamaha MT-07": the brand again, the model is kept.
  if (u.vehicle && !(slots_.vehicle && slots_.vehicle->starts_with(*u.vehicle + " "))) slots_.vehicle = u.vehicle;
  if (u.plate) slots_.plate = u.plate;
  // "Samedi vers 10 heures, chez moi": noted, read back and said when booked (was lost, and
  // "c'est bien à domicile ?" heard "that's what I have" of a read-back that did not say it).
  if (home_visits_ && names_home_visit(words_)) slots_.at_home = true;
  if (slots_.service && std::ranges::find(home_installs_, *slots_.service) != home_installs_.end())
    slots_.at_home = true;
  // "Et je vous donne mon mail : paul.fabre@orange.fr": kept for the workshop, said back.
  if (stage_ == Stage::booking || stage_ == Stage::confirming || u.intents.book)
    if (std::string email = email_in(utterance_); !email.empty()) slots_.email = std::move(email);
  // "Et le gardiennage des pneus été c'est combien ?" while « Pneus hiver » is being booked: a
  // price asked about is a question, not a change of the service chosen.
  // "an oil change and a tire rotation": said back with the day echoed and in the read-back, so
  // the caller knows none was dropped (services_listed_: on the turn they were named).
  services_listed_ = false;
  if (auto s = service_in(u); s && !(slots_.service && u.intents.prices)) {
    // "Et la vidange aussi, pas que les pneus" with the tyres noted: one more service, not
    // another one (was the question ignored, then the tyres swapped for the oil change).
    const bool adds = slots_.service && *s != *slots_.service && business_.trade == "garage" &&
                      said_any_phrase(words_, {"aussi", "also", "too", "as well", "en plus", "les deux", "both"});
    if (adds && std::ranges::find(slots_.also_services, *s) == slots_.also_services.end()) {
      slots_.also_services.push_back(*s);
      services_listed_ = true;
    } else if (!adds) {
      slots_.service = std::move(s);
    }
  }
  // "la vidange et monter les pneus hiver", "an oil change and a tire rotation": one visit for
  // them all, the first booked with the others (read back, their lengths added, noted for the
  // workshop).
  const std::vector<const Service*> named =
      business_.trade == "garage" && slots_.service ? services_named(u) : std::vector<const Service*>{};
  if (named.size() >= 2 && slots_.service && business_.trade == "garage" &&
      std::ranges::any_of(named, [&](const Service* s) { return s->name == *slots_.service; })) {
    slots_.service = named.front()->name;
    slots_.also_services.clear();
    for (std::size_t k = 1; k < named.size(); ++k) slots_.also_services.push_back(named[k]->name);
    services_listed_ = true;
  }
  if (!slots_.also_services.empty()) {
    std::string others;
    for (const std::string& o : slots_.also_services) others += (others.empty() ? "" : ", ") + o;
    slots_.notes = (lang_code().starts_with("fr") ? "demande aussi : " : "also asked for: ") + others;
  }
  if (auto p = practitioner_in(u)) slots_.practitioner = std::move(p);
  // "Pour mon fils chez l'orthophoniste": the reason is said too (was asked again).
  if (!slots_.service && slots_.practitioner && business_.trade == "medical")
    for (const Practitioner& p : business_.practitioners)
      if (p.name == *slots_.practitioner)
        if (const Service* s = service_of_specialty(business_, p, words_)) slots_.service = s->name;
  // "Une ostéo" at a practice with one osteopath: the only one who gives that service.
  if (!slots_.practitioner && slots_.service && business_.trade == "medical")
    if (const Practitioner* p = only_practitioner_for(business_, *slots_.service)) {
      slots_.practitioner = p->name;
      practitioner_picked_ = true;
    }
  // "Any doctor will do" before the question: no preference, as if answered to it.
  if (!slots_.practitioner && asked_ != Asked::practitioner && business_.trade == "medical" &&
      std::find(form_.begin(), form_.end(), Asked::practitioner) != form_.end() && u.intents.any &&
      std::ranges::any_of(std::initializer_list<std::string_view>{"doctor", "doctors", "practitioner", "gp",
                                                                  "docteur", "medecin", "praticien"},
                          [&](std::string_view d) { return find_phrase(words_, d) != std::string_view::npos; })) {
    any_practitioner_ = true;
    slots_.practitioner = business_.practitioners.front().name;
  }
  if (!slots_.service && !reason_said_.empty()) slots_.service = std::exchange(reason_said_, "");
  // "Jeudi à 10h" said on a Thursday at noon: next Thursday, not a time already past today.
  if (u.date && slots_.date && *slots_.date == now_.date && names_today_as_weekday(words_, weekday(now_.date)))
    if (auto t = booking_time(); t && t->minutes() <= now_.minutes) slots_.date = add_days(now_.date, 7);
  return !(before == slots_);
}

std::optional<ClockTime> Dialogue::booking_time() const {
  if (!slots_.time) return std::nullopt;
  const SpokenTime& said = *slots_.time;
  ClockTime t = resolve(said, slots_.part);
  if (!ambiguous(said, slots_.part) || !slots_.date) return t;
  // "8h" for a restaurant open 19:00-22:30 means 20:00; a lunch-only place, 08:00 would be
  // closed either way and the caller hears the hours.
  const int wd = weekday(*slots_.date);
  const ClockTime other = other_half(t);
  const bool passed = *slots_.date == now_.date && t.minutes() <= now_.minutes;
  const bool other_passed = *slots_.date == now_.date && other.minutes() <= now_.minutes;
  if ((!business_.open_at(wd, t.minutes()) || passed) && business_.open_at(wd, other.minutes()) && !other_passed)
    return other;
  return t;
}

// "A sports massage tomorrow at half five" at a clinic closing at 18:00: a 60-minute service
// starting then would run past closing, so the last start that fits is proposed (a yes takes it)
// rather than a booking the practice cannot keep. Appointments only (a practice's, a garage's),
// where a service has a length; a start too late for any fit hears the day's hours.
std::optional<Reply> Dialogue::runs_past_closing(ClockTime start) {
  if ((business_.trade != "medical" && business_.trade != "garage") || !slots_.service || !business_.hours)
    return std::nullopt;
  const Service* service = find_service(business_, tokenize(*slots_.service));
  if (!service) return std::nullopt;
  const int length = service->duration_minutes;
  for (const Interval& iv : (*business_.hours)[weekday(*slots_.date)]) {
    if (iv.close <= iv.open || start.minutes() < iv.open || start.minutes() >= iv.close) continue;
    if (start.minutes() + length <= iv.close) return std::nullopt;
    const int last = iv.close - length;
    const bool passed = *slots_.date == now_.date && last <= now_.minutes;
    slots_.time.reset();
    slots_.part = DayPart::none;
    stage_ = Stage::booking;
    if (last < iv.open || passed) return say(phrases_.closed_time(business_, *slots_.date, now_.date), Asked::time);
    const ClockTime proposed{last / 60, last % 60};
    Reply r = say(phrases_.ends_after_closing(service->name, length, ClockTime{iv.close / 60, iv.close % 60}, proposed),
                  Asked::time);
    offered_times_ = {proposed};
    return r;
  }
  return std::nullopt;
}

// What the caller should hear once, while the booking goes on: the service's price when it is
// a quote ("sur devis": the caller would book without knowing it), the e-mail just given.
std::string Dialogue::booking_news() {
  std::string news;
  if (!quote_told_ && slots_.service)
    for (const Service& s : business_.services)
      if (s.name == *slots_.service && said_any_phrase(tokenize(s.price), {"devis", "quote", "estimate"})) {
        quote_told_ = true;
        news += phrases_.priced_on_quote(s.name, s.price);
      }
  if (!slots_.email.empty() && utterance_.find(slots_.email) != std::string::npos)  // given this turn
    news += phrases_.email_kept(slots_.email);
  return news;
}

std::vector<std::string> Dialogue::all_services() const {
  std::vector<std::string> all;
  if (slots_.service) all.push_back(*slots_.service);
  all.insert(all.end(), slots_.also_services.begin(), slots_.also_services.end());
  return all;
}

Request Dialogue::request() const {
  Request r{.party = slots_.party, .date = slots_.date, .time = booking_time(),
            .name = slots_.name.value_or(""), .trade = business_.trade};
  r.service = slots_.service.value_or("");
  r.also_services = slots_.also_services;
  r.practitioner = slots_.practitioner.value_or("");
  if (r.practitioner.empty() && business_.trade == "medical" && business_.practitioners.size() == 1)
    r.practitioner = business_.practitioners.front().name;  // nobody to choose between
  r.phone = slots_.phone.value_or("");
  r.room_type = slots_.room_type.value_or("");
  r.vehicle = slots_.vehicle.value_or("");
  r.plate = slots_.plate.value_or("");
  r.nights = slots_.nights;
  r.loan_car = slots_.loan_car;
  r.at_home = slots_.at_home;
  r.plate_needed = !(slots_.service && std::ranges::find(home_installs_, *slots_.service) != home_installs_.end());
  r.motorbike = works_on_motorbikes(business_);
  r.north_american = emergency_number_for(business_, phrases_.bcp47()) == "911";
  return r;
}

namespace {

// Whether an answer gives a number to call ("call D-Doc on 1850 224 477"): beside "we're
// closed", it is where the caller turns, not the closure said twice.
bool gives_a_number(std::string_view answer) {
  int digits = 0;
  for (char ch : answer) digits += std::isdigit(static_cast<unsigned char>(ch)) ? 1 : 0;
  return digits >= 6;
}

// A practice's FAQ entry on who sees patients when it is closed ("out of hours", "garde").
std::string out_of_hours_answer(const BusinessContext& c) {
  for (const Faq& f : c.faq)
    for (const std::string& k : f.keywords)
      for (std::string_view p : {"out of hours", "after hours", "hors heures", "garde", "permanence"})
        if (fold(k).find(p) != std::string::npos) return f.answer + " ";
  return {};
}

// An answer about groups or a private room ("notre salon privé accueille des groupes").
bool speaks_of_groups(std::string_view answer) {
  const Words w = tokenize(answer);
  for (std::string_view p : {"groupe", "groupes", "group", "groups", "salon", "private", "prive", "privatif",
                             "privatiser", "privatisation"})
    if (find_phrase(w, p) != std::string_view::npos) return true;
  return false;
}

}  // namespace

namespace {

// The business's words without the transfer they promise ("...sur devis ; je vous passe le
// responsable pour l'organiser.", "..., or I can transfer you to the workshop."), for when
// nobody can be put through: the clause goes, or its sentence when it is the whole of it (was
// "je vous passe le responsable. Je ne peux vous passer personne pour l'instant").
std::string without_transfer_promise(std::string text) {
  static constexpr std::string_view kPromise[] = {
      "je vous passe", "je peux vous passer", "je vous mets en relation", "je vous transf",
      "transfer you", "put you through", "connect you"};
  // Lower-cased byte by byte, so positions match the text's (fold() drops accents' bytes).
  const auto lower = [](std::string t) {
    for (char& c : t)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return t;
  };
  for (std::string_view promise : kPromise)
    for (std::size_t p = lower(text).find(promise); p != std::string::npos; p = lower(text).find(promise)) {
      std::size_t end = text.find_first_of(".!?", p);
      end = end == std::string::npos ? text.size() : end + 1;
      std::size_t start = text.rfind(". ", p);
      start = start == std::string::npos ? 0 : start + 2;
      std::size_t clause = std::string::npos;
      for (std::string_view cut : {" ; ", "; ", ", or ", " or ", ", ou ", " ou ", ", and ", ", et "}) {
        const std::size_t at = text.rfind(cut, p);
        if (at != std::string::npos && at > start && (clause == std::string::npos || at > clause)) clause = at;
      }
      const std::string rest = end < text.size() ? text.substr(end) : "";
      std::string kept = text.substr(0, clause != std::string::npos ? clause : start);
      while (!kept.empty() && kept.back() == ' ') kept.pop_back();
      text = clause != std::string::npos ? kept + "." + rest : kept + (kept.empty() ? "" : " ") + rest;
      while (!text.empty() && text.front() == ' ') text.erase(0, 1);
    }
  if (!text.empty() && text.back() != ' ') text += ' ';
  return text;
}

}  // namespace

Reply Dialogue::take_details(const Understanding& u, bool announce_progress) {
  work_refused_.clear();  // a booking goes on: the car said next is for it
  car_kept_ = false;
  if (slots_.party && business_.capacity > 0 && *slots_.party > business_.capacity) {
    slots_.party.reset();
    stage_ = Stage::booking;
    // "Un anniversaire pour 25, vous avez un salon privé ?" answered by the facts (a room for
    // groups up to 30, the manager organises it), or the limit said already ("we're eight, can
    // you split us?"): not the limit and "how many?" again (it contradicted the room, and the
    // caller said the number twice), but who organises a group.
    const bool facts_spoke = speaks_of_groups(answered_first_);
    if (std::exchange(group_refused_, true) || facts_spoke) {
      const std::string how = facts_spoke ? "" : phrases_.group_too_large(business_.capacity);
      if (can_transfer()) {
        Reply r = say(how + phrases_.offer_human(), Asked::party);
        offered_human_ = true;
        return r;
      }
      stage_ = Stage::anything_else;
      answered_first_ = without_transfer_promise(answered_first_);
      return say(how + closed_now() + phrases_.question(Asked::anything_else), Asked::anything_else);
    }
    if (!can_transfer()) return say(phrases_.too_many(business_.capacity), Asked::party);
    Reply r = say(phrases_.group_too_large(business_.capacity) + phrases_.offer_human(), Asked::party);
    offered_human_ = true;
    return r;
  }
  if (slots_.date && business_.trade != "hotel" && !business_.open_on(weekday(*slots_.date))) {
    const Date closed = *slots_.date;
    slots_.date.reset();
    stage_ = Stage::booking;
    // "Could I bring it in on Saturday?": the closed day is the answer; an FAQ entry the day's
    // name matched ("We are closed at weekends.") would say it twice. One that gives a number
    // to call is kept; and a practice closed today or tomorrow says whom to call meanwhile
    // (was "which other day?" twice to a parent whose child was ill).
    std::string elsewhere = std::exchange(answered_first_, "");
    if (!gives_a_number(elsewhere)) elsewhere.clear();
    if (elsewhere.empty() && business_.trade == "medical" && !(add_days(now_.date, 1) < closed))
      elsewhere = out_of_hours_answer(business_);
    // The same day asked again ("is there no doctor at all at the weekend? who do I call?"):
    // only that it is closed, whom to call, and the choice (was the whole message word for word).
    if (std::exchange(closed_told_, closed) == closed) {
      if (!elsewhere.empty() && !elsewhere.ends_with(' ')) elsewhere += ' ';
      return say(phrases_.closed_again(closed, now_.date) + elsewhere + phrases_.another_day(), Asked::day);
    }
    std::string text = phrases_.closed_day(business_, closed, now_.date);
    // Before "Which other day would suit you?", the question that ends the reply.
    if (const auto last = text.rfind(". "); !elsewhere.empty() && last != std::string::npos)
      text.insert(last + 2, elsewhere);
    return say(std::move(text), Asked::day);
  }
  if (slots_.date && slots_.time && business_.trade != "hotel") {
    const ClockTime t = *booking_time();
    // "Around 8ish" where tables are served at fixed seatings (7 pm and 9 pm): the seatings are
    // offered (was a table at 8 PM).
    if (const std::vector<ClockTime> fixed = seatings();
        !fixed.empty() && std::ranges::find(fixed, t) == fixed.end()) {
      slots_.time.reset();
      stage_ = Stage::booking;
      return say(phrases_.seatings_offered(fixed), Asked::time);
    }
    if (!business_.open_at(weekday(*slots_.date), t.minutes())) {
      slots_.time.reset();
      stage_ = Stage::booking;
      return say(phrases_.closed_time(business_, *slots_.date, now_.date), Asked::time);
    }
    if (*slots_.date == now_.date && t.minutes() <= now_.minutes) {
      slots_.time.reset();
      stage_ = Stage::booking;
      return say(phrases_.time_passed(t), Asked::time);
    }
    if (auto late = runs_past_closing(t)) return std::move(*late);
  }
  if (auto refused = check_trade_details()) return std::move(*refused);
  // "What's your earliest appointment?", "whenever's soonest": no day to ask for, the first one
  // open is taken and its first time proposed (was "For which day?" again and again).
  if (earliest_wanted(words_) && !slots_.time) soonest_ = true;
  bool day_proposed = false;
  if (soonest_ && !slots_.date && (booking_kind(business_) == "appointment" || booking_kind(business_) == "service")) {
    slots_.date = first_open_day();
    day_proposed = slots_.date.has_value();
  }
  // "Une rage de dents", "c'est une urgence": the slot the practice keeps for it each day.
  if (!u.time && propose_emergency_slot()) {
    time_proposed_ = true;
    Understanding proposed = u;  // echoed as if said, so the caller hears the slot proposed
    proposed.time = slots_.time;
    proposed.date = slots_.date;
    return take_details(proposed, announce_progress);
  }
  if (!slots_.time && !u.time) {
    if (auto t = time_in_part()) {
      slots_.time = SpokenTime{.hour = t->hour, .minute = t->minute};
      time_proposed_ = true;
      Understanding proposed = u;  // echoed as if said, so the caller hears the time proposed
      proposed.time = slots_.time;
      if (day_proposed) proposed.date = slots_.date;
      return take_details(proposed, announce_progress);
    }
  }
  // "Friday afternoon" when Friday closes at 1 PM: the day's hours and what there is instead
  // (was "an appointment for Friday", the afternoon dropped).
  if (!u.time && part_closed()) {
    const DayPart part = std::exchange(slots_.part, DayPart::none);
    answered_first_.clear();  // the day's hours said below: not twice
    return say(phrases_.hours_answer(business_, slots_.date, now_.date) + " " + phrases_.part_closed(part),
               Asked::time);
  }
  if (auto check = availability_check(u)) return std::move(*check);
  // A practice's reason asked and answered with the patient's name or number: the caller
  // follows their own order; a consultation, rather than asking again and again.
  if (asked_ == Asked::service && !slots_.service && business_.trade == "medical" &&
      (u.name || u.phone))
    slots_.service = business_.services.empty() ? phrases_.default_reason() : business_.services.front().name;
  Asked next = Asked::confirmation;
  for (Asked a : form_)
    if (!filled(a)) {
      next = a;
      break;
    }
  if (next != Asked::confirmation) {
    stage_ = Stage::booking;
    // Echo what this turn brought (not the name), so a misheard detail is caught early.
    std::string echo;
    if (announce_progress && (u.party || u.date || u.time)) {
      const Request all = request();
      Request added;
      added.trade = all.trade;
      if (u.party) added.party = all.party;
      if (u.date) added.date = all.date;
      if (u.time) added.time = all.time;
      if (u.nights && u.date) added.nights = all.nights;  // "Friday the 11th and Saturday the 12th"
      if (u.room_type == "dorm") added.room_type = all.room_type;  // "a dorm bed", not "a room"
      if (std::exchange(practitioner_picked_, false)) added.practitioner = all.practitioner;
      echo = phrases_.progress(added, now_.date);
      // "Whoever's free first": the time found for it is said as the earliest, with whom (was
      // "Sure, an appointment at 10 AM", which the caller did not hear as the first one).
      if (soonest_ && time_proposed_ && u.time && all.date && all.time) {
        echo = phrases_.earliest(all, now_.date);
      }
    }
    if (announce_progress && services_listed_) echo += phrases_.services_noted(all_services(), false);
    echo += booking_news();
    // A name given before it was asked ("au nom de Girard" at the room's question): said back,
    // so the caller knows it was taken and the question that follows is not a refusal.
    if (announce_progress && u.name && slots_.name == u.name && !u.party && !u.date && !u.time &&
        asked_ != Asked::name && next != Asked::name)
      echo = phrases_.name_noted(*u.name);
    return say(echo + ask(next), next);
  }
  stage_ = Stage::confirming;
  return say(practitioners_passed_over() + group_terms() + read_back(), Asked::confirmation);
}

namespace {

// The party size from which an FAQ answer's terms hold: "À partir de 7 personnes, nous
// demandons un acompte" -> 7, "Parties of 8 or more leave a deposit" -> 8; nullopt for none
// ("à partir de 12 ans" is an age).
std::optional<int> group_from(const Words& a) {
  const auto at = [&](std::size_t k, std::initializer_list<std::string_view> ps) {
    return std::ranges::any_of(ps, [&](std::string_view p) { return phrase_at(a, k, p); });
  };
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto n = parse_number(a, i);
    if (!n || n->value < 2 || n->value > 100) continue;
    const std::size_t k = i + n->length;
    const bool people = at(k, {"personnes", "people", "guests", "convives", "couverts", "persons"});
    const bool more = at(k + (people ? 1 : 0), {"or more", "ou plus", "et plus", "and over", "and more"});
    bool led = false;
    for (std::string_view p : {"a partir de", "des", "from", "plus de", "over", "au dela de"})
      led = led || (i >= phrase_length(p) && phrase_at(a, i - phrase_length(p), p));
    const bool groups = i >= 2 && at(i - 1, {"of", "de"}) &&
                        at(i - 2, {"parties", "party", "groups", "group", "groupes", "tables"});
    if ((people && (led || more)) || (groups && more)) return n->value;
  }
  return std::nullopt;
}

}  // namespace

// "Huit personnes mardi midi": the deposit the FAQ asks from seven people is said before the
// read-back (was never mentioned), once a call, unless the caller's question just heard it.
std::string Dialogue::group_terms() {
  if (group_terms_said_ || !slots_.party) return "";
  if (!party_terms_) {
    party_terms_ = std::pair{-1, 0};
    const std::string_view kind = booking_kind(business_);
    for (std::size_t i = 0; i < business_.faq.size() && party_terms_->first < 0; ++i) {
      const Words a = tokenize(business_.faq[i].answer);
      // A hotel's deposit asked at booking ("Un acompte de 30 % est demandé à la réservation"):
      // said before the first read-back of a room (was never mentioned).
      if (kind == "room" && std::ranges::any_of(std::initializer_list<std::string_view>{"acompte", "arrhes", "deposit"},
                                                [&](std::string_view p) { return find_phrase(a, p) != std::string_view::npos; }))
        party_terms_ = std::pair{static_cast<int>(i), 1};
      if (kind == "table")
        if (const auto from = group_from(a)) party_terms_ = std::pair{static_cast<int>(i), *from};
    }
  }
  if (party_terms_->first < 0 || *slots_.party < party_terms_->second) return "";
  group_terms_said_ = true;
  const std::string& answer = business_.faq[static_cast<std::size_t>(party_terms_->first)].answer;
  return answered_first_.find(answer) != std::string::npos ? "" : answer + " ";
}

// No preference and the first practitioners refused the slot: the read-back says who was busy,
// so the caller is not surprised by another name than the first of the list.
std::string Dialogue::practitioners_passed_over() const {
  if (!any_practitioner_ || !first_refusal_ || !slots_.practitioner || moving_) return "";
  std::vector<std::string> busy;
  for (const auto& p : business_.practitioners) {
    if (p.name == *slots_.practitioner) return busy.empty() ? "" : phrases_.practitioners_busy(busy, p.name);
    busy.push_back(p.name);
  }
  return "";
}

// What the calendar is asked to hold: the trade's kind of booking and what it holds.
ToolCall Dialogue::booking_call() const {
  const Request r = request();
  ToolCall call;
  call.name = "make_booking";
  BookingConfirmed& b = call.booking;
  b.kind = std::string(booking_kind(business_));
  b.date = to_iso(*r.date);
  b.name = r.name;
  b.party_size = r.party.value_or(1);
  if (r.time) b.time = hhmm(*r.time);
  if (!r.phone.empty()) b.phone = r.phone;
  else if (!caller_number_.empty()) b.phone = caller_number_;  // the number called from
  if (!r.service.empty()) b.service = r.service;
  if (b.kind == "appointment" || b.kind == "service") {
    b.party_size = 1;
    if (const Service* s = find_service(business_, tokenize(r.service))) b.duration_minutes = s->duration_minutes;
    // "La vidange et les pneus hiver": one visit, as long as both.
    for (const std::string& o : r.also_services)
      if (const Service* s = find_service(business_, tokenize(o)); s && b.duration_minutes) *b.duration_minutes += s->duration_minutes;
  }
  if (b.kind == "appointment" && !r.practitioner.empty()) b.resource = r.practitioner;
  if (b.kind == "service")  // what the workshop was told, and what the caller did not know
    b.details = (r.vehicle.empty() ? "model not given" : r.vehicle) +
                (!r.plate_needed && r.plate.empty() ? "" : " " + (r.plate.empty() ? std::string("plate not given") : r.plate)) +
                (r.loan_car ? ", courtesy car requested" : "") + (r.at_home ? ", at the customer's home" : "") +
                (slots_.email.empty() ? "" : ", e-mail " + slots_.email) + (slots_.notes ? ", " + *slots_.notes : "");
  else if (slots_.notes) b.details = *slots_.notes;  // for whoever prepares the table or room
  // A move keeps what the old booking said; a search does not return its details (personal
  // data), so the new one points to it rather than saying "not given".
  if (moving_ && !slots_.notes)
    b.details = moving_->details ? *moving_->details : "moved from booking " + moving_->booking_id;
  if (b.kind == "room") {
    // A room is held from the check-in time; arriving today after it, from the end of the day.
    int at = business_.check_in.value_or(15 * 60);
    if (*r.date == now_.date && at <= now_.minutes) at = 23 * 60 + 59;
    b.time = hhmm(ClockTime{at / 60, at % 60});
    b.nights = r.nights.value_or(1);
    if (!r.room_type.empty()) b.resource = r.room_type;
  }
  return call;
}

// A part of the day said without a time, for an appointment: the first time the business is
// open in it on the day asked (not past), or nothing (then "at what time?" is asked).
// "What's your earliest appointment?": the first day with an opening still ahead (today from the
// next half hour), within a fortnight; the time is then proposed by time_in_part.
std::optional<Date> Dialogue::first_open_day() const {
  if (!business_.hours) return now_.date;
  const int from_today = (now_.minutes / 30 + 1) * 30;
  for (int ahead = 0; ahead <= 14; ++ahead) {
    const Date day = add_days(now_.date, ahead);
    for (const Interval& i : (*business_.hours)[weekday(day)]) {
      const int close = i.close <= i.open ? 24 * 60 : i.close;
      if (ahead > 0 || std::max(i.open, from_today) < close) return day;
    }
  }
  return std::nullopt;
}

// "This morning if possible" with 10:00 today proposed: the day already asked, and a part of it
// that holds the time, with nothing else new.
bool Dialogue::same_day_again(const Understanding& u) const {
  if (!u.date || !slots_.date || *u.date != *slots_.date || !slots_.time) return false;
  if (u.time || u.party || u.name || u.phone || u.delay_minutes || has_trade_slot(u)) return false;
  const int at = slots_.time->hour * 60 + slots_.time->minute;
  switch (u.part) {
    case DayPart::morning: return at < 12 * 60;
    case DayPart::lunch: return at >= 12 * 60 && at < 14 * 60;
    case DayPart::afternoon: return at >= 12 * 60 && at < 19 * 60;
    case DayPart::evening: return at >= 18 * 60;
    case DayPart::none: return true;
  }
  return false;
}

bool Dialogue::part_closed() const {
  const std::string_view kind = booking_kind(business_);
  if ((kind != "appointment" && kind != "service") || !slots_.date || !business_.hours || slots_.time) return false;
  int from = 0, until = 24 * 60;
  switch (slots_.part) {
    case DayPart::morning: until = 12 * 60; break;
    case DayPart::lunch: from = 12 * 60; until = 14 * 60; break;
    case DayPart::afternoon: from = 13 * 60; until = 19 * 60; break;
    case DayPart::evening: from = 18 * 60; break;
    case DayPart::none: return false;
  }
  const auto& open = (*business_.hours)[weekday(*slots_.date)];
  if (open.empty()) return false;  // a closed day is said elsewhere
  for (const Interval& i : open) {
    const int close = i.close <= i.open ? 24 * 60 : i.close;
    if (std::max(i.open, from) < std::min(close, until)) return false;
  }
  return true;
}

std::optional<ClockTime> Dialogue::time_in_part() const {
  const std::string_view kind = booking_kind(business_);
  const bool soonest = soonest_ || earliest_wanted(words_);
  if ((kind != "appointment" && kind != "service") || !slots_.date || (slots_.part == DayPart::none && !soonest))
    return std::nullopt;
  if (std::find(form_.begin(), form_.end(), Asked::time) == form_.end()) return std::nullopt;
  const bool late = find_phrase(words_, "fin d apres midi") != std::string_view::npos ||
                    find_phrase(words_, "fin de l apres midi") != std::string_view::npos ||
                    find_phrase(words_, "late afternoon") != std::string_view::npos ||
                    find_phrase(words_, "end of the afternoon") != std::string_view::npos;
  int from = 0, until = 24 * 60;  // the part of the day, in minutes
  switch (slots_.part) {
    case DayPart::morning: until = 12 * 60; break;
    case DayPart::lunch: from = 12 * 60; until = 14 * 60; break;
    case DayPart::afternoon: from = late ? 17 * 60 : 13 * 60; until = 19 * 60; break;
    case DayPart::evening: from = 18 * 60; break;
    case DayPart::none: break;  // "as early as you can": the whole day
  }
  // Today, from the next half hour: "this morning if possible" said at 9:30 is 10:00 (the
  // morning's opening, past, made it "at what time?" again and again).
  if (*slots_.date == now_.date) from = std::max(from, (now_.minutes / 30 + 1) * 30);
  std::vector<Interval> open{Interval{0, 24 * 60}};
  if (business_.hours) open = (*business_.hours)[weekday(*slots_.date)];
  for (const Interval& i : open) {
    const int close = i.close <= i.open ? 24 * 60 : i.close;
    const int at = std::max(i.open, from);
    if (at < std::min(close, until)) return ClockTime{at / 60, at % 60};
  }
  return std::nullopt;
}

// As soon as the calendar can tell (a day and a time, or a stay), it is asked whether the
// request fits, so a taken slot is said before the name and the read-back, not after the yes.
std::optional<Reply> Dialogue::availability_check(const Understanding& u) {
  const std::string_view kind = booking_kind(business_);
  if (kind.empty() || !slots_.date) return std::nullopt;
  if (kind == "room" ? !(slots_.nights && slots_.party) : !slots_.time) return std::nullopt;
  if (kind == "table" && !slots_.party) return std::nullopt;
  for (Asked a : {Asked::practitioner, Asked::room_type})
    if (std::find(form_.begin(), form_.end(), a) != form_.end() && !filled(a)) return std::nullopt;
  // No preference: a new day or time starts again from the list's first practitioner.
  if (any_practitioner_) {
    const std::string slot = to_iso(*slots_.date) + "|" + hhmm(*booking_time());
    if (slot != any_slot_) {
      any_slot_ = slot;
      slots_.practitioner = business_.practitioners.front().name;
      first_refusal_.reset();
    }
  }
  ToolCall call = booking_call();
  const BookingConfirmed& b = call.booking;
  std::string key = b.kind + "|" + b.date + "|" + b.time + "|" + std::to_string(b.party_size) +
                    "|" + b.resource.value_or("") + "|" + std::to_string(b.nights.value_or(0));
  if (key == checked_) return std::nullopt;
  checked_ = std::move(key);
  checking_ = u;
  call.name = "check_availability";
  stage_ = Stage::checking;
  Reply out = reply("", ReplyAction::listen);
  out.tool = std::move(call);
  return out;
}

// The caller said yes to the read-back: the engine books (tool_set.h) and result() answers.
Reply Dialogue::confirm_booking(bool and_goodbye) {
  ToolCall call = booking_call();
  stage_ = Stage::awaiting_booking;
  goodbye_after_booking_ = and_goodbye;
  Reply out = reply("", ReplyAction::listen);
  out.tool = std::move(call);
  return out;
}

Reply Dialogue::result(const ToolResult& r) {
  if (stage_ == Stage::cancelling) return cancel_result(r);
  if (stage_ == Stage::checking) {
    stage_ = Stage::booking;
    if (!r.ok && any_practitioner_ && (r.reason == "full" || r.reason == "taken")) {
      // No preference: the next practitioner at the same time; all taken, the first one's
      // free times are offered.
      if (!first_refusal_) first_refusal_ = r;
      const auto& all = business_.practitioners;
      auto at = std::find_if(all.begin(), all.end(), [&](const Practitioner& p) { return p.name == slots_.practitioner; });
      // Five at most in a turn: the engine runs no more (brain.h).
      if (at != all.end() && std::next(at) != all.end() && std::next(at) - all.begin() < 5) {
        slots_.practitioner = std::next(at)->name;
        if (auto check = availability_check(checking_)) return std::move(*check);
      }
      slots_.practitioner = all.front().name;
      any_slot_.clear();
      const ToolResult first = *std::exchange(first_refusal_, std::nullopt);
      return booking_refused(first);
    }
    if (!r.ok) return booking_refused(r);
    return take_details(checking_, true);
  }
  if (stage_ != Stage::awaiting_booking) return say(current_question(), asked_);
  if (moving_) return move_result(r);
  if (!r.ok) return booking_refused(r);
  const Request booked = request();
  const Slots was = slots_;
  forget_request();
  loan_car_booked_ = loan_car_booked_ || booked.loan_car;
  booked_in_call_ = true;
  if (goodbye_after_booking_) return end(phrases_.goodbye(now_.minutes >= 18 * 60));
  stage_ = Stage::anything_else;
  // "For myself and my husband": the second appointment offered right after the first (the
  // service's length, to the next quarter hour), for the person named.
  if (companion_ && booked.time && booked.date) {
    const Service* s = find_service(business_, tokenize(booked.service));
    const int next = (booked.time->minutes() + (s ? s->duration_minutes : 15) + 14) / 15 * 15;
    Slots second = was;
    second.time = SpokenTime{next / 60, next % 60, Meridiem::none};
    second.part = DayPart::none;
    second.name = companion_->empty() ? std::nullopt : std::optional<std::string>(*companion_);
    if (second.name && booked.name.find(' ') != std::string::npos && second.name->find(' ') == std::string::npos)
      // "Ciaran" of "Maeve Doyle": Ciaran Doyle.
      *second.name += booked.name.substr(booked.name.rfind(' '));
    std::string text = phrases_.booked(booked, now_.date);
    const std::string anything = phrases_.question(Asked::anything_else);
    if (text.ends_with(anything)) text.erase(text.size() - anything.size());
    text += phrases_.offer_second_appointment(second.name.value_or(""), ClockTime{next / 60, next % 60});
    companion_offer_ = std::move(second);
    companion_asked_ = true;
    return say(std::move(text), Asked::anything_else);
  }
  // "Yes, and the courtesy car is booked too?": the booked line says it (trade_booked).
  return say(phrases_.booked(booked, now_.date), Asked::anything_else);
}

// Someone else took the time between the read-back and the yes (or the calendar has rules the
// conversation does not know): the caller picks another time, or another day.
Reply Dialogue::booking_refused(const ToolResult& r) {
  stage_ = Stage::booking;
  if (r.reason == "full" || r.reason == "taken") {
    if (r.alternatives.empty()) {
      const Date full = *slots_.date;
      slots_.date.reset();
      slots_.time.reset();
      return say(phrases_.day_full(full, now_.date), Asked::day);
    }
    std::vector<ClockTime> times;
    for (const auto& hm : r.alternatives)
      if (auto m = parse_clock(hm)) times.push_back(ClockTime{*m / 60, *m % 60});
    const ClockTime wanted = *booking_time();
    slots_.time.reset();
    slots_.part = DayPart::none;
    offered_times_ = times;
    return say(phrases_.slot_unavailable(wanted, times), Asked::time);
  }
  if (r.reason == "too_large" && business_.capacity > 0) {
    slots_.party.reset();
    return say(phrases_.too_many(business_.capacity), Asked::party);
  }
  if (r.reason == "closed" || r.reason == "past") {
    slots_.time.reset();
    return say(phrases_.not_understood() + phrases_.question(Asked::time), Asked::time);
  }
  forget_request();
  return human_wanted(phrases_.booking_failed(), "booking-failed");
}

Reply Dialogue::human_wanted(std::string prefix, std::string_view why) {
  if (can_transfer()) return transfer(prefix + phrases_.transferring(), why);
  if (!prefix.empty()) prefix = without_transfer_promise(std::move(prefix));
  if (!business_.transfer_number.empty()) return say(prefix + closed_now() + current_question(), asked_);
  return say(prefix + phrases_.nobody_available() + current_question(), asked_);
}

// A person answers the transfer line only while the business is open (its opening hours;
// none given: always).
std::string_view Dialogue::lang_code() const {
  return phrases_.lang() == Lang::fr ? "fr" : "en";
}

bool Dialogue::can_transfer() const {
  if (business_.transfer_number.empty()) return false;
  return !business_.hours || business_.open_at(weekday(now_.date), now_.minutes);
}

// "Je ne peux vous passer personne pour l'instant. Nous sommes fermés en ce moment ; nous rouvrons
// demain (jeudi 26 novembre) à 8h00. "
std::string Dialogue::closed_now() const {
  if (business_.hours)
    for (int ahead = 0; ahead <= 7; ++ahead) {
      const Date day = add_days(now_.date, ahead);
      for (const Interval& i : (*business_.hours)[weekday(day)])
        if (ahead > 0 || i.open > now_.minutes)
          return phrases_.closed_now(day, ClockTime{i.open / 60, i.open % 60}, now_.date);
    }
  return phrases_.closed_now(std::nullopt, ClockTime{}, now_.date);
}

Reply Dialogue::missed() {
  if (++misses_ >= 2) {
    if (can_transfer()) return transfer(phrases_.transferring(), "not-understood");
    return end(phrases_.cannot_understand_goodbye());
  }
  return say(phrases_.not_understood() + current_question(), asked_);
}

}  // namespace webox::brain
