// The NATS setting of `webox serve`: off by default, on by --nats, WEBOX_NATS_URL or `nats =`.
#include <catch2/catch.hpp>

#include <fstream>

#include "tests/support/temp_dir.h"
#include "tools/config.h"

using namespace webox;
using Catch::Matchers::Contains;

TEST_CASE("NATS is off unless a URL is given", "[config][nats]") {
  auto config = load_serve_config({}, nullptr);
  REQUIRE(config.ok());
  CHECK(config->nats_url.empty());
  CHECK(to_engine_options(*config).nats_url.empty());
}

TEST_CASE("the NATS URL comes from the file then the environment then the flag", "[config][nats]") {
  testing::TempDir dir;
  const std::string file = dir.str() + "/webox.conf";
  std::ofstream(file) << "nats = \"nats://127.0.0.1:1111\"\n";

  auto from_file = load_serve_config({"--config", file}, nullptr);
  REQUIRE(from_file.ok());
  CHECK(from_file->nats_url == "nats://127.0.0.1:1111");

  std::string var = "WEBOX_NATS_URL=nats://127.0.0.1:2222";
  char* env[] = {var.data(), nullptr};
  auto from_env = load_serve_config({"--config", file}, env);
  REQUIRE(from_env.ok());
  CHECK(from_env->nats_url == "nats://127.0.0.1:2222");

  auto from_flag = load_serve_config({"--config", file, "--nats", "nats://127.0.0.1:3333"}, env);
  REQUIRE(from_flag.ok());
  CHECK(from_flag->nats_url == "nats://127.0.0.1:3333");
  CHECK(to_engine_options(*from_flag).nats_url == "nats://127.0.0.1:3333");

  auto off_again = load_serve_config({"--nats="}, env);  // explicitly empty: off
  REQUIRE(off_again.ok());
  CHECK(off_again->nats_url.empty());
}

TEST_CASE("a NATS URL that is not one is refused with where it came from", "[config][nats]") {
  for (const char* bad : {"127.0.0.1:4222", "http://127.0.0.1:4222", "nats://", "nats://a b"}) {
    CAPTURE(bad);
    auto config = load_serve_config({std::string("--nats=") + bad}, nullptr);
    REQUIRE_FALSE(config.ok());
    CHECK(config.error().field == "nats_url");
    CHECK_THAT(config.error().message, Contains("--nats: expected a NATS URL"));
  }
  CHECK_THAT(serve_help(), Contains("--nats URL") && Contains("WEBOX_NATS_URL") &&
                               Contains("key nats"));
}
