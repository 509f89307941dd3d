// The log tools beside a real engine that holds the data directory open and serves calls over
// HTTP: `webox replay` and `webox events` in-process, and the `webox` binary itself running
// `replay --follow` as another process, which must see the turns appended after it started and
// exit by itself at CallEnded. Then the call is erased over the API and replays as [erased].
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <sstream>

#include "tests/e2e/harness.h"
#include "tests/support/restaurant.h"
#include "tests/support/temp_dir.h"
#include "tools/events_command.h"
#include "tools/replay_command.h"

extern char** environ;

using namespace webox;
using webox::testing::TempDir;

namespace {

constexpr const char* kSid = "CA00000000000000000000000000000e2e";
constexpr const char* kNumber = "+33699887766";
constexpr const char* kName = "Zabulonski";

using Running = webox::testing::e2e::Server;

twilio::FormParams params(std::vector<std::pair<std::string, std::string>> extra = {}) {
  twilio::FormParams p{{{"AccountSid", "AC9a9f9392d6e84bb3a0a2d1c5e5e2a1b0"},
                        {"CallSid", kSid},
                        {"Direction", "inbound"},
                        {"From", kNumber},
                        {"To", "+33123456789"}}};
  bool has_status = false;
  for (auto& kv : extra) {
    has_status |= kv.first == "CallStatus";
    p.pairs.push_back(std::move(kv));
  }
  if (!has_status) p.pairs.emplace_back("CallStatus", "in-progress");
  return p;
}

void say(Running& r, const std::string& line) {
  REQUIRE(r.form("/twilio/gather", params({{"SpeechResult", line}, {"Confidence", "0.9"}}))
              .status == 200);
}

bool contains(const std::string& hay, std::string_view needle) {
  return hay.find(needle) != std::string::npos;
}

struct Output {
  int code = -1;
  std::string out, err;
};
Output tool(int (*run)(const std::vector<std::string>&, ToolIo), std::vector<std::string> args) {
  std::ostringstream out, err;
  char* no_env[] = {nullptr};
  Output o;
  o.code = run(args, ToolIo{.out = out, .err = err, .env = no_env});
  o.out = out.str();
  o.err = err.str();
  return o;
}

// `webox <args>` as a child process, its stdout and stderr on one pipe.
struct Child {
  pid_t pid = -1;
  int fd = -1;
  std::string out;

  explicit Child(std::vector<std::string> args) {
    std::string exe = std::string(WEBOX_BINARY_DIR) + "/webox";
    args.insert(args.begin(), exe);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<char*> env;  // the test's environment without WEBOX_* settings
    for (char** e = environ; *e; ++e)
      if (std::strncmp(*e, "WEBOX_", 6) != 0) env.push_back(*e);
    env.push_back(nullptr);
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    REQUIRE(posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv.data(), env.data()) == 0);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    fd = fds[0];
  }
  ~Child() {
    if (fd >= 0) close(fd);
    if (pid > 0) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
  }
  // Reads until `done(out)` holds; false on timeout or when the child closed its stdout first.
  template <class Pred>
  bool read_until(Pred done, std::chrono::seconds limit = std::chrono::seconds(20)) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done(out)) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char buf[4096];
      ssize_t n = read(fd, buf, sizeof buf);
      if (n <= 0) return false;
      out.append(buf, std::size_t(n));
    }
    return true;
  }
  // Reads until the child closes its stdout (it exited); false on timeout.
  bool read_to_end(std::chrono::seconds limit = std::chrono::seconds(20)) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      char buf[4096];
      ssize_t n = read(fd, buf, sizeof buf);
      if (n <= 0) return true;
      out.append(buf, std::size_t(n));
    }
    return false;
  }
  int wait() {
    int status = 0;
    waitpid(pid, &status, 0);
    pid = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
};

}  // namespace

TEST_CASE("replay and events read a serving engine's log, and replay --follow sees the call end") {
  TempDir dir;
  Running r(dir);
  REQUIRE(r.api("POST", "/api/v1/assistants",
                R"({"name":"Chez Marcel","phone_number":"+33123456789","language":"fr","context_data":)" +
                    webox::testing::restaurant_context() + "}")
              .status == 201);
  REQUIRE(r.form("/twilio/voice", params()).status == 200);
  say(r, "Bonjour je voudrais réserver une table pour quatre personnes demain soir à 20h");

  // In-process, while the engine holds the databases: the call so far, opened.
  auto now = tool(run_replay, {kSid, "--data", dir.str()});
  INFO(now.err);
  REQUIRE(now.code == 0);
  CHECK(contains(now.out, std::string("caller ") + kNumber));
  CHECK(contains(now.out, "turn 1 caller: \"Bonjour je voudrais réserver une table"));
  CHECK(contains(now.out, "ended     not yet"));
  auto dump = tool(run_events, {"--stream", std::string("call-") + kSid, "--data", dir.str()});
  REQUIRE(dump.code == 0);
  CHECK(std::count(dump.out.begin(), dump.out.end(), '\n') == 7);  // greeting 3, turn 1 4 (a check)
  CHECK_FALSE(contains(dump.out, kNumber));                         // the log itself is sealed

  // The binary, as another process, following the call.
  Child follow({"replay", kSid, "--data", dir.str(), "--follow"});
  REQUIRE(follow.read_until([](const std::string& o) { return contains(o, "turn 1 twiml-say"); }));
  say(r, std::string("Au nom de ") + kName);
  REQUIRE(follow.read_until(
      [](const std::string& o) { return contains(o, std::string("caller: \"Au nom de ") + kName); }));
  say(r, "Oui c'est parfait");
  REQUIRE(r.form("/twilio/status", params({{"CallStatus", "completed"}, {"CallDuration", "57"}}))
              .status == 200);
  REQUIRE(follow.read_to_end());  // it stops by itself at CallEnded
  CHECK(follow.wait() == 0);
  CHECK(contains(follow.out, "BookingConfirmed"));
  CHECK(contains(follow.out, std::string("for 4, name \"") + kName + "\""));
  CHECK(contains(follow.out, "CallEnded             completed after 57 s (caller-hangup)"));
  CHECK(contains(follow.out, "  turns     3 from the caller, 4 replies"));
  // What it printed live is what a replay of the ended call prints.
  auto ended = tool(run_replay, {kSid, "--data", dir.str()});
  REQUIRE(ended.code == 0);
  CHECK(follow.out == ended.out);

  // Erased over the API: the replay masks every personal field.
  REQUIRE(r.api("DELETE", std::string("/api/v1/calls/") + kSid).status == 200);
  auto erased = tool(run_replay, {kSid, "--data", dir.str()});
  REQUIRE(erased.code == 0);
  CHECK(contains(erased.out, "caller [erased]"));
  CHECK(contains(erased.out, "CallErased            personal data erased (api)"));
  CHECK_FALSE(contains(erased.out, kNumber));
  CHECK_FALSE(contains(erased.out, kName));
}

TEST_CASE("the webox binary's log tools exit 2 on usage errors and 1 on a missing call") {
  TempDir dir;
  Running r(dir);
  Child usage({"replay", "--data", dir.str()});
  REQUIRE(usage.read_to_end());
  CHECK(usage.wait() == 2);
  CHECK(contains(usage.out, "webox replay: missing CALL_SID"));
  Child missing({"replay", "CA404", "--data", dir.str()});
  REQUIRE(missing.read_to_end());
  CHECK(missing.wait() == 1);
  CHECK(missing.out == "webox replay: no call CA404 in " + (dir.path / "events").string() + "\n");
  Child bad_from({"events", "--from", "zero", "--data", dir.str()});
  REQUIRE(bad_from.read_to_end());
  CHECK(bad_from.wait() == 2);
  CHECK(contains(bad_from.out, "webox events: --from: expected a position"));
  Child dump({"events", "--limit", "1", "--data", dir.str()});
  REQUIRE(dump.read_to_end());
  CHECK(dump.wait() == 0);
  CHECK(contains(dump.out, "\"position\":1,"));
  CHECK(std::count(dump.out.begin(), dump.out.end(), '\n') == 1);
}
