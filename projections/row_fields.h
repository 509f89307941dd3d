// The text rows of the read models (private to each model: fields separated by tabs, lists by
// spaces, keys by '/'), taken apart again when a model loads its stored rows.
//
//   auto f = split_fields("2026-12\tpro\t500", '\t');   // {"2026-12", "pro", "500"}
//   std::int64_t quota = 0;
//   parse_int(f[2], quota);                              // true, quota == 500
//   parse_int("5x", quota);                              // false: not all digits
#pragma once

#include <charconv>
#include <string_view>
#include <vector>

namespace webox {

// Every field, empty ones included: "a\t\tb" is {"a", "", "b"}, "" is {""}.
inline std::vector<std::string_view> split_fields(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    auto at = s.find(sep, start);
    out.push_back(s.substr(start, at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

// The whole of `s` as a decimal integer; false (and `out` unspecified) otherwise.
template <class I>
[[nodiscard]] bool parse_int(std::string_view s, I& out) {
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace webox
