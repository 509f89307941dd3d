// What callers ask a business and what the engine answers from its context_data
// (adapters/brain/local/knowledge.h), against recorded questions:
// tests/data/brain/knowledge/questions.txt, over the businesses of the same folder.
#include <catch2/catch.hpp>

#include <simdjson.h>

#include <fstream>
#include <sstream>
#include <string>

#include "adapters/brain/local/knowledge.h"

using namespace webox;
using namespace webox::brain;

namespace {

const std::string kDir = std::string(WEBOX_TEST_DATA_DIR) + "/brain/knowledge/";
const std::string kTemplates = std::string(WEBOX_TEST_DATA_DIR) + "/../../templates/";

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string trimmed(std::string s) {
  while (!s.empty() && s.front() == ' ') s.erase(0, 1);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// What the functions found, as the file writes it ("-" for nothing).
std::string got(const BusinessContext& c, const std::string& kind, const std::string& input) {
  auto text = [](auto* p, auto member) { return p ? p->*member : std::string("-"); };
  if (kind == "service") return text(find_service(c, tokenize(input)), &Service::name);
  if (kind == "practitioner")
    return text(find_practitioner(c, tokenize(input)), &Practitioner::name);
  if (kind == "order") return text(lookup_order(c, input), &Order::status);
  if (kind == "room") {
    const RoomType* r = find_room(c, input);
    return r && !r->price.empty() ? r->price : "-";
  }
  if (kind == "ask") {  // "<fr|en> <utterance>"
    auto answer = answer_question(c, tokenize(input.substr(3)), input.substr(0, 2));
    return answer.value_or("-");
  }
  if (kind == "price") return price_of(c, input.substr(3), input.substr(0, 2)).value_or("-");
  if (kind == "detail") {  // "<number> <fr|en> <utterance>"
    const auto space = input.find(' ');
    const Order* o = lookup_order(c, input.substr(0, space));
    REQUIRE(o);
    const std::string rest = input.substr(space + 1);
    return order_detail(*o, tokenize(rest.substr(3)), rest.substr(0, 2)).value_or("-");
  }
  FAIL("unknown line kind " << kind);
  return {};
}

// A template's context_data, as an assistant made from it stores it.
std::string context_data(const std::string& path) {
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  const std::string json = file_text(path);
  REQUIRE_FALSE(parser.parse(json)["context_data"].get(e));
  return simdjson::minify(e);
}

}  // namespace

TEST_CASE("callers' questions get the recorded answers", "[brain][knowledge][data]") {
  std::ifstream in(kDir + "questions.txt");
  REQUIRE(in.good());
  BusinessContext context;
  int n = 0, checks = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    const auto space = line.find(' ');
    const std::string kind = line.substr(0, space);
    const std::string rest = line.substr(space + 1);
    if (kind == "context" || kind == "template") {
      auto c = parse_context(kind == "context" ? file_text(kDir + trimmed(rest))
                                               : context_data(kTemplates + trimmed(rest) + ".json"));
      INFO(rest);
      REQUIRE(c);  // the recorded businesses are valid: the strict reading must accept them
      context = std::move(*c);
      continue;
    }
    const auto arrow = rest.rfind(" -> ");
    INFO("line " << n << ": " << line);
    REQUIRE(arrow != std::string::npos);
    CHECK(got(context, kind, trimmed(rest.substr(0, arrow))) == trimmed(rest.substr(arrow + 4)));
    ++checks;
  }
  CHECK(checks > 140);
}

TEST_CASE("knowledge from an empty context answers nothing", "[brain][knowledge]") {
  BusinessContext c;
  CHECK_FALSE(answer_question(c, tokenize("Combien ça coûte ?"), "fr"));
  CHECK_FALSE(answer_question(c, tokenize("What time is check-in?"), "en"));
  CHECK_FALSE(answer_question(c, tokenize("Quel est le menu ?"), "fr"));
  CHECK_FALSE(answer_question(c, tokenize(""), "fr"));
  CHECK(find_service(c, tokenize("vidange")) == nullptr);
  CHECK(find_practitioner(c, tokenize("docteur Martin")) == nullptr);
  CHECK(lookup_order(c, "CMD-1") == nullptr);
  CHECK(find_room(c, "double") == nullptr);
}

TEST_CASE("room labels in both languages", "[brain][knowledge]") {
  CHECK(room_label("twin", "fr") == "chambre à lits jumeaux");
  CHECK(room_label("family", "en-GB") == "family room");
  CHECK(room_label("suite", "fr-FR") == "suite");
  CHECK(room_label("penthouse", "en") == "penthouse");
}

TEST_CASE("the header's worked example holds", "[brain][knowledge]") {
  auto c = parse_context(R"({"trade": "garage", "check_in": "15:00",
      "services": [{"name": "Vidange", "price": "89 €", "keywords": ["huile", "oil change"]},
                   {"name": "Changement de pneus", "price": "45 € le pneu"}],
      "orders": [{"number": "CMD-1042", "status": "expédiée"}],
      "faq": [{"keywords": ["parking", "garer"], "answer": "Un parking gratuit est derrière."}]})");
  REQUIRE(c);
  REQUIRE(lookup_order(*c, "cmd 1042"));
  CHECK(lookup_order(*c, "cmd 1042")->status == "expédiée");
  CHECK(find_service(*c, tokenize("il me faut des pneus"))->name == "Changement de pneus");
  CHECK(find_service(*c, tokenize("an oil change"))->name == "Vidange");
  CHECK(answer_question(*c, tokenize("Où est-ce que je peux me garer ?"), "fr") ==
        "Un parking gratuit est derrière.");
  CHECK(answer_question(*c, tokenize("Combien coûte la vidange ?"), "fr") == "Vidange : 89 €.");
  CHECK_FALSE(answer_question(*c, tokenize("Bonjour"), "fr"));
  CHECK(answer_question(*c, tokenize("C'est combien la vidange ? et vous avez un parking ?"),
                        "fr") == "Vidange : 89 €. Un parking gratuit est derrière.");
  CHECK(price_of(*c, "Vidange", "fr") == "Vidange : 89 €.");
  REQUIRE(lookup_order(*c, "1042"));
  CHECK(lookup_order(*c, "1042")->status == "expédiée");
  CHECK(order_detail(*lookup_order(*c, "1042"), tokenize("et elle arrive quand ?"), "fr") ==
        "Je n'ai pas de date de livraison pour cette commande, qui est expédiée.");
}

TEST_CASE("several questions: one answer each, at most 3, none twice", "[brain][knowledge]") {
  auto c = parse_context(R"({"faq": [
      {"keywords": ["parking"], "answer": "P."}, {"keywords": ["wifi"], "answer": "W."},
      {"keywords": ["chien"], "answer": "C."}, {"keywords": ["piscine"], "answer": "S."},
      {"keywords": ["garer"], "answer": "P."}]})");
  REQUIRE(c);
  CHECK(answer_questions(*c, tokenize("le wifi ? et le parking ?"), "fr") ==
        std::vector<std::string>{"W.", "P."});
  CHECK(answer_questions(*c, tokenize("le parking et où se garer ?"), "fr") ==
        std::vector<std::string>{"P."});
  CHECK(answer_questions(*c, tokenize("piscine et wifi et chien et parking"), "fr") ==
        std::vector<std::string>{"S.", "W.", "C."});
  CHECK(answer_question(*c, tokenize("wifi et chien"), "fr") == "W. C.");
  CHECK(answer_questions(*c, tokenize("bonjour"), "fr").empty());
}

TEST_CASE("the price list says every price up to 8, then how many more", "[brain][knowledge]") {
  std::string services;
  for (int i = 1; i <= 10; ++i)
    services += (i > 1 ? "," : "") + std::string(R"({"name": "S)") + std::to_string(i) +
                R"(", "price": ")" + std::to_string(i) + R"( €"})";
  auto ten = parse_context(R"({"services": [)" + services + "]}");
  REQUIRE(ten);
  CHECK(answer_question(*ten, tokenize("Quels sont vos tarifs ?"), "fr") ==
        "Nos tarifs : S1 : 1 €; S2 : 2 €; S3 : 3 €; S4 : 4 €; S5 : 5 €; S6 : 6 €; S7 : 7 €; "
        "S8 : 8 €; et 2 autres.");
  CHECK(answer_question(*ten, tokenize("What are your prices?"), "en")->ends_with(
        "S8: 8 €; and 2 more."));
  ten->services.resize(8);
  CHECK(answer_question(*ten, tokenize("What are your prices?"), "en")->ends_with("S8: 8 €."));
}

TEST_CASE("price_of: a service by name or keyword, a room by type or label", "[brain][knowledge]") {
  auto c = parse_context(R"({"services": [{"name": "Brake pads", "price": "$149", "keywords": ["brakes"]},
                                          {"name": "Diagnostics"}],
                             "rooms": [{"type": "family", "price": "£210 a night"}, {"type": "double"}]})");
  REQUIRE(c);
  CHECK(price_of(*c, "Brake pads", "en") == "Brake pads: $149.");
  CHECK(price_of(*c, "BRAKE PADS", "fr") == "Brake pads : $149.");
  CHECK(price_of(*c, "brakes", "en") == "Brake pads: $149.");
  CHECK(price_of(*c, "family", "en") == "Family room: £210 a night.");
  CHECK(price_of(*c, "chambre familiale", "fr") == "Chambre familiale : £210 a night.");
  CHECK_FALSE(price_of(*c, "Diagnostics", "en"));  // no price given
  CHECK_FALSE(price_of(*c, "double", "en"));
  CHECK_FALSE(price_of(*c, "suite", "en"));        // not a room of this business
  CHECK_FALSE(price_of(*c, "", "en"));
}
