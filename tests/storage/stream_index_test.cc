// The streams index holds one run per append ((stream, first version) -> first position, count)
// and the database carries its layout version: read_stream must cut runs at any version and
// count, hide unsynced runs, and a database of another layout must be refused at open.
#include <catch2/catch.hpp>

#include <rocksdb/db.h>

#include <map>
#include <string>
#include <vector>

#include "storage/event_log.h"
#include "tests/support/temp_dir.h"

using namespace webox;
using webox::testing::TempDir;

namespace {

std::unique_ptr<EventLog> open_log(const std::string& path) {
  auto log = EventLog::open(path);
  if (!log) FAIL("open: " << log.error().message);
  return std::move(*log);
}

std::vector<Envelope> events(std::size_t n, int turn0) {
  std::vector<Envelope> v;
  for (std::size_t i = 0; i < n; ++i) {
    Envelope e;
    e.event_id = Uuid::random();
    e.recorded_at = now_micros();
    e.data = UtteranceTranscribed{"CA01", turn0 + int(i), "t" + std::to_string(turn0 + i), 0.9,
                                  "twilio-gather"};
    v.push_back(std::move(e));
  }
  return v;
}

// Every read_stream(from, max) of every stream equals the matching slice of what was appended.
void check_every_slice(const EventLog& log,
                       const std::map<std::string, std::vector<Envelope>>& written) {
  for (const auto& [stream, evs] : written) {
    REQUIRE(log.stream_version(stream) == evs.size());
    for (std::size_t from = 0; from <= evs.size() + 1; ++from) {
      for (std::size_t max : {std::size_t(1), std::size_t(2), std::size_t(5), SIZE_MAX}) {
        auto got = log.read_stream(stream, from, max);
        REQUIRE(got.ok());
        std::size_t begin = std::max<std::size_t>(from, 1) - 1;
        std::size_t end = begin >= evs.size() ? begin : std::min(evs.size(), begin + std::min(max, evs.size()));
        std::vector<Envelope> want(evs.begin() + std::ptrdiff_t(std::min(begin, evs.size())),
                                   evs.begin() + std::ptrdiff_t(std::min(end, evs.size())));
        INFO(stream << " from " << from << " max " << max);
        REQUIRE(*got == want);
      }
    }
  }
}

}  // namespace

TEST_CASE("read_stream cuts multi-event appends at any version and count", "[event_log][index]") {
  TempDir dir;
  std::map<std::string, std::vector<Envelope>> written;
  {
    auto log = open_log(dir.str());
    // Three interleaved streams, appends of 1 to 5 events, so runs of one stream are separated
    // by other streams' positions and no run boundary lines up with another stream's.
    for (int i = 0; i < 30; ++i) {
      std::string stream = "call-" + std::to_string(i % 3);
      std::size_t n = std::size_t(1 + (i * 7) % 5);
      auto& mine = written[stream];
      auto r = log->append(stream, std::int64_t(mine.size()), events(n, int(mine.size())));
      REQUIRE(r.ok());
      REQUIRE(r->events.size() == n);
      mine.insert(mine.end(), r->events.begin(), r->events.end());
    }
    // A stream whose name is a prefix of another keeps to itself.
    auto r = log->append("call-1x", kNoStream, events(4, 0));
    REQUIRE(r.ok());
    written["call-1x"] = r->events;
    check_every_slice(*log, written);
  }
  auto reopened = open_log(dir.str());
  check_every_slice(*reopened, written);
  auto more = reopened->append("call-2", std::int64_t(written["call-2"].size()), events(3, 100));
  REQUIRE(more.ok());
  CHECK(more->last_version == written["call-2"].size() + 3);
}

TEST_CASE("an unsynced multi-event append is hidden from read_stream until synced",
          "[event_log][index]") {
  TempDir dir;
  auto log = open_log(dir.str());
  auto first = log->append("call-A", kNoStream, events(3, 0));
  REQUIRE(first.ok());
  std::vector<AppendRequest> batch;
  batch.push_back({"call-A", 3, events(4, 3)});
  auto results = log->append_batch_unsynced(std::move(batch));
  REQUIRE(results[0].ok());
  CHECK(log->stream_version("call-A") == 7);  // writers see it
  auto hidden = log->read_stream("call-A", 1);
  REQUIRE(hidden.ok());
  CHECK(hidden->size() == 3);
  CHECK(log->read_stream("call-A", 4)->empty());
  REQUIRE(log->sync_written().ok());
  auto shown = log->read_stream("call-A", 2);
  REQUIRE(shown.ok());
  REQUIRE(shown->size() == 6);
  CHECK(shown->back().version == 7);
  CHECK(shown->back() == results[0]->events.back());
}

namespace {

// Opens the RocksDB under an event log directly, every family, to forge older layouts.
struct RawDb {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;

  explicit RawDb(const std::string& path) {
    std::vector<std::string> names;
    REQUIRE(rocksdb::DB::ListColumnFamilies({}, path, &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const auto& n : names) families.emplace_back(n, rocksdb::ColumnFamilyOptions{});
    rocksdb::DB* raw = nullptr;
    REQUIRE(rocksdb::DB::Open({}, path, families, &handles, &raw).ok());
    db.reset(raw);
  }
  ~RawDb() {
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
    db->Close();
  }
};

}  // namespace

TEST_CASE("a database of another layout is refused at open", "[event_log][index]") {
  TempDir dir;
  {
    auto log = open_log(dir.str());
    REQUIRE(log->append("call-A", kNoStream, events(2, 0)).ok());
  }
  REQUIRE(EventLog::open(dir.str()).ok());  // this build's own layout reopens

  SECTION("layout 1 had no format_version key") {
    {
      RawDb raw(dir.str());
      REQUIRE(raw.db->Delete({}, raw.handles[0], "format_version").ok());
    }
    auto r = EventLog::open(dir.str());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::corrupt);
    CHECK_THAT(r.error().message, Catch::Contains("layout 1"));
  }
  SECTION("a newer layout") {
    {
      RawDb raw(dir.str());
      std::string v(8, '\0');
      v[7] = 9;
      REQUIRE(raw.db->Put({}, raw.handles[0], "format_version", v).ok());
    }
    auto r = EventLog::open(dir.str());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::corrupt);
    CHECK_THAT(r.error().message, Catch::Contains("layout 9"));
  }
}
