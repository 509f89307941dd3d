// `webox serve`: the engine and its HTTP server, until SIGINT or SIGTERM.
//
//   webox serve --listen 127.0.0.1:8080 --data ./data
//
// On a signal: new calls are refused (503, so Twilio falls back), in-flight requests finish
// within the grace period, the actors stop and the log is closed. Exit code 0 after a clean
// stop, 2 for a bad option, 1 when the engine or the server cannot start.
#pragma once

#include <string>
#include <vector>

namespace webox {

int run_serve(const std::vector<std::string>& args);

}  // namespace webox
