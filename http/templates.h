// Ready-made assistants, one per trade and language: templates/<trade>.<language>.json compiled
// into the binary (http/CMakeLists.txt), served by GET /api/v1/templates (template_routes.h).
//
//   const AssistantTemplate* t = find_template("hotel", "fr");
//   t->assistant   -> {"name":"Hôtel des Voyageurs","description":…,"language":"fr",
//                      "voice_type":"Polly.Lea","system_prompt":…,"context_data":{"trade":"hotel",…}}
//   find_template("bakery", "fr")   -> nullptr
//   assistant_templates().size()    -> 10, by trade then language
//
// Contract: `assistant` is a minified JSON object that POST /api/v1/assistants accepts once a
// phone_number is added (no other field is needed; none it refuses is there), and its
// context_data passes brain::parse_context (tests/http/templates_test.cc checks both for every
// file). A file that is not valid JSON is a build mistake: reading the catalogue aborts.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace webox::http {

struct AssistantTemplate {
  std::string trade;      // context_data.trade: restaurant, medical, ecommerce, hotel, garage
  std::string language;   // "fr" or "en"
  std::string assistant;  // the draft, minified JSON
};

const std::vector<AssistantTemplate>& assistant_templates();
const AssistantTemplate* find_template(std::string_view trade, std::string_view language);

}  // namespace webox::http
