// What the caller wants, independent of the details (slots) they gave.
//
//   Intents i = find_intents(tokenize("Non merci, au revoir"));
//   i.answer == Answer::no;  i.thanks && i.goodbye
//   find_intents(tokenize("Je voudrais réserver une table")).book        -> true
//   find_intents(tokenize("Vous êtes ouverts dimanche ?")).hours        -> true
//   find_intents(tokenize("c'est pas ça")).answer                        -> Answer::no
//
// Contract: several intents can hold at once ("oui, et vous êtes où ?" is yes + address). The
// yes/no answer is the last one said ("oui... enfin non") and a yes right after "pas"/"not"
// ("pas parfait", "not right") is a no; in a question a mid-sentence "exactement" is emphasis,
// not an answer. "Je voudrais annuler ma réservation" is cancel, not book. French and English
// are both understood whatever the assistant's language, because callers switch.
// A complaint ("my food was cold") or a special request ("un lit bébé dans la chambre") is not a
// booking because it names a meal or a room: only booking words ("réserver", "book") make one
// then.
#pragma once

#include "adapters/brain/local/normalize.h"

namespace webox::brain {

enum class Answer { none, yes, no };

struct Intents {
  Answer answer = Answer::none;
  bool book = false;      // wants a table, a room, an appointment, a service on the car
  bool book_topic_only = false;  // book only from what it is for ("dîner", "a room"), no "réserver"
  bool hours = false;     // asks when the business is open
  bool address = false;   // asks where it is
  bool phone = false;     // asks for the phone number
  bool goodbye = false;   // a farewell: "au revoir", "bye", "bonne journée"
  bool done = false;      // nothing more wanted: "c'est tout", "that's it", "nothing else"
  bool thanks = false;
  bool human = false;     // wants a person
  bool repeat = false;    // did not hear us ("pardon ?", "say that again")
  bool cancel = false;    // wants to cancel or move an existing booking
  bool dismiss_only = false;  // the cancel is only "laissez tomber", "never mind": a topic dropped
  bool greeting = false;  // "allô ?", "bonjour", "hello": not a request, not a failure either
  bool order = false;     // about an existing order: "où en est ma commande", "my package"
  bool returns = false;   // return, refund or exchange: "je voudrais être remboursé"
  bool prices = false;    // "combien ça coûte", "how much", "tarif"
  bool menu = false;      // "la carte", "vegetarian options", "plat du jour"
  bool checkin = false;   // check-in/check-out times: "à quelle heure libérer la chambre"
  bool urgent = false;    // a medical emergency: "douleur dans la poitrine", "can't breathe"
  bool ticket = false;    // a complaint to file: "réclamation", "colis abîmé", "wrong item",
                          // "I'm really not happy", "le serveur était désagréable"
  bool any = false;       // no preference: "n'importe quel médecin", "whoever's available",
                          // "peu importe"; its "fine"/"ok" ("any doctor is fine") is not a yes
  bool advice = false;    // asks for medical advice: "je peux prendre de l'ibuprofène avec mon
                          // traitement ?", "should I take antibiotics", "c'est grave ?"
  bool breakdown = false; // a vehicle broken down, not starting, to be towed: "en panne",
                          // "won't start", "I need a tow", "dépanneuse"
  bool special_request = false;  // about an existing stay or table: "un lit bébé dans la chambre",
                                 // "an accessible room, I use a wheelchair", "a high chair"
  bool policy = false;    // asks the cancellation or booking terms: "what's your cancellation
                          // policy?", "vos conditions d'annulation", "frais d'annulation",
                          // "is there a cancellation fee?", "si on annule" — a question, so not
                          // `cancel`. The returns policy stays `returns`. A loan car ("voiture
                          // de prêt", "courtesy car") is asked about: it makes no `book`.

  friend bool operator==(const Intents&, const Intents&) = default;
};

Intents find_intents(const Words& words);

// A loan car named: "courtesy car", "loaner", "voiture de prêt", "véhicule de courtoisie".
bool names_loan_car(const Words& words);
// The special requests said ("cot", "high chair", "lit bébé"), folded, in the engine's list.
[[nodiscard]] std::vector<std::string_view> special_requests_said(const Words& words);

// Urgency said by more than the word itself: a sign of danger ("chest pain", "il respire mal",
// "saignement"), not only "urgence"/"urgent"/"emergency", which a practice keeping slots for
// urgent cases books.
bool names_danger(const Words& words);
// A sign that a life is at stake ("elle devient toute bleue", "chest pain and my arm is numb"):
// a danger word other than an accident, which at a garage is about a car.
[[nodiscard]] bool life_at_stake(const Words& words);

}  // namespace webox::brain
