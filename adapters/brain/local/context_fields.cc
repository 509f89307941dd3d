#include "adapters/brain/local/context_fields.h"

#include "adapters/brain/local/context.h"

namespace webox::brain {

std::string FieldReader::path_of(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void FieldReader::report(std::string_view key, std::string message) {
  problems_.push_back(Error::invalid(path_of(key), std::move(message)));
}

std::optional<simdjson::dom::element> FieldReader::get(std::string_view key) const {
  simdjson::dom::element e;
  if (obj_.at_key(key).get(e) || e.is_null()) return std::nullopt;
  return e;
}

std::optional<std::string> FieldReader::text(std::string_view key, bool numbers_as_text) {
  auto e = get(key);
  if (!e) return std::nullopt;
  std::string_view s;
  if (!e->get_string().get(s)) return std::string(s);
  if (numbers_as_text && e->is_number()) return simdjson::minify(*e);
  report(key, numbers_as_text ? "must be a string or a number" : "must be a string");
  return std::nullopt;
}

std::optional<int> FieldReader::integer(std::string_view key, int min, int max) {
  auto e = get(key);
  if (!e) return std::nullopt;
  std::int64_t v = 0;
  if (e->get_int64().get(v) || v < min || v > max) {
    report(key, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return static_cast<int>(v);
}

std::optional<int> FieldReader::clock(std::string_view key) {
  auto s = text(key);
  if (!s) return std::nullopt;
  auto minutes = parse_clock(*s);
  if (!minutes || *minutes >= 24 * 60) {
    report(key, "expected a time of day \"HH:MM\"");
    return std::nullopt;
  }
  return *minutes;
}

std::optional<std::vector<std::string>> FieldReader::strings(std::string_view key) {
  auto e = get(key);
  if (!e) return std::nullopt;
  std::vector<std::string> out;
  std::string_view s;
  if (!e->get_string().get(s)) return std::vector<std::string>{std::string(s)};
  simdjson::dom::array list;
  if (e->get_array().get(list)) {
    report(key, "must be a list of strings");
    return std::nullopt;
  }
  for (simdjson::dom::element item : list) {
    if (item.get_string().get(s)) {
      report(key, "must be a list of strings");
      return std::nullopt;
    }
    out.emplace_back(s);
  }
  return out;
}

std::optional<std::string> FieldReader::text_or_lines(std::string_view key, std::string_view glue) {
  auto lines = strings(key);
  if (!lines) return std::nullopt;
  std::string out;
  for (const auto& line : *lines) {
    if (!out.empty()) out += glue;
    out += line;
  }
  return out;
}

}  // namespace webox::brain
