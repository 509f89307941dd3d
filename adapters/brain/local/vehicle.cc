#include "adapters/brain/local/vehicle.h"

#include <algorithm>
#include <cctype>

#include "adapters/brain/local/dates.h"
#include "adapters/brain/local/names.h"
#include "adapters/brain/local/numbers.h"

namespace webox::brain {
namespace {

constexpr std::size_t kMaxModelWords = 2;

struct Brand {
  std::string_view folded;
  std::string_view written;
  bool common_word = false;  // also an ordinary word: only when capitalised
};

constexpr Brand kBrands[] = {
    {"peugeot", "Peugeot"},       {"renault", "Renault"},     {"citroen", "Citroën"},
    {"dacia", "Dacia"},           {"volkswagen", "Volkswagen"}, {"vw", "Volkswagen"},
    {"toyota", "Toyota"},         {"ford", "Ford"},           {"bmw", "BMW"},
    {"mercedes", "Mercedes"},     {"audi", "Audi"},           {"opel", "Opel"},
    {"fiat", "Fiat"},             {"nissan", "Nissan"},       {"kia", "Kia"},
    {"hyundai", "Hyundai"},       {"tesla", "Tesla"},         {"skoda", "Skoda"},
    {"seat", "Seat", true},       {"honda", "Honda"},         {"mazda", "Mazda"},
    {"volvo", "Volvo"},           {"vauxhall", "Vauxhall"},   {"mini", "Mini", true},
    {"jeep", "Jeep", true},       {"chevrolet", "Chevrolet"}, {"suzuki", "Suzuki"},
    {"mitsubishi", "Mitsubishi"}, {"lexus", "Lexus"},         {"porsche", "Porsche"},
    {"jaguar", "Jaguar"},         {"subaru", "Subaru"},       {"cupra", "Cupra"},
    {"lancia", "Lancia"},         {"alfa", "Alfa Romeo"},     {"ds", "DS", true},
    {"smart", "Smart", true},     {"chrysler", "Chrysler"},   {"dodge", "Dodge"},
    {"land", "Land Rover"},       {"range", "Range Rover"},
    // Motorbikes (Honda, Suzuki, BMW above make both): "Yamaha MT-07", "Triumph Bonneville".
    {"yamaha", "Yamaha"},         {"kawasaki", "Kawasaki"},   {"triumph", "Triumph"},
    {"ducati", "Ducati"},         {"ktm", "KTM"},             {"aprilia", "Aprilia"},
    {"harley", "Harley-Davidson"}, {"piaggio", "Piaggio"},    {"vespa", "Vespa"},
    {"husqvarna", "Husqvarna"},   {"benelli", "Benelli"},     {"guzzi", "Moto Guzzi"}};

struct Model {
  std::string_view folded;
  std::string_view brand;  // folded brand, for a model said alone
};

// Models that are also ordinary words or first names: said alone and not asked, they count only
// when capitalised ("ma Golf", not "le golf"). "model" never names Tesla by itself.
constexpr std::string_view kCommonModels[] = {
    "golf", "polo", "focus", "puma", "leaf", "jazz", "panda", "transit", "partner", "expert",
    "model", "superb", "cooper", "leon", "zoe", "civic", "logan", "picasso", "austral", "expert",
    "romeo", "rover", "benz"};

constexpr Model kModels[] = {
    {"clio", "renault"},     {"megane", "renault"},   {"twingo", "renault"},  {"captur", "renault"},
    {"scenic", "renault"},   {"kangoo", "renault"},   {"zoe", "renault"},     {"kadjar", "renault"},
    {"austral", "renault"},  {"laguna", "renault"},   {"berlingo", "citroen"}, {"picasso", "citroen"},
    {"sandero", "dacia"},    {"duster", "dacia"},     {"logan", "dacia"},     {"jogger", "dacia"},
    {"golf", "volkswagen"},  {"polo", "volkswagen"},  {"passat", "volkswagen"}, {"tiguan", "volkswagen"},
    {"touran", "volkswagen"}, {"touareg", "volkswagen"}, {"yaris", "toyota"}, {"corolla", "toyota"},
    {"aygo", "toyota"},      {"prius", "toyota"},     {"focus", "ford"},      {"fiesta", "ford"},
    {"kuga", "ford"},        {"puma", "ford"},        {"mondeo", "ford"},     {"transit", "ford"},
    {"corsa", "opel"},       {"astra", "opel"},       {"mokka", "opel"},      {"zafira", "opel"},
    {"qashqai", "nissan"},   {"juke", "nissan"},      {"micra", "nissan"},    {"leaf", "nissan"},
    {"sportage", "kia"},     {"ceed", "kia"},         {"picanto", "kia"},     {"niro", "kia"},
    {"tucson", "hyundai"},   {"kona", "hyundai"},     {"octavia", "skoda"},   {"fabia", "skoda"},
    {"superb", "skoda"},     {"kodiaq", "skoda"},     {"ibiza", "seat"},      {"leon", "seat"},
    {"arona", "seat"},       {"civic", "honda"},      {"jazz", "honda"},      {"panda", "fiat"},
    {"punto", "fiat"},       {"tipo", "fiat"},        {"model", "tesla"},     {"partner", "peugeot"},
    {"expert", "peugeot"},   {"evoque", "range"},     {"cooper", "mini"},     {"countryman", "mini"},
    {"romeo", ""},           {"rover", ""},           {"benz", ""},
    // Said alone, a code names its brand too ("ma 308", "une C3"); only after "ma"/"une"/"my".
    {"108", "peugeot"},      {"208", "peugeot"},      {"308", "peugeot"},     {"408", "peugeot"},
    {"508", "peugeot"},      {"2008", "peugeot"},     {"3008", "peugeot"},    {"5008", "peugeot"},
    {"c1", "citroen"},       {"c3", "citroen"},       {"c4", "citroen"},      {"c5", "citroen"}};

// Words that bring the next one along: "classe A", "série 1", "3 series", "C class".
bool range_word(std::string_view t) {
  return t == "classe" || t == "class" || t == "serie" || t == "series" || t == "model";
}

bool is(const Words& w, std::size_t i, std::string_view s) { return i < w.size() && w[i].text == s; }

const Brand* brand_at(const Words& w, std::size_t i) {
  if (i >= w.size()) return nullptr;
  for (const auto& b : kBrands)
    if (w[i].text == b.folded && (!b.common_word || w[i].capitalised)) {
      if (b.folded == "land" && !is(w, i + 1, "rover")) return nullptr;
      if (b.folded == "range" && !is(w, i + 1, "rover")) return nullptr;
      return &b;
    }
  return nullptr;
}

const Model* model_named(std::string_view t) {
  for (const auto& m : kModels)
    if (t == m.folded) return &m;
  return nullptr;
}

bool short_number(std::string_view t) { return is_number_text(t) && t.size() <= 4; }

// "2018", "deux mille dix-huit", "twenty fifteen", "nineteen ninety-eight": a model year at
// `i`, its length in words, 0 if none.
std::size_t year_at(const Words& w, const std::vector<bool>& used, std::size_t i) {
  if (i >= w.size() || used[i]) return 0;
  const auto n = parse_number(w, i);
  if (!n) return 0;
  if (n->value >= 1980 && n->value <= 2039) return n->length;
  if ((n->value == 19 || n->value == 20) && !is_number_text(w[i].text)) {
    const auto rest = i + n->length < w.size() && !used[i + n->length] ? parse_number(w, i + n->length)
                                                                        : std::nullopt;
    if (rest && rest->value >= 1 && rest->value <= 99) return n->length + rest->length;
  }
  return 0;
}

// "C3" is read as "c" "3" glued: the code as one word, with its length in words.
std::pair<std::string, std::size_t> code_at(const Words& w, std::size_t i) {
  if (i + 1 < w.size() && w[i].end == w[i + 1].begin && w[i].text.size() == 1 && !is_number_text(w[i].text) &&
      is_number_text(w[i + 1].text))
    return {w[i].text + w[i + 1].text, 2};
  return {w[i].text, 1};
}

// A model does not run across a comma or a full stop: "Nissan Qashqai, BD21 XYZ" is a car then
// its plate.
bool same_phrase(std::string_view said, const Words& w, std::size_t k) {
  for (std::size_t c = w[k - 1].end; c < w[k].begin && c < said.size(); ++c)
    if (said[c] == ',' || said[c] == '.' || said[c] == ';' || said[c] == '?' || said[c] == '!') return false;
  return true;
}

// Length in words of the model word at `i` ("XC" "60" or "F-150" glued is one code), 0 if none.
std::size_t model_word(std::string_view said, const Words& w, const std::vector<bool>& used, std::size_t i) {
  if (i >= w.size() || used[i]) return 0;
  const auto& t = w[i].text;
  const bool glued = i + 1 < w.size() && !used[i + 1] &&
                     (w[i].end == w[i + 1].begin ||
                      (w[i].end + 1 == w[i + 1].begin && said[w[i].end] == '-'));
  if (glued && (is_number_text(t) != is_number_text(w[i + 1].text)) && t.size() <= 3) return 2;  // "A4"
  if (short_number(t) || model_named(t) || range_word(t)) return 1;
  if (t.size() == 1 && (range_word(i > 0 ? w[i - 1].text : "") || (i + 1 < w.size() && range_word(w[i + 1].text))))
    return 1;  // the letter of "classe A", "C class"
  if (w[i].capitalised && t.size() > 1 && !is_filler(t) && weekday_at(w, i) < 0 && !brand_at(w, i)) return 1;
  return 0;
}

// The model as said: "clio" -> "Clio", "xc60" -> "XC60", "série" -> "Série".
std::string written(std::string_view said, const Word& first, const Word& last) {
  std::string s(said.substr(first.begin, last.end - first.begin));
  const bool code = std::any_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
  if (code) {
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
  }
  return capitalise_name(s);
}

std::string join(const std::string& a, const std::string& b) {
  return a.empty() ? b : b.empty() ? a : a + " " + b;
}

// Up to two model words from `i`; their end in `end`.
std::string model_from(std::string_view said, const Words& w, const std::vector<bool>& used, std::size_t i,
                       std::size_t& end) {
  std::string model;
  end = i;
  for (std::size_t n = 0; n < kMaxModelWords; ++n) {
    // "Clio 2018" is a Clio of 2018; "Peugeot 2008" is still a model.
    if (n > 0 && model_named(w[end - 1].text) && year_at(w, used, end)) break;
    if (n > 0 && end < w.size() && !same_phrase(said, w, end)) break;
    const std::size_t len = model_word(said, w, used, end);
    if (len == 0) break;
    model = join(model, written(said, w[end], w[end + len - 1]));
    end += len;
  }
  return model;
}

void mark(std::vector<bool>& used, std::size_t begin, std::size_t end) {
  for (std::size_t k = begin; k < end; ++k) used[k] = true;
}

// The model year around the car said in [begin, end) ("a twenty fifteen Ford", "une Clio de
// 2018") is marked used and dropped: it is not a time (20:15) nor a date, and the vehicle slot
// is the brand and model only.
void drop_year(const Words& w, std::vector<bool>& used, std::size_t begin, std::size_t end) {
  for (std::size_t j = begin >= 3 ? begin - 3 : 0; j < begin; ++j)
    if (const std::size_t len = year_at(w, used, j); len && j + len == begin) {
      mark(used, j, begin);
      break;
    }
  std::size_t k = end;
  if (is(w, k, "de") || is(w, k, "from") || is(w, k, "of")) ++k;
  if (const std::size_t len = year_at(w, used, k)) mark(used, end, k + len);
}

bool possessive_or_article(const Words& w, std::size_t i) {
  static constexpr std::string_view kBefore[] = {"ma", "mon", "sa", "notre", "votre", "my", "our",
                                                 "your", "his", "her", "une", "la", "a", "the"};
  for (auto b : kBefore)
    if (is(w, i, b)) return true;
  return false;
}

bool common_model(std::string_view t) {
  for (auto c : kCommonModels)
    if (t == c) return true;
  return false;
}

}  // namespace

std::optional<std::string> find_vehicle(std::string_view said, const Words& w, std::vector<bool>& used,
                                        bool asked) {
  for (std::size_t i = 0; i < w.size(); ++i) {
    if (used[i]) continue;
    const Brand* b = brand_at(w, i);
    if (!b) continue;
    std::size_t begin = i;
    std::size_t after = i + 1;
    if (is(w, after, "rover") || is(w, after, "romeo") || is(w, after, "benz") || is(w, after, "davidson")) ++after;
    std::size_t end = after;
    std::string model = model_from(said, w, used, after, end);
    // "208 Peugeot": the model first, when it was asked and nothing follows the brand.
    if (model.empty() && asked && i > 0 && model_word(said, w, used, i - 1) == 1) {
      begin = i - 1;
      model = written(said, w[i - 1], w[i - 1]);
    }
    mark(used, begin, end);
    drop_year(w, used, begin, end);
    return join(std::string(b->written), model);
  }
  // "une Clio": a model that names its brand. Not asked, only after "ma"/"une"/"my"/"the", and a
  // model that is also a common word ("golf", "focus") only when capitalised.
  for (std::size_t i = 0; i < w.size(); ++i) {
    const auto [code, length] = code_at(w, i);
    const Model* m = used[i] || (length == 2 && used[i + 1]) ? nullptr : model_named(code);
    if (!m || m->brand.empty()) continue;
    if (!asked && (i == 0 || !possessive_or_article(w, i - 1) || m->folded == "model" ||
                   (common_model(m->folded) && !w[i].capitalised)))
      continue;
    for (const auto& b : kBrands)
      if (b.folded == m->brand) {
        std::size_t end = i;
        const std::string model = model_from(said, w, used, i, end);
        mark(used, i, end);
        drop_year(w, used, i, end);
        return join(std::string(b.written), model);
      }
  }
  return std::nullopt;
}

}  // namespace webox::brain
