#include "adapters/brain/local/intents.h"

#include <algorithm>
#include <initializer_list>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "adapters/brain/local/dates.h"
#include "adapters/brain/local/word_match.h"

namespace webox::brain {
namespace {

// A phrase list indexed by first word. Intents are looked for at every word of every
// utterance, and a word starts at most a few phrases of a list: scanning whole lists at each
// word was the brain's largest cost. Built once, at static initialisation; read-only after.
class Phrases {
 public:
  Phrases(std::initializer_list<std::string_view> list) {
    for (std::string_view p : list) {
      const std::size_t start = p.find_first_not_of(' ');
      if (start == std::string_view::npos) continue;
      const std::size_t end = p.find(' ', start);
      by_first_word_[p.substr(start, end == std::string_view::npos ? end : end - start)]
          .push_back(p);
    }
  }
  // The phrases whose first word is `word`, or nullptr.
  const std::vector<std::string_view>* starting_with(std::string_view word) const {
    auto it = by_first_word_.find(word);
    return it == by_first_word_.end() ? nullptr : &it->second;
  }

 private:
  std::unordered_map<std::string_view, std::vector<std::string_view>> by_first_word_;
};

const Phrases kYes = {
    "oui", "ouais", "ouai", "ouaip", "yes", "yeah", "yep", "yup", "sure", "correct", "exact",
    "exactement", "parfait", "parfaitement", "d accord", "dac", "ok", "okay", "ca marche",
    "ca me va", "ca me convient", "c est ca", "c est bien ca", "c est bon", "c est parfait",
    "c est correct", "c est exact", "c est tout bon", "tout bon", "tout a fait", "absolument", "bien sur", "tres bien",
    "impeccable", "super", "nickel", "genial", "volontiers", "entendu", "je confirme", "confirme",
    "confirmer", "confirm", "confirmed", "that s right", "that s correct", "that is right",
    "that is correct", "that s perfect", "right", "all right", "alright", "exactly",
    "absolutely", "perfect", "sounds good", "sounds great", "sounds perfect", "great", "fine",
    "that works", "of course", "go ahead", "please do", "affirmative", "no problem", "carrement",
    "evidemment", "sure thing", "suits me", "you bet", "avec plaisir", "yes please",
    // "that's it" alone may be "nothing else"; after a yes it confirms.
    "yes that s it", "yeah that s it", "yep that s it",
    "pas de probleme", "sans probleme", "you got it", "spot on"};

const Phrases kNo = {
    "non", "no", "nope", "nan", "nah", "pas du tout", "pas vraiment", "pas tout a fait", "pas ca",
    "c est pas ca", "ce n est pas ca", "ce n est pas bon", "c est pas bon", "c est faux", "faux",
    "pas bon", "not really", "not quite", "not right", "not correct", "that s wrong", "wrong",
    "incorrect", "negative", "absolutely not", "not at all", "certainly not", "erreur", "mistake",
    // A polite no: its "okay" is the no's courtesy, not a yes ("no, that's okay, bye").
    "no that s okay", "no that s ok", "no that s fine", "no that s alright", "no that s all right",
    "no it s okay", "no it s ok", "no it s fine", "no it s alright", "no i m okay", "no i m good",
    "no i m fine", "no we re good", "no we re fine", "non c est bon", "non merci c est bon"};

const Phrases kBook = {
    "reserver", "reservation", "reservations", "reserve", "reserves", "book", "booking", "table",
    "tables", "une place", "des places", "de la place", "venir manger", "availability",
    "have anything", "come in", "rendez", "rdv", "appointment", "appointments",
    "checkup", "check up", "see a doctor", "see the doctor", "voir le docteur", "voir le medecin",
    "voir un medecin", "voie un medecin", "voie le medecin", "voie le docteur", "consulter",
    "un creneau", "a slot"};

// What a booking is for, said alone: a question about it ("combien coûte une vidange", "le
// menu du déjeuner") is not a booking, so these count only when no such question is asked.
const Phrases kBookTopic = {
    "manger", "diner", "dejeuner", "dinner", "lunch", "chambre", "chambres", "room", "rooms",
    "suites", "consultation", "revision", "vidange", "entretien", "controle technique",
    "oil change", "service", "serviced", "mot", "pneus", "tyres", "tires", "available", "disponible",
    "vous avez une", "vous avez des", "do you have a", "do you have any",
    // "room for 4 tonight" books, "a cot in our room for Saturday" asks for a cot.
    "room for", "space for"};

// A hotel's breakfast is asked about, not booked like a lunch: "il y a un petit déjeuner ?".
const Phrases kBreakfast = {"petit dejeuner", "petit dej", "breakfast"};

const Phrases kOrder = {
    "commande", "commandes", "colis", "order", "orders", "package", "parcel", "tracking",
    "pas recu", "haven t received", "hasn t arrived", "hasn t shipped", "livree", "ma livraison",
    "my delivery", "mon envoi", "ordered", "haven t got", "not arrived", "n est pas arrive"};
// "I'd like to order a pizza" is ordering, not asking about an order.
const Phrases kNotOrder = {"to order", "passer commande", "passer une commande"};

const Phrases kReturns = {
    "retour", "retours", "retourner", "renvoyer", "rembourse", "remboursee", "rembourser",
    "remboursez", "remboursement", "echanger", "echange", "echanges", "return", "returns", "returning",
    "refund", "refunds", "refunded", "money back", "exchange", "how long do i have", "how long have i got",
    "combien de temps ai je", "j ai combien de temps",
    // "Si elles sont trop petites, je peux changer de pointure ?": an exchange, not the sizing.
    "changer de pointure", "changer de taille", "changer la pointure", "changer la taille",
    "change the size", "change it for a bigger size", "swap it for", "swap them for",
    "a different size", "another size", "une autre pointure", "une autre taille"};

// "send it back", "sent my order back": a return whose words come apart.
const Phrases kSend = {"send", "sent", "sending"};
const Phrases kBack = {"back"};

const Phrases kPrices = {
    "combien ca coute", "combien coute", "coute combien", "coutent combien", "c est combien",
    "combien c est", "combien pour", "combien la", "combien le", "coute", "coutent", "cout", "couter", "coutera",
    "prix", "tarif", "tarifs", "how much", "price", "prices", "pricing", "cost", "costs", "rate",
    "rates", "fee", "fees", "devis", "quote", "cher", "expensive", "a combien", "payant",
    "payante", "gratuit", "gratuite", "charge", "charges", "free of charge"};
// "combien de jours", "how much time": a count, not a price.
const Phrases kNotPrices = {"combien de jours", "combien de temps", "combien de nuits",
                            "combien de personnes", "combien de places", "how much time",
                            "how many",
                            // "Mardi à 14h pour un devis": a quote is the appointment's purpose.
                            "pour un devis", "pour faire un devis", "for a quote", "to get a quote"};

const Phrases kMenu = {
    "menu", "menus", "la carte", "votre carte", "plats", "plat du jour", "vegetarien",
    "vegetarienne", "vegetariens", "vegetariennes", "vegan", "vegane", "vegetalien",
    "sans gluten", "gluten", "allergies", "dishes", "vegetarian", "specials", "wine list",
    "dish of the day", "today s special", "set lunch", "set menu", "formule", "formules",
    "what do you serve"};
// "la carte grise", "la carte bancaire" are not the menu.
const Phrases kNotMenu = {"carte grise", "carte bancaire", "carte bleue", "carte vitale",
                          "carte de credit", "carte cadeau"};

const Phrases kCheckin = {
    "check in", "check out", "checkin", "checkout", "heure d arrivee", "heure de depart",
    "liberer la chambre", "quitter la chambre", "rendre la chambre", "leave the room",
    "vacate the room", "leave the hotel", "peut arriver",
    "pouvons arriver", "can we arrive", "can i arrive"};

// "Can we arrive on the Saturday instead?", "on peut arriver le samedi plutôt ?": a change of the
// arrival day, not a question about check-in times ("can we arrive after 8 pm?").
bool arrival_day_asked(const Words& w) {
  for (std::string_view p : {"can we arrive", "can i arrive", "peut arriver", "pouvons arriver"}) {
    const std::size_t at = find_phrase(w, p);
    if (at == std::string_view::npos) continue;
    const std::size_t k = at + phrase_length(p);
    if (k < w.size() && (w[k].text == "on" || w[k].text == "le" || w[k].text == "the" || weekday_at(w, k) >= 0))
      return true;
  }
  return false;
}

const Phrases kUrgent = {
    "urgence", "urgences", "urgent", "urgente", "emergency", "douleur forte", "forte douleur",
    "douleur dans la poitrine", "douleur a la poitrine", "mal a la poitrine", "douleur thoracique",
    "chest pain", "chest pains", "saigne", "saignement", "saigner", "bleeding", "respirer",
    "can t breathe", "cannot breathe", "can not breathe", "trouble breathing",
    "difficulty breathing", "short of breath", "respire mal", "du mal a respirer", "accident", "malaise", "evanoui",
    "evanouie", "fainted", "passed out", "unconscious", "inconscient", "inconsciente",
    "really bad pain", "severe pain", "bad pain", "crise cardiaque", "heart attack", "stroke", "avc",
    // From a blind test: breathing, colour, waking, fits, in the words parents use.
    "respire tres mal", "respire difficilement", "respire plus", "arrive pas a respirer",
    "etouffe", "s etouffe", "levres bleues", "levres un peu bleues", "levres toutes bleues",
    "devient bleu", "devient bleue", "struggling to breathe", "struggles to breathe",
    "hard to breathe", "wheezing", "choking", "blue lips", "lips are blue", "turning blue",
    "se reveille plus", "se reveille presque plus", "ne se reveille pas", "won t wake",
    "not waking up", "hard to wake", "convulsion", "convulsions", "seizure", "fitting",
    "fievre a 40", "fievre a 41", "40 de fievre", "41 de fievre", "fever of 104", "104 fever",
    "overdose", "allergic reaction", "reaction allergique", "anaphylaxie", "anaphylaxis",
    // From a blind test ("a crushing pain in my chest and my left arm is numb", "I can hardly
    // breathe"): the pain placed in the chest, breath that barely comes, thoughts of suicide.
    "pain in my chest", "pain in the chest", "pain in his chest", "pain in her chest",
    "chest hurts", "chest is tight", "tightness in my chest", "arm is numb", "arm has gone numb",
    "hardly breathe", "barely breathe", "can t catch my breath", "can t get my breath",
    "bleeding heavily", "bleeding badly", "won t stop bleeding", "not breathing", "isn t breathing",
    "suicidal", "suicide", "kill myself", "end my life", "take my own life", "want to die",
    "douleur dans le thorax", "poitrine qui serre", "serrement dans la poitrine",
    "bras engourdi", "bras gauche engourdi", "arrive plus a respirer", "ne respire plus",
    "peux plus respirer", "saigne beaucoup", "me suicider", "suicidaire", "suicidaires",
    "envie de mourir", "mettre fin a mes jours", "en finir avec la vie"};

const Phrases kTicket = {
    "ticket", "reclamation", "plainte", "complaint", "complain", "signaler un probleme",
    "signaler", "report a problem", "abime", "abimee", "casse", "cassee", "cracked", "fele", "felee", "endommage",
    "endommagee", "damaged", "broken", "crushed", "defectueux", "defectueuse", "defective",
    "faulty", "mauvais article", "mauvais produit", "wrong item", "wrong product",
    "open a ticket", "ouvrir un ticket", "ouvrez moi un ticket", "ouvrez un ticket",
    // The wrong thing received: "ce n'est pas la bonne couleur", "wrong size".
    "pas la bonne couleur", "pas la bonne taille", "pas le bon article", "pas le bon produit",
    "pas le bon modele", "mauvaise couleur", "mauvaise taille", "mauvais modele", "wrong colour",
    "wrong color", "wrong size", "wrong model", "not the right colour", "not the right color",
    "not the right size", "not what i ordered",
    // Discontent said plainly is a complaint too.
    "not happy", "not very happy", "unhappy", "not satisfied", "dissatisfied", "disappointed",
    "unacceptable", "was rude", "were rude", "so rude", "was cold", "stone cold",
    "pas content", "pas contente", "pas contents", "pas satisfait", "pas satisfaite", "mecontent",
    "mecontente", "decu", "decue", "decus", "inadmissible", "inacceptable", "scandaleux",
    "etait froid", "etait froide", "desagreable", "impoli", "impolie"};

// A car that stopped: a breakdown to handle, not a part "broken" to complain about.
const Phrases kBreakdown = {
    "en panne", "panne", "tombe en panne", "tombee en panne", "ne demarre plus", "ne demarre pas",
    "demarre plus", "demarre pas", "depanneuse", "depannage", "depanner", "remorquage",
    "remorquer", "broke down", "broken down", "breakdown", "won t start", "wont start",
    "will not start", "doesn t start", "does not start", "didn t start", "tow", "towed", "towing",
    "tow truck", "recovery truck", "stranded", "bord de la route", "side of the road", "roadside"};

// Medical advice: an explicit question, or taking a medicine ("prendre de l'ibuprofène").
const Phrases kAdvice = {
    "c est grave", "est ce grave", "is it serious", "is that serious", "is this serious",
    "should i take", "what should i take", "what can i take", "is it safe to take",
    "que dois je prendre", "qu est ce que je dois prendre", "qu est ce que je peux prendre",
    "conseil medical", "medical advice", "un avis medical", "est ce normal", "is it normal",
    "is that normal", "should i be worried", "dois je m inquieter", "je dois m inquieter"};
const Phrases kTake = {"prendre", "prends", "prend", "take", "taking", "donner", "give", "melanger", "mix"};
const Phrases kMedicine = {
    "ibuprofene", "ibuprofen", "doliprane", "paracetamol", "aspirine", "aspirin", "advil",
    "tylenol", "antibiotique", "antibiotiques", "antibiotic", "antibiotics", "medicament",
    "medicaments", "medication", "medicine", "medicines", "traitement", "pills", "cachets",
    "comprimes", "sirop", "syrup", "anti inflammatoire", "antidouleur", "painkillers"};

// Asked of an existing stay or table: things to arrange, not a new booking.
const Phrases kSpecialRequest = {
    "lit bebe", "lit parapluie", "berceau", "baby cot", "cot", "crib", "high chair",
    "highchair", "chaise haute", "chaise bebe", "rehausseur", "booster seat", "accessible",
    "wheelchair", "fauteuil roulant", "mobilite reduite", "pmr", "handicape", "handicapee",
    "lit supplementaire", "lit d appoint", "extra bed", "rollaway", "extra pillow",
    "extra pillows", "oreiller", "oreillers", "chambres communicantes", "adjoining rooms",
    "connecting rooms", "gateau d anniversaire", "birthday cake", "rez de chaussee",
    "ground floor", "special request", "demande particuliere", "demande speciale"};

// No preference between people or slots; "n'importe lequel" answers "which one?".
const Phrases kAny = {
    "n importe qui", "n importe quel", "n importe quelle", "n importe lequel", "n importe laquelle",
    "peu importe", "ca m est egal", "ca m est bien egal", "pas de preference", "aucune preference",
    "le premier disponible", "la premiere disponible", "le premier qui", "qui est disponible",
    "whoever", "whoever s", "anyone", "anybody", "any doctor", "any of them", "either one",
    "either is fine", "no preference", "no particular preference", "don t mind", "do not mind",
    "doesn t matter", "does not matter", "don t care", "first available", "whichever"};

// Terms of a booking, asked about: "cancellation policy" is not cancelling.
const Phrases kPolicy = {
    "cancellation policy", "cancelation policy", "cancellation terms", "cancellation conditions",
    "booking conditions", "booking policy", "reservation policy", "conditions d annulation",
    "politique d annulation", "conditions de reservation", "politique de reservation",
    "conditions generales", "terms and conditions",
    // What cancelling costs is asked, nothing cancelled: "il y a des frais d'annulation ?".
    "frais d annulation", "frais en cas d annulation", "penalites d annulation",
    "annulation est gratuite", "annulation gratuite", "annulation payante", "cancellation fee",
    "cancellation fees", "cancellation charge", "cancellation charges", "charge for cancelling",
    "fee for cancelling", "free cancellation", "cancellation free", "cancel for free",
    "si on annule", "si j annule", "si nous annulons", "en cas d annulation", "if we cancel",
    "if i cancel", "in case we cancel", "in case i cancel"};

// A car lent during the repair is asked about, not booked: "vous avez une voiture de prêt ?".
const Phrases kLoanCar = {
    "voiture de pret", "vehicule de pret", "voiture de remplacement", "vehicule de remplacement",
    "voiture de courtoisie", "vehicule de courtoisie", "loan car", "loaner", "courtesy car",
    "replacement car", "rental car", "hire car"};

const Phrases kHours = {
    "horaire", "horaires", "ouvert", "ouverts", "ouverte", "ouvertes", "ouvrez", "ouvre", "ouvrent",
    "ouverture", "fermez", "ferme", "fermes", "fermee", "fermees", "fermeture", "open", "opens",
    "opening", "close", "closes", "closing", "closed", "hours", "what time do you",
    "jusqu a quelle heure", "until what time", "how late"};

// "J'ai ouvert un sachet de thé", "I've opened the box": something the caller opened, not when we
// open (was the opening hours read before the returns policy).
const Phrases kNotHours = {
    "j ai ouvert", "j avais ouvert", "on a ouvert", "nous avons ouvert", "ai deja ouvert", "deja ouvert",
    "deja ouverte", "deja ouverts", "deja ouvertes", "non ouvert", "non ouverte", "non ouverts",
    "non ouvertes", "une fois ouvert", "une fois ouverte", "i opened", "i ve opened", "i have opened",
    "already opened", "been opened", "once opened"};

const Phrases kOwnAddress = {
    "mon adresse", "ma propre adresse", "adresse mail", "adresse e mail", "adresse email", "adresse courriel",
    "my address", "my email", "my e mail", "email address", "e mail address", "mail address", "my own address",
    // From a blind test: the address a parcel goes to is the caller's, not the shop's.
    "adresse de livraison", "changer l adresse", "modifier l adresse", "changer d adresse", "nouvelle adresse",
    "delivery address", "shipping address", "change the address", "change my address", "new address"};

const Phrases kAddress = {
    "adresse", "address", "ou etes vous", "ou vous etes", "vous etes ou", "ou est ce que vous etes",
    "ou vous trouvez", "ou se trouve", "ou est le restaurant", "ou est situe", "c est ou",
    "situe", "situes", "situee", "localisation", "localise", "where are you", "where is",
    "where s", "where exactly", "where are you guys", "where you are", "how do i find you",
    "ou ca se trouve", "located", "location", "directions", "comment venir", "comment vous trouver",
    "acces", "find you",
    // "I won't get there till 1 in the morning" is an arrival, not a request for directions.
    "how do i get there", "how do we get there", "how can i get there", "how to get there",
    "best way to get there", "way to get there",
    // "how do I get my results" is not directions; "how do I get to you" is.
    "how do i get to", "how do we get to", "how can i get to", "how to get to", "how do i get here"};

const Phrases kPhone = {"numero de telephone", "votre telephone", "phone number", "your number",
                        "votre numero", "call you back", "vous rappeler"};

const Phrases kGoodbye = {
    "au revoir", "aurevoir", "bonne journee", "bonne soiree", "bonne fin de journee", "a bientot",
    "a la prochaine", "bye", "goodbye", "good bye", "bye bye", "have a good day", "have a nice day",
    "have a good evening", "have a good night", "have a great day", "see you", "ciao", "tchao",
    "adieu", "good night", "bonne nuit", "a plus tard", "je raccroche", "a ce soir", "a tout a l heure"};

const Phrases kDone = {
    "c est tout", "ce sera tout", "ca sera tout", "c etait tout", "rien d autre", "rien de plus",
    "ca ira", "that s all", "that will be all", "that ll be all", "that s everything", "that s it",
    "nothing else", "i m done", "i m all set", "all good"};

const Phrases kThanks = {"merci", "thanks", "thank", "remercie", "cheers"};

const Phrases kHuman = {
    "parler a", "parler au", "parler aux", "parler avec", "parler directement", "speak to", "speak with", "talk to", "talk with", "human", "humain", "quelqu un",
    "someone", "somebody", "real person", "vraie personne", "conseiller", "conseillere",
    "operator", "operateur", "gerant", "gerante", "manager", "responsable", "representative",
    "agent", "standard", "put me through", "transfer me", "me passer quelqu un", "passez moi"};

const Phrases kRepeat = {
    "pardon", "repeter", "repetez", "repete", "repeat", "say that again", "say again", "comment",
    "quoi", "what", "sorry", "excuse me", "pas compris", "didn t catch", "didn t understand",
    "don t understand", "comprends pas", "hein"};

const Phrases kCancel = {"annuler", "annulez", "annule", "annulation", "cancel", "cancellation",
                         "laisse tomber", "laissez tomber", "forget it", "never mind", "nevermind",
                         "deplacer", "decaler", "modifier ma reservation", "change my booking",
                         "change my reservation", "move my booking", "move my reservation",
                         "reschedule", "move my appointment", "change my appointment",
                         "reporter mon rendez vous", "need to move it", "have to move it",
                         "want to move it", "like to move it", "move my service", "move the appointment",
                         "move the booking", "move my slot", "push it back", "push back my",
                         "bring it forward", "repousser", "repousse",
                         // "can I move it to Saturday?", "move my Friday oil change to Saturday"
                         "move it", "move my", "move our", "cancelled", "canceled"};

// "Ma mère ne peut plus se déplacer", "je peux me déplacer": a person who moves, not a
// booking moved.
const Phrases kNotCancel = {"se deplacer", "me deplacer", "te deplacer", "nous deplacer", "vous deplacer",
                            "se deplace", "me deplace"};

const Phrases kDismiss = {"laisse tomber", "laissez tomber", "forget it", "never mind", "nevermind",
                          "tant pis", "forget about it", "oubliez", "oublie"};

// Phrases that hold a yes or no word without being an answer: "comment ça marche ?" asks how,
// "the wrong item" is a complaint.
const Phrases kNotAnswer = {"comment ca marche", "comment ca se passe", "wrong item", "wrong product",
                            "wrong size", "wrong address", "mauvais article", "no preference",
                            "no particular preference", "not happy", "not very happy",
                            "not satisfied", "pas content", "pas contente", "pas satisfait",
                            "pas satisfaite"};

const Phrases kGreeting = {"bonjour", "bonsoir", "allo", "hello", "hi", "hey", "salut",
                           "good morning", "good evening", "good afternoon"};

// Length in words of the longest phrase of `list` starting at `at`, 0 if none.
std::size_t longest_at(const Words& w, std::size_t at, const Phrases& list) {
  if (at >= w.size()) return 0;
  const auto* candidates = list.starting_with(w[at].text);
  if (!candidates) return 0;
  std::size_t best = 0;
  for (auto p : *candidates)
    if (phrase_at(w, at, p)) best = std::max(best, phrase_length(p));
  return best;
}

// `taken` marks words another reading owns (a yes/no, a complaint), so "c'est tout bon" is not
// also "c'est tout"; a phrase counts only when none of its words is taken.
bool any(const Words& w, const Phrases& list, const std::vector<bool>* taken = nullptr) {
  for (std::size_t i = 0; i < w.size(); ++i) {
    const std::size_t n = longest_at(w, i, list);
    bool free = n > 0;
    for (std::size_t k = i; free && taken && k < i + n; ++k) free = !(*taken)[k];
    if (free) return true;
  }
  return false;
}

// "Someone scratched my door", "quelqu'un m'a accroché la portière": someone who did
// something, not someone asked for. True when a person is asked for in other words, or by a
// "someone" that is not the subject of what happened.
bool asks_for_someone(const Words& w) {
  for (std::size_t i = 0; i < w.size(); ++i) {
    const std::size_t n = longest_at(w, i, kHuman);
    if (n == 0) continue;
    const bool bare = (n == 1 && (w[i].text == "someone" || w[i].text == "somebody")) ||
                      (n == 2 && phrase_at(w, i, "quelqu un"));
    if (!bare) return true;
    const std::string_view next = i + n < w.size() ? std::string_view(w[i + n].text) : "";
    const bool did_it_en = (next.size() > 3 && next.ends_with("ed")) || next == "hit" || next == "broke" ||
                           next == "stole" || next == "ran" || next == "keyed" || next == "dinged" ||
                           next == "took" || next == "drove" || next == "left" || next == "has" || next == "had";
    const bool did_it_fr = next == "a" || next == "m" || next == "l" || next == "nous" || next == "s" ||
                           next == "avait";
    const bool before = i > 0 && (w[i - 1].text == "to" || w[i - 1].text == "a" || w[i - 1].text == "with" ||
                                  w[i - 1].text == "avec" || w[i - 1].text == "passer");
    if (before || !(did_it_en || did_it_fr)) return true;
  }
  return false;
}

// Whether the only cancelling words said are kDismiss's.
bool dismisses_only(const Words& w) {
  bool dismissed = false;
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (longest_at(w, i, kDismiss) > 0) dismissed = true;
    else if (longest_at(w, i, kCancel) > 0) return false;
  }
  return dismissed;
}

// Like any(), counting and marking only phrases whose words are all free in `taken`.
bool mark_free(const Words& w, const Phrases& list, std::vector<bool>& taken) {
  bool found = false;
  for (std::size_t i = 0; i < w.size(); ++i) {
    const std::size_t n = longest_at(w, i, list);
    bool free = n > 0;
    for (std::size_t k = i; free && k < i + n; ++k) free = !taken[k];
    if (!free) continue;
    for (std::size_t k = i; k < i + n; ++k) taken[k] = true;
    found = true;
  }
  return found;
}

// Like any(), and marks the words of every phrase found in `taken`.
bool mark_any(const Words& w, const Phrases& list, std::vector<bool>& taken) {
  bool found = false;
  for (std::size_t i = 0; i < w.size(); ++i) {
    const std::size_t n = longest_at(w, i, list);
    for (std::size_t k = i; k < i + n; ++k) taken[k] = true;
    found = found || n > 0;
  }
  return found;
}

bool negator(const Words& w, std::size_t i) {
  return i < w.size() && (w[i].text == "pas" || w[i].text == "not" || w[i].text == "never" ||
                          w[i].text == "jamais");
}

}  // namespace

bool names_loan_car(const Words& w) { return any(w, kLoanCar); }

std::vector<std::string_view> special_requests_said(const Words& w) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < w.size(); ++i)
    if (const auto* candidates = kSpecialRequest.starting_with(w[i].text))
      for (auto p : *candidates)
        if (phrase_at(w, i, p)) out.push_back(p);
  return out;
}

Intents find_intents(const Words& w) {
  Intents in;
  std::size_t first_answer = std::string_view::npos;
  std::vector<bool> taken(w.size(), false);
  for (std::size_t i = 0; i < w.size();) {
    if (const std::size_t n = longest_at(w, i, kNotAnswer)) {
      i += n;
      continue;
    }
    const std::size_t yes = longest_at(w, i, kYes);
    const std::size_t no = longest_at(w, i, kNo);
    if (yes == 0 && no == 0) {
      ++i;
      continue;
    }
    if (first_answer == std::string_view::npos) first_answer = i;
    if (no >= yes) {
      in.answer = Answer::no;
    } else {
      in.answer = i > 0 && negator(w, i - 1) ? Answer::no : Answer::yes;
    }
    for (std::size_t k = i; k < i + std::max(yes, no); ++k) taken[k] = true;
    i += std::max(yes, no);
  }
  // A complaint or an order question owns its words: "open a ticket" does not ask when we
  // open, "where is my order" does not ask where we are.
  // "my car broke down" first, so its "broken down" is not a complaint about a broken item.
  in.breakdown = mark_free(w, kBreakdown, taken);
  in.ticket = mark_free(w, kTicket, taken);
  in.advice = any(w, kAdvice) || (any(w, kTake) && any(w, kMedicine));
  in.special_request = any(w, kSpecialRequest);
  in.any = mark_free(w, kAny, taken);
  in.policy = mark_free(w, kPolicy, taken);
  in.order = any(w, kOrder) && !any(w, kNotOrder);
  // "send it back", "sent my order back": the words come apart.
  in.returns = any(w, kReturns) || (any(w, kSend) && any(w, kBack));
  mark_any(w, kNotPrices, taken);
  in.prices = any(w, kPrices, &taken);
  in.menu = any(w, kMenu) && !any(w, kNotMenu);
  in.checkin = any(w, kCheckin) && !arrival_day_asked(w);
  in.urgent = any(w, kUrgent);
  const bool question = in.prices || in.menu || in.checkin || any(w, kBreakfast) || any(w, kLoanCar);
  mark_any(w, kNotHours, taken);
  in.hours = any(w, kHours, &taken);
  // A complaint or a request about a stay names a meal or a room without booking one.
  const bool not_new = in.ticket || in.special_request || in.breakdown || in.advice || in.any;
  in.book = any(w, kBook) || (any(w, kBookTopic) && !question && !in.hours && !not_new);
  in.book_topic_only = in.book && !any(w, kBook);
  // "Notez mon adresse mail", "my email address": the caller's own address, not ours.
  in.address = any(w, kAddress) && !in.order && !any(w, kOwnAddress);
  in.phone = any(w, kPhone);
  in.goodbye = any(w, kGoodbye);
  in.done = any(w, kDone, &taken);
  in.thanks = any(w, kThanks);
  in.human = asks_for_someone(w);
  in.repeat = any(w, kRepeat);
  // "Laissez tomber", "never mind" drop what was being asked; said with no word that cancels
  // ("annuler", "cancel", "move"), they cancel nothing that exists.
  in.dismiss_only = dismisses_only(w);
  mark_any(w, kNotCancel, taken);
  in.cancel = any(w, kCancel, &taken);
  in.greeting = any(w, kGreeting);
  // "Je voudrais annuler ma réservation" is about cancelling, not booking.
  if (in.cancel) in.book = false;
  // In a question, "exactement"/"exactly" mid-sentence is emphasis, not an answer; a leading
  // "oui, ..." / "non, ..." still is one.
  if ((in.hours || in.address || in.phone) && first_answer > 1) in.answer = Answer::none;
  // "any doctor is fine", "whoever, ok": the fine is about having no preference; a leading
  // "oui, n'importe lequel" is still a yes.
  if (in.any && first_answer > 0 && first_answer != std::string_view::npos) in.answer = Answer::none;
  return in;
}

bool names_danger(const Words& words) {
  Words rest = words;
  for (Word& w : rest)
    for (std::string_view g : {"urgence", "urgences", "urgent", "urgente", "emergency"})
      if (w.text == g) w.text.clear();
  return any(rest, kUrgent);
}

bool life_at_stake(const Words& words) {
  // Alone, these may be mild ("my gum is bleeding a bit", "j'ai fait un malaise hier"): the
  // number is said as a precaution, the call goes on.
  static const std::initializer_list<std::string_view> kMild = {
      "urgence", "urgences", "urgent", "urgente", "emergency", "accident", "saigne", "saignement",
      "saigner", "bleeding", "respirer", "malaise", "bad pain", "wheezing", "fitting"};
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::size_t n = longest_at(words, i, kUrgent);
    if (n == 0) continue;
    std::string said;
    for (std::size_t k = i; k < i + n && k < words.size(); ++k) said += (said.empty() ? "" : " ") + words[k].text;
    if (std::find(kMild.begin(), kMild.end(), said) == kMild.end()) return true;
  }
  return false;
}

}  // namespace webox::brain
