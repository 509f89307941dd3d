// The engine's master key: seals tenant secrets (storage/sealed_box.h).
//
//   auto key = load_or_create_master_key("./data/master.key");   // Result<SecretKey>
//
// The file holds 64 hex digits and a newline. When it does not exist it is created with a
// fresh random key, mode 0600, before anything is sealed with it; when it exists with other
// permissions than owner-only, or holds anything else, that is an error naming the file, never a
// silent new key (which would make every sealed secret unreadable). Back it up with the data:
// without it the tenants' Twilio auth tokens are lost.
#pragma once

#include <string>

#include "events/result.h"
#include "storage/sealed_box.h"

namespace webox {

[[nodiscard]] Result<SecretKey> load_or_create_master_key(const std::string& path);

}  // namespace webox
