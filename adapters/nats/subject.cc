#include "adapters/nats/subject.h"

namespace webox::nats {
namespace {

void append_token(std::string& out, std::string_view token) {
  out += '.';
  if (token.empty()) {
    out += '_';
    return;
  }
  for (char c : token) {
    bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '-';
    out += safe ? c : '_';
  }
}

}  // namespace

std::string nats_subject(std::string_view tenant, std::string_view stream, std::string_view type) {
  std::string out(kSubjectRoot);
  out.reserve(kSubjectRoot.size() + tenant.size() + type.size() + 16);
  append_token(out, tenant);
  append_token(out, stream.substr(0, stream.find('-')));
  append_token(out, type);
  return out;
}

std::string nats_subject(const Envelope& e) { return nats_subject(e.tenant, e.stream, e.type()); }

}  // namespace webox::nats
