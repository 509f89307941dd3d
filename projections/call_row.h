// The stored form of a call in the "calls" read model: one JSON object per call.
//
//   std::string row = encode_call_row(detail);
//   Result<CallDetail> back = decode_call_row(row);   // == detail
//
// Fields are written in one fixed order and doubles in their shortest round-trip form, so the
// bytes depend only on the detail: the rebuild check compares rows byte for byte.
// Private to projections/.
#pragma once

#include <string>
#include <string_view>

#include "events/result.h"
#include "projections/call_views.h"

namespace webox {

std::string encode_call_row(const CallDetail& d);
[[nodiscard]] Result<CallDetail> decode_call_row(std::string_view row);

}  // namespace webox
