#include "http/query_params.h"

#include <charconv>
#include <string>

namespace webox::http {

std::string_view query_of(const Request& req) {
  auto q = req.target.find('?');
  return q == std::string::npos ? std::string_view() : std::string_view(req.target).substr(q + 1);
}

Result<twilio::FormParams> query_parameters(const Request& req,
                                            std::initializer_list<std::string_view> allowed) {
  auto form = twilio::parse_form(query_of(req));
  if (!form) return std::move(form).error();
  for (const auto& [k, v] : form->pairs) {
    bool known = false;
    for (auto a : allowed) known |= (k == a);
    if (!known) return Error::invalid(k, "unknown query parameter");
    if (form->all(k).size() > 1) return Error::invalid(k, "given more than once");
  }
  return form;
}

Result<std::optional<std::size_t>> limit_parameter(const twilio::FormParams& p, std::size_t max) {
  auto l = p.get("limit");
  if (!l) return std::optional<std::size_t>{};
  std::size_t n = 0;
  auto r = std::from_chars(l->data(), l->data() + l->size(), n);
  if (r.ec != std::errc() || r.ptr != l->data() + l->size() || n < 1 || n > max)
    return Error::invalid("limit", "expected an integer from 1 to " + std::to_string(max));
  return std::optional<std::size_t>(n);
}

}  // namespace webox::http
