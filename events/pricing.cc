#include "events/pricing.h"

#include <algorithm>

namespace webox {
namespace {

// units * price / per, rounded up: a fraction of a micro-unit is still charged by suppliers.
std::int64_t charge(std::int64_t units, std::int64_t price, std::int64_t per) {
  if (units <= 0 || price <= 0) return 0;
  return (units * price + per - 1) / per;
}

}  // namespace

CallCosted cost_call(std::string call_sid, std::string assistant_id, const CallUsage& usage,
                     const PriceTable& prices) {
  CallCosted c;
  c.call_sid = std::move(call_sid);
  c.assistant_id = std::move(assistant_id);
  c.currency = prices.currency;
  c.billed_minutes = (std::max(usage.duration_seconds, 0) + 59) / 60;
  c.stt_units = std::max(usage.stt_units, 0);
  c.llm_tokens = std::max<std::int64_t>(usage.llm_tokens, 0);
  c.tts_characters = std::max<std::int64_t>(usage.tts_characters, 0);
  c.twilio_micros = charge(c.billed_minutes, prices.twilio_per_minute_micros, 1);
  c.stt_micros = charge(c.stt_units, prices.stt_per_15s_micros, 1);
  c.llm_micros = charge(c.llm_tokens, prices.llm_per_1k_tokens_micros, 1000);
  c.tts_micros = charge(c.tts_characters, prices.tts_per_1k_characters_micros, 1000);
  c.total_micros = c.twilio_micros + c.stt_micros + c.llm_micros + c.tts_micros;
  return c;
}

}  // namespace webox
