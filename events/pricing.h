// What a call costs us: a price table (from the config) applied to what the call used.
//
//   PriceTable prices;                          // the defaults below (≈ 0.10 € a 5-minute call)
//   CallUsage u{.duration_seconds = 61, .stt_units = 4, .llm_tokens = 0, .tts_characters = 950};
//   CallCosted c = cost_call("CA01", "a-1", u, prices);
//   // c.billed_minutes == 2 (Twilio rounds each call up to the minute), c.twilio_micros == 8'000,
//   // c.stt_micros == 4'000, c.llm_micros == 0, c.tts_micros == 19'000, c.total_micros == 31'000
//
// Money is integer micro-units of `currency`; each line is rounded up to the micro-unit, then
// summed, so a total is exactly the sum of its lines.
//
// Defaults, from the original plan's estimate of a 5-minute call (Twilio 0.02 €, speech-to-text
// 0.02 €, GPT-4 0.04 €, ElevenLabs 0.02 €, ≈ 0.10 € in all): Twilio 0.02 € / 5 min = 4,000 per
// minute; speech-to-text 0.02 € / 20 blocks of 15 s = 1,000 per block; LLM 0.04 € for ≈ 2,000
// tokens = 20,000 per 1k tokens; text-to-speech 0.02 € for ≈ 1,000 characters = 20,000 per 1k
// characters. An overage call costs the tenant what an included Starter call does
// (50 € / 100 calls = 500,000).
#pragma once

#include <cstdint>
#include <string>

#include "events/event_types.h"

namespace webox {

struct PriceTable {
  std::string currency = "EUR";
  std::int64_t twilio_per_minute_micros = 4'000;
  std::int64_t stt_per_15s_micros = 1'000;
  std::int64_t llm_per_1k_tokens_micros = 20'000;
  std::int64_t tts_per_1k_characters_micros = 20'000;
  std::int64_t overage_per_call_micros = 500'000;
  friend bool operator==(const PriceTable&, const PriceTable&) = default;
};

// What one call used, as its events tell it.
struct CallUsage {
  std::int32_t duration_seconds = 0;  // CallEnded: Twilio's CallDuration
  std::int32_t stt_units = 0;         // one 15-second block per recognised utterance
  std::int64_t llm_tokens = 0;        // 0 for the local brain
  std::int64_t tts_characters = 0;    // sum of AudioSent.characters
};

CallCosted cost_call(std::string call_sid, std::string assistant_id, const CallUsage& usage,
                     const PriceTable& prices);

}  // namespace webox
