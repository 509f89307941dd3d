// What makes an assistant valid, checked by the assistant actor before any event is written.
//
//   validate_profile(p)          -> Status; Error::invalid("phone_number", "...E.164...")
//   validate_patch(patch)        -> Status; only the fields present are checked
//   apply_patch(profile, patch)  -> the profile the patch would produce
//
// The HTTP layer checks shapes (JSON types); these rules are the business's, and hold whoever
// sends the command.
#pragma once

#include "events/event_types.h"
#include "events/result.h"

namespace webox {

Status validate_profile(const AssistantProfile& p);
Status validate_patch(const AssistantUpdated& patch);
AssistantProfile apply_patch(AssistantProfile profile, const AssistantUpdated& patch);
// '+', a country code (never starting with 0), 8 to 15 digits in all.
bool is_e164(std::string_view phone);

}  // namespace webox
