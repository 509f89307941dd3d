#include "events/result.h"

namespace webox {

const char* to_string(Errc code) noexcept {
  switch (code) {
    case Errc::invalid_argument: return "invalid_argument";
    case Errc::not_found: return "not_found";
    case Errc::conflict: return "conflict";
    case Errc::unknown_type: return "unknown_type";
    case Errc::unsupported_version: return "unsupported_version";
    case Errc::corrupt: return "corrupt";
    case Errc::io: return "io";
    case Errc::unavailable: return "unavailable";
    case Errc::unauthenticated: return "unauthenticated";
    case Errc::forbidden: return "forbidden";
    case Errc::internal: return "internal";
  }
  return "internal";
}

}  // namespace webox
