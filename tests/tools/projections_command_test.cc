#include <catch2/catch.hpp>

#include <sstream>

#include "projections/store.h"
#include "tests/projections/fold_fixture.h"
#include "tools/projections_command.h"

using namespace webox;
using webox::testing::LoggedCalls;

namespace {

struct Run {
  int code;
  std::string out, err;
};

Run run(std::vector<std::string> args) {
  std::ostringstream out, err;
  int code = run_projections(args, ToolIo{.out = out, .err = err});
  return {code, out.str(), err.str()};
}

}  // namespace

TEST_CASE("projections rebuild folds the whole log, and verify finds it equal") {
  LoggedCalls log(120);
  const std::string data = log.dir.str();
  log.log.reset();  // the tool opens the log itself, as it would with the engine stopped
  auto r = run({"rebuild", "--data", data});
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("rebuilt calls, stats, billing, bookings: ") == 0);
  auto v = run({"verify", "--data", data});
  CHECK(v.code == 0);
  CHECK(v.out.find("calls: ") != std::string::npos);
  CHECK(v.out.find("equal to a rebuild from position 0") != std::string::npos);
}

TEST_CASE("projections verify reports a kept row that a rebuild would not write") {
  LoggedCalls log(30);
  const std::string data = log.dir.str();
  log.log.reset();
  REQUIRE(run({"rebuild", "stats", "--data", data}).code == 0);
  {
    auto store = ReadModelStore::open(data + "/readmodels").value();
    ReadModelStore::Commit c;
    // A well-formed bucket (projections/statistics.cc) that no event ever made: 99 calls.
    std::string hours = "0";
    for (int h = 1; h < 24; ++h) hours += " 0";
    c.put("stats", "b/t0/a-0-0/1999-01-01", "99 0 0 0 0 0\t\t" + hours + "\t");
    REQUIRE(store->write(c));
  }
  auto v = run({"verify", "stats", "--data", data});
  CHECK(v.code == 1);
  CHECK(v.out.find("stats: DIFFERS") != std::string::npos);
  CHECK(v.out.find("kept:    b/t0/a-0-0/1999-01-01\t99 0 0") != std::string::npos);
}

TEST_CASE("projections refuses bad command lines, unknown models and a store in use") {
  LoggedCalls log(3);
  const std::string data = log.dir.str();
  log.log.reset();
  CHECK(run({}).code == 2);
  CHECK(run({"rebuild", "--nope"}).code == 2);
  auto unknown = run({"rebuild", "everything", "--data", data});
  CHECK(unknown.code == 2);
  CHECK(unknown.err.find("known: calls, stats, billing, bookings") != std::string::npos);
  auto missing = run({"rebuild", "--data", data + "/nowhere"});
  CHECK(missing.code == 1);
  CHECK(missing.err.find("no event log") != std::string::npos);
  auto held = ReadModelStore::open(data + "/readmodels").value();  // as a running engine would
  auto busy = run({"rebuild", "--data", data});
  CHECK(busy.code == 1);
  CHECK(busy.err.find("stop it first") != std::string::npos);
}
