#include "adapters/twilio/form.h"

#include <algorithm>
#include <cstdint>

#include "events/utf8.h"

namespace webox::twilio {
namespace {

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// Decodes one key or value; `field` is what an error names.
Result<std::string> decode_component(std::string_view raw, const std::string& field,
                                     std::size_t base_offset) {
  // Built only for an error: a webhook body has ~40 components, and this string was two
  // allocations for each of them.
  auto where = [&] { return " (pair at body offset " + std::to_string(base_offset) + ")"; };
  auto decoded = percent_decode(raw);
  if (!decoded) return Error::invalid(field, decoded.error().message + where());
  if (auto bad = first_invalid_utf8(*decoded); bad != std::string_view::npos) {
    return Error::invalid(field, "invalid UTF-8 at decoded byte " + std::to_string(bad) + where());
  }
  return decoded;
}

}  // namespace

const std::string* FormParams::get(std::string_view key) const {
  for (const auto& [k, v] : pairs) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::string FormParams::value_or(std::string_view key, std::string_view fallback) const {
  const std::string* v = get(key);
  return v ? *v : std::string(fallback);
}

std::vector<std::string_view> FormParams::all(std::string_view key) const {
  std::vector<std::string_view> out;
  for (const auto& [k, v] : pairs) {
    if (k == key) out.emplace_back(v);
  }
  return out;
}

bool FormParams::has(std::string_view key) const { return get(key) != nullptr; }

Result<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else if (c == '%') {
      const int hi = i + 1 < text.size() ? hex_value(text[i + 1]) : -1;
      const int lo = i + 2 < text.size() ? hex_value(text[i + 2]) : -1;
      if (hi < 0 || lo < 0) {
        return Error::invalid("body", "bad percent escape \"" + std::string(text.substr(i, 3)) +
                                          "\" at offset " + std::to_string(i));
      }
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c)) {
      out.push_back(ch);
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

Result<FormParams> parse_form(std::string_view body) {
  FormParams form;
  form.pairs.reserve(std::size_t(std::count(body.begin(), body.end(), '&')) + 1);
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find('&', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view segment = body.substr(start, end - start);
    if (!segment.empty()) {
      const std::size_t eq = segment.find('=');
      const std::string_view raw_key = segment.substr(0, eq);
      const std::string_view raw_value =
          eq == std::string_view::npos ? std::string_view{} : segment.substr(eq + 1);
      auto key = decode_component(raw_key, "body", start);
      if (!key) return Error::invalid("body", "key: " + key.error().message);
      auto value = decode_component(raw_value, *key, start);
      if (!value) return std::move(value).error();
      form.pairs.emplace_back(std::move(*key), std::move(*value));
    }
    start = end + 1;
  }
  return form;
}

std::string form_encode(const FormParams& form) {
  std::string out;
  for (const auto& [k, v] : form.pairs) {
    if (!out.empty()) out.push_back('&');
    out += percent_encode(k);
    out.push_back('=');
    out += percent_encode(v);
  }
  return out;
}

}  // namespace webox::twilio
