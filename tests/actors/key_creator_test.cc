// The key creator's group commit: every request answered once with its stream's durable key,
// requests that wait on a sync go together in the next batch, nothing is taken after stop().
#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "actors/key_creator.h"
#include "tests/support/temp_dir.h"

using namespace webox;
using webox::testing::TempDir;

TEST_CASE("the key creator answers every request with a synced key and groups those that wait") {
  TempDir dir;
  const SecretKey master = SecretKey::random();
  const auto path = (dir.path / "keys").string();
  constexpr int kThreads = 8, kEach = 50;
  std::mutex mu;
  std::vector<std::pair<std::string, std::string>> answered;  // stream, key hex
  std::atomic<int> failed{0};
  std::uint64_t batches = 0;
  {
    auto keys = DataKeyStore::open(path, master);
    REQUIRE(keys.ok());
    KeyCreator creator(**keys);
    std::vector<std::thread> callers;
    for (int t = 0; t < kThreads; ++t)
      callers.emplace_back([&, t] {
        for (int i = 0; i < kEach; ++i) {
          const std::string stream = "call-" + std::to_string(t) + "-" + std::to_string(i);
          std::promise<void> done;
          const bool taken = creator.request(KeyRequest{stream, "default", 1, ""}, [&, stream](Result<SecretKey> k) {
            if (!k.ok()) ++failed;
            else {
              std::lock_guard lock(mu);
              answered.emplace_back(stream, k->hex());
            }
            done.set_value();
          });
          REQUIRE(taken);
          done.get_future().wait();  // like a call actor: the next call once this one has its key
        }
      });
    for (auto& c : callers) c.join();
    CHECK(creator.keys() == kThreads * kEach);
    batches = creator.batches();
    creator.stop();
    CHECK_FALSE(creator.request(KeyRequest{"call-late", "default", 1, ""}, [](Result<SecretKey>) { FAIL(); }));
  }
  CHECK(failed == 0);
  REQUIRE(answered.size() == kThreads * kEach);
  // Eight callers each waiting on a sync: syncs carry several of them (about 6 here).
  INFO("batches: " << batches);
  CHECK(batches < std::uint64_t(kThreads * kEach) * 3 / 4);
  std::set<std::string> distinct;
  auto keys = DataKeyStore::open(path, master);
  REQUIRE(keys.ok());
  for (const auto& [stream, hex] : answered) {
    distinct.insert(hex);
    auto k = (*keys)->get(stream);
    REQUIRE(k.ok());
    REQUIRE(*k);
    CHECK((*k)->hex() == hex);
  }
  CHECK(distinct.size() == answered.size());
}
