// Orders: found by the number the caller says, and the follow-up questions about one
// (knowledge.h: lookup_order, order_detail).
//
//   orders CMD-1042 (Colissimo, eta "jeudi") and CMD-1043 (en préparation, no carrier):
//   lookup_order(c, "1042")                 -> CMD-1042     (the only number ending in 1042)
//   order_detail(CMD-1042, "c'est quel transporteur ?", "fr")   -> "Transporteur : Colissimo."
//   order_detail(CMD-1043, "which carrier?", "en")
//       -> "I don't have a carrier for this order; it is en préparation."
#include <cctype>

#include "adapters/brain/local/knowledge.h"
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

bool digits(std::string_view s) {
  for (char ch : s)
    if (!std::isdigit(static_cast<unsigned char>(ch))) return false;
  return !s.empty();
}

// "1043" ends "cmd1043" as its whole group of digits; it does not end "cmd21043".
bool ends_with_group(std::string_view key, std::string_view number) {
  if (!key.ends_with(number) || key.size() == number.size()) return false;
  return !std::isdigit(static_cast<unsigned char>(key[key.size() - number.size() - 1]));
}

bool said_any(const Words& words, std::initializer_list<std::string_view> phrases) {
  for (auto p : phrases)
    if (said(words, phrase_of(p))) return true;
  return false;
}

}  // namespace

const Order* lookup_order(const BusinessContext& c, std::string_view number) {
  const std::string key = order_key(number);
  if (key.empty()) return nullptr;
  for (const auto& o : c.orders)
    if (order_key(o.number) == key) return &o;
  // A bare number: the caller left out the letters ("mille quarante-trois" for CMD-1043). Too
  // short a number would pick an order by chance, and two candidates are a guess.
  if (!digits(key) || key.size() < 3) return nullptr;
  const Order* found = nullptr;
  for (const auto& o : c.orders) {
    if (!ends_with_group(order_key(o.number), key)) continue;
    if (found) return nullptr;
    found = &o;
  }
  return found;
}

std::string eta_sentence(const Order& o, std::string_view language) {
  // "Expected: ships in 2 days" read as a form's field; an eta that says its own verb is a
  // sentence of its own: "It ships in 2 days."
  if (!language.starts_with("fr"))
    for (std::string_view verb : {"ships ", "dispatches ", "leaves ", "goes out ", "will "})
      if (fold(o.eta).starts_with(verb)) return "It " + o.eta + ".";
  return (language.starts_with("fr") ? "Prévu : " : "Expected: ") + o.eta + ".";
}

std::optional<std::string> order_detail(const Order& o, const Words& words,
                                        std::string_view language) {
  const bool fr = language.starts_with("fr");
  const bool carrier = said_any(words, {"transporteur", "carrier", "courier", "livreur",
                                        "which company", "quelle societe", "shipped with"});
  const bool tracking = said_any(words, {"suivi", "suivre", "tracking", "track", "numero de colis",
                                         "parcel number"});
  // "quand" after a tracking question ("quand est-ce que je peux la suivre") is not an eta.
  const bool eta = said_any(words, {"date de livraison", "delivery date", "eta", "arrive",
                                    "arriver", "arrivera", "get here", "get it", "recevoir",
                                    "la recevrai", "receive"}) ||
                   (!carrier && !tracking && said_any(words, {"quand", "when", "how long",
                                                              "combien de temps", "delai"}));
  if (!carrier && !tracking && !eta) return std::nullopt;
  // The status says why a fact is missing: no carrier yet while "en préparation".
  auto unknown = [&](std::string_view fr_what, std::string_view en_what) {
    std::string s = fr ? "Je n'ai pas de " + std::string(fr_what) + " pour cette commande"
                       : "I don't have a " + std::string(en_what) + " for this order";
    if (!o.status.empty()) s += (fr ? ", qui est " : "; it is ") + o.status;
    return s + ".";
  };
  std::string out;
  auto add = [&](std::string sentence) { out += (out.empty() ? "" : " ") + sentence; };
  if (carrier)
    add(o.carrier.empty() ? unknown("transporteur", "carrier")
                          : (fr ? "Transporteur : " : "Carrier: ") + o.carrier + ".");
  if (tracking)
    add(o.tracking.empty() ? unknown("numéro de suivi", "tracking number")
                           : (fr ? "Numéro de suivi : " : "Tracking number: ") + o.tracking + ".");
  if (eta)
    add(o.eta.empty() ? unknown("date de livraison", "delivery date")
                      : eta_sentence(o, language));
  return out;
}

}  // namespace webox::brain
