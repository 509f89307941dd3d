// The keys of context_data that say what a business sells and to whom (context.h lists them).
#include <algorithm>
#include <cctype>
#include <utility>

#include "adapters/brain/local/context.h"
#include "adapters/brain/local/context_fields.h"
#include "adapters/brain/local/normalize.h"
#include "adapters/brain/local/word_match.h"

namespace webox::brain {
namespace {

// A required, non-empty string of a list entry.
std::string required_text(FieldReader& r, std::string_view key) {
  auto s = r.text(key);
  if (!s) {
    if (!r.get(key)) r.report(key, "is required");  // else text() reported the wrong type
    return "";
  }
  if (s->empty()) r.report(key, "must not be empty");
  return *s;
}

Service read_service(FieldReader& r) {
  Service s;
  s.name = required_text(r, "name");
  s.duration_minutes = r.integer("duration_minutes", 1, 24 * 60).value_or(30);
  s.price = r.text("price", true).value_or("");
  s.keywords = r.strings("keywords").value_or(std::vector<std::string>{});
  s.name_words = phrase_of(s.name);
  s.name_content = s.named_content = content_words(s.name_words);
  for (const auto& k : s.keywords) {
    s.keyword_words.push_back(phrase_of(k));
    for (auto& w : content_words(s.keyword_words.back())) s.named_content.push_back(std::move(w));
  }
  s.price_content = content_words(phrase_of(s.price));
  return s;
}

Practitioner read_practitioner(FieldReader& r) {
  Practitioner p;
  p.name = required_text(r, "name");
  p.specialty = r.text("specialty").value_or("");
  return p;
}

RoomType read_room(FieldReader& r) {
  RoomType room;
  room.type = required_text(r, "type");
  if (!room.type.empty() && !is_room_type(room.type))
    r.report("type", "must be one of single, double, twin, triple, suite, family, dorm");
  room.count = r.integer("count", 1, 100000).value_or(0);
  room.capacity = r.integer("capacity", 1, 50).value_or(2);
  room.price = r.text("price", true).value_or("");
  return room;
}

Order read_order(FieldReader& r) {
  Order o;
  o.number = required_text(r, "number");
  // knowledge.h's lookup ignores these: a number made only of them could never be found.
  if (!o.number.empty() && o.number.find_first_not_of(" -._#") == std::string::npos)
    r.report("number", "must hold a letter or a digit");
  o.status = r.text("status").value_or("");
  o.carrier = r.text("carrier").value_or("");
  o.tracking = r.text("tracking", true).value_or("");
  o.eta = r.text("eta").value_or("");
  o.items = r.text_or_lines("items", ", ").value_or("");
  return o;
}

// Callers clip long words an owner writes whole: "tickets resto" for "tickets restaurant". A
// keyword holding such a word is also matched with its clipped forms, added once here.
void add_clipped_forms(std::vector<std::string>& keywords, std::vector<Phrase>& keyword_words) {
  static constexpr std::pair<std::string_view, std::string_view> kClipped[] = {
      {"restaurant", "resto"}, {"restaurant", "restau"}, {"restaurants", "restos"},
      {"appartement", "appart"}, {"disponible", "dispo"}};
  const std::size_t n = keyword_words.size();
  for (std::size_t i = 0; i < n; ++i)
    for (const auto& [whole, clipped] : kClipped) {
      auto at = std::find(keyword_words[i].begin(), keyword_words[i].end(), whole);
      if (at == keyword_words[i].end()) continue;
      Phrase variant = keyword_words[i];
      variant[static_cast<std::size_t>(at - keyword_words[i].begin())] = std::string(clipped);
      std::string text;
      for (const auto& w : variant) text += (text.empty() ? "" : " ") + w;
      keywords.push_back(std::move(text));
      keyword_words.push_back(std::move(variant));
    }
}

Faq read_faq(FieldReader& r) {
  Faq f;
  if (auto keywords = r.strings("keywords")) {
    f.keywords = std::move(*keywords);
    if (f.keywords.empty() ||
        std::any_of(f.keywords.begin(), f.keywords.end(), [](auto& k) { return k.empty(); }))
      r.report("keywords", "must be a list of non-empty keywords");
  } else if (!r.get("keywords")) {
    r.report("keywords", "is required");  // else strings() reported the wrong type
  }
  f.answer = required_text(r, "answer");
  for (const auto& k : f.keywords) f.keyword_words.push_back(phrase_of(k));
  add_clipped_forms(f.keywords, f.keyword_words);
  return f;
}

}  // namespace

bool is_trade(std::string_view trade) {
  return std::find(std::begin(kTrades), std::end(kTrades), trade) != std::end(kTrades);
}

bool is_room_type(std::string_view type) {
  return std::find(std::begin(kRoomTypes), std::end(kRoomTypes), type) != std::end(kRoomTypes);
}

namespace {

// A hostel's "Dorm bed" service is a kind of room a caller books like the others ("a bed in a
// dorm, two nights"): one guest a bed, at the service's price. Was only a price, and the
// caller was asked "single, twin or family?" three times.
void add_dorm_service(BusinessContext& c) {
  if (std::any_of(c.rooms.begin(), c.rooms.end(), [](const RoomType& r) { return r.type == "dorm"; })) return;
  auto dorm_word = [](std::string_view text) {
    for (const Word& w : tokenize(text))
      if (w.text == "dorm" || w.text == "dorms" || w.text == "dormitory" || w.text == "dortoir" ||
          w.text == "dortoirs")
        return true;
    return false;
  };
  for (const Service& s : c.services) {
    bool dorm = dorm_word(s.name);
    for (const std::string& k : s.keywords) dorm = dorm || dorm_word(k);
    if (!dorm) continue;
    c.rooms.push_back(RoomType{.type = "dorm", .count = 0, .capacity = 1, .price = s.price});
    return;
  }
}

}  // namespace

void read_trade_facts(FieldReader& root, BusinessContext& c) {
  if (auto trade = root.text("trade")) {
    if (is_trade(*trade)) c.trade = *trade;
    else root.report("trade", "must be one of restaurant, medical, ecommerce, hotel, garage");
  }
  c.services = root.each<Service>("services", read_service);
  c.practitioners = root.each<Practitioner>("practitioners", read_practitioner);
  c.rooms = root.each<RoomType>("rooms", read_room);
  c.check_in = root.clock("check_in");
  c.check_out = root.clock("check_out");
  c.orders = root.each<Order>("orders", read_order);
  c.returns_policy = root.text("returns_policy").value_or("");
  c.menu = root.text_or_lines("menu", "; ").value_or("");
  c.faq = root.each<Faq>("faq", read_faq);
  c.emergency_number = root.text("emergency_number").value_or("");
  if (c.trade == "hotel") add_dorm_service(c);
}

std::string emergency_number_for(const BusinessContext& c, std::string_view language) {
  if (!c.emergency_number.empty()) return c.emergency_number;
  const bool french = language.starts_with("fr");
  for (const std::string* number : {&c.phone, &c.transfer_number}) {
    if (number->starts_with("+33")) return french ? "15" : "112";
    if (number->starts_with("+1")) return "911";
    if (number->starts_with("+44")) return "999";
    if (number->starts_with("+")) return "112";
  }
  std::string region(language.size() == 5 ? language.substr(3) : std::string_view());
  for (auto& ch : region) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  if (region == "US" || region == "CA") return "911";
  if (region == "GB") return "999";
  return french ? "15" : "112";
}

}  // namespace webox::brain
