// Lowercase hex and SHA-256, shared by everything that names bytes in text: API-key hashes,
// webhook request ids, Twilio's bodySHA256, key files.
//
//   lower_hex(bytes, 3)         -> "0a1bff"
//   sha256_hex("{}")            -> "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace webox {

std::string lower_hex(const unsigned char* bytes, std::size_t n);

// SHA-256 of `data` as 64 lowercase hex digits. The algorithm is fetched once: OpenSSL 3
// otherwise looks it up by name, under a lock, on every digest, which cost more than hashing a
// webhook body (every webhook's request id and every API request's key check is one).
std::string sha256_hex(std::string_view data);

}  // namespace webox
