// The NATS subject an event is published on: webox.<tenant>.<category>.<EventType>.
//
//   nats_subject("t1", "call-CA01", "CallStarted")          -> "webox.t1.call.CallStarted"
//   nats_subject("default", "assistant-a1", "AssistantCreated")
//                                                          -> "webox.default.assistant.AssistantCreated"
//   nats_subject("", "weird stream", "X")                   -> "webox._.weird_stream.X"
//
// The category is the stream's prefix before its first '-' (call, assistant, tenant, apikey,
// booking, ...): a consumer subscribes to `webox.*.call.>` for every call event of every tenant,
// or `webox.t1.>` for everything of one tenant.
//
// Tenant ids are slugs ([a-z0-9-], actors/tenant_rules.h), so they are subject tokens as they
// are. Each token is still made safe, because a '.', '*', '>' or space would change which
// subscriptions match and old logs were not checked: any byte outside [A-Za-z0-9_-] becomes
// '_', and an empty token becomes "_".
#pragma once

#include <string>
#include <string_view>

#include "events/envelope.h"

namespace webox::nats {

inline constexpr std::string_view kSubjectRoot = "webox";

std::string nats_subject(std::string_view tenant, std::string_view stream, std::string_view type);
std::string nats_subject(const Envelope& e);

}  // namespace webox::nats
