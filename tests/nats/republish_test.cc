// Re-publishing a range of the log: publish_range() itself, and `webox nats republish` as an
// operator runs it (the real binary, with the engine stopped, and refused while the log is held).
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>

#include "actors/nats_range.h"
#include "adapters/nats/jetstream.h"
#include "tests/nats/nats_harness.h"
#include "tests/support/nats_server.h"

using namespace webox;
using namespace webox::testing;

namespace {

std::unique_ptr<nats::JetStream> connect(const NatsServer& nats) {
  auto js = nats::JetStream::connect({.url = nats.url()});
  REQUIRE(js.ok());
  REQUIRE((*js)->ensure_stream({}).ok());
  return std::move(*js);
}

struct Run {
  int exit_code;
  std::string output;
};

Run run_webox(const std::string& args, const TempDir& dir) {
  const std::string out = dir.str() + "/cli.out";
  const std::string cmd = std::string(WEBOX_BINARY_DIR) + "/webox " + args + " >" + out + " 2>&1";
  int status = std::system(cmd.c_str());
  std::ifstream in(out);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1,
          std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>())};
}

}  // namespace

TEST_CASE("publish_range re-sends exactly the range asked for and JetStream drops copies of it",
          "[nats][republish]") {
  TempDir dir;
  NatsServer nats(dir.str() + "/nats");
  auto log = open_log(dir);
  append_calls(*log, 0, 100);  // positions 1..600, never published
  auto js = connect(nats);

  RangeOutcome r = publish_range(*log, *js, {.from = 101, .to = 250, .batch = 64});
  REQUIRE_FALSE(r.error);
  CHECK(r.acked_through == 250);
  CHECK(r.published == 150);
  CHECK(r.duplicates == 0);
  check_range(*log, read_stream(nats.url(), 150), 101, 250);

  RangeOutcome again = publish_range(*log, *js, {.from = 101, .to = 250});
  REQUIRE_FALSE(again.error);
  CHECK(again.duplicates == 150);
  CHECK(js->stream_state("WEBOX")->messages == 150);

  SECTION("a range past the end stops at the end") {
    RangeOutcome tail = publish_range(*log, *js, {.from = 590, .to = 10'000});
    REQUIRE_FALSE(tail.error);
    CHECK(tail.acked_through == 600);
    CHECK(tail.published == 11);
  }
}

TEST_CASE("webox nats republish publishes a range of the log", "[nats][republish]") {
  TempDir dir;
  NatsServer nats(dir.str() + "/nats");
  const std::string data = dir.str();
  {
    auto log = open_log(dir);
    append_calls(*log, 0, 20);  // 120 events
  }
  auto run = run_webox("nats republish --from 10 --to 20 --data " + data + " --nats " + nats.url(), dir);
  CAPTURE(run.output);
  CHECK(run.exit_code == 0);
  CHECK(run.output.find("republished positions 10..20 (11 events") != std::string::npos);

  auto log = open_log(dir);
  check_range(*log, read_stream(nats.url(), 11), 10, 20);

  SECTION("beside a process that holds the log open (a running engine) it reads what was written") {
    append_calls(*log, 20, 5);  // 30 more events, written by the holder of the log
    auto beside = run_webox("nats republish --from 121 --data " + data + " --nats " + nats.url(), dir);
    CAPTURE(beside.output);
    CHECK(beside.exit_code == 0);
    CHECK(beside.output.find("republished positions 121..150 (30 events") != std::string::npos);
    auto got = read_stream(nats.url(), 41);  // the first run's 11, then these 30
    REQUIRE(got.size() == 41);
    check_range(*log, {got.begin() + 11, got.end()}, 121, 150);
    CHECK(log->load_checkpoint("nats")->value_or(0) == 0);    // never moved
  }
  SECTION("a directory without a log is an error naming it") {
    auto none = run_webox("nats republish --from 1 --data " + data + "/nowhere --nats " + nats.url(), dir);
    CAPTURE(none.output);
    CHECK(none.exit_code == 1);
    CHECK(none.output.find(data + "/nowhere") != std::string::npos);
  }
  SECTION("bad usage is exit code 2") {
    log.reset();
    CHECK(run_webox("nats republish --to 5 --data " + data, dir).exit_code == 2);
    CHECK(run_webox("nats republish --from 0 --data " + data, dir).exit_code == 2);
    CHECK(run_webox("nats republish --from 9 --to 3 --data " + data, dir).exit_code == 2);
  }
}
