#include "http/connection_limits.h"

#include <cstdio>

namespace webox::http {

std::string address_key(const std::array<unsigned char, 16>& b) {
  char out[48];
  const bool v4_mapped = b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 0 && b[4] == 0 &&
                         b[5] == 0 && b[6] == 0 && b[7] == 0 && b[8] == 0 && b[9] == 0 &&
                         b[10] == 0xff && b[11] == 0xff;
  if (v4_mapped) {
    std::snprintf(out, sizeof out, "%u.%u.%u.%u", b[12], b[13], b[14], b[15]);
  } else {
    // The /64 prefix in the usual lowercase hex groups; the zero-run shorthand is not needed
    // for a key, only stability.
    std::snprintf(out, sizeof out, "%x:%x:%x:%x::/64", (b[0] << 8) | b[1], (b[2] << 8) | b[3],
                  (b[4] << 8) | b[5], (b[6] << 8) | b[7]);
  }
  return out;
}

ConnectionLimits::Verdict ConnectionLimits::open(std::string_view address) {
  std::lock_guard lock(mutex_);
  if (options_.max_total != 0 && total_ >= options_.max_total) return Verdict::too_many_total;
  auto it = per_address_.find(address);
  if (options_.max_per_address != 0 && it != per_address_.end() &&
      it->second >= options_.max_per_address) {
    return Verdict::too_many_from_address;
  }
  if (it == per_address_.end()) it = per_address_.emplace(std::string(address), 0).first;
  ++it->second;
  ++total_;
  return Verdict::ok;
}

void ConnectionLimits::close(std::string_view address) {
  std::lock_guard lock(mutex_);
  auto it = per_address_.find(address);
  if (it == per_address_.end()) return;  // a bug upstream; never underflow
  if (--it->second == 0) per_address_.erase(it);
  --total_;
}

std::size_t ConnectionLimits::total() const {
  std::lock_guard lock(mutex_);
  return total_;
}

}  // namespace webox::http
