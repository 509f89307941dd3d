// The one JSON object a REST API body must be, parsed with a per-thread simdjson parser.
//
//   auto object = parse_json_object(R"({"name":"Bistro"})");   // Result<simdjson::dom::object>
//   parse_json_object("[1]")  -> Error::invalid("", "the body must be a JSON object")
//   parse_json_object("{")    -> Error::invalid("", "malformed JSON: ...")
//
// The object lives in the thread's parser: read it before this thread parses another body.
// One parser per thread keeps its buffers warm across requests and needs no lock.
#pragma once

#include <simdjson.h>

#include <string_view>

#include "events/result.h"

namespace webox::http {

Result<simdjson::dom::object> parse_json_object(std::string_view body);

}  // namespace webox::http
