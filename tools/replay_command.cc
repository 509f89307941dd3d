#include "tools/replay_command.h"

#include <signal.h>

#include <atomic>
#include <optional>
#include <thread>

#include "tools/log_access.h"
#include "tools/timeline.h"

extern char** environ;

namespace webox {
namespace {

struct ReplayArgs {
  std::string call_sid;
  std::string data_dir;
  bool json = false;
  bool follow = false;
  bool help = false;
};

// Errc::invalid_argument, `field` naming the argument; the message is what the user reads.
Result<ReplayArgs> parse(const std::vector<std::string>& args, char** env) {
  ReplayArgs r;
  r.data_dir = env_value(env, "WEBOX_DATA");
  if (r.data_dir.empty()) r.data_dir = "./data";
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      r.help = true;
    } else if (a == "--json") {
      r.json = true;
    } else if (a == "--follow" || a == "-f") {
      r.follow = true;
    } else if (a == "--data" || a.starts_with("--data=")) {
      std::optional<std::string> v;
      if (a != "--data") v = a.substr(7);
      else if (i + 1 < args.size()) v = args[++i];
      if (!v || v->empty()) return Error::invalid("--data", "--data needs a directory");
      r.data_dir = *v;
    } else if (a.starts_with("-")) {
      return Error::invalid(a, "unknown option " + a);
    } else if (r.call_sid.empty()) {
      r.call_sid = a;
    } else {
      return Error::invalid("CALL_SID", "one call at a time: unexpected \"" + a + "\"");
    }
  }
  if (r.help) return r;
  if (r.call_sid.empty()) return Error::invalid("CALL_SID", "missing CALL_SID");
  if (r.call_sid.find('\0') != std::string::npos)
    return Error::invalid("CALL_SID", "CALL_SID must not contain NUL");
  return r;
}

std::atomic<bool> interrupted{false};
void on_sigint(int) { interrupted = true; }

}  // namespace

std::string replay_help() {
  return "usage: webox replay CALL_SID [--data DIR] [--json] [--follow]\n"
         "\n"
         "Prints a call's timeline from the event log: each event with its time from the call's\n"
         "first event, what the caller and the assistant said, brain time and per-turn latency,\n"
         "audio sent, the booking, the end, the erasure. Works while `webox serve` runs.\n"
         "\n"
         "  --data DIR   the engine's data directory (env WEBOX_DATA, default ./data)\n"
         "  --json       one JSON document instead of text (shape: tools/timeline.h)\n"
         "  --follow     then print new events as they are appended, until CallEnded or Ctrl-C\n"
         "               (with --json: one event object per line)\n"
         "\n"
         "Personal fields are opened with the call's data key (<data>/keys) under the master key\n"
         "(WEBOX_MASTER_KEY, else <data>/master.key); an erased call shows [erased].\n"
         "Exit codes: 0 ok, 1 no such call or unreadable data, 2 bad command line.\n";
}

int run_replay(const std::vector<std::string>& args, ToolIo io) {
  auto parsed = parse(args, io.env);
  if (!parsed) {
    io.err << "webox replay: " << parsed.error().message << "\n(see webox replay --help)\n";
    return kExitUsage;
  }
  const ReplayArgs& a = *parsed;
  if (a.help) {
    io.out << replay_help();
    return kExitOk;
  }
  auto fail = [&](const Error& e) {
    io.err << "webox replay: " << e.message << "\n";
    return kExitFailed;
  };
  auto data = LogAccess::open(
      a.data_dir, {.keys = true, .master_key_hex = env_value(io.env, "WEBOX_MASTER_KEY")});
  if (!data) return fail(data.error());

  Timeline timeline(a.call_sid);
  CallReader reader(**data, a.call_sid);
  auto show = [&](std::vector<Envelope>& events) {
    for (auto& e : events) {
      std::string line = timeline.add(e);
      if (!a.json) io.out << line;
      else if (a.follow) io.out << timeline.event_json(e) << "\n";
    }
    io.out.flush();
  };

  auto first = reader.next();
  if (!first) return fail(first.error());
  if (first->empty())
    return fail(Error::make(Errc::not_found,
                            "no call " + a.call_sid + " in " + (*data)->events_path()));
  show(*first);
  while (a.follow && !timeline.ended() && !(io.stop && io.stop())) {
    std::this_thread::sleep_for(io.poll);
    if (auto s = (*data)->catch_up(); !s) return fail(s.error());
    auto more = reader.next();
    if (!more) return fail(more.error());
    show(*more);
  }
  if (!a.json) io.out << timeline.summary();
  else if (!a.follow) io.out << timeline.json();
  io.out.flush();
  return kExitOk;
}

int replay_main(const std::vector<std::string>& args) {
  struct sigaction sa {};
  sa.sa_handler = on_sigint;
  sa.sa_flags = SA_RESETHAND;  // a second Ctrl-C stops the process the ordinary way
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  return run_replay(args, ToolIo{.env = environ, .stop = [] { return interrupted.load(); }});
}

}  // namespace webox
