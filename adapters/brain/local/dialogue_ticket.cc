// A complaint taken down: what went wrong (asked when the caller only says they have one),
// the order it is about when known, a case number read out, then a person offered.
//
//   caller: "Mon colis est arrivé abîmé, commande 1043"
//     -> .ticket {id "482153", topic "damaged", order "CMD-1043", summary: the caller's words}
//        "Je suis désolé pour ce désagrément. J'ai ouvert le dossier numéro 4 8 2, 1 5 3 pour
//         la commande CMD-1043 ; un conseiller vous recontactera rapidement. Voulez-vous que je
//         vous passe quelqu'un ?"
#include <algorithm>
#include <cstdint>
#include <algorithm>
#include <initializer_list>
#include <regex>

#include "adapters/brain/local/dialogue.h"
#include "adapters/brain/local/knowledge.h"

namespace webox::brain {
namespace {

// "All cases have a one-year warranty; I'll open a ticket and we'll send a replacement": once the
// case is open the policy's promise to open one is left out (was "I'll open a ticket" said again
// beside "I've opened case number ...", turn after turn).
std::string without_ticket_promise(const std::string& policy) {
  static const std::regex promise(
      R"((I'll|I will|we'll|we will) (open|raise|create|log) an? (ticket|case|claim)( for you)?( and)? ?|)"
      R"((je vous ouvre|j'ouvre|je vais ouvrir|j'ouvrirai|nous ouvrons|nous allons ouvrir) un (ticket|dossier)( et| :)? ?)",
      std::regex::icase);
  std::string out = std::regex_replace(policy, promise, "");
  // The clause left may start a sentence: "; we'll send" stays, ". we'll" and "Désolé ! envoyez"
  // get their capital.
  auto ends_sentence = [](char c) { return c == '.' || c == '!' || c == '?'; };
  for (std::size_t i = 0; i < out.size(); ++i)
    if ((i == 0 || (i >= 2 && ends_sentence(out[i - 2]) && out[i - 1] == ' ')) && std::islower(static_cast<unsigned char>(out[i])))
      out[i] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[i])));
  return out;
}

struct Topic {
  std::string_view name;
  std::initializer_list<std::string_view> phrases;  // folded
};

const Topic kTopics[] = {
    {"damaged", {"abime", "abimee", "abimes", "casse", "cassee", "fele", "felee", "endommage",
                 "endommagee", "cracked", "damaged", "broken", "smashed", "crushed", "ecrase"}},
    {"missing", {"pas recu", "jamais recu", "jamais arrive", "pas arrive", "toujours pas",
                 "perdu", "never arrived", "not arrived", "didn t arrive", "hasn t arrived",
                 "never received", "not received", "haven t received", "missing", "lost"}},
    {"wrong_item", {"mauvais article", "mauvaise taille", "mauvaise couleur", "pas le bon",
                    "pas la bonne", "wrong item", "wrong size", "wrong colour", "wrong color",
                    "wrong product", "not what i ordered", "mauvais modele", "pas le bon modele",
                    "wrong model", "not the right colour", "not the right color", "not the right size"}},
    {"refund", {"rembourse", "remboursement", "rembourser", "refund", "money back"}},
};

std::string_view topic_of(const Words& w) {
  for (const Topic& t : kTopics)
    for (std::string_view p : t.phrases)
      if (find_phrase(w, p) != std::string_view::npos) return t.name;
  return "";
}

// "ce n'est pas la bonne couleur", "wrong size", "cracked": what went wrong, finer than the
// ticket's topic, to be said back to the caller; "" when the words say no more than "a problem".
std::string_view complaint_kind(const Words& w) {
  const std::string_view topic = topic_of(w);
  if (topic == "wrong_item") {
    if (said_any_phrase(w, {"couleur", "colour", "color"})) return "wrong_colour";
    if (said_any_phrase(w, {"taille", "size"})) return "wrong_size";
    return "wrong_item";
  }
  if (topic == "damaged" || topic == "missing") return topic;
  return "";
}

// Six digits from the call and the ticket's rank in it: the same on a rebuilt call.
std::string ticket_number(std::string_view call_sid, int rank) {
  std::uint32_t h = 2166136261u;  // FNV-1a
  for (char c : call_sid) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  h = (h ^ static_cast<std::uint32_t>(rank)) * 16777619u;
  return std::to_string(100000 + h % 900000);
}

// What the shop's FAQ says of such a problem: the entry the caller's words match, else one whose
// keyword names the complaint's topic ("mauvais article" for "pas la bonne couleur"); "" if none.
std::string complaint_answer(const BusinessContext& c, const Words& w, std::string_view lang) {
  if (auto a = answer_question(c, w, lang)) return *a;
  const std::string_view topic = topic_of(w);
  for (const Topic& t : kTopics) {
    if (t.name != topic) continue;
    for (const Faq& f : c.faq)
      for (const std::string& k : f.keywords)
        for (std::string_view p : t.phrases)
          if (fold(k) == p) return f.answer;
  }
  return "";
}

// "Vous pouvez prendre un message ?", "notez mon adresse mail pour qu'on me recontacte", "can
// someone call me back?": a message for a person.
bool leaves_message(const Words& w) {
  for (std::string_view p : {"prendre un message", "laisser un message", "prenez un message", "noter un message",
                             "transmettre un message", "qu on me recontacte", "qu on me rappelle",
                             "me recontacter", "qu on me contacte", "take a message", "leave a message",
                             "pass on a message", "pass a message", "call me back", "get back to me",
                             "contact me", "ring me back", "someone call me", "rappelez moi",
                             "peut me rappeler", "pourrait me rappeler", "pouvez me rappeler"})
    if (find_phrase(w, p) != std::string_view::npos) return true;
  return false;
}

// "c'est claire point morel at gmail point com": an e-mail address spelt out, which goes with the
// message and is read back: "claire.morel@gmail.com" ("" when none is said). The part before
// "at" runs back to the first word that is no part of an address ("c'est", "my email is").
std::string email_in(const Words& w) {
  std::size_t at = w.size();
  for (std::size_t i = 1; i + 1 < w.size() && at == w.size(); ++i)
    if (w[i].text == "arobase" || w[i].text == "at" || w[i].text == "@") at = i;
  if (at == w.size()) return "";
  auto sign = [](std::string_view x) -> std::string_view {
    if (x == "point" || x == "dot") return ".";
    if (x == "tiret" || x == "dash" || x == "hyphen") return "-";
    if (x == "underscore") return "_";
    return "";
  };
  static constexpr std::string_view kLead[] = {"c", "est", "s", "is", "it", "mail", "email", "e", "adresse",
                                               "address", "mon", "ma", "my", "voici", "here", "alors", "donc"};
  std::size_t from = at;
  while (from > 0 && (!sign(w[from - 1].text).empty() ||
                      std::ranges::find(kLead, std::string_view(w[from - 1].text)) == std::end(kLead)))
    --from;
  std::string local, domain;
  for (std::size_t i = from; i < at; ++i) local += sign(w[i].text).empty() ? w[i].text : std::string(sign(w[i].text));
  static constexpr std::string_view kEnds[] = {"com", "fr", "net", "org", "uk", "eu", "be", "ch", "ca", "io", "de"};
  bool ended = false;
  for (std::size_t i = at + 1; i < w.size() && !ended; ++i) {
    domain += sign(w[i].text).empty() ? w[i].text : std::string(sign(w[i].text));
    ended = std::ranges::find(kEnds, std::string_view(w[i].text)) != std::end(kEnds) &&
            (i + 1 == w.size() || sign(w[i + 1].text).empty());
  }
  if (local.empty() || !ended || domain.find('.') == std::string::npos) return "";
  return local + "@" + domain;
}

// "notez MON adresse e-mail": the caller's address is what they speak of.
bool mentions_email(const Words& w) {
  return said_any_phrase(w, {"mail", "email", "e mail", "courriel"});
}

// "changer l'adresse de livraison", "new address": the change is where the parcel goes; the new
// address is what the person making it will need.
bool changes_address(const Words& w) {
  return said_any_phrase(w, {"adresse de livraison", "changer l adresse", "modifier l adresse", "changer d adresse",
                             "nouvelle adresse", "livrer ailleurs", "delivery address", "shipping address",
                             "change the address", "change my address", "new address", "deliver it to"});
}

// "Je voudrais ajouter un paquet de thé à ma commande", "I want to add an item", "modifier ma
// commande": a change to an order, which no fact of the shop lets the assistant make. Where it
// goes is part of the order.
bool changes_order(const Words& w) {
  return changes_address(w) ||
         said_any_phrase(w, {"ajouter", "rajouter", "add", "modifier ma commande", "modifier la commande",
                             "modifier cette commande", "changer ma commande", "change my order",
                             "change the order", "amend my order", "amend the order"});
}

// "c'est le 12 rue des Lilas, 33000 Bordeaux", "4 Rose Lane, Leeds": a number with a street word
// among the next words; the address as said from that number to the end of its sentence, to be
// read back ("" when the words hold none).
std::string address_in(const Words& w, std::string_view said) {
  static constexpr std::string_view kStreets[] = {
      "rue", "avenue", "av", "boulevard", "bd", "chemin", "allee", "impasse", "place", "quai", "cours",
      "route", "square", "residence", "lotissement", "street", "st", "road", "rd", "ave", "lane", "drive",
      "way", "close", "crescent", "court", "terrace", "grove", "gardens", "blvd", "row", "mews", "walk"};
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (!is_number_text(w[i].text)) continue;
    for (std::size_t j = i + 1; j < w.size() && j <= i + 4; ++j) {
      if (std::ranges::find(kStreets, std::string_view(w[j].text)) == std::end(kStreets)) continue;
      std::size_t end = said.size();  // "..., Leeds LS6 2AB please": the courtesy is not the address
      for (std::size_t k = j + 1; k < w.size() && end == said.size(); ++k)
        for (std::string_view p : {"please", "thanks", "thank", "cheers", "merci", "svp", "s il"})
          if (find_phrase(w, p, k) == k) end = w[k].begin;
      std::string_view rest = said.substr(w[i].begin, end - w[i].begin);
      rest = rest.substr(0, std::min(rest.find_first_of(".!?"), rest.size()));
      while (!rest.empty() && (rest.back() == ' ' || rest.back() == ',')) rest.remove_suffix(1);
      return std::string(rest);
    }
  }
  return "";
}

}  // namespace

void Dialogue::note_case_promised(std::string_view said) {
  if (business_.trade != "ecommerce") return;
  // The cheap test first: the promise's regex only where one of its nouns is said.
  const bool noun = std::ranges::any_of(std::initializer_list<std::string_view>{"ticket", "case", "claim", "dossier"},
                                        [&](std::string_view n) { return said.find(n) != std::string_view::npos; });
  if (noun && without_ticket_promise(std::string(said)) != said) promised_case_ = utterance_;
}

// "I don't have the order number handy", "can't you look me up by name?", "je n'ai pas le numéro".
bool no_order_number(const Words& w) {
  for (std::string_view p : {"don t have the order", "don t have my order", "don t have the number",
                             "don t have it", "no order number", "haven t got the", "haven t got it",
                             "look me up by name", "by my name", "n ai pas le numero", "ai pas le numero",
                             "pas de numero", "je l ai pas", "je ne l ai pas", "je ne l ai plus",
                             "par mon nom", "avec mon nom"})
    if (find_phrase(w, p) != std::string_view::npos) return true;
  return false;
}

std::optional<Reply> Dialogue::message(const Understanding& u) {
  // Any trade while nobody can take the call ("can the manager call me back then? I'm Jordan
  // Blake, 416 555 0123" at a closed restaurant was asked the party again): the message is taken.
  if ((business_.trade != "ecommerce" && (can_transfer() || !leaves_message(words_))) || u.intents.goodbye)
    return std::nullopt;
  const bool order_named = u.order_number || !last_order_.empty() || u.intents.order;
  const bool change = order_named && changes_order(words_);
  if (!change && !leaves_message(words_)) return std::nullopt;
  // "Can I speak to a real person? I want to change the delivery address": a person when one can
  // answer; when nobody can, why, and the message taken.
  if (u.intents.human && !leaves_message(words_) && can_transfer()) return std::nullopt;
  const std::string nobody = u.intents.human && !leaves_message(words_) ? closed_now() : "";
  // Said again: the message passed on stands (no second case); a person asked for is answered
  // as such.
  if (!ticket_id_.empty()) {
    if (u.intents.human && !leaves_message(words_)) return std::nullopt;
    stage_ = Stage::anything_else;
    // "Je voulais que vous notiez MON adresse e-mail": the address on the message, read back.
    if (const std::string said = email_in(words_); !said.empty()) email_ = said;
    const std::string taken = !email_.empty() && mentions_email(words_)
                                  ? phrases_.email_on_message(email_, ticket_id_)
                                  : phrases_.message_taken_already(ticket_id_);
    return say(taken + phrases_.question(Asked::anything_else), Asked::anything_else);
  }
  std::string order = last_order_;
  std::string status;  // "TM-2240, I want to add a tea": where the order is first
  if (u.order_number) {
    const Order* o = lookup_order(business_, *u.order_number);
    order = o ? o->number : *u.order_number;
    if (o && o->number != last_order_) status = phrases_.order_status(*o);
  }
  if (!order.empty()) last_order_ = order;
  // "Je voudrais changer l'adresse de livraison": the new address asked once, then passed on
  // with the change (was passed on without it, the person left to call back for it).
  const std::string address = change ? address_in(words_, utterance_) : "";
  if (change && changes_address(words_) && address.empty() && address_change_.empty()) {
    address_change_ = utterance_;
    forget_request();
    stage_ = Stage::anything_else;
    return say(nobody + status + phrases_.change_passed_on() + phrases_.question(Asked::address), Asked::address);
  }
  return pass_on(nobody + status + (address.empty() ? "" : phrases_.address_noted(address)), change, utterance_);
}

// The new delivery address asked for, or whatever the caller said instead ("je ne serai plus là
// mardi"): the change passed on with it, and the address read back when one was said.
Reply Dialogue::address_taken() {
  const std::string address = address_in(words_, utterance_);
  return pass_on(address.empty() ? "" : phrases_.address_noted(address), false, address_change_ + " " + utterance_);
}

// A message for a person, or a change to an order they make: a case under the order last named.
Reply Dialogue::pass_on(const std::string& before, bool change, const std::string& summary) {
  const std::string order = last_order_;
  Ticket t{.ticket_id = ticket_number(call_sid_, ++tickets_),
           .topic = change || !address_change_.empty() ? "order_change" : "message", .order_number = order,
           .summary = summary};
  ticket_id_ = t.ticket_id;
  ticket_order_ = t.order_number;
  forget_request();
  stage_ = Stage::anything_else;
  const bool human = can_transfer();
  if (const std::string said = email_in(words_); !said.empty()) email_ = said;
  const std::string email = email_.empty() ? "" : phrases_.email_noted(email_);
  Reply r = say(before + email + phrases_.message_taken(t.ticket_id, t.order_number, change) +
                    (human ? phrases_.offer_human() : phrases_.question(Asked::anything_else)),
                Asked::anything_else);
  offered_human_ = human;
  r.ticket = std::move(t);
  return r;
}

Reply Dialogue::ticket(const Understanding& u) {
  // "Je voudrais faire une réclamation": the problem itself is still to be told.
  const bool described = !topic_of(words_).empty() || words_.size() > 8;
  if (!described) return say(phrases_.ticket_ask_problem(), Asked::problem);
  const std::string answer = complaint_answer(business_, words_, lang_code());
  // "But will you send me a new one? It's cracked": the case opened stands; a second one with
  // another number is not opened for the same order.
  const bool other_order = u.order_number && lookup_order(business_, *u.order_number) &&
                           lookup_order(business_, *u.order_number)->number != ticket_order_;
  if (!ticket_id_.empty() && !other_order) {
    if (u.name) ticket_name_ = *u.name;
    stage_ = Stage::anything_else;
    // "Will you send me a new one?": what the policy says, asked; the complaint said again: what
    // went wrong, said back ("C'est bien noté : vous avez reçu la mauvaise couleur"), then the case.
    const bool asked = utterance_.find('?') != std::string::npos && !answer.empty();
    const std::string heard = asked ? policy_reply(answer) : phrases_.complaint_noted(ticket_kind_);
    const bool human = can_transfer() && !ticket_offered_human_ && policy_said_.empty();
    Reply r = say(heard + phrases_.ticket_open_already(ticket_id_, ticket_order_, ticket_name_) +
                      (human ? phrases_.offer_human() : phrases_.question(Asked::anything_else)),
                  Asked::anything_else);
    offered_human_ = human;
    ticket_offered_human_ = ticket_offered_human_ || human;
    return r;
  }
  // A shop's complaint is about an order: its number first, with what the shop's policy says
  // ("All cases have a one-year warranty ..."), then the case opened with both turns' words.
  const bool order_known = u.order_number || !last_order_.empty() ||
                           understand(utterance_, now_.date, Asked::order_number).order_number;
  if (!business_.orders.empty() && !order_known) {
    complaint_ = utterance_;
    if (!answer.empty()) policy_said_ = answer;
    return say((answer.empty() ? phrases_.sorry_about_it() : answer + " ") +
                   phrases_.ask(Asked::order_number, business_),
               Asked::order_number);
  }
  return open_ticket(u);
}

Reply Dialogue::open_ticket(const Understanding& u, bool policy_said) {
  // The complaint told before its order number was asked: its words make the case.
  const std::string summary = complaint_.empty() ? utterance_ : complaint_ + " " + utterance_;
  complaint_.clear();
  std::string_view topic = topic_of(words_);
  if (const std::string_view first = topic_of(tokenize(summary)); !first.empty()) topic = first;
  std::string order = last_order_;
  // "... cassée en deux, commande cmd 1042": read as the order question would read it.
  std::optional<std::string> said = u.order_number;
  if (!said) said = understand(utterance_, now_.date, Asked::order_number).order_number;
  if (said) {
    const Order* o = lookup_order(business_, *said);
    order = o ? o->number : *said;
  }
  Ticket t{.ticket_id = ticket_number(call_sid_, ++tickets_),
           .topic = std::string(topic.empty() ? "complaint" : topic),
           .order_number = order, .summary = summary};
  ticket_id_ = t.ticket_id;
  ticket_order_ = t.order_number;
  ticket_kind_ = complaint_kind(tokenize(summary));
  if (u.name) ticket_name_ = *u.name;
  forget_request();
  stage_ = Stage::anything_else;
  // "No, that's fine. Will I get a replacement though? My order number is BS-88095": the
  // question asked with the number is answered from the policy before the case (was the case
  // alone, the question ignored); said already, only its promise. `policy_said`: the caller
  // heard it this turn already, not again.
  const std::string answer = complaint_answer(business_, tokenize(summary), lang_code());
  const std::string policy =
      utterance_.find('?') != std::string::npos && !answer.empty() && !policy_said ? policy_reply(answer) : "";
  const std::string opened =
      phrases_.sorry_for(ticket_kind_) + policy + phrases_.ticket_opened(t.ticket_id, t.order_number, ticket_name_);
  // What the shop's policy promised the caller needs no person; a complaint it said nothing of may.
  const bool human = can_transfer() && policy_said_.empty();
  Reply r = say(opened + (human ? phrases_.offer_human() : phrases_.question(Asked::anything_else)),
                Asked::anything_else);
  offered_human_ = human;
  ticket_offered_human_ = human;
  r.ticket = std::move(t);
  return r;
}

// The shop's answer to the complaint, without its promise to open a case; said once already,
// only the promise it ends with ("As I said, we'll send a replacement."), or nothing when it has
// no such clause: the case said next answers then (was the whole policy word for word each turn).
std::string Dialogue::policy_reply(const std::string& answer) {
  const std::string policy = without_ticket_promise(answer);
  if (std::exchange(policy_said_, answer) != answer) return policy + " ";
  const auto clause = policy.rfind("; ");
  if (clause == std::string::npos) return "";
  return phrases_.as_i_said() + policy.substr(clause + 2) + " ";
}

}  // namespace webox::brain
