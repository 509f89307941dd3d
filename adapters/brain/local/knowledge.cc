#include "adapters/brain/local/knowledge.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <span>

#include "adapters/brain/local/dates.h"
#include "adapters/brain/local/word_match.h"

namespace webox::brain {
namespace {

// The best of `items` by `score` (0: no match), or nullptr when none or two share the best.
template <class T, class Score>
const T* best_of(const std::vector<T>& items, Score score) {
  const T* best = nullptr;
  int best_score = 0;
  bool tied = false;
  for (const auto& item : items) {
    const int s = score(item);
    if (s > best_score) {
      best = &item;
      best_score = s;
      tied = false;
    } else if (s > 0 && s == best_score) {
      tied = true;
    }
  }
  return tied ? nullptr : best;
}

// A whole phrase said counts far more than a few of its words.
constexpr int kWhole = 1000;

// "It's a Yamaha motorbike" names the vehicle, not the "Motorbike service": the kind of vehicle
// is no word of a service's name said alone (the whole name, or a keyword, still is).
bool vehicle_kind(std::string_view w) {
  for (std::string_view k : {"bike", "motorbike", "motorcycle", "moto", "car", "voiture", "vehicule", "vehicle"})
    if (w == k) return true;
  return false;
}

int service_score(const Service& s, const Words& words) {
  int score = 0;
  const Phrase& name = s.name_words;
  if (said(words, name)) score = kWhole + static_cast<int>(name.size());
  for (const auto& kw : s.keyword_words)
    if (said(words, kw)) score = std::max(score, kWhole + static_cast<int>(kw.size()));
  if (score) return score;
  for (const auto& w : s.name_content)
    if (!vehicle_kind(w)) score += said_word(words, w);
  return score;
}

constexpr std::string_view kTitles[] = {"dr", "docteur", "doctor", "doctoresse", "pr",
                                        "professeur", "professor", "mme", "madame", "m",
                                        "monsieur", "mr", "mrs", "ms", "miss"};

bool is_title(std::string_view w) {
  return std::find(std::begin(kTitles), std::end(kTitles), w) != std::end(kTitles);
}

int practitioner_score(const Practitioner& p, const Words& words) {
  Phrase name;
  for (auto& w : phrase_of(p.name))
    if (!is_title(w)) name.push_back(std::move(w));
  int score = 0;
  if (!name.empty() && said_word(words, name.back())) {
    score = 100;
    for (std::size_t i = 0; i + 1 < name.size(); ++i) score += said_word(words, name[i]);
    return score;
  }
  for (const auto& w : content_words(phrase_of(p.specialty))) score += 10 * said_word(words, w);
  return score;
}

bool french(std::string_view language) { return language.starts_with("fr"); }

std::string capitalised(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

// French writes no capital after a colon: "Notre politique de retour : vous avez 14 jours".
// An acronym ("UPS", "TVA") or a single letter keeps its capitals.
std::string after_colon(std::string s) {
  const bool word = s.size() > 1 && std::isupper(static_cast<unsigned char>(s[0])) &&
                    std::islower(static_cast<unsigned char>(s[1]));
  if (word) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  // "À", "É" (UTF-8 C3 80..9E) before a small letter: "à", "é" are C3 A0..BE.
  const auto b = [&](std::size_t i) { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0u; };
  if (b(0) == 0xC3 && b(1) >= 0x80 && b(1) <= 0x9E && b(1) != 0x97 && std::islower(b(2)))
    s[1] = static_cast<char>(b(1) + 0x20);
  return s;
}

// -- where the caller's words are --

struct Span {
  std::size_t at = 0, size = 0;
};
using Spans = std::vector<Span>;

// Every place `phrase` is said.
Spans spans_of(const Words& words, const Phrase& phrase) {
  Spans out;
  for (auto at = find_said(words, phrase); at != std::string::npos;
       at = find_said(words, phrase, at + 1))
    out.push_back({at, phrase.size()});
  return out;
}

Spans spans_of_any(const Words& words, std::span<const std::string_view> phrases) {
  Spans out;
  for (auto p : phrases)
    for (auto s : spans_of(words, fixed_phrase(p))) out.push_back(s);
  return out;
}
Spans spans_of_any(const Words& words, std::initializer_list<std::string_view> phrases) {
  return spans_of_any(words, std::span<const std::string_view>(phrases.begin(), phrases.size()));
}

bool said_any(const Words& words, std::initializer_list<std::string_view> phrases) {
  return !spans_of_any(words, phrases).empty();
}

// The clause of each word: a new one starts at each "et"/"and", where callers chain questions
// ("c'est combien les frais de port ? et ça met combien de temps ?"). It only decides which
// FAQ entries compete and what a bare "combien de temps" is about, so a split inside one
// question ("entre la familiale et la double") costs nothing.
std::vector<int> clauses(const Words& words) {
  static constexpr std::string_view kJoins[] = {"et", "and", "also", "aussi", "puis", "then"};
  std::vector<int> out(words.size(), 0);
  int clause = 0;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0 && std::find(std::begin(kJoins), std::end(kJoins), words[i].text) != std::end(kJoins))
      ++clause;
    out[i] = clause;
  }
  return out;
}

// Words that ask without naming a subject: an FAQ entry matched only by them yields to the
// subject named beside them.
constexpr std::string_view kDelay[] = {
    "combien de temps", "how long", "delai", "delais", "quand", "when", "how many days",
    "combien de jours", "en combien", "sous combien", "how soon", "how quickly"};
bool asking_only(std::string_view keyword) {
  static constexpr std::string_view kAsking[] = {"combien", "how much", "what time",
                                                 "quelle heure", "comment", "how"};
  const std::string k = fold(keyword);
  for (auto d : kDelay)
    if (k == d) return true;
  return std::find(std::begin(kAsking), std::end(kAsking), k) != std::end(kAsking);
}

// -- the topics: each answer with the words it answers --

struct Piece {
  std::string text;
  Spans spans;
  bool faq = false;
  bool asking_only = false;  // an FAQ entry matched only by kDelay-like words
  bool price = false;        // an item of a price list: "Parking : 12 € par nuit"
  bool offered = false;      // a service named without a price asked: "Oui, nous proposons : X"
  bool described = false;    // its price says what the caller asked: "not covered by insurance"
  bool dish = false;         // a part of the menu naming a dish said: "Omakase at $120 per person"
  std::size_t at() const {
    std::size_t a = std::string::npos;
    for (const auto& s : spans) a = std::min(a, s.at);
    return a;
  }
};

// "Vous faites les emballages cadeaux ?" says the "cadeau" of an entry about "carte cadeau",
// "gift wrapping" the "gift" of "gift card": a keyword that another of the entry's keywords
// extends, said with another word where that one has its own, is another thing.
bool other_compound(const Faq& f, const Phrase& kw, const Words& words, Span at) {
  for (const Phrase& l : f.keyword_words) {
    if (l.size() != kw.size() + 1) continue;
    const bool head = std::equal(kw.begin(), kw.end(), l.begin() + 1);  // "carte" + "cadeau"
    const bool tail = std::equal(kw.begin(), kw.end(), l.begin());      // "gift" + "card"
    if (!head && !tail) continue;
    const std::size_t beside = head ? (at.at == 0 ? words.size() : at.at - 1) : at.at + at.size;
    if (beside >= words.size()) continue;
    const std::string& w = words[beside].text;
    if (same_word(w, head ? l.front() : l.back())) continue;
    if (!content_words(Phrase{w}).empty() && !is_number_text(w)) return true;
  }
  return false;
}

// "Can I drop it off tonight and leave the keys?" says the keyword "key drop" apart: each
// content word of a keyword of two or more, within a few words of the first one said, in any
// order. Empty when not so said.
Spans said_apart(const Words& words, const Phrase& keyword) {
  constexpr std::size_t kWindow = 8;
  // The cheap test first: a keyword's last word is a content word, most often not said.
  if (keyword.size() < 2 || !said_word(words, keyword.back())) return {};
  const Phrase content = content_words(keyword);
  if (content.size() < 2 || content.size() != keyword.size() - (keyword.size() > 2 ? 1 : 0)) return {};
  Spans out;
  for (const std::string& c : content) {
    std::size_t at = std::string::npos;
    for (std::size_t i = 0; i < words.size() && at == std::string::npos; ++i)
      if (same_word(words[i].text, c)) at = i;
    if (at == std::string::npos) return {};
    out.push_back({at, 1});
  }
  std::ranges::sort(out, {}, &Span::at);
  if (out.back().at - out.front().at > kWindow) return {};
  return out;
}

// A two-word keyword said with a word or two between ("own bottle of wine" for "own wine",
// "bring a few bottles of wine" is not: three between), inside one clause: owners list the
// short form, callers say the long one. Only where the keyword is not said as written.
Spans gapped_spans(const Words& words, const Phrase& kw, const std::vector<int>& clause) {
  Spans out;
  if (kw.size() != 2) return out;
  for (std::size_t i = 0; i + 2 < words.size(); ++i) {
    if (!same_word(words[i].text, kw[0])) continue;
    for (std::size_t j = i + 2; j <= i + 3 && j < words.size() && clause[j] == clause[i]; ++j)
      if (same_word(words[j].text, kw[1])) {
        out.push_back({i, j - i + 1});
        break;
      }
  }
  return out;
}

// Per clause, the FAQ entry with most keywords said there (words that only ask count less);
// a tie goes to the entry whose keyword is said first.
void faq_pieces(const BusinessContext& c, const Words& words, const std::vector<int>& clause,
                std::vector<Piece>& out) {
  const int clause_count = words.empty() ? 0 : clause.back() + 1;
  for (int k = 0; k < clause_count; ++k) {
    Piece best_piece;
    int best_score = 0;
    for (const auto& f : c.faq) {
      Piece p{f.answer, {}, true};
      int strong = 0, weak = 0;
      for (std::size_t i = 0; i < f.keywords.size(); ++i) {
        bool counted = false;
        Spans said_at = spans_of(words, f.keyword_words[i]);
        if (said_at.empty()) said_at = gapped_spans(words, f.keyword_words[i], clause);
        const bool said_together = !said_at.empty();
        for (auto s : said_at) {
          if (clause[s.at] != k || other_compound(f, f.keyword_words[i], words, s)) continue;
          p.spans.push_back(s);
          if (!counted) (asking_only(f.keywords[i]) ? weak : strong) += 1;
          counted = true;
        }
        // Said together elsewhere, or a keyword that only asks ("how long"): not said apart.
        if (!said_together && f.keyword_words[i].size() >= 2 && !asking_only(f.keywords[i]))
          if (const Spans apart = said_apart(words, f.keyword_words[i]); !apart.empty() && clause[apart.front().at] == k) {
            p.spans.insert(p.spans.end(), apart.begin(), apart.end());
            strong += 1;
          }
      }
      const int score = 100 * strong + weak;
      if (!score) continue;
      if (score > best_score || (score == best_score && p.at() < best_piece.at())) {
        p.asking_only = strong == 0;
        best_piece = std::move(p), best_score = score;
      }
    }
    if (best_score) out.push_back(std::move(best_piece));
  }
}

constexpr std::string_view kReturns[] = {
    "retour",  "retourner", "renvoyer", "rembourser", "remboursement", "rembourse", "echanger",
    "echange", "return",    "refund",   "exchange",   "send back",     "send it back", "money back",
    // A delay the caller has is the returns window: an order's delivery is not theirs to keep.
    "how long do i have", "how long have i got", "how many days do i have",
    "combien de temps ai je", "j ai combien de temps", "combien de jours ai je",
    "j ai combien de jours",
    // "Si elles sont trop petites, je peux changer de pointure ?": an exchange, not the sizing.
    "changer de pointure", "changer de taille", "changer la pointure", "changer la taille",
    "change the size", "change it for a bigger size", "swap it for", "swap them for",
    "a different size", "another size", "une autre pointure", "une autre taille"};

// The part of the policy a delay question is about: "le remboursement est fait sous 5 jours"
// for a refund, "30 jours pour retourner" for a return; empty when no part says it with a number.
// "C'est moi qui paye le retour ?", "do I have to pay for the return?", "c'est à mes frais ?":
// who pays for sending it back.
bool asks_return_cost(const Words& w) {
  for (std::string_view p : {"qui paye", "qui paie", "qui payera", "je paye", "je paie", "je dois payer",
                             "payer le retour", "payer les frais", "a mes frais", "a ma charge", "c est gratuit",
                             "c est payant", "frais de retour", "who pays", "do i pay", "i have to pay",
                             "pay for the return", "pay for return", "pay the return", "pay for shipping it back",
                             "is it free", "is the return free", "return shipping", "at my cost", "at my expense"})
    if (find_phrase(w, p) != std::string_view::npos) return true;
  return false;
}

std::string policy_part(std::string_view policy, const Words& words) {
  auto stem_said = [&](std::initializer_list<std::string_view> stems) {
    for (const auto& w : words)
      for (auto s : stems)
        if (w.text.starts_with(s)) return true;
    return false;
  };
  std::vector<std::string_view> wanted;
  const bool cost = asks_return_cost(words);
  if (cost) wanted = {"frais", "gratuit", "payant", "cost", "free", "paid", "pay", "charge", "expense"};
  else if (stem_said({"rembours", "refund", "money"})) wanted.push_back("rembours"), wanted.push_back("refund");
  else wanted = {"retour", "return", "renvo", "send"};
  // Parts: what is between "; ", ". " and a joining "and"/"et".
  std::string text(policy);
  for (std::string_view sep : {"; ", ". ", ", and ", " and ", ", et ", " et "})
    for (auto at = text.find(sep); at != std::string::npos; at = text.find(sep, at + 1))
      text.replace(at, sep.size(), "|");
  for (std::size_t from = 0; from <= text.size();) {
    auto end = std::min(text.find('|', from), text.size());
    std::string part = text.substr(from, end - from);
    from = end + 1;
    while (!part.empty() && std::string_view(" ,.;").find(part.back()) != std::string_view::npos)
      part.pop_back();
    while (!part.empty() && part.front() == ' ') part.erase(0, 1);
    const std::string folded = fold(part);
    const bool number = std::any_of(part.begin(), part.end(),
                                    [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); });
    for (auto stem : wanted)
      if ((number || cost) && folded.find(stem) != std::string::npos) return capitalised(part) + ".";
  }
  return {};
}

}  // namespace

bool price_says_cover(std::string_view price) {
  const std::string p = fold(price);
  for (std::string_view w : {"rembours", "en charge", "covered", "insurance", "free", "gratuit", "medical card"})
    if (p.find(w) != std::string::npos) return true;
  return false;
}

namespace {

void returns_piece(const BusinessContext& c, const Words& words, const std::vector<int>& clause,
                   bool fr, std::vector<Piece>& out) {
  Spans spans = spans_of_any(words, kReturns);
  if (spans.empty()) return;
  if (c.returns_policy.empty()) {
    // No returns here (a hotel, a practice): "je serai remboursé ?" is what its cancellation
    // policy says, when its FAQ has one.
    if (spans_of_any(words, {"rembourse", "rembourser", "remboursement", "refund", "money back"}).empty())
      return;
    // At a practice, "c'est remboursé par la sécu ?" asks about health cover, not a cancelled
    // appointment (was the cancellation policy): the service's price and the FAQ entry on
    // cover, unless the caller speaks of cancelling.
    if (c.trade == "medical" && !said_any(words, {"annule", "annuler", "annulation", "cancel", "cancelled",
                                                  "cancelling", "canceled", "canceling"})) {
      const Faq* cover = nullptr;
      for (const Faq& f : c.faq)
        for (const std::string& k : f.keywords)
          if (const std::string key = fold(k); !cover && (key.find("rembours") != std::string::npos ||
                                                          key.find("mutuelle") != std::string::npos ||
                                                          key.find("insurance") != std::string::npos))
            cover = &f;
      const Service* s = find_service(c, words);
      std::string text = s && !s->price.empty() ? s->name + (fr ? " : " : ": ") + s->price + "." : "";
      if (cover && !(s && price_says_cover(s->price))) text += (text.empty() ? "" : " ") + cover->answer;
      if (!text.empty()) return out.push_back({text, spans});
    }
    for (const Faq& f : c.faq)
      for (const std::string& k : f.keywords)
        if (const std::string key = fold(k); key.find("annul") != std::string::npos ||
                                             key.find("cancel") != std::string::npos)
          return out.push_back({f.answer, spans});
    // A practice: "la sage-femme, c'est remboursé ?" is what the service's price says of it
    // ("30 €, pris en charge à 100 %").
    if (const Service* s = find_service(c, words); s && !s->price.empty())
      out.push_back({s->name + (fr ? " : " : ": ") + s->price + ".", spans});
    return;
  }
  // Who pays for it: that part of the policy only ("le retour est à vos frais sauf produit
  // défectueux"; was the whole policy, three times, to "c'est moi qui paye le retour ? oui ou non ?").
  if (asks_return_cost(words))
    if (auto part = policy_part(c.returns_policy, words); !part.empty()) return out.push_back({part, spans});
  // A delay asked in the clause that names the return: that part of the policy only.
  for (auto d : spans_of_any(words, kDelay))
    if (clause[d.at] == clause[spans.front().at])
      if (auto part = policy_part(c.returns_policy, words); !part.empty())
        return out.push_back({part, spans});
  out.push_back({fr ? "Notre politique de retour : " + after_colon(c.returns_policy)
                    : "Our returns policy: " + c.returns_policy,
                 spans});
}

Spans check_time_words(const Words& words) {
  Spans spans = spans_of_any(words, {"check in", "checkin", "check out", "checkout",
                                     "heure d arrivee", "heure de depart", "liberer la chambre",
                                     "quitter la chambre", "arrival time", "departure time"});
  // "Friday and Saturday, checking out Sunday", "check in on the 11th": a day of the stay, no
  // question about the times (were read out to a caller who only asked about breakfast).
  std::erase_if(spans, [&](const Span& s) {
    std::size_t k = s.at + s.size;
    if (k < words.size() && (words[k].text == "out" || words[k].text == "in")) ++k;  // "checking" matched "checkin"
    if (k < words.size() && (words[k].text == "on" || words[k].text == "the" || words[k].text == "le")) ++k;
    if (k < words.size() && words[k].text == "the") ++k;
    if (k >= words.size()) return false;
    const std::string& w = words[k].text;
    return weekday_at(words, k) >= 0 || w == "tomorrow" || w == "demain" ||
           std::isdigit(static_cast<unsigned char>(w[0]));
  });
  if (spans.empty() && said_any(words, {"what time", "quelle heure", "when", "how early", "how late", "until when"}))
    spans = spans_of_any(words, {"check in", "checkin", "check out", "checkout"});  // "what time is check-out on Sunday?"
  if (!spans.empty()) return spans;
  Spans when = spans_of_any(words, {"quelle heure", "what time", "how early", "how late"});
  if (when.empty()) return {};
  Spans what = spans_of_any(words, {"arriver", "arrivee", "arrive", "partir", "depart", "liberer",
                                    "quitter", "leave", "chambre", "room"});
  if (what.empty()) return {};
  when.insert(when.end(), what.begin(), what.end());
  return when;
}

Spans menu_words(const Words& words) {
  Spans spans = spans_of_any(words, {"menu", "plat", "dish", "dishes", "vegetarien", "vegetarian",
                                     "vegan", "dessert", "specialite", "speciality", "specialty",
                                     "set lunch", "formule"});
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (words[i].text != "carte") continue;
    // "la carte bancaire", "la carte grise": a card, not the menu.
    const std::string_view next = i + 1 < words.size() ? std::string_view(words[i + 1].text) : "";
    if (next != "bancaire" && next != "grise" && next != "bleue" && next != "vitale" &&
        next != "credit" && next != "cadeau")
      spans.push_back({i, 1});
  }
  return spans;
}

// Words of a menu that name no dish: "Two seatings a night", "on request", "per person".
bool names_no_dish(std::string_view w) {
  for (std::string_view g : {"night", "nights", "soir", "soirs", "request", "demande", "person", "persons",
                             "personne", "personnes", "people", "seating", "seatings", "service", "services",
                             "table", "tables", "lunch", "dinner", "diner", "dejeuner", "midi", "jour", "jours",
                             "day", "days", "week", "semaine", "from", "with", "avec", "sans", "without", "each",
                             "chaque", "tous", "every", "only", "seulement", "until", "jusqu", "extra", "available",
                             "disponible", "supplement", "included", "inclus", "compris", "price", "prix", "charge",
                             "free", "gratuit", "order", "commande", "evening", "tonight", "soiree", "monday",
                             "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "lundi", "mardi",
                             "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "weekend"})
    if (w == g) return true;
  return false;
}

// "How much is the omakase?": the part of the menu ("Omakase at $120 per person") naming a dish
// the caller said, not the whole menu, nor "I don't have that information" (the word "omakase"
// is no menu word). Of several parts naming it, the one matching most said words, then the one
// naming it first ("Omakase at $120", not "vegetarian omakase at $95"). Generic menu words
// ("plat", "végétarien", "dessert") keep answering with the whole menu.
std::optional<Piece> menu_item(std::string_view menu, const Words& words) {
  std::string text(menu);
  for (std::string_view sep : {"; ", ". "})
    for (auto at = text.find(sep); at != std::string::npos; at = text.find(sep, at + 1)) text.replace(at, sep.size(), "|");
  const Spans generic = menu_words(words);
  std::optional<Piece> best;
  std::size_t best_matched = 0, best_first = 0;
  for (std::size_t from = 0; from < text.size();) {
    const std::size_t end = std::min(text.find('|', from), text.size());
    std::string part = text.substr(from, end - from);
    from = end + 1;
    while (!part.empty() && (part.back() == '.' || part.back() == ' ')) part.pop_back();
    const Words dish = tokenize(part);
    Spans said;
    std::size_t first = dish.size();
    for (std::size_t i = 0; i < dish.size(); ++i) {
      if (dish[i].text.size() < 4 || names_no_dish(dish[i].text) || is_number_text(dish[i].text)) continue;
      for (Span sp : spans_of(words, Phrase{dish[i].text})) {
        const bool menu_word = std::any_of(generic.begin(), generic.end(), [&](const Span& g) { return g.at == sp.at; });
        if (menu_word) continue;
        said.push_back(sp);
        first = std::min(first, i);
      }
    }
    if (said.empty() || (best && (said.size() < best_matched || (said.size() == best_matched && first >= best_first))))
      continue;
    best_matched = said.size();
    best_first = first;
    if (!part.empty()) part[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(part[0])));
    best = Piece{part + ".", said};
    best->dish = true;
  }
  return best;
}

bool asks_price(const Words& words) {
  return said_any(words, {"prix", "tarif", "cout", "coute", "coutent", "couter", "coutera",
                          "c est combien", "ca fait combien", "combien ca", "combien pour",
                          "price", "cost", "rate", "fee", "how much", "included", "inclus",
                          "compris", "extra charge", "supplement"});
}

// Whether something is there to have: "est-ce qu'il y a un parking ?", "vous faites la vidange ?".
// (Services only: a room named is the booking's.)
bool asks_offered(const Words& words) {
  return said_any(words, {"il y a", "y a t il", "vous avez", "avez vous", "vous faites",
                          "faites vous", "vous proposez", "proposez vous", "je peux", "puis je",
                          "on peut", "peut on", "c est possible", "est ce possible", "is there",
                          "are there", "do you have", "have you got", "do you do", "do you offer",
                          "can i", "can we", "is it possible", "do you serve", "vous servez",
                          "servez vous", "do you provide", "vous fournissez"});
}

// "à partir de 15h00" / "from 3:00 PM", in the words phrasing.h speaks times with.
std::string say_clock(int minutes, bool fr) {
  char buf[16];
  const int h = minutes / 60, m = minutes % 60;
  if (fr) {
    std::snprintf(buf, sizeof buf, "%dh%02d", h, m);
  } else {
    std::snprintf(buf, sizeof buf, "%d:%02d %s", h % 12 == 0 ? 12 : h % 12, m, h < 12 ? "AM" : "PM");
  }
  return buf;
}

std::optional<std::string> check_times(const BusinessContext& c, bool fr) {
  if (!c.check_in && !c.check_out) return std::nullopt;
  std::string in, out;
  if (c.check_in)
    in = fr ? "l'arrivée se fait à partir de " + say_clock(*c.check_in, true)
            : "check-in is from " + say_clock(*c.check_in, false);
  if (c.check_out)
    out = fr ? "le départ jusqu'à " + say_clock(*c.check_out, true)
             : "check-out is until " + say_clock(*c.check_out, false);
  if (fr && !c.check_in) out = "le départ se fait jusqu'à " + say_clock(*c.check_out, true);
  std::string s = in.empty() ? out : out.empty() ? in : in + (fr ? " et " : " and ") + out;
  return capitalised(s) + ".";
}

// The room types the caller names, with where ("chambre familiale" -> "family").
std::vector<std::pair<std::string_view, Spans>> rooms_said(const Words& words) {
  static constexpr std::pair<std::string_view, std::string_view> kRooms[] = {
      {"single", "single"}, {"simple", "single"},      {"individuelle", "single"},
      {"double", "double"}, {"twin", "twin"},          {"lits jumeaux", "twin"},
      {"deux lits", "twin"}, {"triple", "triple"},     {"suite", "suite"},
      {"familiale", "family"}, {"famille", "family"},  {"family", "family"},
      {"dorm", "dorm"},     {"dormitory", "dorm"},     {"dortoir", "dorm"}};
  std::vector<std::pair<std::string_view, Spans>> out;
  for (const auto& room : kRooms) {
    const std::string_view type = room.second;  // a name, not a binding: lambdas capture it (clang 14)
    Spans spans = spans_of(words, fixed_phrase(room.first));
    if (spans.empty()) continue;
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& r) { return r.first == type; });
    if (it == out.end()) out.push_back({type, spans});
    else it->second.insert(it->second.end(), spans.begin(), spans.end());
  }
  return out;
}

std::string room_price_item(const RoomType& r, bool fr) {
  return capitalised(room_label(r.type, fr ? "fr" : "en")) + (fr ? " : " : ": ") + r.price;
}

// "Le gardiennage des pneus été, c'est combien ?": "gardiennage" is no service's name nor
// keyword, but what one service's price says ("Pneus hiver": "montage 60 €, gardiennage 40 €
// la saison"); that service, also named by a word of its own, is the one asked about, not the
// one of the keyword "pneus". nullopt: no such word, or two services say it.
std::optional<std::pair<const Service*, Spans>> described(const BusinessContext& c,
                                                          const Words& words) {
  auto names_it = [&](std::string_view w) {
    for (const auto& s : c.services) {
      for (const auto& n : s.name_words)
        if (same_word(w, n)) return true;
      for (const auto& k : s.keyword_words)
        for (const auto& n : k)
          if (same_word(w, n)) return true;
    }
    return false;
  };
  std::optional<std::pair<const Service*, Spans>> found;
  for (const auto& s : c.services) {
    Spans details, own;
    const Phrase& priced = s.price_content;
    const Phrase& named = s.named_content;
    for (std::size_t i = 0; i < words.size(); ++i) {
      const std::string& w = words[i].text;
      if (w.size() >= 6 && !names_it(w) &&
          std::any_of(priced.begin(), priced.end(), [&](const auto& p) { return same_word(w, p); }))
        details.push_back({i, 1});
      if (std::any_of(named.begin(), named.end(), [&](const auto& n) { return same_word(w, n); }))
        own.push_back({i, 1});
    }
    if (details.empty() || own.empty()) continue;
    if (found) return std::nullopt;
    details.insert(details.end(), own.begin(), own.end());
    found = std::pair{&s, std::move(details)};
  }
  return found;
}

// "Breakfast" within a sentence: "breakfast"; an acronym ("MOT") is kept.
std::string lower_first(std::string s) {
  if (s.size() > 1 && !std::isupper(static_cast<unsigned char>(s[1])))
    s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

// Each service and room type named, as price items; a price asked of nothing named: the list.
void price_pieces(const BusinessContext& c, const Words& words, bool fr, bool offers,
                  std::vector<Piece>& out) {
  const bool price = asks_price(words);
  const bool offered = offers && !price && asks_offered(words);
  const std::string sep = fr ? " : " : ": ";
  if (!price && !offered) {
    // "Un impact sur le pare-brise, l'assurance prend en charge ?" where the windscreen's price
    // says "souvent pris en charge par l'assurance bris de glace": that answers what the FAQ on
    // insurance was matched by (was its general words, "agréés ... l'expert"). Only in place of
    // an FAQ answer, so nothing is priced that was not asked about.
    if (auto d = described(c, words)) {
      const auto within = [&](const Span& x) {
        return std::ranges::any_of(d->second, [&](const Span& y) { return y.at <= x.at && x.at + x.size <= y.at + y.size; });
      };
      const bool replaces_faq = std::ranges::any_of(out, [&](const Piece& f) {
        return f.faq && !f.spans.empty() && std::ranges::all_of(f.spans, within);
      });
      if (replaces_faq && !d->first->price.empty()) {
        Piece p{d->first->name + sep + d->first->price, std::move(d->second)};
        p.price = p.described = true;
        out.push_back(std::move(p));
      }
    }
    return;
  }
  bool named = false;
  auto add = [&](std::string name, const std::string& what, Spans spans) {
    named = true;
    if (what.empty() && price) return;  // no price to say
    Piece p{what.empty() ? name : name + sep + what, std::move(spans)};
    // "Is breakfast included?" of "included in every room rate": a yes, said as a sentence (was
    // the list item "Breakfast: included in every room rate.").
    if (const Words w = tokenize(what); !w.empty() && said_any(words, {"included", "include", "inclus", "compris"})) {
      if (w[0].text == "included" || w[0].text == "free")
        p.text = "Yes, " + lower_first(name) + " is " + what;
      else if (w[0].text == "inclus" || w[0].text == "incluse" || w[0].text == "compris" || w[0].text == "comprise")
        p.text = "Oui, c'est " + what;
    }
    p.price = true;
    p.offered = what.empty();
    out.push_back(std::move(p));
  };
  std::vector<std::pair<const Service*, Spans>> services;
  for (const auto& s : c.services) {
    Spans spans = spans_of(words, s.name_words);
    for (const auto& k : s.keyword_words)
      for (auto sp : spans_of(words, k)) spans.push_back(sp);
    if (!spans.empty()) services.push_back({&s, std::move(spans)});
  }
  // "Une consultation pour un bébé" names "Consultation" and, by its keyword, "Consultation
  // pédiatrique": the one whose name holds the other's is the one meant.
  auto within = [](const Service& a, const Service& b) {
    const Phrase &pa = a.name_words, &pb = b.name_words;
    return pa.size() < pb.size() && std::equal(pa.begin(), pa.end(), pb.begin());
  };
  // "La livraison express" says the keyword "livraison" of "Livraison standard" inside the
  // name of "Livraison express": the longer phrase said is the one meant.
  auto inside = [](const Spans& a, const Spans& b) {
    return std::all_of(a.begin(), a.end(), [&](const Span& x) {
      return std::any_of(b.begin(), b.end(), [&](const Span& y) {
        return y.at <= x.at && x.at + x.size <= y.at + y.size && y.size > x.size;
      });
    });
  };
  const std::size_t first = out.size();
  bool by_description = false;
  if (price)
    if (auto closest = described(c, words)) services = {std::move(*closest)}, by_description = true;
  for (auto& entry : services) {
    const Service* s = entry.first;
    Spans& spans = entry.second;  // not a structured binding: clang 14 cannot capture one
    const bool narrower = std::any_of(services.begin(), services.end(), [&](const auto& o) {
      return within(*s, *o.first) || inside(spans, o.second);
    });
    if (!narrower) add(s->name, s->price, std::move(spans));
  }
  for (std::size_t i = first; i < out.size(); ++i) out[i].described = by_description;
  // Rooms are what a hotel books: named without a price asked, the booking takes them.
  if (price)
    for (auto& [type, spans] : rooms_said(words))
      if (const RoomType* r = find_room(c, type))
        add(capitalised(room_label(type, fr ? "fr" : "en")), r->price, std::move(spans));
  if (named || !price) return;
  // "La révision, c'est combien ?" names only some words of "Révision complète".
  if (const Service* s = find_service(c, words); s && !s->price.empty()) {
    Piece p{s->name + sep + s->price, {}};
    p.price = true;
    for (const auto& w : s->name_content)
      for (std::size_t i = 0; i < words.size(); ++i)
        if (same_word(words[i].text, w)) p.spans.push_back({i, 1});
    out.push_back(std::move(p));
  }
}

// Every priced service and room, said when nothing more precise answered: all of them up to
// 8 (a spoken list any longer is lost on the caller), else the first 8 and how many more.
std::optional<std::string> price_list(const BusinessContext& c, bool fr) {
  constexpr std::size_t kSaid = 8;
  const std::string sep = fr ? " : " : ": ";
  std::vector<std::string> items;
  for (const auto& s : c.services)
    if (!s.price.empty()) items.push_back(s.name + sep + s.price);
  for (const auto& r : c.rooms)
    if (!r.price.empty()) items.push_back(room_price_item(r, fr));
  if (items.empty()) return std::nullopt;
  std::string out = fr ? "Nos tarifs : " : "Our prices: ";
  for (std::size_t i = 0; i < items.size() && i < kSaid; ++i) out += (i ? "; " : "") + items[i];
  if (items.size() > kSaid) {
    const std::string more = std::to_string(items.size() - kSaid);
    out += fr ? "; et " + more + " autres" : "; and " + more + " more";
  }
  return out + ".";
}

// In the caller's order, price items become one answer, said where the first was asked; "offered" ones without a
// price: "Oui, nous proposons : Vidange."
std::vector<Piece> merge_prices(std::vector<Piece> pieces, bool fr) {
  std::stable_sort(pieces.begin(), pieces.end(),
                   [](const Piece& a, const Piece& b) { return a.at() < b.at(); });
  std::vector<Piece> out;
  std::string priced, offered;
  Piece merged;
  for (auto& p : pieces) {
    if (!p.price) {
      out.push_back(std::move(p));
      continue;
    }
    std::string& list = p.offered ? offered : priced;
    list += (list.empty() ? "" : (p.offered ? ", " : "; ")) + p.text;
    merged.spans.insert(merged.spans.end(), p.spans.begin(), p.spans.end());
  }
  if (priced.empty() && offered.empty()) return out;
  merged.text = priced.empty() ? "" : priced + ".";
  if (!offered.empty())
    merged.text += (priced.empty() ? "" : " ") +
                   std::string(fr ? "Oui, nous proposons : " : "Yes, we offer: ") + offered + ".";
  out.push_back(std::move(merged));
  return out;
}

// "changer l'adresse de livraison", "my delivery address": where a parcel goes is no question
// about delivery fees (was "Livraison offerte dès 150 €" to a caller moving house).
Words without_delivery_address(Words words) {
  for (std::string_view p : {"adresse de livraison", "delivery address", "shipping address"}) {
    const std::size_t at = find_phrase(words, p);
    if (at == std::string_view::npos) continue;
    for (std::size_t i = at; i < words.size() && i < at + phrase_length(p); ++i) words[i].text.clear();
  }
  return words;
}

std::vector<std::string> answers(const BusinessContext& c, const Words& said,
                                 std::string_view language, bool offers, bool faq_only = false) {
  const Words words = without_delivery_address(said);
  const bool fr = french(language);
  const std::vector<int> clause = clauses(words);
  // Candidates in order of precedence: a word answered by an earlier one is not answered again.
  std::vector<Piece> found;
  faq_pieces(c, words, clause, found);
  const std::size_t faq_end = found.size();
  returns_piece(c, words, clause, fr, found);
  if (Spans s = check_time_words(words); !s.empty())
    if (auto a = check_times(c, fr)) found.push_back({*a, s});
  const auto item = c.menu.empty() || !(asks_price(words) || asks_offered(words) || !menu_words(words).empty())
                        ? std::nullopt
                        : menu_item(c.menu, words);
  if (item) {
    Piece dish = *item;
    // "Vous faites des galettes sans gluten ?": a yes before the dish, as a person would say
    // (was the bare "Galettes sans gluten (sarrasin pur).").
    if (asks_offered(words) && !asks_price(words) && !dish.text.empty()) {
      dish.text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(dish.text[0])));
      dish.text = (fr ? "Oui, " : "Yes, ") + dish.text;
    }
    const Spans s = menu_words(words);  // "the omakase, the tasting menu": the dish, not the whole menu
    dish.spans.insert(dish.spans.end(), s.begin(), s.end());
    found.push_back(std::move(dish));
  } else if (!c.menu.empty()) {
    if (Spans s = menu_words(words); !s.empty())
      found.push_back({(fr ? "Au menu : " : "On the menu: ") + c.menu, s});
  }
  const std::size_t named_end = found.size();
  price_pieces(c, words, fr, offers, found);
  const bool priced = found.size() > named_end;

  // A "combien de temps" FAQ entry yields to a subject named in its clause.
  auto names_its_clause = [&](const Piece& faq) {
    for (std::size_t i = faq_end; i < found.size(); ++i)
      for (const auto& s : found[i].spans)
        if (clause[s.at] == clause[faq.at()]) return true;
    return false;
  };
  // "Changer de pointure" says the FAQ's "pointure" inside the exchange asked: the longer
  // phrase said is the question, the word within it only its subject.
  // Likewise "check engine light" (a service's keyword) holds the "check" of the FAQ "checks".
  Spans services_named;
  for (const auto& s : c.services) {
    for (auto sp : spans_of(words, s.name_words)) services_named.push_back(sp);
    for (const auto& k : s.keyword_words)
      for (auto sp : spans_of(words, k)) services_named.push_back(sp);
  }
  auto covers = [](const Spans& spans, const Span& x) {
    return std::any_of(spans.begin(), spans.end(), [&](const Span& y) {
      return y.at <= x.at && x.at + x.size <= y.at + y.size && y.size > x.size;
    });
  };
  auto within_longer = [&](const Piece& p) {
    if (p.spans.empty()) return false;
    return std::all_of(p.spans.begin(), p.spans.end(), [&](const Span& x) {
      return covers(services_named, x) ||
             std::any_of(found.begin(), found.end(),
                         [&](const Piece& o) { return &o != &p && covers(o.spans, x); });
    });
  };
  auto answered_by_description = [&](const Piece& faq) {
    if (faq.spans.empty()) return false;
    return std::any_of(found.begin(), found.end(), [&](const Piece& d) {
      return d.described && std::all_of(faq.spans.begin(), faq.spans.end(), [&](const Span& x) {
               return std::any_of(d.spans.begin(), d.spans.end(), [&](const Span& y) {
                 return y.at <= x.at && x.at + x.size <= y.at + y.size;
               });
             });
    });
  };
  auto spoken_of = [&](const std::vector<Piece>& said, const Piece& dish) {
    return std::all_of(dish.spans.begin(), dish.spans.end(), [&](const Span& x) {
      return std::any_of(said.begin(), said.end(), [&](const Piece& k) {
        const Words text = tokenize(k.text);
        return std::any_of(text.begin(), text.end(),
                           [&](const Word& t) { return same_word(t.text, words[x.at].text); });
      });
    });
  };
  std::vector<Piece> kept;
  std::vector<bool> answered(words.size(), false);
  for (std::size_t i = 0; i < found.size(); ++i) {
    Piece& p = found[i];
    if (p.faq && p.asking_only && names_its_clause(p)) continue;
    if (p.faq && within_longer(p)) continue;
    // "How much is laser hair removal and is it covered by my insurance": the price "not covered
    // by insurance" answers both; the FAQ on insurance matched by those words only is not the
    // answer (was said instead of the price).
    if (p.faq && answered_by_description(p)) continue;
    // "Do you have gluten free pizza?": the FAQ on gluten, which speaks of pizza, answers it; the
    // menu's pizzas are not the question.
    if (p.dish && spoken_of(kept, p)) continue;
    const bool again = std::any_of(p.spans.begin(), p.spans.end(), [&](const Span& s) {
      for (std::size_t k = s.at; k < s.at + s.size; ++k)
        if (answered[k]) return true;
      return false;
    });
    const bool same = std::any_of(kept.begin(), kept.end(),
                                  [&](const Piece& k) { return k.text == p.text; });
    if (again || same) continue;
    for (const auto& s : p.spans)
      for (std::size_t k = s.at; k < s.at + s.size; ++k) answered[k] = true;
    kept.push_back(std::move(p));
  }
  kept = merge_prices(std::move(kept), fr);
  std::stable_sort(kept.begin(), kept.end(),  // in the caller's order
                   [](const Piece& a, const Piece& b) { return a.at() < b.at(); });
  std::vector<std::string> out;
  for (auto& p : kept)
    if (out.size() < 3 && (!faq_only || (p.faq && !p.asking_only))) out.push_back(std::move(p.text));
  if (faq_only) return out;
  // "Quels sont vos tarifs ?": nothing named, nothing else asked.
  if (out.empty() && !priced && asks_price(words))
    if (auto list = price_list(c, fr)) out.push_back(*list);
  return out;
}

// Answers joined with a space; nullopt when none.
std::optional<std::string> joined(const std::vector<std::string>& answers) {
  if (answers.empty()) return std::nullopt;
  std::string out;
  for (const auto& a : answers) out += (out.empty() ? "" : " ") + a;
  return out;
}

}  // namespace

std::vector<std::string> answer_questions(const BusinessContext& c, const Words& words,
                                          std::string_view language) {
  return answers(c, words, language, true);
}

std::optional<std::string> answer_beside_booking(const BusinessContext& c, const Words& words,
                                                 std::string_view language) {
  return joined(answers(c, words, language, false));
}

std::optional<std::string> faq_answer(const BusinessContext& c, const Words& words) {
  return joined(answers(c, words, "en", false, true));  // FAQ answers are said as written
}

// "an oil change and a tire rotation", "vidange et géométrie": each service called by its whole
// name is a list of services wanted, not a doubt between them; the one said first is booked (was
// "which service?" asked again and again of a caller who had said both).
static const Service* first_of_a_list(const BusinessContext& c, const Words& words) {
  const auto named = services_said(c, words);
  if (named.size() < 2) return nullptr;
  for (const Service* s : named)
    if (!said(words, s->name_words)) return nullptr;
  return named.front();
}

// "Un impact sur le pare-brise", "a chip in the windscreen", "une rayure sur la portière": of two
// services named, the one said on or in the other's is the damage to mend, the other only
// where it is (was the longer keyword's, "pare-brise": a windscreen replaced for a chip).
static const Service* damage_on_part(const BusinessContext& c, const Words& words) {
  static constexpr std::string_view kOn[] = {"sur", "dans", "a", "au", "on", "in", "to"};
  static constexpr std::string_view kThe[] = {"le", "la", "l", "les", "mon", "ma", "mes", "the", "my", "a", "an"};
  auto one_of = [](std::string_view w, const auto& list) { return std::ranges::find(list, w) != std::end(list); };
  std::vector<std::pair<const Service*, Spans>> named;  // each service said by its name or a keyword
  for (const auto& s : c.services) {
    Spans spans = spans_of(words, s.name_words);
    for (const auto& k : s.keyword_words)
      for (auto sp : spans_of(words, k)) spans.push_back(sp);
    if (!spans.empty()) named.emplace_back(&s, std::move(spans));
  }
  if (named.size() != 2) return nullptr;
  for (int first = 0; first < 2; ++first)
    for (const Span& d : named[first].second) {
      std::size_t k = d.at + d.size;
      if (k >= words.size() || !one_of(words[k].text, kOn)) continue;
      ++k;
      if (k < words.size() && one_of(words[k].text, kThe)) ++k;
      if (std::ranges::any_of(named[1 - first].second, [&](const Span& p) { return p.at == k; }))
        return named[first].first;
    }
  return nullptr;
}

const Service* find_service(const BusinessContext& c, const Words& words) {
  if (auto closest = described(c, words)) return closest->first;  // "le gardiennage des pneus"
  if (auto damage = damage_on_part(c, words)) return damage;
  if (auto best = best_of(c.services, [&](const Service& s) { return service_score(s, words); })) return best;
  return first_of_a_list(c, words);
}

std::vector<const Service*> services_said(const BusinessContext& c, const Words& words) {
  int best = 0;
  for (const auto& s : c.services) best = std::max(best, service_score(s, words));
  std::vector<const Service*> named;
  for (const auto& s : c.services)
    if (best > 0 && service_score(s, words) == best) named.push_back(&s);
  // Named first is the caller's topic: "my brakes are making a grinding noise" is the brakes.
  auto first_said = [&](const Service* s) {
    std::size_t at = find_said(words, s->name_words);
    for (const auto& k : s->keyword_words) at = std::min(at, find_said(words, k));
    return at;
  };
  std::stable_sort(named.begin(), named.end(),
                   [&](const Service* a, const Service* b) { return first_said(a) < first_said(b); });
  return named;
}

const Practitioner* find_practitioner(const BusinessContext& c, const Words& words) {
  return best_of(c.practitioners,
                 [&](const Practitioner& p) { return practitioner_score(p, words); });
}

const RoomType* find_room(const BusinessContext& c, std::string_view canonical_type) {
  for (const auto& r : c.rooms)
    if (r.type == canonical_type) return &r;
  return nullptr;
}

std::string room_label(std::string_view type, std::string_view language) {
  static constexpr std::string_view kLabels[][3] = {
      {"single", "chambre simple", "single room"}, {"double", "chambre double", "double room"},
      {"twin", "chambre à lits jumeaux", "twin room"}, {"triple", "chambre triple", "triple room"},
      {"suite", "suite", "suite"}, {"family", "chambre familiale", "family room"},
      {"dorm", "lit en dortoir", "dorm bed"}};
  for (const auto& l : kLabels)
    if (l[0] == type) return std::string(french(language) ? l[1] : l[2]);
  return std::string(type);
}

std::optional<std::string> answer_question(const BusinessContext& c, const Words& words,
                                           std::string_view language) {
  return joined(answer_questions(c, words, language));
}

std::optional<std::string> price_of(const BusinessContext& c, std::string_view name,
                                    std::string_view language) {
  const bool fr = french(language);
  const std::string folded = fold(name);
  const Service* service = nullptr;
  for (const auto& s : c.services)
    if (fold(s.name) == folded) service = &s;
  const Words words = tokenize(name);
  if (!service) {
    std::string_view type;
    if (is_room_type(folded)) type = *std::find(std::begin(kRoomTypes), std::end(kRoomTypes), folded);
    else if (auto said_rooms = rooms_said(words); said_rooms.size() == 1) type = said_rooms[0].first;
    if (!type.empty()) {
      const RoomType* r = find_room(c, type);
      if (!r || r->price.empty()) return std::nullopt;
      return room_price_item(*r, fr) + ".";
    }
    service = find_service(c, words);
  }
  if (!service || service->price.empty()) return std::nullopt;
  return service->name + (fr ? " : " : ": ") + service->price + ".";
}

}  // namespace webox::brain
