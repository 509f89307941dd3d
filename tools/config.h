// Settings of `webox serve`: built-in defaults, then a config file, then WEBOX_* environment
// variables, then command-line flags, each layer overriding the one before.
//
//   // webox.conf:  listen = "0.0.0.0:8080"
//   //              http_threads = 2
//   // environment: WEBOX_CONFIG=webox.conf WEBOX_HTTP_THREADS=4
//   auto config = load_serve_config({"--listen=[::1]:9000"}, environ);
//   if (!config) { std::cerr << config.error().message << '\n'; return 2; }
//   if (config->help_requested) { std::cout << serve_help(); return 0; }
//   config->host();          // "::1"    (the flag beat the file)
//   config->port();          // 9000
//   config->http_threads;    // 4        (the environment beat the file)
//   auto server = HttpServer::start(engine, to_http_options(*config));
//
// The config file is named only by --config FILE or WEBOX_CONFIG (the flag wins); there is no
// default location, so no file is read unless asked for, and a named file that cannot be read is
// an error. Its format is `key = value` lines with `#` comments, a subset of TOML: strings may be
// quoted ("..." or '...'), integers are bare. docs/CONFIGURATION.md and webox.example.conf list
// every key.
//
// Every error is Errc::invalid_argument with `field` set to the ServeConfig member at fault and a
// message that starts with where the bad value came from:
//   --http-threads: expected a positive integer, got "x"
//   WEBOX_LISTEN: expected HOST:PORT (IPv6 as [::1]:8080), got "8080"
//   webox.conf:3: unknown key "lisen" (did you mean "listen"?)
// Empty WEBOX_* variables count as unset, so `WEBOX_LISTEN= webox serve` keeps the lower layers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "actors/engine.h"
#include "events/result.h"
#include "http/server.h"

namespace webox {

struct ServeConfig {
  std::string listen = "127.0.0.1:8080";  // HOST:PORT; IPv6 as [::1]:8080; port 0: any free port
  std::string data_dir = "./data";
  std::string config_file;                // where it was read from, if any
  std::size_t http_threads = 0;  // 0: one per hardware thread
  std::size_t actor_threads = 0;          // 0 = hardware concurrency
  int shutdown_grace_ms = 5000;
  std::string public_url;                 // how Twilio reaches us, e.g. https://voice.example.com
                                          // (empty: http://<listen>); kept without a trailing '/'
  int max_silent_turns = 2;
  // -- security (secrets are never printed back, not even in errors) --
  std::string admin_key;                  // empty: no admin access over the API
  std::string twilio_signatures = "check";  // "check" or "off" (development only)
  std::string twilio_auth_token;          // the default tenant's, at its creation
  std::string twilio_account_sid;         // the default tenant's, at its creation
  std::string master_key;                 // 64 hex digits; empty: <data>/master.key
  std::string nats_url;                   // nats://HOST:PORT; empty: events are not published
  // -- prices (events/pricing.h): integer micro-euros; defaults from the original plan --
  std::int64_t price_twilio_per_minute = 4'000;
  std::int64_t price_stt_per_15s = 1'000;
  std::int64_t price_llm_per_1k_tokens = 20'000;
  std::int64_t price_tts_per_1k_characters = 20'000;
  std::int64_t price_overage_per_call = 500'000;

  // -- limits: HttpOptions in http/server.h; docs/CONFIGURATION.md says why each default --
  std::size_t max_body_bytes = 65536;
  std::size_t max_header_bytes = 8192;
  std::size_t max_url_bytes = 4096;
  std::size_t max_ws_message_bytes = 65536;   // /twilio/stream, once it exists
  int header_timeout_seconds = 10;
  int body_timeout_seconds = 30;
  int idle_timeout_seconds = 60;
  std::size_t max_connections = 10000;        // 0: no limit (also below)
  std::size_t max_connections_per_address = 256;
  std::size_t max_in_flight = 4096;
  std::size_t twilio_rate_per_address = 50000;  // requests per second
  std::size_t api_rate_per_address = 1000;
  std::size_t api_rate_per_key = 1000;
  int rate_burst_seconds = 2;
  std::size_t rate_limit_keys = 100000;
  // -- end of limits --
  // -h or --help was given: the caller prints serve_help() and exits 0. When set, every other
  // member holds its default, because a user asking for help should not first have to fix
  // the rest of the command line.
  bool help_requested = false;

  // -- derived from `listen` (meaningful once load_serve_config accepted it; "" and 0 if not) --
  std::string host() const;    // without brackets: "::1", "127.0.0.1", "localhost"
  std::uint16_t port() const;
  // The base URL Twilio should use: public_url if set, else http://<host>:<bound_port>.
  // Takes the port the server actually bound, which differs from port() when that is 0.
  std::string public_base_url(std::uint16_t bound_port) const;

  friend bool operator==(const ServeConfig&, const ServeConfig&) = default;
};

// args excludes the program name and the "serve" word; env is a null-terminated array of
// "NAME=value" strings such as `environ` (nullptr: no environment). Flags take their value as
// `--flag value` or `--flag=value`; a repeated flag keeps its last value.
Result<ServeConfig> load_serve_config(const std::vector<std::string>& args, char** env);

// The text of `webox serve --help`: every option with its env var, file key and default.
std::string serve_help();

// The server's share of the settings. shutdown_grace_ms is not in it: pass it to stop().
HttpOptions to_http_options(const ServeConfig& config);
// The engine's share. With a public_url, TwiML callbacks (<Gather action=...>) become absolute
// URLs under it; without one they stay relative, which Twilio resolves against its own request.
EngineOptions to_engine_options(const ServeConfig& config);

}  // namespace webox
