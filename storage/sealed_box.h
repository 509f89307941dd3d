// Secrets at rest: AES-256-GCM with a 256-bit key, the nonce and tag carried in the output.
//
//   SecretKey key = SecretKey::random();
//   std::string box = seal(key, "twilio-auth-token", /*bound_to=*/"tenant-bistro");
//   auto back = unseal(key, box, "tenant-bistro");    // Result<std::string>: the token
//   unseal(key, box, "tenant-other");                 // Errc::corrupt: bound to another owner
//
// Layout of a box (then base64 with '=' padding, so it fits in a JSON string):
//
//   +---------+------------------+---------------------+-----------------+
//   | version | nonce (12 bytes) | ciphertext (n bytes)| tag (16 bytes)  |
//   | 0x01    | random           | AES-256-GCM         | GCM tag         |
//   +---------+------------------+---------------------+-----------------+
//
// `bound_to` is GCM's additional authenticated data: a box copied into another tenant's
// record fails to open instead of lending its secret. Nonces are random: 2^32 seals under one
// key keep the collision risk below 2^-32, far beyond what tenant secrets will ever need.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "events/result.h"

namespace webox {

class SecretKey {
 public:
  static constexpr std::size_t kBytes = 32;
  static SecretKey random();
  // 64 hex digits (either case), as kept in the master key file or WEBOX_MASTER_KEY.
  static Result<SecretKey> from_hex(std::string_view hex);
  std::string hex() const;
  const std::array<std::uint8_t, kBytes>& bytes() const { return bytes_; }

 private:
  std::array<std::uint8_t, kBytes> bytes_{};
};

[[nodiscard]] std::string seal(const SecretKey& key, std::string_view plaintext,
                               std::string_view bound_to);
// Errc::corrupt when the box is not base64, too short, of an unknown version, or fails the
// GCM check (wrong key, wrong `bound_to`, altered bytes). Never returns partial plaintext.
[[nodiscard]] Result<std::string> unseal(const SecretKey& key, std::string_view box,
                                         std::string_view bound_to);

}  // namespace webox
