// A complaint taken down: what went wrong (asked when the caller only says they have one),
// the order it is about when known, a case number read out, then a person offered.
//
//   caller: "Mon colis est arrivé abîmé, commande 1043"
//     -> .ticket {id "482153", topic "damaged", order "CMD-1043", summary: the caller's words}
//        "Je suis désolé pour ce désagrément. J'ai ouvert le dossier numéro 4 8 2, 1 5 3 pour
//         la commande CMD-1043 ; un conseiller vous recontactera rapidement. Voulez-vous que je
//         vous passe quelqu'un ?"
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
      R"((j'ouvre|je vais ouvrir|j'ouvrirai|nous ouvrons|nous allons ouvrir) un (ticket|dossier)( et)? ?)",
      std::regex::icase);
  std::string out = std::regex_replace(policy, promise, "");
  // The clause left may start a sentence: "; we'll send" stays, ". we'll" gets its capital.
  for (std::size_t i = 0; i < out.size(); ++i)
    if ((i == 0 || (i >= 2 && out[i - 2] == '.' && out[i - 1] == ' ')) && std::islower(static_cast<unsigned char>(out[i])))
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
// message and is acknowledged.
bool says_email(const Words& w) {
  bool at = false, dot = false, domain = false;
  for (const Word& x : w) {
    at = at || x.text == "arobase" || x.text == "at" || x.text == "@";
    dot = dot || x.text == "point" || x.text == "dot";
    for (std::string_view d : {"com", "fr", "net", "org", "gmail", "hotmail", "yahoo", "outlook", "orange", "free", "icloud"})
      domain = domain || x.text == d;
  }
  return at && dot && domain;
}

// "Je voudrais ajouter un paquet de thé à ma commande", "I want to add an item", "modifier ma
// commande": a change to an order, which no fact of the shop lets the assistant make.
bool changes_order(const Words& w) {
  for (std::string_view p : {"ajouter", "rajouter", "add", "modifier ma commande", "modifier la commande",
                             "modifier cette commande", "changer ma commande", "change my order",
                             "change the order", "amend my order", "amend the order",
                             // where it goes: the delivery address is part of the order
                             "adresse de livraison", "changer l adresse", "modifier l adresse", "changer d adresse",
                             "nouvelle adresse", "livrer ailleurs", "delivery address", "shipping address",
                             "change the address", "change my address", "new address", "deliver it to"})
    if (find_phrase(w, p) != std::string_view::npos) return true;
  return false;
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
    return say(phrases_.message_taken_already(ticket_id_) + phrases_.question(Asked::anything_else),
               Asked::anything_else);
  }
  std::string order = last_order_;
  std::string status;  // "TM-2240, I want to add a tea": where the order is first
  if (u.order_number) {
    const Order* o = lookup_order(business_, *u.order_number);
    order = o ? o->number : *u.order_number;
    if (o && o->number != last_order_) status = phrases_.order_status(*o);
  }
  Ticket t{.ticket_id = ticket_number(call_sid_, ++tickets_),
           .topic = change ? "order_change" : "message", .order_number = order, .summary = utterance_};
  if (!order.empty()) last_order_ = order;
  ticket_id_ = t.ticket_id;
  ticket_order_ = t.order_number;
  forget_request();
  stage_ = Stage::anything_else;
  const bool human = can_transfer();
  const std::string email = says_email(words_) ? phrases_.email_noted() : "";
  Reply r = say(nobody + status + email + phrases_.message_taken(t.ticket_id, t.order_number, change) +
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
    stage_ = Stage::anything_else;
    const bool human = can_transfer();
    // "Will you send me a new one?": what the policy says, asked; a complaint said again: the case.
    const bool asked = utterance_.find('?') != std::string::npos && !answer.empty();
    Reply r = say((asked ? without_ticket_promise(answer) + " " : "") + phrases_.ticket_open_already(ticket_id_, ticket_order_) +
                      (human ? phrases_.offer_human() : phrases_.question(Asked::anything_else)),
                  Asked::anything_else);
    offered_human_ = human;
    return r;
  }
  // A shop's complaint is about an order: its number first, with what the shop's policy says
  // ("All cases have a one-year warranty ..."), then the case opened with both turns' words.
  const bool order_known = u.order_number || !last_order_.empty() ||
                           understand(utterance_, now_.date, Asked::order_number).order_number;
  if (!business_.orders.empty() && !order_known) {
    complaint_ = utterance_;
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
  forget_request();
  stage_ = Stage::anything_else;
  // "No, that's fine. Will I get a replacement though? My order number is BS-88095": the
  // question asked with the number is answered from the policy before the case (was the case
  // alone, the question ignored).
  std::string opened = phrases_.ticket_opened(t.ticket_id, t.order_number);
  if (utterance_.find('?') != std::string::npos)
    if (const std::string answer = complaint_answer(business_, tokenize(summary), lang_code());
        !answer.empty() && !policy_said)
      opened = without_ticket_promise(answer) + " " + opened;
  const bool human = can_transfer();
  Reply r = say(opened + (human ? phrases_.offer_human() : phrases_.question(Asked::anything_else)),
                Asked::anything_else);
  offered_human_ = human;
  r.ticket = std::move(t);
  return r;
}

}  // namespace webox::brain
