#include "http/json_body.h"

#include <string>

namespace webox::http {

Result<simdjson::dom::object> parse_json_object(std::string_view body) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto err = parser.parse(body.data(), body.size()).get(root))
    return Error::invalid("", std::string("malformed JSON: ") + simdjson::error_message(err));
  simdjson::dom::object object;
  if (root.get(object)) return Error::invalid("", "the body must be a JSON object");
  return object;
}

}  // namespace webox::http
