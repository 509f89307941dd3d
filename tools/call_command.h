// `webox call`: a softphone in the terminal. It calls a running engine whose assistant is in
// mode "stream" exactly as Twilio would, speaks the caller's lines with espeak-ng, and prints
// what happens.
//
//   $ webox call --to +33198765432 --file tests/data/twilio/booking_en.txt --api-key $WEBOX_KEY
//   assistant: Hello, Chez Marcel, how can I help? (2310 ms, first audio after 412 ms)
//   caller: a table for four tomorrow at 8 pm
//   assistant: Of course. What name is it under? (1980 ms, first audio after 690 ms)
//   ...
//
// What goes over the wire, in order:
//   1. POST {url}/twilio/voice, signed as `webox simulate` signs it (tools/simulate.h). The
//      answer must be <Connect><Stream url="wss://PUBLIC/twilio/stream/NUMBER"> with its
//      <Parameter>s (tools/softphone_wire.h says what else it may be, and the error for each).
//   2. A WebSocket to --url's host and port on the Stream url's path (the public host is
//      Twilio's way in; the softphone goes straight to the engine), the handshake signed over
//      the Stream url as written (tools/softphone_line.h). Then connected, start, and a media
//      frame every 20 ms / --speed: the caller's speech when there is some, μ-law silence
//      otherwise. The engine's audio is "played" at the pace received (at once with --speed
//      above 1) and each mark echoed once played; a clear echoes the pending marks at once.
//   3. The greeting: wait for the first mark (turn-0). Then for each caller line (--file, else
//      stdin with a `you: ` prompt on a terminal): print `caller: <line>`, synthesize it in
//      --language (espeak-ng, 22,050 Hz -> 8 kHz μ-law), send it, then silence until the next
//      mark (the engine's VAD ends the utterance after ~600 ms of silence). A line that is all
//      keypad keys (0-9 * #) is sent as dtmf; an empty line is skipped. --wav FILE sends a
//      recording instead of lines (16-bit mono WAV, 8/16/22.05/24 kHz) and waits for its reply.
//      After a reply, every reply that follows it (a key may be a turn of its own, a reply may
//      come in parts) is printed too, until the line has been quiet for 250 ms.
//   4. Each reply prints `assistant: <text> (<audio ms> ms, first audio after <latency> ms)`,
//      latency from the end of the caller's speech (the last speech frame sent; for the
//      greeting, `start`) to the reply's first media frame. The text comes from
//      GET {url}/api/v1/calls/{sid}/events with --api-key (ReplyGenerated of the mark's turn);
//      without a key, `assistant: (N ms of audio, first audio after L ms)`.
//   5. At the end of the lines: stop, close, then the status callback (CallStatus=completed),
//      as Twilio sends it. The engine closing the socket (its goodbye, or a transfer) ends the
//      call early: as Twilio does, the softphone then POSTs the <Connect action> (to --url's
//      host, on the action's path, signed over the action URL as written) and prints where
//      its answer sends the call, `transferred to +447700900123` (<Dial>) or `the assistant
//      hung up`; without an action, `the assistant hung up`.
//
// Exit 0 when the call ran to its end; 1 when the engine rejected it (no active assistant);
// 2, with the reason on stderr, on a bad flag (the message names it), an unreachable engine, an
// answer that is not <Connect><Stream>, a refused handshake, speech that cannot be made, or no
// reply within --timeout seconds. Once the call was answered, a failure still hangs up and
// sends the status callback, so the engine keeps no dangling call.
#pragma once

#include <iosfwd>
#include <string>

#include "events/result.h"

namespace webox::tools {

struct CallOptions {
  std::string to;                             // the called number: which assistant answers
  std::string from = "+15005550006";
  std::string url = "http://127.0.0.1:8080";  // the engine; /twilio/... is appended
  std::string file;                           // caller lines; empty: stdin
  std::string wav;                            // a recording to send instead of lines
  std::string call_sid;                       // empty: random
  std::string language = "en";                // espeak-ng's language for the caller's lines
  std::string auth_token;  // signs the webhooks and the handshake; empty: WEBOX_TWILIO_AUTH_TOKEN
  std::string api_key;     // reads the replies' text; empty: WEBOX_API_KEY, else no text
  double speed = 1.0;      // times real time
  int timeout_seconds = 20;  // waiting for a reply
  bool help = false;
};

// argv[0] is the program or subcommand name; a following "call" is skipped as well.
// Errors are Error::invalid("--flag", message).
Result<CallOptions> parse_call_args(int argc, char** argv);

std::string call_usage();

// Places one call. `interactive`: `in` is a terminal (prompt, no echo of the lines).
// Returns the exit code (0, 1 or 2); the conversation goes to `out`, problems to `err`.
int place_call(const CallOptions& options, std::istream& in, bool interactive, std::ostream& out,
               std::ostream& err);

}  // namespace webox::tools

namespace webox {

// The whole subcommand: flags, --help, the input source, then tools::place_call().
int run_call(int argc, char** argv);

}  // namespace webox
