// The log-writer actor against a real RocksDB: group commit under concurrent appends.
#include <catch2/catch.hpp>
#include <caf/all.hpp>

#include <future>
#include <set>
#include <thread>

#include "actors/log_writer.h"
#include "actors/messages.h"
#include "tests/support/temp_dir.h"

using namespace webox;
using webox::testing::TempDir;

namespace {

// A log-writer actor over a real log, with its disk and sync threads. Members are destroyed in
// reverse order, so the log outlives the threads and the actor system that use it.
struct Rig {
  std::unique_ptr<EventLog> log;
  BlockingWorker disk{"test-disk", 1}, syncer{"test-sync", 1};
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  caf::actor writer;

  explicit Rig(const TempDir& dir) {
    auto opened = EventLog::open(dir.str());
    REQUIRE(opened.ok());
    log = std::move(*opened);
    writer = spawn_log_writer(sys, *log, disk, syncer);
  }
  ~Rig() {
    caf::anon_send_exit(writer, caf::exit_reason::user_shutdown);
    disk.stop();
    syncer.stop();
  }
};

Envelope event(const std::string& sid, int turn) {
  Envelope e;
  e.event_id = Uuid::random();
  e.recorded_at = now_micros();
  e.data = UtteranceTranscribed{.call_sid = sid, .turn = turn, .text = "bonjour"};
  return e;
}

// Appends `count` events to its own stream one at a time, each after the previous is durable.
caf::behavior writer_client(caf::event_based_actor* self, caf::actor writer, std::string stream,
                            int count, caf::actor done) {
  auto next = std::make_shared<int>(0);
  // The step refers to itself through a weak pointer (a strong one would be a cycle that
  // outlives the actor); the behavior below owns it for as long as the actor lives.
  auto step = std::make_shared<std::function<void()>>();
  std::weak_ptr<std::function<void()>> again = step;
  *step = [=] {
    if (*next == count) {
      self->send(done, stream);
      self->quit();
      return;
    }
    AppendRequest req{stream, *next, {event(stream, *next)}};
    self->request(writer, caf::infinite, append_atom::value, std::move(req))
        .then([=](AppendOutcome& out) {
          REQUIRE(out.result.ok());
          ++*next;
          if (auto s = again.lock()) (*s)();
        });
  };
  (*step)();
  return {[step](int) {}};
}

}  // namespace

TEST_CASE("concurrent appends share WriteBatches and all land durably, in order per stream") {
  TempDir dir;
  constexpr int kWriters = 64, kEach = 40;
  {
    Rig rig(dir);
    caf::scoped_actor self{rig.sys};
    for (int i = 0; i < kWriters; ++i)
      rig.sys.spawn(writer_client, rig.writer, "s-" + std::to_string(i), kEach, caf::actor{self});
    std::set<std::string> finished;
    for (int i = 0; i < kWriters; ++i)
      self->receive([&](const std::string& s) { finished.insert(s); });
    CHECK(finished.size() == kWriters);

    LogWriterStats stats;
    self->request(rig.writer, caf::infinite, stats_atom::value)
        .receive([&](LogWriterStats s) { stats = s; }, [](caf::error&) { FAIL(); });
    CHECK(stats.requests == kWriters * kEach);
    // Group commit: with 64 writers waiting at once, batches carry many appends.
    CHECK(stats.batches < stats.requests / 4);
    CHECK(stats.largest_batch > 8);
    INFO("batches " << stats.batches << ", largest " << stats.largest_batch);
  }
  auto reopened = EventLog::open(dir.str());
  REQUIRE(reopened.ok());
  CHECK((*reopened)->last_position() == kWriters * kEach);
  for (int i = 0; i < kWriters; ++i) {
    auto evs = (*reopened)->read_stream("s-" + std::to_string(i));
    REQUIRE(evs.ok());
    REQUIRE(evs->size() == kEach);
    for (int k = 0; k < kEach; ++k)
      CHECK(std::get<UtteranceTranscribed>((*evs)[k].data).turn == k);
  }
}

TEST_CASE("a wrong expected version is refused and the right one then accepted") {
  TempDir dir;
  Rig rig(dir);
  caf::scoped_actor self{rig.sys};
  auto append = [&](const std::string& stream, std::int64_t expected) {
    AppendOutcome result;
    self->request(rig.writer, caf::infinite, append_atom::value,
                  AppendRequest{stream, expected, {event(stream, 1)}})
        .receive([&](AppendOutcome& out) { result = std::move(out); },
                 [](caf::error&) { FAIL(); });
    return result;
  };
  CHECK(append("a", kNoStream).result.ok());
  auto conflict = append("a", kNoStream);
  REQUIRE_FALSE(conflict.result.ok());
  CHECK(conflict.result.error().code == Errc::conflict);
  CHECK(append("a", 1).result.ok());
  CHECK(rig.log->stream_version("a") == 2);
}

TEST_CASE("an append answered when written does not wait for the sync, a durable one does") {
  TempDir dir;
  Rig rig(dir);
  // The sync thread is busy until the gate opens: every sync waits behind it.
  std::promise<void> gate;
  std::shared_future<void> opened = gate.get_future().share();
  rig.syncer.post([opened] { opened.wait(); });

  auto durable = std::make_shared<std::promise<AppendOutcome>>();
  auto durable_answer = durable->get_future();
  // Given as spawn arguments, not captured: CAF 0.17 binds a null reference (UBSan) when a
  // function actor is spawned with no arguments at all.
  rig.sys.spawn(
      [](caf::event_based_actor* self, caf::actor writer,
         std::shared_ptr<std::promise<AppendOutcome>> answer) {
        self->request(writer, caf::infinite, append_atom::value,
                      AppendRequest{"durable", kNoStream, {event("durable", 1)}})
            .then([=](AppendOutcome& out) { answer->set_value(std::move(out)); });
      },
      rig.writer, durable);

  caf::scoped_actor self{rig.sys};
  AppendOutcome early;
  // A timeout, not infinite: an early answer that waited for the sync would never come.
  self->request(rig.writer, std::chrono::seconds(5), append_atom::value, written_atom::value,
                AppendRequest{"early", kNoStream, {event("early", 1)}})
      .receive([&](AppendOutcome& out) { early = std::move(out); }, [](caf::error&) { FAIL(); });
  REQUIRE(early.result.ok());
  const std::uint64_t early_at = early.result->last_position;
  CHECK(early.result->last_version == 1);
  // Answered while no sync could run: readers do not see it yet, writers do.
  CHECK(rig.log->last_position() < early_at);
  CHECK(durable_answer.wait_for(std::chrono::milliseconds(200)) == std::future_status::timeout);
  AppendOutcome next;
  self->request(rig.writer, std::chrono::seconds(5), append_atom::value, written_atom::value,
                AppendRequest{"early", 1, {event("early", 2)}})
      .receive([&](AppendOutcome& out) { next = std::move(out); }, [](caf::error&) { FAIL(); });
  REQUIRE(next.result.ok());  // the version it expects is the unsynced one
  CHECK(next.result->last_version == 2);

  gate.set_value();
  REQUIRE(durable_answer.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  auto d = durable_answer.get();
  REQUIRE(d.result.ok());
  // A durable answer means a sync covered everything written before it, the early ones too.
  for (int i = 0; i < 500 && rig.log->last_position() < next.result->last_position; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(rig.log->last_position() >= std::max(early_at, d.result->last_position));
  LogWriterStats stats;
  self->request(rig.writer, caf::infinite, stats_atom::value)
      .receive([&](LogWriterStats s) { stats = s; }, [](caf::error&) { FAIL(); });
  CHECK(stats.early_answers == 2);
  CHECK(stats.requests == 3);
}
