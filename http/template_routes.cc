#include "http/template_routes.h"

#include "adapters/brain/local/context.h"
#include "http/problem.h"
#include "http/query_params.h"
#include "http/templates.h"

namespace webox::http {
namespace {

constexpr std::string_view kLanguageRule = "expected \"fr\" or \"en\"";

bool is_language(std::string_view s) { return s == "fr" || s == "en"; }

void append_template(std::string& out, const AssistantTemplate& t) {
  out += R"({"trade":")" + t.trade + R"(","language":")" + t.language + R"(","assistant":)";
  out += t.assistant;
  out += '}';
}

}  // namespace

void list_templates(const Request& request, Respond respond) {
  auto p = query_parameters(request, {"trade", "language"});
  if (!p) return respond(problem(p.error()));
  const std::string trade = p->value_or("trade");
  const std::string language = p->value_or("language");
  if (p->get("trade") && !brain::is_trade(trade))
    return respond(problem(400, "expected restaurant, medical, ecommerce, hotel or garage", "trade"));
  if (p->get("language") && !is_language(language))
    return respond(problem(400, kLanguageRule, "language"));
  std::string out = R"({"templates":[)";
  int count = 0;
  for (const auto& t : assistant_templates()) {
    if ((!trade.empty() && t.trade != trade) || (!language.empty() && t.language != language))
      continue;
    if (count++) out += ',';
    append_template(out, t);
  }
  out += "],\"count\":" + std::to_string(count) + "}";
  respond(json_response(200, std::move(out)));
}

void get_template(std::string_view trade, const Request& request, Respond respond) {
  auto p = query_parameters(request, {"language"});
  if (!p) return respond(problem(p.error()));
  if (!brain::is_trade(trade))
    return respond(problem(404, "no template for trade \"" + std::string(trade) +
                                    "\"; the trades are restaurant, medical, ecommerce, hotel, garage"));
  const std::string language = p->get("language") ? p->value_or("language") : "fr";
  if (!is_language(language)) return respond(problem(400, kLanguageRule, "language"));
  const AssistantTemplate* t = find_template(trade, language);
  if (!t) return respond(problem(404, "no template for " + std::string(trade) + " in " + language));
  std::string out;
  append_template(out, *t);
  respond(json_response(200, std::move(out)));
}

}  // namespace webox::http
