// webox: the one binary. Each subcommand lives in its own file and takes the words after it.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "tools/call_command.h"
#include "tools/events_command.h"
#include "tools/nats_command.h"
#include "tools/projections_command.h"
#include "tools/replay_command.h"
#include "tools/serve.h"
#include "tools/simulate.h"

extern char** environ;

namespace {

const char* kUsage =
    "usage: webox <command> [options]\n"
    "\n"
    "commands:\n"
    "  serve      run the engine: Twilio webhooks and the REST API (webox serve --help)\n"
    "  simulate   call a running engine as Twilio would (webox simulate --help)\n"
    "  call       a softphone: talk to a stream-mode assistant over a Media Stream\n"
    "             (webox call --help)\n"
    "  replay     a call's timeline from the event log, live with --follow (webox replay --help)\n"
    "  events     the event log as JSON lines, from a position or one stream (webox events --help)\n"
    "  nats       re-publish a range of the log to NATS JetStream (webox nats --help)\n"
    "  projections  rebuild or verify the read models from the log (webox projections --help)\n"
    "\n"
    "replay and events only read: they work while serve runs on the same data directory.\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  std::string cmd = argv[1];
  if (cmd == "serve") return webox::run_serve(std::vector<std::string>(argv + 2, argv + argc));
  if (cmd == "simulate") return webox::run_simulate(argc - 1, argv + 1);
  if (cmd == "call") return webox::run_call(argc - 1, argv + 1);
  if (cmd == "replay") return webox::replay_main(std::vector<std::string>(argv + 2, argv + argc));
  if (cmd == "events")
    return webox::run_events(std::vector<std::string>(argv + 2, argv + argc),
                             webox::ToolIo{.env = environ});
  if (cmd == "projections")
    return webox::run_projections(std::vector<std::string>(argv + 2, argv + argc),
                                  webox::ToolIo{.env = environ});
  if (cmd == "nats")
    return webox::run_nats(std::vector<std::string>(argv + 2, argv + argc), environ);
  std::fprintf(stderr, "webox: unknown command \"%s\"\n\n%s", cmd.c_str(), kUsage);
  return 2;
}
