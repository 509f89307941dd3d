#include "http/rules.h"

namespace webox::http {

bool is_call_sid(std::string_view sid) {
  if (sid.empty() || sid.size() > 64) return false;
  for (char c : sid) {
    bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace webox::http
