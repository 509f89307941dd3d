#include "adapters/brain/local/phrasing.h"

#include <cstdio>
#include <vector>

namespace webox::brain {

std::string au_nom_de(std::string_view name) {
  bool vowel = false;
  if (!name.empty()) {
    const auto c = static_cast<unsigned char>(name[0]);
    if (std::string_view("AEIOUYaeiouy").find(static_cast<char>(c)) != std::string_view::npos) vowel = true;
    // UTF-8 accented capitals and small letters (É, È, Î, Ô, é, ...), but not Ç, ç, Ñ, ñ.
    if (c == 0xC3 && name.size() > 1) {
      const auto d = static_cast<unsigned char>(name[1]);
      vowel = d != 0x87 && d != 0xA7 && d != 0x91 && d != 0xB1;
    }
  }
  return (vowel ? "au nom d'" : "au nom de ") + std::string(name);
}
namespace {

constexpr std::string_view kWeekdayFr[] = {"lundi", "mardi", "mercredi", "jeudi",
                                           "vendredi", "samedi", "dimanche"};
constexpr std::string_view kWeekdayEn[] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                           "Friday", "Saturday", "Sunday"};
constexpr std::string_view kMonthFr[] = {"janvier", "février", "mars", "avril", "mai", "juin",
                                         "juillet", "août", "septembre", "octobre", "novembre",
                                         "décembre"};
constexpr std::string_view kMonthEn[] = {"January", "February", "March", "April", "May", "June",
                                         "July", "August", "September", "October", "November",
                                         "December"};

std::string str(std::string_view s) { return std::string(s); }

// Opening-hours style: "12h", "14h30" / "12 PM", "2:30 PM"; midnight by name.
std::string clock(Lang lang, int minutes, bool full) {
  const int h = (minutes / 60) % 24, m = minutes % 60;
  char buf[32];
  if (lang == Lang::fr) {
    if (h == 0 && m == 0) return "minuit";
    if (full || m != 0) std::snprintf(buf, sizeof buf, "%dh%02d", h, m);
    else std::snprintf(buf, sizeof buf, "%dh", h);
    return buf;
  }
  if (h == 0 && m == 0) return "midnight";
  const int h12 = h % 12 == 0 ? 12 : h % 12;
  const char* suffix = h < 12 ? "AM" : "PM";
  if (m != 0) std::snprintf(buf, sizeof buf, "%d:%02d %s", h12, m, suffix);
  else std::snprintf(buf, sizeof buf, "%d %s", h12, suffix);
  return buf;
}

// "a, b et c" / "a, b and c".
std::string join(const std::vector<std::string>& parts, std::string_view last_sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? std::string(last_sep) : ", ";
    out += parts[i];
  }
  return out;
}

std::string capitalised(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

}  // namespace

Phrasebook Phrasebook::for_language(std::string_view lang) {
  // Keep a region the profile gives ("fr-CA", "en-GB"): Twilio voices and date order follow it.
  std::string tag(lang);
  for (auto& c : tag) c = static_cast<char>(c == '_' ? '-' : c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  const bool english = tag.starts_with("en");
  std::string region = tag.size() == 5 && tag[2] == '-' ? tag.substr(3) : "";
  for (auto& c : region) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  if (region.empty()) region = english ? "US" : "FR";
  return {english ? Lang::en : Lang::fr, std::string(english ? "en-" : "fr-") + region};
}

std::string Phrasebook::weekday_name(int wd) const {
  return str(lang_ == Lang::fr ? kWeekdayFr[wd] : kWeekdayEn[wd]);
}

std::string Phrasebook::full_date(const Date& d) const {
  const int wd = weekday(d);
  if (lang_ == Lang::fr)
    return weekday_name(wd) + " " + (d.day == 1 ? "1er" : std::to_string(d.day)) + " " + str(kMonthFr[d.month - 1]);
  if (bcp47_ != "en-US") return weekday_name(wd) + " " + std::to_string(d.day) + " " + str(kMonthEn[d.month - 1]);
  return weekday_name(wd) + ", " + str(kMonthEn[d.month - 1]) + " " + std::to_string(d.day);
}

std::string Phrasebook::relative_day(const Date& d, const Date& today) const {
  if (d == today) return lang_ == Lang::fr ? "aujourd'hui" : "today";
  if (d == add_days(today, 1)) return lang_ == Lang::fr ? "demain" : "tomorrow";
  return "";
}

std::string Phrasebook::say_time(ClockTime t) const { return clock(lang_, t.minutes(), true); }

std::string Phrasebook::say_date(const Date& d, const Date& today) const {
  const std::string rel = relative_day(d, today);
  if (!rel.empty()) return rel + " (" + full_date(d) + ")";
  return (lang_ == Lang::fr ? "le " : "on ") + full_date(d);
}

std::string Phrasebook::say_party(int n) const {
  if (lang_ == Lang::fr) return std::to_string(n) + (n == 1 ? " personne" : " personnes");
  return std::to_string(n) + (n == 1 ? " person" : " people");
}

std::string Phrasebook::say_day_hours(const BusinessContext& c, int wd) const {
  if (!c.hours) return lang_ == Lang::fr ? "toute la journée" : "all day";
  std::vector<std::string> slots;
  for (const auto& iv : (*c.hours)[wd]) {
    if (lang_ == Lang::fr) slots.push_back("de " + clock(lang_, iv.open, false) + " à " + clock(lang_, iv.close, false));
    else slots.push_back(clock(lang_, iv.open, false) + " to " + clock(lang_, iv.close, false));
  }
  if (lang_ == Lang::fr) return join(slots, " et ");
  return "from " + join(slots, " and ");
}

std::string Phrasebook::say_week(const BusinessContext& c) const {
  const bool fr = lang_ == Lang::fr;
  if (!c.hours) return fr ? "Nous sommes ouverts tous les jours." : "We're open every day.";
  const auto& week = *c.hours;
  std::vector<std::string> open_groups, closed_days;
  for (int d = 0; d < 7;) {
    int e = d;
    while (e + 1 < 7 && week[e + 1] == week[d]) ++e;
    if (week[d].empty()) {
      for (int k = d; k <= e; ++k) closed_days.push_back((fr ? "le " : "") + weekday_name(k));
    } else {
      std::string days;
      if (d == 0 && e == 6) days = fr ? "tous les jours" : "every day";
      else if (e == d) days = (fr ? "le " : "") + weekday_name(d);
      else if (e == d + 1) days = fr ? "le " + weekday_name(d) + " et le " + weekday_name(e)
                                     : weekday_name(d) + " and " + weekday_name(e);
      else days = fr ? "du " + weekday_name(d) + " au " + weekday_name(e) : weekday_name(d) + " to " + weekday_name(e);
      open_groups.push_back(days + " " + say_day_hours(c, d));
    }
    d = e + 1;
  }
  std::string out;
  if (!open_groups.empty())
    out = (fr ? "Nous sommes ouverts " : "We're open ") + join(open_groups, fr ? ", et " : ", and ") + ".";
  if (!closed_days.empty()) {
    if (!out.empty()) out += " ";
    out += (fr ? "Nous sommes fermés " : "We're closed on ") + join(closed_days, fr ? " et " : " and ") + ".";
  }
  return out;
}

std::string Phrasebook::say_open_days(const BusinessContext& c) const {
  const bool fr = lang_ == Lang::fr;
  std::vector<std::string> runs;
  for (int d = 0; d < 7;) {
    if (!c.open_on(d)) {
      ++d;
      continue;
    }
    int e = d;
    while (e + 1 < 7 && c.open_on(e + 1)) ++e;
    if (d == 0 && e == 6) return fr ? "Nous sommes ouverts tous les jours." : "We're open every day.";
    if (e == d) runs.push_back((fr ? "le " : "") + weekday_name(d));
    else if (e == d + 1) runs.push_back(fr ? "le " + weekday_name(d) + " et le " + weekday_name(e)
                                           : weekday_name(d) + " and " + weekday_name(e));
    else runs.push_back(fr ? "du " + weekday_name(d) + " au " + weekday_name(e)
                           : weekday_name(d) + " to " + weekday_name(e));
    d = e + 1;
  }
  if (runs.empty()) return "";
  return (fr ? "Nous sommes ouverts " : "We're open ") + join(runs, fr ? " et " : " and ") + ".";
}

std::string Phrasebook::greeting(std::string_view business) const {
  if (lang_ == Lang::fr)
    return business.empty() ? "Bonjour, que puis-je faire pour vous ?"
                            : "Bonjour, " + str(business) + ", que puis-je faire pour vous ?";
  return business.empty() ? "Hello, how can I help you?" : "Hello, " + str(business) + ", how can I help you?";
}

std::string Phrasebook::who_we_are(std::string_view business, bool confirming) const {
  const bool fr = lang_ == Lang::fr;
  if (business.empty())
    return fr ? "Je suis l'assistant téléphonique de l'établissement. " : "I'm the business's phone assistant. ";
  // "Who is this?" is answered honestly: an assistant, not a person of the business.
  if (fr) return (confirming ? "Oui, vous êtes bien chez " + str(business) : "Ici l'assistant virtuel de " + str(business)) + ". ";
  return (confirming ? "Yes, this is " + str(business) : "This is " + str(business) + "'s virtual assistant") + ". ";
}

std::string Phrasebook::virtual_assistant(std::string_view business) const {
  if (lang_ == Lang::fr)
    return business.empty() ? "Je suis l'assistant virtuel de l'établissement. "
                            : "Je suis l'assistant virtuel de " + str(business) + ". ";
  return business.empty() ? "I'm the business's virtual assistant. "
                          : "I'm " + str(business) + "'s virtual assistant. ";
}

std::string Phrasebook::wrong_number(std::string_view business) const {
  if (lang_ == Lang::fr)
    return "Ici " + (business.empty() ? std::string("l'établissement") : str(business)) +
           ", je crois que vous vous êtes trompé de numéro. ";
  return "This is " + (business.empty() ? std::string("a business") : str(business)) +
         ", I think you have the wrong number. ";
}

std::string Phrasebook::question(Asked asked) const {
  const bool fr = lang_ == Lang::fr;
  switch (asked) {
    case Asked::party: return fr ? "Pour combien de personnes ?" : "For how many people?";
    case Asked::day: return fr ? "Pour quel jour ?" : "For which day?";
    case Asked::time: return fr ? "À quelle heure ?" : "At what time?";
    case Asked::name: return fr ? "À quel nom dois-je réserver ?" : "What name should I put the booking under?";
    case Asked::confirmation: return fr ? "C'est bien ça ?" : "Is that right?";
    case Asked::change: return fr ? "Que souhaitez-vous changer ?" : "What would you like to change?";
    case Asked::anything_else: return fr ? "Puis-je faire autre chose pour vous ?" : "Is there anything else I can do for you?";
    case Asked::phone: return fr ? "À quel numéro peut-on vous joindre ?" : "What number can we reach you on?";
    case Asked::order_number: return fr ? "Quel est votre numéro de commande ?" : "What is your order number?";
    case Asked::plate: return fr ? "Quelle est l'immatriculation du véhicule ?" : "What is the car's registration?";
    case Asked::vehicle: return fr ? "Quel est le modèle du véhicule ?" : "What make and model is the car?";
    case Asked::nights: return fr ? "Pour combien de nuits ?" : "For how many nights?";
    case Asked::room_type: return fr ? "Quel type de chambre souhaitez-vous ?" : "What kind of room would you like?";
    case Asked::service: return fr ? "C'est pour quel motif ?" : "What is it for?";
    case Asked::practitioner: return fr ? "Avec quel praticien ?" : "With which practitioner?";
    case Asked::problem: return ticket_ask_problem();
    case Asked::address: return fr ? "Quelle est la nouvelle adresse de livraison ?" : "What is the new delivery address?";
    case Asked::nothing: break;
  }
  return fr ? "Que puis-je faire pour vous ?" : "How can I help you?";
}

std::string Phrasebook::progress(const Request& r, const Date& today) const {
  const bool fr = lang_ == Lang::fr;
  std::vector<std::string> parts;
  if (r.party) parts.push_back((fr ? "pour " : "for ") + say_party(*r.party));
  // "A room tonight, I won't get there till 1 in the morning": the night of the stay is tonight,
  // the arrival after midnight (was "a room for today, arriving at 1 AM", a time already past).
  const bool night_arrival = r.trade == "hotel" && r.time && r.time->hour < 6;
  if (r.date) {
    // "une table pour demain" / "a table for tomorrow" when no party size comes first.
    std::string rel = relative_day(*r.date, today);
    if (night_arrival && *r.date == today) rel = fr ? "cette nuit" : "tonight";
    const std::string lead = r.party ? "" : (fr ? "pour " : "for ");
    parts.push_back(lead + (!rel.empty() ? rel : (fr ? "le " : (r.party ? "on " : "")) + full_date(*r.date)));
  }
  // A room's time is when the guest arrives ("I won't get there till 1 in the morning"): the
  // stay is still the night asked, so it is said as an arrival, not as the stay's hour.
  if (r.time && r.trade == "hotel") {
    if (!parts.empty()) parts.back() += ",";
    parts.push_back(night_arrival ? (fr ? "arrivée après minuit, vers " : "arriving after midnight, around ") + say_time(*r.time)
                                  : (fr ? "arrivée à " : "arriving at ") + say_time(*r.time));
  } else if (r.time) {
    parts.push_back((fr ? "à " : "at ") + say_time(*r.time));
  }
  if (!r.practitioner.empty() && !parts.empty()) parts.push_back(with_practitioner(r.practitioner));
  // A stay's nights said with its day: "a room for 2 people on Friday, December 11, 2 nights".
  if (r.nights && !parts.empty())
    parts.back() += ", " + std::to_string(*r.nights) + (fr ? (*r.nights == 1 ? " nuit" : " nuits")
                                                           : (*r.nights == 1 ? " night" : " nights"));
  if (parts.empty()) return fr ? "Très bien. " : "Sure. ";
  std::string s;
  for (const auto& p : parts) s += (s.empty() ? "" : " ") + p;
  if (r.trade == "hotel" && r.room_type == "dorm") return (fr ? "Très bien, un lit en dortoir " : "Sure, a dorm bed ") + s + ". ";
  if (r.trade == "hotel") return (fr ? "Très bien, une chambre " : "Sure, a room ") + s + ". ";
  if (r.trade != "restaurant") return (fr ? "Très bien, un rendez-vous " : "Sure, an appointment ") + s + ". ";
  return fr ? "Très bien, une table " + s + ". " : "Sure, a table " + s + ". ";
}

std::string Phrasebook::earliest(const Request& r, const Date& today, bool again) const {
  const bool fr = lang_ == Lang::fr;
  const std::string rel = relative_day(*r.date, today);
  std::string when = (!rel.empty() ? rel : (fr ? "le " : "on ") + full_date(*r.date)) + (fr ? " à " : " at ") +
                     say_time(*r.time);
  if (!r.practitioner.empty()) when += ", " + with_practitioner(r.practitioner);
  if (again) return (fr ? "Oui, c'est le premier créneau libre : " : "Yes, that's the earliest I have: ") + when + ". ";
  return (fr ? "Le premier créneau libre est " : "The earliest I have is ") + when + ". ";
}

std::string Phrasebook::recap(const Request& r, const Date& today) const {
  if (r.trade != "restaurant") return trade_recap(r, today);
  if (lang_ == Lang::fr)
    return "Je récapitule : une table pour " + say_party(*r.party) + " " + say_date(*r.date, today) + " à " +
           say_time(*r.time) + " " + au_nom_de(r.name) + ". C'est bien ça ?";
  return "Let me check: a table for " + say_party(*r.party) + " " + say_date(*r.date, today) + " at " +
         say_time(*r.time) + " under the name " + r.name + ". Is that right?";
}

std::string Phrasebook::booked(const Request& r, const Date& today) const {
  if (r.trade != "restaurant") return trade_booked(r, today);
  const std::string rel = relative_day(*r.date, today);
  if (lang_ == Lang::fr) {
    const std::string when = rel.empty() ? "le " + full_date(*r.date) : rel;
    return "C'est réservé, nous vous attendons " + when + " à " + say_time(*r.time) +
           ". Puis-je faire autre chose pour vous ?";
  }
  const std::string when = rel.empty() ? "on " + full_date(*r.date) : rel;
  return "You're booked, we'll see you " + when + " at " + say_time(*r.time) +
         ". Is there anything else I can do for you?";
}

std::string Phrasebook::what_to_change() const {
  return lang_ == Lang::fr ? "D'accord, que souhaitez-vous changer ?" : "All right, what would you like to change?";
}

std::string Phrasebook::listening() const {
  return lang_ == Lang::fr ? "Je vous écoute." : "Sure, go ahead.";
}

// "today (Saturday)", "on Mondays"; "aujourd'hui (samedi)", "le lundi": the closed day as said.
std::string Phrasebook::closed_when(const Date& d, const Date& today) const {
  const std::string rel = relative_day(d, today);
  const std::string day = weekday_name(weekday(d));
  if (!rel.empty()) return rel + " (" + day + ")";
  return lang_ == Lang::fr ? "le " + day : "on " + day + "s";
}

std::string Phrasebook::closed_again(const Date& d, const Date& today) const {
  return (lang_ == Lang::fr ? "Comme je vous le disais, nous sommes fermés " : "As I said, we're closed ") +
         closed_when(d, today) + ". ";
}

std::string Phrasebook::another_day() const {
  return lang_ == Lang::fr ? "Un autre jour vous conviendrait-il ?" : "Would another day suit you?";
}

std::string Phrasebook::closed_day(const BusinessContext& c, const Date& d, const Date& today) const {
  if (lang_ == Lang::fr)
    return "Désolé, nous sommes fermés " + closed_when(d, today) + ". " + say_open_days(c) +
           " Quel autre jour vous conviendrait ?";
  return "Sorry, we're closed " + closed_when(d, today) + ". " + say_open_days(c) + " Which other day would suit you?";
}

std::string Phrasebook::closed_time(const BusinessContext& c, const Date& d, const Date& today) const {
  const int wd = weekday(d);
  if (lang_ == Lang::fr)
    return "Désolé, le " + weekday_name(wd) + " nous sommes ouverts " + say_day_hours(c, wd) +
           ". À quelle heure souhaitez-vous venir ?";
  return "Sorry, on " + weekday_name(wd) + "s we're open " + say_day_hours(c, wd) + ". What time would you like to come?";
}

std::string Phrasebook::ends_after_closing(std::string_view service, int minutes, ClockTime close,
                                           ClockTime last) const {
  const std::string length = std::to_string(minutes);
  if (lang_ == Lang::fr)
    return "Désolé, « " + std::string(service) + " » dure " + length + " minutes et nous fermons à " +
           say_time(close) + " : le dernier rendez-vous possible est à " + say_time(last) +
           ". Cela vous convient-il ?";
  return "Sorry, an appointment for " + std::string(service) + " takes " + length + " minutes and we close at " +
         say_time(close) + ", so the last start is " + say_time(last) + ". Would " + say_time(last) + " suit you?";
}

std::string Phrasebook::time_passed(ClockTime t) const {
  if (lang_ == Lang::fr) return "Désolé, " + say_time(t) + " est déjà passé aujourd'hui. À quelle heure souhaitez-vous venir ?";
  return "Sorry, " + say_time(t) + " has already passed today. What time would you like to come?";
}

std::string Phrasebook::slot_unavailable(ClockTime t, const std::vector<ClockTime>& alternatives) const {
  const bool fr = lang_ == Lang::fr;
  std::string s = fr ? "Désolé, " + say_time(t) + " vient d'être pris. " : "Sorry, " + say_time(t) + " has just been taken. ";
  if (alternatives.empty()) return s + question(Asked::time);
  s += fr ? "Je peux vous proposer " : "I can offer you ";
  for (std::size_t i = 0; i < alternatives.size(); ++i) {
    if (i > 0) s += i + 1 == alternatives.size() ? (fr ? " ou " : " or ") : ", ";
    s += say_time(alternatives[i]);
  }
  return s + (fr ? ". Laquelle vous convient ?" : ". Which would suit you?");
}

std::string Phrasebook::day_full(const Date& d, const Date& today) const {
  if (lang_ == Lang::fr)
    return "Désolé, nous sommes complets " + say_date(d, today) + ". Quel autre jour vous conviendrait ?";
  return "Sorry, we're fully booked " + say_date(d, today) + ". Which other day would suit you?";
}

std::string Phrasebook::booking_failed() const {
  return lang_ == Lang::fr ? "Désolé, je n'arrive pas à enregistrer cette réservation. "
                           : "Sorry, I can't record that booking. ";
}

std::string Phrasebook::too_many(int capacity) const {
  if (lang_ == Lang::fr)
    return "Désolé, nous ne pouvons pas accueillir plus de " + say_party(capacity) +
           " par réservation. Pour combien de personnes souhaitez-vous réserver ?";
  return "Sorry, we can't take more than " + say_party(capacity) + " in one booking. For how many people would you like to book?";
}

std::string Phrasebook::hours_answer(const BusinessContext& c, std::optional<Date> day, const Date& today) const {
  const bool fr = lang_ == Lang::fr;
  if (!day || !c.hours) return say_week(c);
  const int wd = weekday(*day);
  std::string rel = relative_day(*day, today);
  std::string when = rel.empty() ? (fr ? "Le " : "On ") + weekday_name(wd) + (fr ? "" : "s") : capitalised(rel);
  if (!c.open_on(wd)) return when + (fr ? ", nous sommes fermés." : ", we're closed.");
  return when + (fr ? ", nous sommes ouverts " : ", we're open ") + say_day_hours(c, wd) + ".";
}

std::string Phrasebook::address_answer(const BusinessContext& c) const {
  if (c.address.empty())
    return lang_ == Lang::fr ? "Désolé, je n'ai pas l'adresse sous la main." : "Sorry, I don't have the address to hand.";
  return lang_ == Lang::fr ? "Notre adresse : " + c.address + "." : "Our address is " + c.address + ".";
}

std::string Phrasebook::phone_answer(const BusinessContext& c) const {
  if (c.phone.empty())
    return lang_ == Lang::fr ? "Vous pouvez nous rappeler à ce même numéro." : "You can call us back on this same number.";
  return lang_ == Lang::fr ? "Notre numéro est le " + c.phone + "." : "Our number is " + c.phone + ".";
}

std::string Phrasebook::not_heard() const {
  return lang_ == Lang::fr ? "Je ne vous entends pas. " : "Sorry, I didn't hear you. ";
}
std::string Phrasebook::not_understood() const {
  return lang_ == Lang::fr ? "Pardon, je n'ai pas compris. " : "Sorry, I didn't catch that. ";
}
std::string Phrasebook::transferring() const {
  return lang_ == Lang::fr ? "Je vous passe un collaborateur, ne quittez pas." : "Let me put you through to a colleague, please hold.";
}
std::string Phrasebook::nobody_available() const {
  return lang_ == Lang::fr ? "Désolé, personne n'est disponible pour le moment. " : "Sorry, nobody is available right now. ";
}
std::string Phrasebook::closed_now(std::optional<Date> opens, ClockTime at, const Date& today) const {
  // Said to a caller who asked for a person: that nobody can come first, then why and until when.
  const bool fr = lang_ == Lang::fr;
  const std::string nobody = fr ? "Je ne peux vous passer personne pour l'instant. "
                                : "I can't put you through to anyone at the moment. ";
  if (!opens) return nobody + (fr ? "Nous sommes fermés en ce moment. " : "We're closed right now. ");
  const std::string day = opens == today ? (fr ? "aujourd'hui" : "today") : say_date(*opens, today);
  if (fr) return nobody + "Nous sommes fermés en ce moment ; nous rouvrons " + day + " à " + say_time(at) + ". ";
  return nobody + "We're closed right now; we open again " + day + " at " + say_time(at) + ". ";
}
std::string Phrasebook::cannot_understand_goodbye() const {
  return lang_ == Lang::fr ? "Je suis désolé, je n'arrive pas à vous comprendre. Merci de rappeler un peu plus tard. Au revoir."
                           : "I'm sorry, I can't understand you. Please call back a little later. Goodbye.";
}
std::string Phrasebook::silence_goodbye() const {
  return lang_ == Lang::fr ? "Je ne vous entends toujours pas, je vais raccrocher. Au revoir."
                           : "I still can't hear you, so I'll hang up now. Goodbye.";
}
std::string Phrasebook::goodbye(bool evening) const {
  if (lang_ == Lang::fr)
    return evening ? "Merci de votre appel, au revoir et bonne soirée !" : "Merci de votre appel, au revoir et bonne journée !";
  return evening ? "Thank you for calling, goodbye and have a nice evening!" : "Thank you for calling, goodbye and have a nice day!";
}
std::string Phrasebook::request_dropped() const {
  return lang_ == Lang::fr ? "D'accord, j'annule cette demande. Puis-je faire autre chose pour vous ?"
                           : "All right, I've dropped that request. Is there anything else I can do for you?";
}
std::string Phrasebook::cannot_change_existing() const {
  // Said where nothing is booked (a shop): what the caller wants changed is an order.
  return lang_ == Lang::fr ? "Je ne peux pas annuler ni modifier une commande moi-même. "
                           : "I can't cancel or change an order myself. ";
}

}  // namespace webox::brain
