// `webox replay CALL_SID [--data DIR] [--json] [--follow]`: one call's timeline from the event
// log, readable while `webox serve` runs (the log is opened read-only, tools/log_access.h).
//
//   $ webox replay CA0123 --data ./data
//   call CA0123  tenant default  started 2026-11-25T08:41:07.000000Z
//   +00:00.000  #7    CallStarted           caller +33612345678 to +33123456789, inbound, ...
//   +00:00.000  #8    ReplyGenerated        turn 0 assistant: "Bonjour, ..." (listen; brain ...)
//   ...
//   summary
//     turns     2 from the caller, 3 replies
//     ...
//
// The lines and the --json document are tools/timeline.h's. --follow prints the call so far,
// then each new event as the engine appends it (polling every ToolIo::poll), until CallEnded or
// Ctrl-C; with --json it prints one event object per line instead of the document.
// Exit codes (tools/tool_io.h): 0 printed; 1 no such call, no data, unreadable log or keys;
// 2 bad command line. Errors go to `err`, naming the argument at fault:
//   webox replay: no call CA0123 in ./data/events
//   webox replay: --data needs a directory
#pragma once

#include <string>
#include <vector>

#include "tools/tool_io.h"

namespace webox {

// `args` are the words after "replay". Reads WEBOX_DATA (default of --data) and
// WEBOX_MASTER_KEY (else <data>/master.key) from io.env.
int run_replay(const std::vector<std::string>& args, ToolIo io);

// For main: the process's streams and environment; SIGINT ends --follow (a second one kills).
int replay_main(const std::vector<std::string>& args);

std::string replay_help();

}  // namespace webox
