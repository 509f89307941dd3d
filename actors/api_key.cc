#include "actors/api_key.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <stdexcept>

#include "events/digest.h"

namespace webox {
namespace {

constexpr std::string_view kPrefix = "wbx_";
constexpr std::size_t kIdHex = 16, kSecretHex = 64;

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), int(bytes)) != 1)
    throw std::runtime_error("RAND_bytes failed");
  return lower_hex(reinterpret_cast<const unsigned char*>(raw.data()), bytes);
}

bool is_lower_hex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

std::string key_hash(std::string_view key) { return sha256_hex(key); }

NewKey make_api_key() {
  NewKey k;
  k.key_id = random_hex(kIdHex / 2);
  k.secret = std::string(kPrefix) + k.key_id + "_" + random_hex(kSecretHex / 2);
  k.sha256 = key_hash(k.secret);
  return k;
}

std::optional<std::string> key_id_of(std::string_view key) {
  if (key.size() != kPrefix.size() + kIdHex + 1 + kSecretHex || !key.starts_with(kPrefix) ||
      key[kPrefix.size() + kIdHex] != '_')
    return std::nullopt;
  auto id = key.substr(kPrefix.size(), kIdHex);
  if (!is_lower_hex(id) || !is_lower_hex(key.substr(kPrefix.size() + kIdHex + 1)))
    return std::nullopt;
  return std::string(id);
}

bool secret_matches(std::string_view key, std::string_view stored_sha256) {
  std::string h = key_hash(key);
  return h.size() == stored_sha256.size() &&
         CRYPTO_memcmp(h.data(), stored_sha256.data(), h.size()) == 0;
}

}  // namespace webox
