// `webox simulate`: one phone call against a running engine, played exactly as Twilio plays it.
//
//   $ webox simulate --to +33198765432 --file tests/data/twilio/booking_fr.txt
//   assistant: Bonjour, restaurant Chez Marcel, que puis-je faire pour vous ?
//   caller: une table pour quatre demain à 20h
//   assistant: C'est noté. À quel nom ?
//   ...
//
// What goes over the wire, in order:
//   1. POST {url}/twilio/voice with Twilio's incoming-call form (CallSid "CA"+32 hex unless
//      --call-sid, AccountSid "AC"+32 hex, From, To, Caller, Called, CallStatus=ringing,
//      ApiVersion=2010-04-01, Direction=inbound, the geographic fields).
//   2. The TwiML answer is played top to bottom: each <Say> prints `assistant: <text>`, <Pause>
//      is skipped, <Dial> prints `assistant transfers the call to NUMBER` and ends the call,
//      <Redirect> fetches the next document, <Hangup/> and <Reject/> end the call.
//   3. At a <Gather>, the next caller line is read (from --file, else stdin with a `you: ` prompt
//      when stdin is a terminal) and echoed as `caller: <line>` (`caller: (silence)` for an
//      empty one) when it did not come from a terminal. The gather action (the current
//      document when the attribute is absent) gets the same standard params with
//      CallStatus=in-progress plus SpeechResult and Confidence=0.9, or Digits when the Gather
//      listens only for dtmf (or the line is all keypad keys and it listens for both). An empty
//      line is silence: the action is requested without SpeechResult if
//      actionOnEmptyResult="true", otherwise the document goes on with the verb after
//      </Gather>, as Twilio does.
//   4. When the call ends (a verb above, the end of the document, or the end of the caller's
//      input) it POSTs {url}/twilio/status with CallStatus=completed and CallDuration (whole
//      seconds elapsed, at least 1), then exits 0.
// Every request carries X-Twilio-Signature made with --auth-token (or WEBOX_TWILIO_AUTH_TOKEN),
// the tenant's Twilio auth token, over the URL as sent: the engine refuses unsigned webhooks.
// --language is the caller's language: when a <Gather> listens in another one (en-US when it
// says nothing, as on Twilio), a note on stderr says the transcript would be poor.
//
// Exit 2, with the reason on stderr: a bad flag (the message names it), an unreachable engine, an
// answer other than 200 (status and body printed), a document that is not TwiML, or more than
// 20 documents in a row without the caller being asked anything (a redirect loop). Once the call
// has started, a failure still sends the completed status callback, as Twilio does after an
// application error, so the engine does not keep a dangling call.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>

#include "adapters/twilio/form.h"
#include "events/result.h"

namespace webox::tools {

struct SimulateOptions {
  std::string to;                               // the called number: which assistant answers
  std::string from = "+15005550006";            // Twilio's test number for "a valid caller"
  std::string url = "http://127.0.0.1:8080";    // the engine; /twilio/... is appended
  std::string file;                             // caller lines; empty: stdin
  std::string call_sid;                         // empty: random
  std::string language;                         // the caller's language; empty: whatever is asked
  std::string auth_token;  // signs each request (X-Twilio-Signature); empty: WEBOX_TWILIO_AUTH_TOKEN
  bool help = false;
};

// argv[0] is the program or subcommand name; a following "simulate" is skipped as well, so both
// run_simulate(argc, argv) and run_simulate(argc - 1, argv + 1) work from main().
// Errors are Error::invalid("--flag", message).
Result<SimulateOptions> parse_simulate_args(int argc, char** argv);

std::string simulate_usage();

// -- shared with `webox call` (tools/call_command.h), which places the same incoming call --

// Twilio's standard voice-webhook form: AccountSid, ApiVersion, CallSid, CallStatus, Called,
// Caller, Direction=inbound, From, To and the geographic fields (*Country from the number).
twilio::FormParams twilio_call_params(std::string_view from, std::string_view to,
                                      std::string_view call_sid, std::string_view account_sid,
                                      std::string_view status);
std::string random_hex(std::size_t n);  // lower-case hex digits, for SIDs
std::string rfc2822_now();              // "Thu, 03 Dec 2026 07:01:02 +0000" (Timestamp)

// Plays one call. `interactive`: `in` is a terminal, so prompt `you: ` and do not echo lines.
// Returns the process exit code (0 or 2); the transcript goes to `out`, problems to `err`.
int simulate_call(const SimulateOptions& options, std::istream& in, bool interactive,
                  std::ostream& out, std::ostream& err);

}  // namespace webox::tools

namespace webox {

// The whole subcommand: flags, --help, the input source, then tools::simulate_call().
// In `webox` itself, like every entry point main() calls.
int run_simulate(int argc, char** argv);

}  // namespace webox
