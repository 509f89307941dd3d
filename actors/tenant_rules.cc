#include "actors/tenant_rules.h"

#include <sys/stat.h>

#include <string>

namespace webox {
namespace {

bool is_slug_char(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; }

Status check_name(std::string_view name) {
  if (name.empty()) return Error::invalid("name", "must not be empty");
  if (name.size() > 200) return Error::invalid("name", "must have at most 200 bytes");
  return {};
}

Status check_time_zone(std::string_view tz) {
  if (tz == "UTC") return {};
  // Names are paths under /usr/share/zoneinfo: refuse anything that could leave it.
  bool shaped = !tz.empty() && tz.size() <= 64 && tz.front() != '/' &&
                tz.find("..") == std::string_view::npos;
  for (char c : tz)
    shaped = shaped && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '/' || c == '_' || c == '-' || c == '+');
  struct stat st {};
  std::string path = "/usr/share/zoneinfo/" + std::string(tz);
  if (!shaped || ::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
    return Error::invalid("time_zone", "unknown time zone \"" + std::string(tz) +
                                           "\"; use an IANA name such as \"Europe/Paris\"");
  return {};
}

Status check_plan(std::string_view plan) {
  for (auto p : kPlans)
    if (plan == p) return {};
  return Error::invalid("plan", "must be \"starter\", \"pro\" or \"business\"");
}

Status check_account_sid(std::string_view sid) {
  if (sid.empty()) return {};
  bool ok = sid.size() == 34 && sid.starts_with("AC");
  for (std::size_t i = 2; ok && i < sid.size(); ++i)
    ok = (sid[i] >= '0' && sid[i] <= '9') || (sid[i] >= 'a' && sid[i] <= 'f') ||
         (sid[i] >= 'A' && sid[i] <= 'F');
  if (!ok) return Error::invalid("twilio_account_sid", "must be \"AC\" followed by 32 hex digits");
  return {};
}

Status check_auth_token(std::string_view token) {
  if (token.empty()) return {};
  bool ok = token.size() >= 8 && token.size() <= 128;
  for (char c : token) ok = ok && c > ' ' && c < 0x7F;
  // The message never repeats the token: it is a secret even when it is wrong.
  if (!ok)
    return Error::invalid("twilio_auth_token", "must be 8 to 128 visible ASCII characters");
  return {};
}

}  // namespace

Status validate_tenant_id(std::string_view id) {
  bool ok = !id.empty() && id.size() <= 40 && id.front() != '-' && id.back() != '-';
  for (char c : id) ok = ok && is_slug_char(c);
  if (!ok)
    return Error::invalid("id", "must be 1 to 40 of a-z, 0-9 and '-', not starting or ending "
                                "with '-'");
  return {};
}

Status validate_tenant_spec(const TenantSpec& s) {
  if (!s.id.empty())
    if (auto st = validate_tenant_id(s.id); !st) return st;
  for (auto st : {check_name(s.name), check_time_zone(s.time_zone), check_plan(s.plan),
                  check_account_sid(s.twilio_account_sid), check_auth_token(s.twilio_auth_token)})
    if (!st) return st;
  return {};
}

Status validate_tenant_patch(const TenantPatch& p) {
  if (p.name)
    if (auto st = check_name(*p.name); !st) return st;
  if (p.time_zone)
    if (auto st = check_time_zone(*p.time_zone); !st) return st;
  if (p.retention_days && (*p.retention_days < 0 || *p.retention_days > 36500))
    return Error::invalid("retention_days", "must be 0 (keep forever) to 36500");
  if (p.plan)
    if (auto st = check_plan(*p.plan); !st) return st;
  if (p.twilio_account_sid)
    if (auto st = check_account_sid(*p.twilio_account_sid); !st) return st;
  if (p.twilio_auth_token)
    if (auto st = check_auth_token(*p.twilio_auth_token); !st) return st;
  return {};
}

Status validate_role(std::string_view role) {
  if (role == "owner" || role == "viewer") return {};
  return Error::invalid("role", "must be \"owner\" or \"viewer\"");
}

Status validate_key_name(std::string_view name) {
  if (name.size() > 100) return Error::invalid("name", "must have at most 100 bytes");
  return {};
}

}  // namespace webox
