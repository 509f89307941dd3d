#include "adapters/brain/local/knowledge.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "adapters/brain/local/word_match.h"

namespace webox::brain {
namespace {

std::string order_key(std::string_view number) {
  std::string out;
  for (char ch : number) {
    if (ch == ' ' || ch == '-' || ch == '.' || ch == '#' || ch == '_') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  }
  return out;
}

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

int service_score(const Service& s, const Words& words) {
  int score = 0;
  const Phrase name = phrase_of(s.name);
  if (said(words, name)) score = kWhole + static_cast<int>(name.size());
  for (const auto& k : s.keywords) {
    const Phrase kw = phrase_of(k);
    if (said(words, kw)) score = std::max(score, kWhole + static_cast<int>(kw.size()));
  }
  if (score) return score;
  for (const auto& w : content_words(name)) score += said_word(words, w);
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

bool said_any(const Words& words, std::initializer_list<std::string_view> phrases) {
  for (auto p : phrases)
    if (said(words, phrase_of(p))) return true;
  return false;
}

// -- the questions, by topic --

std::optional<std::string> from_faq(const BusinessContext& c, const Words& words) {
  const Faq* best = nullptr;
  int best_count = 0;
  for (const auto& f : c.faq) {
    int count = 0;
    for (const auto& k : f.keywords) count += said(words, phrase_of(k));
    if (count > best_count) {  // strictly: the earlier entry wins a tie
      best = &f;
      best_count = count;
    }
  }
  if (!best) return std::nullopt;
  return best->answer;
}

bool asks_returns(const Words& words) {
  return said_any(words, {"retour", "retourner", "renvoyer", "rembourser", "remboursement",
                          "rembourse", "echanger", "echange", "return", "refund", "exchange",
                          "send back", "send it back"});
}

bool asks_check_times(const Words& words) {
  if (said_any(words, {"check in", "checkin", "check out", "checkout", "heure d arrivee",
                       "heure de depart", "liberer la chambre", "quitter la chambre",
                       "arrival time", "departure time"}))
    return true;
  const bool when = said_any(words, {"quelle heure", "what time", "how early", "how late"});
  return when && said_any(words, {"arriver", "arrivee", "arrive", "partir", "depart", "liberer",
                                  "quitter", "leave", "chambre", "room"});
}

bool asks_menu(const Words& words) {
  if (said_any(words, {"menu", "plat", "dish", "dishes", "vegetarien", "vegetarian", "vegan", "dessert",
                       "specialite", "speciality", "specialty"}))
    return true;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (words[i].text != "carte") continue;
    // "la carte bancaire", "la carte grise": a card, not the menu.
    const std::string_view next = i + 1 < words.size() ? std::string_view(words[i + 1].text) : "";
    if (next != "bancaire" && next != "grise" && next != "bleue" && next != "vitale" &&
        next != "credit" && next != "cadeau")
      return true;
  }
  return false;
}

bool asks_price(const Words& words) {
  return said_any(words, {"prix", "tarif", "cout", "coute", "coutent", "couter", "coutera",
                          "c est combien", "ca fait combien", "combien ca", "combien pour",
                          "price", "cost", "rate", "fee", "how much"});
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
  s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s + ".";
}

// The canonical room type the caller names, if any ("chambre familiale" -> "family").
std::string_view room_said(const Words& words) {
  static constexpr std::pair<std::string_view, std::string_view> kRooms[] = {
      {"single", "single"}, {"simple", "single"},      {"individuelle", "single"},
      {"double", "double"}, {"twin", "twin"},          {"lits jumeaux", "twin"},
      {"deux lits", "twin"}, {"triple", "triple"},     {"suite", "suite"},
      {"familiale", "family"}, {"famille", "family"},  {"family", "family"}};
  for (auto [phrase, type] : kRooms)
    if (said(words, phrase_of(phrase))) return type;
  return {};
}

std::string capitalised(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::optional<std::string> prices(const BusinessContext& c, const Words& words, bool fr) {
  const std::string sep = fr ? " : " : ": ";
  const std::string lang = fr ? "fr" : "en";
  if (const Service* s = find_service(c, words); s && !s->price.empty())
    return s->name + sep + s->price + ".";
  if (auto type = room_said(words); !type.empty())
    if (const RoomType* r = find_room(c, type); r && !r->price.empty())
      return capitalised(room_label(type, lang)) + sep + r->price + ".";
  std::vector<std::string> items;
  for (const auto& s : c.services)
    if (!s.price.empty()) items.push_back(s.name + sep + s.price);
  for (const auto& r : c.rooms)
    if (!r.price.empty()) items.push_back(capitalised(room_label(r.type, lang)) + sep + r.price);
  if (items.empty()) return std::nullopt;
  if (items.size() > 6) items.resize(6);  // a spoken answer: the first few
  std::string out = fr ? "Nos tarifs : " : "Our prices: ";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "; " : "") + items[i];
  return out + ".";
}

}  // namespace

const Order* lookup_order(const BusinessContext& c, std::string_view number) {
  const std::string key = order_key(number);
  if (key.empty()) return nullptr;
  for (const auto& o : c.orders)
    if (order_key(o.number) == key) return &o;
  return nullptr;
}

const Service* find_service(const BusinessContext& c, const Words& words) {
  return best_of(c.services, [&](const Service& s) { return service_score(s, words); });
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
      {"suite", "suite", "suite"}, {"family", "chambre familiale", "family room"}};
  for (const auto& l : kLabels)
    if (l[0] == type) return std::string(french(language) ? l[1] : l[2]);
  return std::string(type);
}

std::optional<std::string> answer_question(const BusinessContext& c, const Words& words,
                                           std::string_view language) {
  const bool fr = french(language);
  if (auto a = from_faq(c, words)) return a;
  if (!c.returns_policy.empty() && asks_returns(words))
    return (fr ? "Notre politique de retour : " : "Our returns policy: ") + c.returns_policy;
  if (asks_check_times(words))
    if (auto a = check_times(c, fr)) return a;
  if (!c.menu.empty() && asks_menu(words))
    return (fr ? "Au menu : " : "On the menu: ") + c.menu;
  if (asks_price(words)) return prices(c, words, fr);
  return std::nullopt;
}

}  // namespace webox::brain
