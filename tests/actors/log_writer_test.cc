// The log-writer actor against a real RocksDB: group commit under concurrent appends.
#include <catch2/catch.hpp>
#include <caf/all.hpp>

#include <filesystem>
#include <set>

#include "actors/log_writer.h"
#include "actors/messages.h"

using namespace webox;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("webox-lw-" + Uuid::random().str());
  ~TempDir() { fs::remove_all(path); }
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
    auto log = EventLog::open(dir.path.string());
    REQUIRE(log.ok());
    BlockingWorker disk("test-disk", 1), syncer("test-sync", 1);
    caf::actor_system_config cfg;
    caf::actor_system sys{cfg};
    auto writer = spawn_log_writer(sys, **log, disk, syncer);
    caf::scoped_actor self{sys};
    for (int i = 0; i < kWriters; ++i)
      sys.spawn(writer_client, writer, "s-" + std::to_string(i), kEach, caf::actor{self});
    std::set<std::string> finished;
    for (int i = 0; i < kWriters; ++i)
      self->receive([&](const std::string& s) { finished.insert(s); });
    CHECK(finished.size() == kWriters);

    LogWriterStats stats;
    self->request(writer, caf::infinite, stats_atom::value)
        .receive([&](LogWriterStats s) { stats = s; }, [](caf::error&) { FAIL(); });
    CHECK(stats.requests == kWriters * kEach);
    // Group commit: with 64 writers waiting at once, batches carry many appends.
    CHECK(stats.batches < stats.requests / 4);
    CHECK(stats.largest_batch > 8);
    INFO("batches " << stats.batches << ", largest " << stats.largest_batch);
    self->send_exit(writer, caf::exit_reason::user_shutdown);
    disk.stop();
    syncer.stop();
  }
  auto reopened = EventLog::open(dir.path.string());
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

TEST_CASE("a wrong expected version is refused and the other appends of the batch still land") {
  TempDir dir;
  auto log = EventLog::open(dir.path.string());
  REQUIRE(log.ok());
  BlockingWorker disk("test-disk", 1), syncer("test-sync", 1);
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  auto writer = spawn_log_writer(sys, **log, disk, syncer);
  caf::scoped_actor self{sys};
  auto append = [&](const std::string& stream, std::int64_t expected) {
    AppendOutcome result;
    self->request(writer, caf::infinite, append_atom::value,
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
  CHECK((*log)->stream_version("a") == 2);
  self->send_exit(writer, caf::exit_reason::user_shutdown);
  disk.stop();
  syncer.stop();
}
