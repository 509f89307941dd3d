// Read-only opens beside a writer (what `webox replay` does while `webox serve` runs): the
// event log and the data-key store as RocksDB secondaries see what the primary wrote at open,
// nothing newer until catch_up(), then everything; they refuse to write and leave the
// primary's directory alone.
#include <catch2/catch.hpp>

#include <filesystem>

#include "storage/data_keys.h"
#include "storage/event_log.h"
#include "tests/support/temp_dir.h"

using namespace webox;
using webox::testing::TempDir;

namespace {

Envelope said(std::string text, std::int32_t turn) {
  Envelope e;
  e.event_id = Uuid::random();
  e.recorded_at = now_micros();
  e.data = UtteranceTranscribed{"CA01", turn, std::move(text), 0.9, "twilio-gather"};
  return e;
}

template <class T>
T take(Result<T> r) {
  if (!r.ok()) FAIL(to_string(r.error().code) << ": " << r.error().message);
  return std::move(*r);
}

std::size_t files_in(const std::filesystem::path& dir) {
  std::size_t n = 0;
  for (auto& f : std::filesystem::recursive_directory_iterator(dir)) n += f.is_regular_file();
  return n;
}

}  // namespace

TEST_CASE("a secondary event log follows the primary through catch_up") {
  TempDir dir, scratch;
  auto path = (dir.path / "events").string();
  auto primary = take(EventLog::open(path));
  REQUIRE(primary->append("call-CA01", kNoStream, {said("un", 1), said("deux", 2)}).ok());

  auto secondary = take(EventLog::open_secondary(path, scratch.str()));
  CHECK(secondary->read_only());
  CHECK(secondary->last_position() == 2);
  CHECK(take(secondary->read_stream("call-CA01")).size() == 2);

  REQUIRE(primary->append("call-CA01", 2, {said("trois", 3)}).ok());
  REQUIRE(primary->append("call-CA02", kNoStream, {said("autre", 1)}).ok());
  // Not yet: a secondary moves only when asked.
  CHECK(secondary->last_position() == 2);
  CHECK(take(secondary->read_all(1, 100)).size() == 2);

  REQUIRE(secondary->catch_up().ok());
  CHECK(secondary->last_position() == 4);
  auto all = take(secondary->read_all(1, 100));
  REQUIRE(all.size() == 4);
  CHECK(std::get<UtteranceTranscribed>(all[2].data).text == "trois");
  CHECK(secondary->stream_version("call-CA01") == 3);
  CHECK(take(secondary->read_stream("call-CA02")).size() == 1);
  CHECK(primary->catch_up().ok());  // a primary is always current: a no-op
}

TEST_CASE("a secondary event log refuses writes and needs an existing log") {
  TempDir dir, scratch;
  auto path = (dir.path / "events").string();
  {
    auto missing = EventLog::open_secondary(path, scratch.str());
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == Errc::not_found);
    CHECK_FALSE(std::filesystem::exists(path));  // and did not create it
  }
  auto primary = take(EventLog::open(path));
  REQUIRE(primary->append("call-CA01", kNoStream, {said("un", 1)}).ok());
  auto before = files_in(path);
  auto secondary = take(EventLog::open_secondary(path, scratch.str()));
  auto refused = secondary->append("call-CA01", 1, {said("deux", 2)});
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == Errc::unavailable);
  auto batch = secondary->append_batch({{"call-CA09", kNoStream, {said("x", 1)}}});
  REQUIRE_FALSE(batch.front().ok());
  CHECK(secondary->stream_version("call-CA09") == 0);  // the refusal cached nothing
  CHECK(secondary->save_checkpoint("p", 1).error().code == Errc::unavailable);
  // The primary still writes, and nothing of the secondary landed in its directory.
  REQUIRE(primary->append("call-CA01", 1, {said("deux", 2)}).ok());
  CHECK(files_in(path) == before);
  REQUIRE(secondary->catch_up().ok());
  CHECK(secondary->stream_version("call-CA01") == 2);
}

TEST_CASE("a secondary data-key store sees keys created and shredded after catch_up") {
  TempDir dir, scratch;
  auto path = (dir.path / "keys").string();
  SecretKey master = SecretKey::random();
  {
    auto missing = DataKeyStore::open_secondary(path, scratch.str(), master);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == Errc::not_found);
  }
  auto primary = take(DataKeyStore::open(path, master));
  auto k1 = take(primary->get_or_create("call-CA01", "default", 1, "+33600000001"));

  auto secondary = take(DataKeyStore::open_secondary(path, scratch.str(), master));
  auto seen = take(secondary->get("call-CA01"));
  REQUIRE(seen);
  CHECK(seen->hex() == k1.hex());

  auto k2 = take(primary->get_or_create("call-CA02", "default", 2, ""));
  CHECK_FALSE(take(secondary->get("call-CA02")));
  REQUIRE(secondary->catch_up().ok());
  auto seen2 = take(secondary->get("call-CA02"));
  REQUIRE(seen2);
  CHECK(seen2->hex() == k2.hex());

  REQUIRE(primary->shred({"call-CA01"}).ok());
  REQUIRE(secondary->catch_up().ok());
  CHECK_FALSE(take(secondary->get("call-CA01")));

  auto refused = secondary->get_or_create("call-CA03", "default", 3, "");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == Errc::unavailable);
  CHECK(secondary->shred({"call-CA02"}).error().code == Errc::unavailable);
  CHECK(take(primary->get("call-CA02")));
}
