// The OpenAPI 3.0 description of the whole HTTP API, served at GET /api/v1/openapi.json.
//
//   std::string_view doc = openapi_document();   // valid JSON, every route of http/router.cc
//
// The document is http/openapi.json, compiled in (so the binary answers without files next to
// it); tests/http/openapi_test.cc checks that it parses and that every path the router serves
// is described.
#pragma once

#include <string_view>

namespace webox::http {

std::string_view openapi_document();

}  // namespace webox::http
