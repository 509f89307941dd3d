// The assistant templates API (http/templates.h). Authenticated like every /api/v1 route (any
// key may read); the templates are the engine's, the same for every tenant.
//
//   GET /api/v1/templates[?trade=hotel&language=fr]
//       -> 200 {"templates":[{"trade":"hotel","language":"fr","assistant":{…}}, …],"count":1}
//          by trade then language; 400 problem naming "trade" or "language" for a value that is
//          not one of the five trades or "fr" / "en"
//   GET /api/v1/templates/{trade}[?language=fr]        (language defaults to "fr")
//       -> 200 {"trade":"hotel","language":"fr","assistant":{…}}
//       -> 404 problem for a trade that is not one of the five; 400 naming "language"
//
// `assistant` is a draft for POST /api/v1/assistants: add a phone_number, edit, send.
#pragma once

#include <string_view>

#include "http/message.h"

namespace webox::http {

void list_templates(const Request& request, Respond respond);
void get_template(std::string_view trade, const Request& request, Respond respond);

}  // namespace webox::http
