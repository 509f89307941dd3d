// API keys: how they look, how they are made, and how one is checked against its stored hash.
//
//   NewKey k = make_api_key();
//   // k.key_id  == "3f2a9c1e5b7d4e60"
//   // k.secret  == "wbx_3f2a9c1e5b7d4e60_<64 hex digits>"   shown once, never stored
//   // k.sha256  == sha256 hex of k.secret                    what ApiKeyCreated keeps
//   key_id_of("wbx_3f2a9c1e5b7d4e60_...")  -> "3f2a9c1e5b7d4e60"   (std::nullopt if malformed)
//   secret_matches(k.secret, k.sha256)     -> true, in constant time
//
// The id inside the key lets a check find the one hash to compare instead of hashing against
// every key; the 256 random bits after it make hashing with plain SHA-256 safe (no password
// stretching needed: nobody guesses 2^256).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace webox {

struct NewKey {
  std::string key_id, secret, sha256;
};

NewKey make_api_key();
std::optional<std::string> key_id_of(std::string_view key);
std::string key_hash(std::string_view key);
bool secret_matches(std::string_view key, std::string_view stored_sha256);

}  // namespace webox
