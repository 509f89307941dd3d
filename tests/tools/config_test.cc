// load_serve_config: defaults, the file < env < flags precedence, and errors that say which
// setting was wrong and where it came from. No test name starts with '-': ctest passes names to
// the binary as arguments, and Catch would take such a name for an option.
#include "tools/config.h"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;
using webox::load_serve_config;
using webox::ServeConfig;

namespace {

// A null-terminated NAME=value array, as `environ` is.
class Env {
 public:
  Env(std::initializer_list<std::string> entries) : entries_(entries) {
    for (auto& e : entries_) pointers_.push_back(e.data());
    pointers_.push_back(nullptr);
  }
  char** get() { return pointers_.data(); }

 private:
  std::vector<std::string> entries_;
  std::vector<char*> pointers_;
};

// A config file in a fresh directory, named webox.conf, removed at the end of the test.
class ConfigFile {
 public:
  explicit ConfigFile(const std::string& text) {
    static std::atomic<int> counter{0};
    dir_ = fs::temp_directory_path() /
           ("webox-config-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::create_directories(dir_);
    std::ofstream(path()) << text;
  }
  ~ConfigFile() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string path() const { return (dir_ / "webox.conf").string(); }

 private:
  fs::path dir_;
};

webox::Error error_of(const std::vector<std::string>& args, char** env = nullptr) {
  auto config = load_serve_config(args, env);
  REQUIRE_FALSE(config.ok());
  CHECK(config.error().code == webox::Errc::invalid_argument);
  return config.error();
}

}  // namespace

TEST_CASE("no file, environment or flags gives the defaults") {
  auto config = load_serve_config({}, nullptr);
  REQUIRE(config.ok());
  CHECK(*config == ServeConfig{});
  CHECK(config->host() == "127.0.0.1");
  CHECK(config->port() == 8080);
  CHECK(config->config_file.empty());
  CHECK_FALSE(config->help_requested);

  // The defaults agree with the options structs they feed.
  webox::HttpOptions http = webox::to_http_options(*config);
  webox::HttpOptions http_defaults;
  CHECK(http.host == http_defaults.host);
  CHECK(http.port == http_defaults.port);
  CHECK(http.threads == http_defaults.threads);
  CHECK(http.max_body_bytes == http_defaults.max_body_bytes);
  CHECK(http.max_header_bytes == http_defaults.max_header_bytes);
  CHECK(http.max_url_bytes == http_defaults.max_url_bytes);
  CHECK(http.max_ws_message_bytes == http_defaults.max_ws_message_bytes);
  CHECK(http.header_timeout == http_defaults.header_timeout);
  CHECK(http.body_timeout == http_defaults.body_timeout);
  CHECK(http.idle_timeout == http_defaults.idle_timeout);
  CHECK(http.max_connections == http_defaults.max_connections);
  CHECK(http.max_connections_per_address == http_defaults.max_connections_per_address);
  CHECK(http.max_in_flight == http_defaults.max_in_flight);
  CHECK(http.twilio_rate_per_address == http_defaults.twilio_rate_per_address);
  CHECK(http.api_rate_per_address == http_defaults.api_rate_per_address);
  CHECK(http.api_rate_per_key == http_defaults.api_rate_per_key);
  CHECK(http.rate_burst_seconds == http_defaults.rate_burst_seconds);
  CHECK(http.rate_limit_keys == http_defaults.rate_limit_keys);
  webox::EngineOptions engine = webox::to_engine_options(*config);
  webox::EngineOptions engine_defaults;
  CHECK(engine.data_dir == engine_defaults.data_dir);
  CHECK(engine.actor_threads == engine_defaults.actor_threads);
  CHECK(engine.max_silent_turns == engine_defaults.max_silent_turns);
  CHECK(engine.gather_url == engine_defaults.gather_url);
  CHECK(engine.voice_url == engine_defaults.voice_url);
}

TEST_CASE("unrelated and empty environment variables change nothing") {
  Env env{"PATH=/usr/bin", "WEBOX_TEST_DATA_DIR=/tmp", "WEBOX_LISTEN=", "WEBOX_CONFIG=", "HOME"};
  auto config = load_serve_config({}, env.get());
  REQUIRE(config.ok());
  CHECK(*config == ServeConfig{});
}

TEST_CASE("every option is settable by its flag, in both forms") {
  auto config = load_serve_config(
      {"--listen", "0.0.0.0:9000", "--data=/var/lib/webox", "--http-threads", "4",
       "--actor-threads=8", "--max-body-bytes", "1024", "--max-header-bytes=2048",
       "--header-timeout", "7", "--shutdown-grace-ms=0", "--public-url",
       "https://voice.example.com", "--max-silent-turns=5"},
      nullptr);
  REQUIRE(config.ok());
  CHECK(config->listen == "0.0.0.0:9000");
  CHECK(config->data_dir == "/var/lib/webox");
  CHECK(config->http_threads == 4);
  CHECK(config->actor_threads == 8);
  CHECK(config->max_body_bytes == 1024);
  CHECK(config->max_header_bytes == 2048);
  CHECK(config->header_timeout_seconds == 7);
  CHECK(config->shutdown_grace_ms == 0);
  CHECK(config->public_url == "https://voice.example.com");
  CHECK(config->max_silent_turns == 5);

  auto http = webox::to_http_options(*config);
  CHECK(http.host == "0.0.0.0");
  CHECK(http.port == 9000);
  CHECK(http.threads == 4);
  CHECK(http.max_body_bytes == 1024);
  CHECK(http.max_header_bytes == 2048);
  CHECK(http.header_timeout == std::chrono::seconds(7));
  auto engine = webox::to_engine_options(*config);
  CHECK(engine.data_dir == "/var/lib/webox");
  CHECK(engine.actor_threads == 8);
  CHECK(engine.max_silent_turns == 5);
  CHECK(engine.gather_url == "https://voice.example.com/twilio/gather");
  CHECK(engine.voice_url == "https://voice.example.com/twilio/voice");
}

TEST_CASE("every option is settable by its environment variable") {
  Env env{"WEBOX_LISTEN=[::]:81",          "WEBOX_DATA=/srv/data",
          "WEBOX_HTTP_THREADS=3",          "WEBOX_ACTOR_THREADS=2",
          "WEBOX_MAX_BODY_BYTES=100",      "WEBOX_MAX_HEADER_BYTES=200",
          "WEBOX_HEADER_TIMEOUT=9",        "WEBOX_SHUTDOWN_GRACE_MS=250",
          "WEBOX_PUBLIC_URL=http://a.b/x/", "WEBOX_MAX_SILENT_TURNS=1"};
  auto config = load_serve_config({}, env.get());
  REQUIRE(config.ok());
  CHECK(config->host() == "::");
  CHECK(config->port() == 81);
  CHECK(config->data_dir == "/srv/data");
  CHECK(config->http_threads == 3);
  CHECK(config->actor_threads == 2);
  CHECK(config->max_body_bytes == 100);
  CHECK(config->max_header_bytes == 200);
  CHECK(config->header_timeout_seconds == 9);
  CHECK(config->shutdown_grace_ms == 250);
  CHECK(config->public_url == "http://a.b/x");  // the trailing '/' goes: paths are appended
  CHECK(config->max_silent_turns == 1);
}

TEST_CASE("file < environment < flags") {
  ConfigFile file(
      "listen = \"0.0.0.0:7000\"\n"
      "data_dir = \"/from/file\"\n"
      "http_threads = 2\n"
      "max_body_bytes = 4096\n");
  Env env{"WEBOX_CONFIG=" + file.path(), "WEBOX_DATA=/from/env", "WEBOX_HTTP_THREADS=3"};
  auto config = load_serve_config({"--http-threads", "5"}, env.get());
  REQUIRE(config.ok());
  CHECK(config->config_file == file.path());
  CHECK(config->listen == "0.0.0.0:7000");  // only the file sets it
  CHECK(config->max_body_bytes == 4096);
  CHECK(config->data_dir == "/from/env");   // env beats file
  CHECK(config->http_threads == 5);         // flag beats env and file
  CHECK(config->max_header_bytes == 8192);  // nobody sets it
}

TEST_CASE("the flag --config beats WEBOX_CONFIG, and only the winner is read") {
  ConfigFile from_env("http_threads = 2\n");
  ConfigFile from_flag("http_threads = 3\n");
  Env env{"WEBOX_CONFIG=" + from_env.path()};
  auto config = load_serve_config({"--config=" + from_flag.path()}, env.get());
  REQUIRE(config.ok());
  CHECK(config->config_file == from_flag.path());
  CHECK(config->http_threads == 3);

  // A broken file named by the losing layer is not read, so it cannot fail the load.
  ConfigFile broken("nonsense\n");
  Env broken_env{"WEBOX_CONFIG=" + broken.path()};
  CHECK(load_serve_config({"--config", from_flag.path()}, broken_env.get()).ok());
}

TEST_CASE("a repeated flag keeps its last value") {
  auto config = load_serve_config({"--http-threads=2", "--http-threads", "6"}, nullptr);
  REQUIRE(config.ok());
  CHECK(config->http_threads == 6);
}

TEST_CASE("listen accepts IPv4, hostnames, bracketed IPv6 and port 0") {
  auto v6 = load_serve_config({"--listen=[::1]:8080"}, nullptr);
  REQUIRE(v6.ok());
  CHECK(v6->listen == "[::1]:8080");
  CHECK(v6->host() == "::1");
  CHECK(v6->port() == 8080);
  CHECK(webox::to_http_options(*v6).host == "::1");
  CHECK(v6->public_base_url(8080) == "http://[::1]:8080");

  auto mapped = load_serve_config({"--listen", "[::ffff:10.0.0.1]:443"}, nullptr);
  REQUIRE(mapped.ok());
  CHECK(mapped->host() == "::ffff:10.0.0.1");
  CHECK(mapped->port() == 443);

  auto any = load_serve_config({"--listen", "localhost:0"}, nullptr);
  REQUIRE(any.ok());
  CHECK(any->host() == "localhost");
  CHECK(any->port() == 0);
  // With port 0 the base URL needs the port the server really bound.
  CHECK(any->public_base_url(43117) == "http://localhost:43117");

  auto top = load_serve_config({"--listen", "10.1.2.3:65535"}, nullptr);
  REQUIRE(top.ok());
  CHECK(top->port() == 65535);
}

TEST_CASE("a public_url takes over the base URL") {
  auto config = load_serve_config({"--public-url", "https://voice.example.com/"}, nullptr);
  REQUIRE(config.ok());
  CHECK(config->public_base_url(8080) == "https://voice.example.com");
}

TEST_CASE("bad listen values are refused with the reason") {
  struct Case {
    std::string value, says;
  };
  for (const Case& c : {Case{"8080", "expected HOST:PORT"},
                        Case{"localhost", "expected HOST:PORT"},
                        Case{":8080", "the host is empty"},
                        Case{"::1:8080", "IPv6 addresses go in brackets"},
                        Case{"[::1]8080", "expected HOST:PORT"},
                        Case{"[::1", "expected HOST:PORT"},
                        Case{"[nope]:80", "is not an IPv6 address"},
                        Case{"999.1.1.1:80", "is not a hostname or IP address"},
                        Case{"bad host:80", "is not a hostname or IP address"},
                        Case{"localhost:65536", "PORT from 0 to 65535"},
                        Case{"localhost:", "PORT from 0 to 65535"},
                        Case{"localhost:-1", "PORT from 0 to 65535"},
                        Case{"localhost:http", "PORT from 0 to 65535"}}) {
    INFO(c.value);
    Env env{"WEBOX_LISTEN=" + c.value};
    auto error = error_of({}, env.get());
    CHECK(error.field == "listen");
    CHECK_THAT(error.message, StartsWith("WEBOX_LISTEN: expected HOST:PORT"));
    CHECK_THAT(error.message, Contains(c.says));
  }
}

TEST_CASE("flag errors name the flag and the problem") {
  auto error = error_of({"--http-threads", "x"});
  CHECK(error.field == "http_threads");
  CHECK(error.message == "--http-threads: expected a non-negative integer, got \"x\"");

  error = error_of({"--http-threads=-2"});
  CHECK(error.message == "--http-threads: expected a non-negative integer, got \"-2\"");

  error = error_of({"--actor-threads=-1"});
  CHECK(error.field == "actor_threads");
  CHECK(error.message == "--actor-threads: expected a non-negative integer, got \"-1\"");

  error = error_of({"--max-body-bytes=99999999999999999999999"});
  CHECK(error.field == "max_body_bytes");
  CHECK_THAT(error.message, StartsWith("--max-body-bytes: expected a positive integer no larger"));

  error = error_of({"--idle-timeout=86401"});
  CHECK(error.field == "idle_timeout_seconds");
  CHECK(error.message ==
        "--idle-timeout: expected a positive integer no larger than 86400, got \"86401\"");

  error = error_of({"--max-silent-turns", " 3"});
  CHECK(error.field == "max_silent_turns");

  error = error_of({"--data="});
  CHECK(error.field == "data_dir");
  CHECK(error.message == "--data: must not be empty");

  error = error_of({"--public-url", "voice.example.com"});
  CHECK(error.field == "public_url");
  CHECK_THAT(error.message, StartsWith("--public-url: expected an http:// or https:// URL"));

  error = error_of({"--public-url", "https://x.com/?a=1"});
  CHECK_THAT(error.message, Contains("without a query"));
}

TEST_CASE("command-line shape errors") {
  auto error = error_of({"--lisen", "1.2.3.4:80"});
  CHECK(error.field == "--lisen");
  CHECK(error.message == "unknown option \"--lisen\" (did you mean \"--listen\"?)");

  error = error_of({"--frobnicate"});
  CHECK(error.message == "unknown option \"--frobnicate\"");

  error = error_of({"-x"});
  CHECK(error.message == "unknown option \"-x\"");

  error = error_of({"serve"});
  CHECK_THAT(error.message, StartsWith("unexpected argument \"serve\""));

  error = error_of({"--listen"});
  CHECK(error.field == "listen");
  CHECK(error.message == "--listen: missing value (HOST:PORT)");

  error = error_of({"--data", "--listen", "1.2.3.4:80"});
  CHECK(error.field == "data_dir");
  CHECK_THAT(error.message, StartsWith("--data: missing value (DIR)"));

  // The = form takes anything, for the rare value that does start with "--".
  auto config = load_serve_config({"--data=--odd"}, nullptr);
  REQUIRE(config.ok());
  CHECK(config->data_dir == "--odd");
}

TEST_CASE("environment errors name the variable") {
  Env env{"WEBOX_MAX_HEADER_BYTES=8k"};
  auto error = error_of({}, env.get());
  CHECK(error.field == "max_header_bytes");
  CHECK(error.message == "WEBOX_MAX_HEADER_BYTES: expected a positive integer, got \"8k\"");

  // A flag that would override the bad value does not hide it.
  error = error_of({"--max-header-bytes=1"}, env.get());
  CHECK(error.field == "max_header_bytes");
}

TEST_CASE("config file errors name the file, the line and the key") {
  SECTION("unknown key, with a suggestion") {
    ConfigFile file("# settings\n\nlisen = \"0.0.0.0:80\"\n");
    auto error = error_of({"--config", file.path()});
    CHECK(error.field == "lisen");
    CHECK(error.message == file.path() + ":3: unknown key \"lisen\" (did you mean \"listen\"?)");
    CHECK_THAT(error.message, Contains("webox.conf:3: unknown key \"lisen\""));
  }
  SECTION("bad value") {
    ConfigFile file("listen = \"0.0.0.0:80\"\nhttp_threads = many\n");
    auto error = error_of({"--config", file.path()});
    CHECK(error.field == "http_threads");
    CHECK(error.message ==
          file.path() + ":2: http_threads: expected a non-negative integer, got \"many\"");
  }
  SECTION("bad listen") {
    ConfigFile file("listen = \"::1:80\"\n");
    auto error = error_of({"--config", file.path()});
    CHECK(error.field == "listen");
    CHECK_THAT(error.message, StartsWith(file.path() + ":1: listen: expected HOST:PORT"));
  }
  SECTION("not key = value") {
    ConfigFile file("listen\n");
    auto error = error_of({"--config", file.path()});
    CHECK(error.message == file.path() + ":1: expected key = value, got \"listen\"");
  }
  SECTION("missing value") {
    ConfigFile file("data_dir =   # later\n");
    auto error = error_of({"--config", file.path()});
    CHECK(error.field == "data_dir");
    CHECK_THAT(error.message, StartsWith(file.path() + ":1: data_dir: missing value"));
  }
  SECTION("unterminated string") {
    ConfigFile file("data_dir = \"/var/lib\n");
    auto error = error_of({"--config", file.path()});
    CHECK(error.message == file.path() + ":1: data_dir: unterminated string");
  }
  SECTION("text after a string") {
    ConfigFile file("data_dir = \"a\" b\n");
    auto error = error_of({"--config", file.path()});
    CHECK_THAT(error.message, Contains("unexpected \"b\" after the value"));
  }
  SECTION("unquoted value with spaces") {
    ConfigFile file("data_dir = my data\n");
    auto error = error_of({"--config", file.path()});
    CHECK_THAT(error.message, Contains("has spaces: put it in quotes"));
  }
  SECTION("duplicate key") {
    ConfigFile file("http_threads = 1\n\nhttp_threads = 2\n");
    auto error = error_of({"--config", file.path()});
    CHECK(error.field == "http_threads");
    CHECK(error.message == file.path() + ":3: \"http_threads\" is already set on line 1");
  }
  SECTION("sections") {
    ConfigFile file("[serve]\nlisten = \"0.0.0.0:80\"\n");
    auto error = error_of({"--config", file.path()});
    CHECK_THAT(error.message, StartsWith(file.path() + ":1: sections such as \"[serve]\""));
  }
  SECTION("the config file cannot name another") {
    ConfigFile file("config_file = \"/etc/other.conf\"\n");
    auto error = error_of({"--config", file.path()});
    CHECK_THAT(error.message, Contains("use --config or WEBOX_CONFIG"));
  }
}

TEST_CASE("an explicitly named config file must exist") {
  auto error = error_of({"--config", "/nonexistent/webox.conf"});
  CHECK(error.field == "config_file");
  CHECK(error.message ==
        "--config: cannot read \"/nonexistent/webox.conf\": No such file or directory");

  Env env{"WEBOX_CONFIG=/nonexistent/webox.conf"};
  error = error_of({}, env.get());
  CHECK_THAT(error.message, StartsWith("WEBOX_CONFIG: cannot read \"/nonexistent/webox.conf\""));

  error = error_of({"--config", fs::temp_directory_path().string()});
  CHECK_THAT(error.message, Contains("it is a directory"));

  error = error_of({"--config="});
  CHECK(error.message == "--config: must not be empty");
}

TEST_CASE("the file syntax: comments, quoting, escapes, CRLF, BOM, digit groups") {
  ConfigFile file(
      "\xEF\xBB\xBF# a comment line\r\n"
      "   # an indented one\r\n"
      "listen = '[::1]:0'   # literal string, trailing comment\r\n"
      "data_dir = \"/data/with # hash and \\\"quotes\\\" \\\\ \"\r\n"
      "max_body_bytes = 1_048_576\r\n"
      "public_url=https://voice.example.com#frag-looking-comment\r\n"
      "\tmax_silent_turns\t=\t3\t\r\n"
      "actor_threads = \"4\"\r\n");
  auto config = load_serve_config({"--config", file.path()}, nullptr);
  REQUIRE(config.ok());
  CHECK(config->listen == "[::1]:0");
  CHECK(config->data_dir == "/data/with # hash and \"quotes\" \\ ");
  CHECK(config->max_body_bytes == 1048576);
  CHECK(config->public_url == "https://voice.example.com");
  CHECK(config->max_silent_turns == 3);
  CHECK(config->actor_threads == 4);

  ConfigFile bad_escape("data_dir = \"C:\\path\"\n");
  auto error = error_of({"--config", bad_escape.path()});
  CHECK_THAT(error.message, Contains("unsupported escape \"\\\\p\""));

  ConfigFile bad_group("max_body_bytes = 1__0\n");
  error = error_of({"--config", bad_group.path()});
  CHECK(error.field == "max_body_bytes");
}

TEST_CASE("an empty public_url anywhere means the default") {
  ConfigFile file("public_url = \"https://from.file\"\n");
  auto config = load_serve_config({"--config", file.path(), "--public-url="}, nullptr);
  REQUIRE(config.ok());
  CHECK(config->public_url.empty());
  CHECK(config->public_base_url(8080) == "http://127.0.0.1:8080");
}

TEST_CASE("help flags (--help, -h) win over everything else") {
  for (const char* flag : {"--help", "-h"}) {
    auto config = load_serve_config({"--bogus", flag, "--http-threads=x"}, nullptr);
    REQUIRE(config.ok());
    CHECK(config->help_requested);
  }
  auto error = error_of({"--help=yes"});
  CHECK(error.message == "--help: takes no value");
}

TEST_CASE("the help text lists every option with its env var, key and default") {
  std::string help = webox::serve_help();
  for (const char* text :
       {"--listen HOST:PORT", "WEBOX_LISTEN", "key listen", "default 127.0.0.1:8080",
        "--data DIR", "WEBOX_DATA", "key data_dir", "default ./data",
        "--config FILE", "WEBOX_CONFIG", "no file key",
        "--http-threads N", "WEBOX_HTTP_THREADS", "key http_threads", "default 0\n",
        "--actor-threads N", "WEBOX_ACTOR_THREADS", "key actor_threads",
        "default 0\n",
        "--max-body-bytes N", "WEBOX_MAX_BODY_BYTES", "key max_body_bytes", "default 65536",
        "--max-header-bytes N", "WEBOX_MAX_HEADER_BYTES", "key max_header_bytes", "default 8192",
        "--header-timeout S", "WEBOX_HEADER_TIMEOUT", "key header_timeout_seconds",
        "default 10\n", "--max-connections-per-address N", "WEBOX_MAX_CONNECTIONS_PER_ADDRESS",
        "key max_connections_per_address", "default 256\n",
        "--shutdown-grace-ms N", "WEBOX_SHUTDOWN_GRACE_MS", "key shutdown_grace_ms",
        "default 5000",
        "--public-url URL", "WEBOX_PUBLIC_URL", "key public_url",
        "default none (http://<listen>)",
        "--max-silent-turns N", "WEBOX_MAX_SILENT_TURNS", "key max_silent_turns", "default 2",
        "-h, --help"}) {
    CHECK_THAT(help, Contains(text));
  }
}

TEST_CASE("webox.example.conf parses and holds exactly the defaults") {
  const std::string path = WEBOX_TEST_DATA_DIR "/../../webox.example.conf";
  auto config = load_serve_config({"--config", path}, nullptr);
  if (!config) FAIL(config.error().message);
  CHECK(config->config_file == path);
  ServeConfig read = *config;
  read.config_file.clear();
  CHECK(read == ServeConfig{});

  // Every file key is in it, not commented out: a key missing from the example is a key
  // nobody will find.
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const char* key : {"\nlisten =", "\ndata_dir =", "\nhttp_threads =", "\nactor_threads =",
                          "\nmax_body_bytes =", "\nmax_header_bytes =",
                          "\nshutdown_grace_ms =",
                          "\npublic_url =", "\nmax_silent_turns ="}) {
    CHECK_THAT(text, Contains(key));
  }
}

// -- limits --

TEST_CASE("every limit is settable by flag, environment and file, and reaches HttpOptions") {
  ConfigFile file(
      "max_url_bytes = 100\n"
      "max_ws_message_bytes = 200\n"
      "header_timeout_seconds = 3\n"
      "body_timeout_seconds = 4\n"
      "idle_timeout_seconds = 5\n"
      "max_connections = 6\n"
      "max_connections_per_address = 0\n"
      "max_in_flight = 8\n");
  Env env{"WEBOX_TWILIO_RATE_PER_ADDRESS=9", "WEBOX_API_RATE_PER_ADDRESS=0",
          "WEBOX_RATE_LIMIT_KEYS=12"};
  auto config = load_serve_config(
      {"--config", file.path(), "--api-rate-per-key=11", "--rate-burst-seconds", "3"}, env.get());
  if (!config) FAIL(config.error().message);
  auto http = webox::to_http_options(*config);
  CHECK(http.max_url_bytes == 100);
  CHECK(http.max_ws_message_bytes == 200);
  CHECK(http.header_timeout == std::chrono::seconds(3));
  CHECK(http.body_timeout == std::chrono::seconds(4));
  CHECK(http.idle_timeout == std::chrono::seconds(5));
  CHECK(http.max_connections == 6);
  CHECK(http.max_connections_per_address == 0);  // 0: no limit
  CHECK(http.max_in_flight == 8);
  CHECK(http.twilio_rate_per_address == 9);
  CHECK(http.api_rate_per_address == 0);
  CHECK(http.api_rate_per_key == 11);
  CHECK(http.rate_burst_seconds == 3);
  CHECK(http.rate_limit_keys == 12);
}

TEST_CASE("a bad limit names its field") {
  auto error = error_of({"--max-url-bytes=0"});
  CHECK(error.field == "max_url_bytes");
  CHECK(error.message == "--max-url-bytes: expected a positive integer, got \"0\"");

  error = error_of({"--header-timeout=3601"});
  CHECK(error.field == "header_timeout_seconds");
  CHECK(error.message ==
        "--header-timeout: expected a positive integer no larger than 3600, got \"3601\"");

  error = error_of({"--api-rate-per-address", "lots"});
  CHECK(error.field == "api_rate_per_address");
  CHECK(error.message == "--api-rate-per-address: expected a non-negative integer, got \"lots\"");

  Env env{"WEBOX_MAX_IN_FLIGHT=-1"};
  error = error_of({}, env.get());
  CHECK(error.field == "max_in_flight");
  CHECK(error.message == "WEBOX_MAX_IN_FLIGHT: expected a non-negative integer, got \"-1\"");

  ConfigFile file("rate_burst_seconds = 0\n");
  error = error_of({"--config", file.path()});
  CHECK(error.field == "rate_burst_seconds");
  CHECK_THAT(error.message,
             EndsWith(":1: rate_burst_seconds: expected a positive integer, got \"0\""));

  // The old single timeout is gone; its users are pointed at nothing silently wrong.
  error = error_of({"--request-timeout=30"});
  CHECK(error.field == "--request-timeout");
}

TEST_CASE("security settings: secrets are taken, never echoed back") {
  auto config = webox::load_serve_config({"--admin-key=a-long-enough-admin-key", "--twilio-signatures=off",
                                   "--twilio-auth-token", "tok-12345678"},
                                  nullptr);
  REQUIRE(config.ok());
  CHECK(config->admin_key == "a-long-enough-admin-key");
  CHECK_FALSE(webox::to_http_options(*config).verify_twilio_signatures);
  CHECK(webox::to_engine_options(*config).admin_key == "a-long-enough-admin-key");
  CHECK(webox::to_engine_options(*config).default_twilio_auth_token == "tok-12345678");
  CHECK(webox::to_http_options(webox::ServeConfig{}).verify_twilio_signatures);

  auto short_key = webox::load_serve_config({"--admin-key=short-secret"}, nullptr);
  REQUIRE_FALSE(short_key.ok());
  CHECK(short_key.error().field == "admin_key");
  CHECK(short_key.error().message.find("short-secret") == std::string::npos);
  auto bad_master = webox::load_serve_config({"--master-key=0123"}, nullptr);
  REQUIRE_FALSE(bad_master.ok());
  CHECK(bad_master.error().message.find("0123") == std::string::npos);
  auto bad_mode = webox::load_serve_config({"--twilio-signatures=maybe"}, nullptr);
  REQUIRE_FALSE(bad_mode.ok());
  CHECK(bad_mode.error().field == "twilio_signatures");
  CHECK(webox::serve_help().find("--admin-key") != std::string::npos);
}

// -- prices --

TEST_CASE("prices are settable by flag, environment and file, and reach the engine") {
  ConfigFile file(
      "price_twilio_per_minute = 5_000\n"
      "price_stt_per_15s = 1_500\n");
  Env env{"WEBOX_PRICE_LLM_PER_1K_TOKENS=30000", "WEBOX_PRICE_TWILIO_PER_MINUTE=6000"};
  auto config = load_serve_config({"--config", file.path(), "--price-tts-per-1k-characters=25000",
                                   "--price-overage-per-call", "450000"},
                                  env.get());
  if (!config) FAIL(config.error().message);
  auto prices = webox::to_engine_options(*config).prices;
  CHECK(prices.twilio_per_minute_micros == 6'000);  // the environment beat the file
  CHECK(prices.stt_per_15s_micros == 1'500);
  CHECK(prices.llm_per_1k_tokens_micros == 30'000);
  CHECK(prices.tts_per_1k_characters_micros == 25'000);
  CHECK(prices.overage_per_call_micros == 450'000);
  CHECK(prices.currency == "EUR");
  // Defaults: the engine's own (events/pricing.h).
  auto plain = load_serve_config({}, nullptr);
  REQUIRE(plain);
  CHECK(webox::to_engine_options(*plain).prices == webox::PriceTable{});

  auto error = error_of({"--price-stt-per-15s=0.001"});
  CHECK(error.field == "price_stt_per_15s");
  CHECK(error.message == "--price-stt-per-15s: expected a non-negative integer, got \"0.001\"");
  CHECK(error_of({"--price-overage-per-call=1000000001"}).field == "price_overage_per_call");
  CHECK_THAT(webox::serve_help(), Contains("WEBOX_PRICE_OVERAGE_PER_CALL"));
}
