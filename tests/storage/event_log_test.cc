// The RocksDB event log: appends and reads, expected versions, idempotency by event id, group
// commit, checkpoints, listeners, reopen, concurrent writers and a kill -9 in mid-append.
// Every test works in its own directory under /tmp, removed afterwards.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "storage/event_log.h"
#include "tests/support/temp_dir.h"

extern char** environ;

using namespace webox;

namespace {

using webox::testing::TempDir;

std::unique_ptr<EventLog> open_log(const std::string& path, EventLogOptions options = {}) {
  auto log = EventLog::open(path, options);
  if (!log) FAIL("open: " << log.error().message);
  return std::move(*log);
}

Envelope event(std::string text = "oui", std::int32_t turn = 1) {
  Envelope e;
  e.event_id = Uuid::random();
  e.recorded_at = now_micros();
  e.data = UtteranceTranscribed{"CA01", turn, std::move(text), 0.9, "twilio-gather"};
  return e;
}

std::vector<Envelope> events(std::size_t n) {
  std::vector<Envelope> v;
  for (std::size_t i = 0; i < n; ++i) v.push_back(event("e" + std::to_string(i), int(i)));
  return v;
}

template <class T>
const T& ok(const Result<T>& r) {
  if (!r.ok()) FAIL(to_string(r.error().code) << ": " << r.error().message);
  return *r;
}

Errc code_of(const Result<AppendResult>& r) {
  REQUIRE_FALSE(r.ok());
  return r.error().code;
}

// Positions 1..last are all there, in order, each once; returns them.
std::vector<Envelope> read_everything(const EventLog& log) {
  auto all = ok(log.read_all(1, SIZE_MAX));
  REQUIRE(all.size() == log.last_position());
  for (std::size_t i = 0; i < all.size(); ++i) REQUIRE(all[i].position == i + 1);
  return all;
}

}  // namespace

TEST_CASE("append assigns positions and versions and reads give the events back", "[event_log]") {
  TempDir dir;
  auto log = open_log(dir.str());
  CHECK(log->last_position() == 0);
  CHECK(log->stream_version("call-CA01") == 0);

  auto batch = events(2);
  auto r = ok(log->append("call-CA01", kNoStream, batch));
  CHECK(r.first_position == 1);
  CHECK(r.last_position == 2);
  CHECK(r.last_version == 2);
  CHECK_FALSE(r.duplicate);
  REQUIRE(r.events.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    CHECK(r.events[i].position == i + 1);
    CHECK(r.events[i].version == i + 1);
    CHECK(r.events[i].stream == "call-CA01");
    CHECK(r.events[i].event_id == batch[i].event_id);
    CHECK(r.events[i].data == batch[i].data);
  }

  auto r2 = ok(log->append("call-CA02", kNoStream, events(1)));
  CHECK(r2.first_position == 3);
  CHECK(r2.last_version == 1);
  auto r3 = ok(log->append("call-CA01", 2, events(1)));
  CHECK(r3.first_position == 4);
  CHECK(r3.last_version == 3);

  CHECK(log->last_position() == 4);
  CHECK(log->stream_version("call-CA01") == 3);
  CHECK(log->stream_version("call-CA02") == 1);
  CHECK(log->stream_version("call-CA0") == 0);  // a prefix of another stream is another stream
  CHECK(log->stream_version("call-CA011") == 0);

  auto stream = ok(log->read_stream("call-CA01"));
  REQUIRE(stream.size() == 3);
  CHECK(stream[0] == r.events[0]);
  CHECK(stream[1] == r.events[1]);
  CHECK(stream[2] == r3.events[0]);
  CHECK(ok(log->read_stream("call-CA01", 2)).size() == 2);
  CHECK(ok(log->read_stream("call-CA01", 2, 1)).front() == r.events[1]);
  CHECK(ok(log->read_stream("call-CA01", 4)).empty());
  CHECK(ok(log->read_stream("call-CA0")).empty());

  auto all = ok(log->read_all(1, 100));
  REQUIRE(all.size() == 4);
  CHECK(all[2] == r2.events[0]);
  CHECK(ok(log->read_all(3, 1)).front() == r2.events[0]);
  CHECK(ok(log->read_all(0, 1)).front().position == 1);
  CHECK(ok(log->read_all(5, 10)).empty());
  CHECK(ok(log->read_all(1, 0)).empty());
}

TEST_CASE("expected versions are checked", "[event_log]") {
  TempDir dir;
  auto log = open_log(dir.str());
  ok(log->append("s", 0, events(1)));  // 0 == empty stream
  CHECK(log->stream_version("s") == 1);

  CHECK(code_of(log->append("s", kNoStream, events(1))) == Errc::conflict);
  CHECK(code_of(log->append("s", 0, events(1))) == Errc::conflict);
  CHECK(code_of(log->append("s", 2, events(1))) == Errc::conflict);
  auto refused = log->append("s", 5, events(1));
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message.find("found version 1") != std::string::npos);
  CHECK(log->last_position() == 1);  // refusals write nothing

  CHECK(ok(log->append("s", 1, events(2))).last_version == 3);
  CHECK(ok(log->append("s", kAnyVersion, events(1))).last_version == 4);
  CHECK(ok(log->append("t", kAnyVersion, events(1))).last_version == 1);
  CHECK(code_of(log->append("s", -3, events(1))) == Errc::invalid_argument);
  CHECK(log->last_position() == 5);
}

TEST_CASE("requests that cannot be right are refused before anything is written",
          "[event_log]") {
  TempDir dir;
  auto log = open_log(dir.str());
  CHECK(code_of(log->append("", kAnyVersion, events(1))) == Errc::invalid_argument);
  CHECK(code_of(log->append(std::string("a\0b", 3), kAnyVersion, events(1))) ==
        Errc::invalid_argument);
  CHECK(code_of(log->append("s", kAnyVersion, {})) == Errc::invalid_argument);
  auto nil = events(1);
  nil[0].event_id = Uuid();
  CHECK(code_of(log->append("s", kAnyVersion, nil)) == Errc::invalid_argument);
  auto twice = events(2);
  twice[1].event_id = twice[0].event_id;
  auto r = log->append("s", kAnyVersion, twice);
  CHECK(code_of(r) == Errc::invalid_argument);
  CHECK(r.error().field == "event_id");
  CHECK(log->last_position() == 0);
}

TEST_CASE("re-appending stored ids is a duplicate with the original positions and writes nothing",
          "[event_log]") {
  TempDir dir;
  auto log = open_log(dir.str());
  auto batch = events(3);
  auto first = ok(log->append("call-CA01", kNoStream, batch));
  ok(log->append("call-CA02", kNoStream, events(2)));  // something after it
  const auto last = log->last_position();
  int notified = 0;
  log->subscribe([&](std::uint64_t) { ++notified; });

  // A retried webhook: same ids, fresh timestamps, the same expected version as the first try.
  auto retry = batch;
  for (auto& e : retry) e.recorded_at += 5'000'000;
  auto again = ok(log->append("call-CA01", kNoStream, retry));
  CHECK(again.duplicate);
  CHECK(again.first_position == first.first_position);
  CHECK(again.last_position == first.last_position);
  CHECK(again.last_version == first.last_version);
  CHECK(again.events == first.events);  // as stored: original timestamps included
  CHECK(log->last_position() == last);
  CHECK(read_everything(*log).size() == last);
  CHECK(notified == 0);

  SECTION("a subset of a stored append is a duplicate of those events") {
    auto middle = ok(log->append("call-CA01", kAnyVersion, {batch[1]}));
    CHECK(middle.duplicate);
    CHECK(middle.first_position == 2);
    CHECK(middle.last_position == 2);
    CHECK(middle.last_version == 2);
  }
  SECTION("some stored and some new is a conflict, and writes nothing") {
    auto mixed = events(2);
    mixed[0] = batch[2];
    auto r = log->append("call-CA01", kAnyVersion, mixed);
    CHECK(code_of(r) == Errc::conflict);
    CHECK(r.error().message.find(batch[2].event_id.str()) != std::string::npos);
    CHECK(log->last_position() == last);
    CHECK(log->stream_version("call-CA01") == 3);
  }
  SECTION("a stored id sent to another stream is a conflict") {
    CHECK(code_of(log->append("call-CA09", kAnyVersion, {batch[0]})) == Errc::conflict);
    CHECK(log->last_position() == last);
  }
  SECTION("duplicates survive a reopen") {
    log.reset();
    log = open_log(dir.str());
    auto after = ok(log->append("call-CA01", kNoStream, retry));
    CHECK(after.duplicate);
    CHECK(after.events == first.events);
    CHECK(log->last_position() == last);
  }
}

TEST_CASE("append_batch checks each request alone and writes the good ones together",
          "[event_log]") {
  TempDir dir;
  auto log = open_log(dir.str());
  auto stored = events(2);
  ok(log->append("old", kNoStream, stored));  // positions 1..2
  std::vector<std::uint64_t> seen;
  log->subscribe([&](std::uint64_t p) { seen.push_back(p); });

  auto a = events(2), c = events(1), e = events(2);
  auto partial = events(2);
  partial[0] = a[0];
  std::vector<AppendRequest> requests = {
      {"s1", kNoStream, a},               // 0 ok: positions 3..4
      {"s2", 3, events(1)},               // 1 conflict: s2 is empty
      {"s1", 2, c},                       // 2 ok: sees request 0, position 5
      {"s1", kNoStream, a},               // 3 duplicate of request 0, inside the same batch
      {"s3", kAnyVersion, partial},       // 4 conflict: half of it is request 0
      {"s4", kAnyVersion, {}},            // 5 invalid
      {"s1", kNoStream, events(1)},       // 6 conflict: request 0 created s1
      {"old", 2, e},                      // 7 ok: positions 6..7
      {"old", kAnyVersion, {stored[1]}},  // 8 duplicate of an earlier batch
  };
  auto results = log->append_batch(requests);
  REQUIRE(results.size() == requests.size());

  REQUIRE(results[0].ok());
  CHECK(results[0]->first_position == 3);
  CHECK(results[0]->last_position == 4);
  CHECK(results[0]->last_version == 2);
  CHECK(code_of(results[1]) == Errc::conflict);
  REQUIRE(results[2].ok());
  CHECK(results[2]->first_position == 5);
  CHECK(results[2]->last_version == 3);
  REQUIRE(results[3].ok());
  CHECK(results[3]->duplicate);
  CHECK(results[3]->first_position == 3);
  CHECK(results[3]->events == results[0]->events);
  CHECK(code_of(results[4]) == Errc::conflict);
  CHECK(code_of(results[5]) == Errc::invalid_argument);
  CHECK(code_of(results[6]) == Errc::conflict);
  REQUIRE(results[7].ok());
  CHECK(results[7]->first_position == 6);
  CHECK(results[7]->last_version == 4);
  REQUIRE(results[8].ok());
  CHECK(results[8]->duplicate);
  CHECK(results[8]->first_position == 2);

  CHECK(log->last_position() == 7);
  CHECK(seen == std::vector<std::uint64_t>{7});  // one batch, one notification
  CHECK(log->stream_version("s1") == 3);
  CHECK(log->stream_version("s2") == 0);
  CHECK(log->stream_version("s3") == 0);
  CHECK(log->stream_version("old") == 4);

  log.reset();
  log = open_log(dir.str());
  auto all = read_everything(*log);
  REQUIRE(all.size() == 7);
  CHECK(all[2] == results[0]->events[0]);
  CHECK(all[4] == results[2]->events[0]);
  CHECK(all[6] == results[7]->events[1]);
  CHECK(log->stream_version("s1") == 3);

  SECTION("a batch of only refusals and duplicates writes nothing and notifies nobody") {
    seen.clear();
    auto none = log->append_batch({{"s1", kNoStream, a}, {"s9", 4, events(1)}});
    CHECK(none[0].ok());
    CHECK(code_of(none[1]) == Errc::conflict);
    CHECK(log->last_position() == 7);
    CHECK(seen.empty());
  }
}

TEST_CASE("read_all pages through many events in order", "[event_log]") {
  TempDir dir;
  auto log = open_log(dir.str());
  constexpr int kStreams = 50, kRounds = 40, kPerAppend = 5;  // 10,000 events
  std::map<std::uint64_t, Envelope> expected;
  for (int round = 0; round < kRounds; ++round) {
    std::vector<AppendRequest> requests;
    for (int s = 0; s < kStreams; ++s)
      requests.push_back({"call-" + std::to_string(s), round * kPerAppend, events(kPerAppend)});
    for (auto& r : log->append_batch(std::move(requests)))
      for (auto& e : ok(r).events) expected.emplace(e.position, e);
  }
  const std::uint64_t total = kStreams * kRounds * kPerAppend;
  REQUIRE(expected.size() == total);
  CHECK(log->last_position() == total);

  std::uint64_t next = 1;
  std::size_t pages = 0;
  for (;;) {
    auto page = ok(log->read_all(next, 777));
    if (page.empty()) break;
    ++pages;
    CHECK(page.size() == std::min<std::uint64_t>(777, total - next + 1));
    for (const auto& e : page) {
      REQUIRE(e.position == next);
      REQUIRE(e == expected.at(next));
      ++next;
    }
  }
  CHECK(next == total + 1);
  CHECK(pages == (total + 776) / 777);

  auto stream = ok(log->read_stream("call-7"));
  REQUIRE(stream.size() == kRounds * kPerAppend);
  for (std::size_t i = 0; i < stream.size(); ++i) {
    CHECK(stream[i].version == i + 1);
    CHECK(stream[i] == expected.at(stream[i].position));
  }
  auto tail = ok(log->read_stream("call-7", 150, 10));
  REQUIRE(tail.size() == 10);
  CHECK(tail.front().version == 150);
}

TEST_CASE("checkpoints are saved and overwritten and kept across a reopen", "[event_log]") {
  TempDir dir;
  auto log = open_log(dir.str());
  CHECK_FALSE(ok(log->load_checkpoint("projection.calls")).has_value());
  REQUIRE(log->save_checkpoint("projection.calls", 42).ok());
  REQUIRE(log->save_checkpoint("projection.bookings", 7).ok());
  CHECK(ok(log->load_checkpoint("projection.calls")) == std::optional<std::uint64_t>(42));
  REQUIRE(log->save_checkpoint("projection.calls", 43).ok());
  CHECK(log->save_checkpoint("", 1).error().code == Errc::invalid_argument);
  log.reset();
  log = open_log(dir.str());
  CHECK(ok(log->load_checkpoint("projection.calls")) == std::optional<std::uint64_t>(43));
  CHECK(ok(log->load_checkpoint("projection.bookings")) == std::optional<std::uint64_t>(7));
  CHECK(log->last_position() == 0);  // checkpoints are not events
}

TEST_CASE("listeners hear each new last position after the write", "[event_log]") {
  TempDir dir;
  auto log = open_log(dir.str());
  std::vector<std::uint64_t> heard;
  std::uint64_t seen_in_log = 0;
  auto id = log->subscribe([&](std::uint64_t p) {
    heard.push_back(p);
    seen_in_log = log->read_all(p, 1)->size();  // the event is readable when we hear of it
  });
  ok(log->append("s", kAnyVersion, events(2)));
  CHECK(heard == std::vector<std::uint64_t>{2});
  CHECK(seen_in_log == 1);
  log->append_batch({{"a", kAnyVersion, events(1)}, {"b", kAnyVersion, events(3)}});
  CHECK(heard == std::vector<std::uint64_t>{2, 6});
  CHECK(code_of(log->append("s", kNoStream, events(1))) == Errc::conflict);
  CHECK(heard.size() == 2);

  SECTION("unsubscribed listeners are not called") {
    log->unsubscribe(id);
    ok(log->append("s", kAnyVersion, events(1)));
    CHECK(heard.size() == 2);
  }
  SECTION("a listener may append; it hears its own append too") {
    std::vector<std::uint64_t> chained;
    log->subscribe([&](std::uint64_t p) {
      chained.push_back(p);
      if (chained.size() == 1) ok(log->append("echo", kAnyVersion, events(1)));
    });
    ok(log->append("s", kAnyVersion, events(1)));
    CHECK(chained == std::vector<std::uint64_t>{7, 8});
    CHECK(log->last_position() == 8);
  }
}

TEST_CASE("an unsynced batch is hidden from readers until sync_written publishes it",
          "[event_log]") {
  TempDir dir;
  auto log = open_log(dir.str());
  std::vector<std::uint64_t> heard;
  log->subscribe([&](std::uint64_t p) { heard.push_back(p); });
  std::vector<AppendRequest> first;
  first.push_back({"call-CA01", kNoStream, events(2)});
  auto written = log->append_batch_unsynced(std::move(first));
  REQUIRE(written.size() == 1);
  CHECK(ok(written[0]).last_position == 2);
  // Readers see nothing yet; writers already do (versions, idempotency).
  CHECK(log->last_position() == 0);
  CHECK(ok(log->read_stream("call-CA01")).empty());
  CHECK(ok(log->read_all(1, 10)).empty());
  CHECK(heard.empty());
  CHECK(code_of(log->append("call-CA01", kNoStream, events(1))) == Errc::conflict);
  std::vector<AppendRequest> retry;
  retry.push_back({"call-CA01", kNoStream, ok(written[0]).events});
  CHECK(ok(log->append_batch_unsynced(std::move(retry))[0]).duplicate);

  REQUIRE(log->sync_written().ok());
  CHECK(log->last_position() == 2);
  CHECK(ok(log->read_stream("call-CA01")).size() == 2);
  CHECK(heard == std::vector<std::uint64_t>{2});
  CHECK(log->sync_written().ok());  // nothing waiting: a no-op
  CHECK(heard.size() == 1);

  // A synced append after an unsynced one publishes both: the WAL they share was synced.
  std::vector<AppendRequest> second;
  second.push_back({"call-CA02", kNoStream, events(1)});
  REQUIRE(log->append_batch_unsynced(std::move(second))[0].ok());
  REQUIRE(log->append("call-CA03", kNoStream, events(1)).ok());
  CHECK(log->last_position() == 4);
  CHECK(ok(log->read_stream("call-CA02")).size() == 1);
}

TEST_CASE("a reopened log finds everything and carries on", "[event_log]") {
  TempDir dir;
  std::vector<Envelope> written;
  {
    auto log = open_log(dir.str());
    for (int i = 0; i < 20; ++i) {
      auto r = ok(log->append("call-" + std::to_string(i % 3), kAnyVersion, events(3)));
      written.insert(written.end(), r.events.begin(), r.events.end());
    }
  }
  auto log = open_log(dir.str(), {.sync = true, .create_if_missing = false});
  CHECK(log->last_position() == 60);
  CHECK(read_everything(*log) == written);
  CHECK(log->stream_version("call-0") == 21);
  CHECK(log->stream_version("call-2") == 18);
  auto next = ok(log->append("call-2", 18, events(1)));
  CHECK(next.first_position == 61);
  CHECK(next.last_version == 19);

  SECTION("a second open of a log in use is refused") {
    auto again = EventLog::open(dir.str());
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == Errc::io);
  }
}

TEST_CASE("opening a missing log without create_if_missing is not_found", "[event_log]") {
  TempDir dir;
  auto r = EventLog::open(dir.str() + "/absent", {.sync = true, .create_if_missing = false});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == Errc::not_found);
  auto nested = EventLog::open(dir.str() + "/a/b/c");  // parents are created
  CHECK(nested.ok());
}

TEST_CASE("8 threads appending at once get contiguous unique positions", "[event_log]") {
  TempDir dir;
  auto log = open_log(dir.str());
  constexpr int kThreads = 8, kAppends = 60;
  std::atomic<int> failures{0};
  std::vector<std::vector<AppendResult>> mine(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kAppends; ++i) {
        // Alternate a private stream (exact versions) and a shared one (any version).
        bool shared = i % 3 == 0;
        std::string stream = shared ? "shared" : "thread-" + std::to_string(t);
        // Only this thread writes its private stream, so its version cannot move under it.
        std::int64_t expected = shared ? kAnyVersion : std::int64_t(log->stream_version(stream));
        auto r = log->append(stream, expected, events(1 + i % 3));
        if (!r) {
          ++failures;
          continue;
        }
        mine[t].push_back(std::move(*r));
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failures == 0);

  std::set<std::uint64_t> positions;
  std::set<Uuid> ids;
  std::uint64_t total = 0;
  for (const auto& results : mine) {
    for (const auto& r : results) {
      CHECK(r.last_position - r.first_position + 1 == r.events.size());
      for (const auto& e : r.events) {
        CHECK(positions.insert(e.position).second);
        CHECK(ids.insert(e.event_id).second);
      }
      total += r.events.size();
    }
  }
  CHECK(log->last_position() == total);
  CHECK(*positions.begin() == 1);
  CHECK(*positions.rbegin() == total);
  CHECK(positions.size() == total);
  auto all = read_everything(*log);
  for (const std::string stream : {"shared", "thread-0", "thread-7"}) {
    auto s = ok(log->read_stream(stream));
    for (std::size_t i = 0; i < s.size(); ++i) CHECK(s[i].version == i + 1);
    CHECK(log->stream_version(stream) == s.size());
  }
}

// -- crash: a child process appends synced events and reports each acknowledged append on a
// pipe; it is killed with SIGKILL mid-flight; every reported position must be in the reopened
// log, with no holes. (A process kill, not a power cut: it checks that an acknowledged batch is
// in the WAL and that recovery of a torn tail leaves a consistent log.)

TEST_CASE("crash child (run by the crash test only)", "[.crash-child]") {
  const char* dir = std::getenv("WEBOX_CRASH_DIR");
  const char* fd_text = std::getenv("WEBOX_CRASH_FD");
  if (!dir || !fd_text) return;
  int fd = std::atoi(fd_text);
  auto log = open_log(dir);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (int i = 0; std::chrono::steady_clock::now() < deadline; ++i) {  // bounded if orphaned
    auto r = log->append("crash-" + std::to_string(i % 7), kAnyVersion, events(1 + i % 10));
    if (!r) std::_Exit(3);
    std::uint64_t report[2] = {r->first_position, r->last_position};
    if (write(fd, report, sizeof report) != sizeof report) std::_Exit(4);
  }
}

TEST_CASE("acknowledged appends survive kill -9", "[event_log][crash]") {
  TempDir dir;
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  REQUIRE(fcntl(pipe_fds[0], F_SETFD, FD_CLOEXEC) == 0);  // the child keeps only the write end

  std::string exe = std::filesystem::read_symlink("/proc/self/exe");
  std::string dir_env = "WEBOX_CRASH_DIR=" + dir.str();
  std::string fd_env = "WEBOX_CRASH_FD=" + std::to_string(pipe_fds[1]);
  std::vector<char*> env;
  for (char** e = environ; *e; ++e) env.push_back(*e);
  env.push_back(dir_env.data());
  env.push_back(fd_env.data());
  env.push_back(nullptr);
  std::string test_name = "crash child (run by the crash test only)";
  std::string out_flag = "-o", out_file = "/dev/null";
  char* argv[] = {exe.data(), test_name.data(), out_flag.data(), out_file.data(), nullptr};
  pid_t child;
  REQUIRE(posix_spawn(&child, exe.c_str(), nullptr, nullptr, argv, env.data()) == 0);
  close(pipe_fds[1]);

  // Let it acknowledge a few hundred appends, then kill it while it is writing.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> acked;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (acked.size() < 300 && std::chrono::steady_clock::now() < deadline) {
    pollfd p{pipe_fds[0], POLLIN, 0};
    if (poll(&p, 1, 1000) <= 0) continue;
    std::uint64_t report[2];
    ssize_t n = read(pipe_fds[0], report, sizeof report);
    if (n != sizeof report) break;  // the child died on its own: checked below
    acked.emplace_back(report[0], report[1]);
  }
  kill(child, SIGKILL);
  // Reports already in the pipe were acknowledged before the kill: they count too.
  for (;;) {
    std::uint64_t report[2];
    if (read(pipe_fds[0], report, sizeof report) != sizeof report) break;
    acked.emplace_back(report[0], report[1]);
  }
  close(pipe_fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(WIFSIGNALED(status));  // killed by us, not failed
  REQUIRE(acked.size() >= 300);

  auto log = open_log(dir.str());
  auto all = read_everything(*log);  // contiguous, no holes, every row decodes
  for (const auto& [first, last] : acked) {
    REQUIRE(last >= first);
    REQUIRE(last <= log->last_position());
  }
  CHECK(log->last_position() >= acked.back().second);
  for (int s = 0; s < 7; ++s) {
    auto stream = ok(log->read_stream("crash-" + std::to_string(s)));
    for (std::size_t i = 0; i < stream.size(); ++i) REQUIRE(stream[i].version == i + 1);
  }
  // The log keeps working where the child stopped.
  auto next = ok(log->append("after-crash", kNoStream, events(1)));
  CHECK(next.first_position == all.size() + 1);
  std::printf("crash: %zu appends acknowledged before kill -9, %zu events recovered\n",
              acked.size(), all.size());
}

// -- throughput, printed for the record (never asserted: the machine is shared) --

namespace {

double thread_cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

// What one small write + fdatasync costs on this disk right now: the floor under any synced
// append, printed next to the throughput so the figures can be read in context.
double fdatasync_ms(const std::string& dir) {
  std::string path = dir + "/fsync-probe";
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  REQUIRE(fd >= 0);
  char block[4096] = {};
  auto t0 = std::chrono::steady_clock::now();
  constexpr int kRounds = 50;
  for (int i = 0; i < kRounds; ++i) {
    REQUIRE(write(fd, block, sizeof block) == sizeof block);
    REQUIRE(fdatasync(fd) == 0);
  }
  auto t1 = std::chrono::steady_clock::now();
  close(fd);
  unlink(path.c_str());
  return std::chrono::duration<double, std::milli>(t1 - t0).count() / kRounds;
}

}  // namespace

TEST_CASE("append_batch throughput is printed", "[event_log][perf]") {
  TempDir dir;
  auto log = open_log(dir.str());
  using clock = std::chrono::steady_clock;
  auto seconds = [](clock::duration d) { return std::chrono::duration<double>(d).count(); };
  constexpr int kBatches = 30, kPerBatch = 1000;
  constexpr double kEvents = kBatches * kPerBatch;
  double sync_ms = fdatasync_ms(dir.str());

  // One request of 1,000 events per batch.
  std::vector<std::vector<Envelope>> inputs;
  for (int b = 0; b < kBatches; ++b) inputs.push_back(events(kPerBatch));
  double c0 = thread_cpu_seconds();
  auto t0 = clock::now();
  for (int b = 0; b < kBatches; ++b)
    REQUIRE(ok(log->append("bulk-" + std::to_string(b), kNoStream, std::move(inputs[b])))
                .events.size() == kPerBatch);
  auto t1 = clock::now();
  double c1 = thread_cpu_seconds();

  // Group commit as the log writer does it: 1,000 requests of one event, one sync.
  std::vector<std::vector<AppendRequest>> batches(kBatches);
  for (int b = 0; b < kBatches; ++b)
    for (int i = 0; i < kPerBatch; ++i)
      batches[b].push_back({"call-" + std::to_string(i), kAnyVersion, events(1)});
  double c2 = thread_cpu_seconds();
  auto t2 = clock::now();
  for (auto& batch : batches)
    for (auto& r : log->append_batch(std::move(batch))) REQUIRE(r.ok());
  auto t3 = clock::now();
  double c3 = thread_cpu_seconds();

  // Single synced appends, for contrast.
  auto t4 = clock::now();
  for (int i = 0; i < 200; ++i) ok(log->append("single", kAnyVersion, events(1)));
  auto t5 = clock::now();

  double c6 = thread_cpu_seconds();
  auto t6 = clock::now();
  std::size_t read = 0;
  for (std::uint64_t from = 1; from <= log->last_position(); from += 10'000)
    read += ok(log->read_all(from, 10'000)).size();
  auto t7 = clock::now();
  double c7 = thread_cpu_seconds();
  REQUIRE(read == log->last_position());

  std::printf("event_log: 4 KB write+fdatasync on this disk now: %.2f ms\n", sync_ms);
  std::printf("event_log (synced): 1 request x 1000 events:  %7.0f events/s, %.1f us CPU/event\n",
              kEvents / seconds(t1 - t0), (c1 - c0) * 1e6 / kEvents);
  std::printf("event_log (synced): 1000 requests x 1 event:  %7.0f events/s, %.1f us CPU/event\n",
              kEvents / seconds(t3 - t2), (c3 - c2) * 1e6 / kEvents);
  std::printf("event_log (synced): single appends:           %7.0f appends/s\n",
              200 / seconds(t5 - t4));
  std::printf("event_log: read_all, pages of 10,000:         %7.0f events/s, %.1f us CPU/event\n",
              double(read) / seconds(t7 - t6), (c7 - c6) * 1e6 / double(read));
}
