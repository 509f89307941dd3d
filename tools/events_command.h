// `webox events [--from POS] [--stream S] [--limit N] [--data DIR]`: the log as JSON lines,
// one envelope per line exactly as events/codec.h encodes it (so personal fields stay sealed:
// this is the log, not a view of it). Readable while `webox serve` runs (tools/log_access.h).
//
//   $ webox events --from 7 --limit 2
//   {"position":7,"stream":"call-CA01","version":1,"event_id":"…","type":"CallStarted",…}
//   {"position":8,"stream":"call-CA01","version":2,"event_id":"…","type":"ReplyGenerated",…}
//
// --from: the first position shown (default 1). --stream: that stream's events only, still
// from position --from. --limit: at most N events (default: all). Exit codes
// (tools/tool_io.h): 0 printed (perhaps nothing); 1 no data, no such stream, unreadable log;
// 2 bad command line, e.g.
//   webox events: --from: expected a position (an integer >= 1), got "x"
#pragma once

#include <string>
#include <vector>

#include "tools/tool_io.h"

namespace webox {

// `args` are the words after "events". Reads WEBOX_DATA (default of --data) from io.env.
int run_events(const std::vector<std::string>& args, ToolIo io);

std::string events_help();

}  // namespace webox
