// `webox projections rebuild|verify [NAME] [--data DIR]`: the read models, from the log.
//
//   $ webox projections rebuild            # every model, from position 0
//   rebuilt calls, stats, billing, bookings: 1000002 events in 20.9517 s (47729 events/s)
//   $ webox projections verify stats       # rebuild aside and compare with the kept rows
//   stats: 8213 rows, equal to a rebuild from position 0
//
// rebuild drops the models' rows and checkpoints and folds the whole log again; the engine
// must be stopped (it holds <data>/readmodels; the error says so). verify brings the kept rows
// up to the log's end, rebuilds the same models in a scratch store, and compares every row
// byte for byte (projections/read_model.h): exit 1 and the first differing row if they differ.
// Exit codes (tools/tool_io.h): 0 ok, 1 failure or difference, 2 bad command line (an unknown
// model is named, with the list of known ones).
#pragma once

#include <string>
#include <vector>

#include "tools/tool_io.h"

namespace webox {

int run_projections(const std::vector<std::string>& args, ToolIo io);
std::string projections_help();

}  // namespace webox
