// The data-key store's memory of unwrapped keys must never outlive a shred: a key read (and so
// kept) before the erasure is gone for every read after it.
#include <catch2/catch.hpp>

#include "storage/data_keys.h"
#include "tests/support/temp_dir.h"

using namespace webox;
using webox::testing::TempDir;

namespace {

template <class T>
T take(Result<T> r) {
  if (!r.ok()) FAIL(to_string(r.error().code) << ": " << r.error().message);
  return std::move(*r);
}

}  // namespace

TEST_CASE("a key read again comes back the same, and not at all once shredded") {
  TempDir dir;
  auto keys = take(DataKeyStore::open((dir.path / "keys").string(), SecretKey::random()));
  auto k1 = take(keys->get_or_create("call-CA01", "default", 1, "+33600000001"));
  auto k2 = take(keys->get_or_create("call-CA02", "default", 2, ""));
  for (int i = 0; i < 3; ++i) {  // the first read loads it, the next ones find it kept
    auto a = take(keys->get("call-CA01"));
    REQUIRE(a);
    CHECK(a->hex() == k1.hex());
  }
  REQUIRE(take(keys->get("call-CA02")));

  REQUIRE(keys->shred({"call-CA01"}).ok());
  CHECK_FALSE(take(keys->get("call-CA01")));
  CHECK_FALSE(take(keys->get("call-CA01")));
  CHECK(take(keys->streams_of_caller("default", "+33600000001")).empty());
  auto b = take(keys->get("call-CA02"));  // the others stay
  REQUIRE(b);
  CHECK(b->hex() == k2.hex());
}

TEST_CASE("a key never read before its shred is not found after it") {
  TempDir dir;
  auto keys = take(DataKeyStore::open((dir.path / "keys").string(), SecretKey::random()));
  (void)take(keys->get_or_create("call-CA01", "default", 1, ""));
  REQUIRE(keys->shred({"call-CA01", "call-never"}).ok());
  CHECK_FALSE(take(keys->get("call-CA01")));
  CHECK_FALSE(take(keys->get("call-never")));
}

TEST_CASE("keys made in one batch are each their stream's, survive a reopen, and a stream asked twice gets one") {
  TempDir dir;
  const SecretKey master = SecretKey::random();
  const auto path = (dir.path / "keys").string();
  std::string a, b, old;
  {
    auto keys = take(DataKeyStore::open(path, master));
    old = take(keys->get_or_create("call-CA00", "default", 1, "")).hex();
    auto made = keys->get_or_create_many({{"call-CA01", "default", 2, "+33600000001"},
                                          {"call-CA00", "default", 3, ""},
                                          {"call-CA02", "other", 4, ""},
                                          {"call-CA01", "default", 5, "+33600000001"},
                                          {"call-CA03", std::string(256, 't'), 6, ""}});
    REQUIRE(made.size() == 5);
    a = take(std::move(made[0])).hex();
    CHECK(take(std::move(made[1])).hex() == old);  // had one: the same key, not a new one
    b = take(std::move(made[2])).hex();
    CHECK(take(std::move(made[3])).hex() == a);
    REQUIRE_FALSE(made[4].ok());  // its own error; the others were still made
    CHECK(made[4].error().code == Errc::invalid_argument);
    CHECK(a != b);
  }
  auto keys = take(DataKeyStore::open(path, master));
  CHECK(take(keys->get("call-CA01"))->hex() == a);
  CHECK(take(keys->get("call-CA02"))->hex() == b);
  CHECK(take(keys->get("call-CA00"))->hex() == old);
  CHECK_FALSE(take(keys->get("call-CA03")));
  CHECK(take(keys->streams_of_caller("default", "+33600000001")) == std::vector<std::string>{"call-CA01"});
}
