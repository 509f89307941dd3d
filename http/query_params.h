// A request's query string as named parameters, each allowed at most once and only if listed.
//
//   auto p = query_parameters(req, {"assistant_id", "limit"});   // "/x?limit=5&limit=6"
//   // -> Error::invalid("limit", "given more than once"); "/x?foo=1" -> "foo": unknown
//   p->value_or("assistant_id");                                   // "" when absent
//   limit_parameter(*p, 500);     // nullopt when absent; "limit=0" -> Error::invalid("limit")
#pragma once

#include <initializer_list>
#include <optional>
#include <string_view>

#include "adapters/twilio/form.h"
#include "http/message.h"

namespace webox::http {

std::string_view query_of(const Request& req);
Result<twilio::FormParams> query_parameters(const Request& req,
                                            std::initializer_list<std::string_view> allowed);
// The "limit" parameter when given: an integer from 1 to `max` (Error::invalid("limit") else).
Result<std::optional<std::size_t>> limit_parameter(const twilio::FormParams& p, std::size_t max);

}  // namespace webox::http
