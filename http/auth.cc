#include "http/auth.h"

namespace webox::http {
namespace {

// RFC 6750 §2.1: "Bearer" is case-insensitive, then one or more spaces, then the token.
std::string_view bearer_token(const Request& request) {
  const std::string* h = request.header("Authorization");
  if (!h || h->size() < 7 || !iequals(std::string_view(*h).substr(0, 7), "Bearer ")) return {};
  std::string_view token = std::string_view(*h).substr(7);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  return token;
}

}  // namespace

Result<Access> authorize(const Engine& engine, const Request& request, Need need) {
  auto who = engine.authenticate(bearer_token(request));
  if (!who) return std::move(who).error();
  const std::string* named = request.header("X-Webox-Tenant");
  Access access{*who, Scope{who->tenant_id}};
  if (who->role == Role::admin) {
    if (named) access.scope.tenant_id = *named;
    return access;
  }
  if (need == Need::admin)
    return Error::make(Errc::forbidden, "only the engine's admin key may do this");
  if (need == Need::write && who->role == Role::viewer)
    return Error::make(Errc::forbidden, "a viewer key may only read");
  if (named && *named != who->tenant_id)
    return Error::make(Errc::forbidden, "this key belongs to another tenant than X-Webox-Tenant");
  return access;
}

}  // namespace webox::http
