// The assistant's brain: decides what to say and do on each turn of a call.
//
//   std::unique_ptr<Brain> brain = make_local_brain();
//   auto conv = brain->start(CallContext{.call_sid = "CA01", .assistant_id = "a-1",
//                                        .profile = profile, .started_at = now_micros()});
//   Reply hello = conv->greet();                    // "Bonjour, restaurant Chez Marcel ..."
//   Reply r = conv->hear("une table pour quatre demain à 20h", 0.92);
//   // r.text asks for the name; after the read-back and a yes, a Reply carries r.tool
//   // (make_booking, adapters/brain/tool_set.h) and no text: the engine books and calls
//   // conv->result(...), whose Reply says whether the table is booked.
//
// Contract: a Conversation is deterministic. Given the same CallContext and the same sequence of
// hear() calls it produces the same replies, which is how a call actor rebuilds its state from
// the log after a restart (re-feed the utterances, ignore the outputs). "Today" for relative
// days ("demain", "tomorrow") is `started_at` in the business's time zone, never the wall clock.
// hear("") means the caller said nothing (a Gather timed out). A tool's result is part of that
// sequence: result() is called exactly once after each Reply that carries a tool, before the
// next hear(). A check_availability's result may carry another check_availability (the next
// practitioner, the caller having no preference): the engine runs it in the same turn, up to
// four more; any other tool in a result's Reply is not run.
//
// The local engine implements it now; cloud LLMs implement the same interface later.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/clock.h"
#include "adapters/brain/tool_set.h"
#include "events/event_types.h"

namespace webox {

struct CallContext {
  std::string call_sid;
  std::string assistant_id;
  std::string from;
  AssistantProfile profile;  // language, context_data (hours, capacity, address, ...) etc.
  Micros started_at = 0;
  int max_silent_turns = 2;  // hear("") this many times in a row: say goodbye and hang up
};

enum class ReplyAction { listen, hangup, transfer };

struct Reply {
  std::string text;
  ReplyAction action = ReplyAction::listen;
  std::string transfer_to;                 // E.164, with ReplyAction::transfer
  std::string transfer_reason;             // caller-asked, not-understood, urgent, booking-failed
  std::string language = "fr-FR";         // BCP-47 of `text` and of the next listening turn
  std::optional<ToolCall> tool;  // run it, then result(): nothing is said before
  std::vector<ToolUse> used;     // tools the brain ran itself to say `text`
  std::optional<Ticket> ticket;  // a complaint taken down, said in `text`
};

class Conversation {
 public:
  virtual ~Conversation() = default;
  virtual Reply greet() = 0;
  virtual Reply hear(std::string_view utterance, double confidence) = 0;
  virtual Reply result(const ToolResult& result) = 0;
  // A stream call's caller interrupted the last reply: only `heard` (its words said before the
  // cut, maybe none) reached them, and that is all the conversation may take as said. An
  // offer or question cut before it was heard was not made.
  virtual void cut_short(std::string_view heard) = 0;
};

class Brain {
 public:
  virtual ~Brain() = default;
  virtual std::string_view name() const = 0;  // recorded in ReplyGenerated.brain
  virtual std::unique_ptr<Conversation> start(const CallContext& context) const = 0;
};

// The embedded, offline, deterministic dialogue engine (French and English).
std::unique_ptr<Brain> make_local_brain();

}  // namespace webox
