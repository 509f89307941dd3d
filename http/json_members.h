// Writing the members of a JSON object one by one, as the API's renderers do: each appends
// `"key":value,` so a renderer ends with `out.back() = '}'`.
//
//   std::string out = "{";
//   json_str(out, "id", "b-1");            // {"id":"b-1",
//   json_num(out, "count", 2);             // {"id":"b-1","count":2,
//   json_opt(out, "phone", std::nullopt);  // {"id":"b-1","count":2,"phone":null,
//   out.back() = '}';
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "events/codec.h"

namespace webox::http {

inline void json_key(std::string& out, std::string_view key) {
  out += '"';
  out += key;  // keys are ours: plain ASCII, nothing to escape
  out += "\":";
}

inline void json_str(std::string& out, std::string_view key, std::string_view value) {
  json_key(out, key);
  append_json_string(out, value);
  out += ',';
}

inline void json_num(std::string& out, std::string_view key, std::int64_t value) {
  json_key(out, key);
  out += std::to_string(value);
  out += ',';
}

inline void json_opt(std::string& out, std::string_view key,
                     const std::optional<std::string>& value) {
  if (value) return json_str(out, key, *value);
  json_key(out, key);
  out += "null,";
}

inline void json_opt(std::string& out, std::string_view key,
                     std::optional<std::int64_t> value) {
  if (value) return json_num(out, key, *value);
  json_key(out, key);
  out += "null,";
}

}  // namespace webox::http
