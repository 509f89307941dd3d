// What the log tools (`webox replay`, `webox events`) take instead of the process's globals, so
// that a test can run them in-process against its own streams, environment and stop condition.
//
//   std::ostringstream out, err;
//   int code = run_events({"--from", "5", "--data", dir}, ToolIo{.out = out, .err = err});
//   // code: kExitOk, kExitFailed (not found, runtime error) or kExitUsage (bad command line)
#pragma once

#include <chrono>
#include <functional>
#include <iostream>
#include <string>
#include <string_view>

namespace webox {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

struct ToolIo {
  std::ostream& out = std::cout;
  std::ostream& err = std::cerr;
  char** env = nullptr;          // "NAME=value" strings, null-terminated (nullptr: none)
  std::function<bool()> stop;    // --follow: asked between polls; true ends the watch
  std::chrono::milliseconds poll{150};  // --follow: how often to catch up with the engine
};

// The value of `name` in `env`; empty when unset (empty counts as unset, as for serve).
inline std::string env_value(char** env, std::string_view name) {
  for (char** p = env; p && *p; ++p) {
    std::string_view kv(*p);
    if (kv.size() > name.size() && kv.starts_with(name) && kv[name.size()] == '=')
      return std::string(kv.substr(name.size() + 1));
  }
  return {};
}

}  // namespace webox
