// One table (kOptions) describes every setting once: its flag, env var, file key, range and
// meaning. The three layers, the --help text and the error messages all read it, so they
// cannot disagree about what exists.
#include "tools/config.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <string_view>
#include <type_traits>

namespace webox {
namespace {

// What is wrong with a value, without saying where it came from: the caller knows the source
// and puts it in front.
using Problem = std::optional<std::string>;

struct Option;
using Setter = Problem (*)(ServeConfig&, std::string_view, const Option&);
using Shower = std::string (*)(const ServeConfig&);

struct Option {
  std::string_view field;         // the ServeConfig member; becomes Error::field
  std::string_view flag;          // "--listen"
  std::string_view metavar;       // "HOST:PORT"
  std::string_view env;           // "WEBOX_LISTEN"
  std::string_view key;           // in the config file; empty: not settable there
  std::string_view meaning;       // one line for --help
  std::string_view default_note;  // after the default in --help, e.g. "(http://<listen>)"
  std::uint64_t min = 0, max = 0; // integers only
  Setter set;
  Shower show;
};

// Values echoed back in messages are quoted and escaped, so an empty or odd value stays visible.
std::string quote(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string_view trim(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// -- values --

// Digits, optionally grouped with '_' as TOML allows (65_536); no sign, no spaces.
Problem parse_integer(std::string_view text, const Option& o, std::uint64_t& out) {
  const std::string kind = o.min >= 1 ? "a positive integer" : "a non-negative integer";
  const std::string expected = "expected " + kind + ", got " + quote(text);
  if (text.empty() || !is_digit(text.front()) || !is_digit(text.back())) return expected;
  std::uint64_t n = 0;
  bool overflow = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '_' && is_digit(text[i + 1]) && is_digit(text[i - 1])) continue;
    if (!is_digit(c)) return expected;
    auto digit = static_cast<std::uint64_t>(c - '0');
    if (n > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) overflow = true;
    else n = n * 10 + digit;
  }
  if (!overflow && n < o.min) return expected;  // only 0 against a minimum of 1 gets here
  if (overflow || n > o.max) {
    return "expected " + kind + " no larger than " + std::to_string(o.max) + ", got " + quote(text);
  }
  out = n;
  return std::nullopt;
}

template <auto Member>
Problem set_integer(ServeConfig& config, std::string_view text, const Option& o) {
  std::uint64_t n = 0;
  if (auto problem = parse_integer(text, o, n)) return problem;
  using T = std::remove_reference_t<decltype(config.*Member)>;
  config.*Member = static_cast<T>(n);  // n <= o.max, and every max fits T
  return std::nullopt;
}

template <auto Member>
std::string show_integer(const ServeConfig& config) {
  return std::to_string(config.*Member);
}

template <auto Member>
std::string show_string(const ServeConfig& config) {
  return config.*Member;
}

struct HostPort {
  std::string host;
  std::uint16_t port = 0;
};

// HOST:PORT, with IPv6 hosts in brackets. The host is checked for shape only: whether it
// resolves or can be bound is for the server to find out.
Problem split_listen(std::string_view text, HostPort& out) {
  const std::string got = ", got " + quote(text);
  std::string_view host, port;
  if (!text.empty() && text.front() == '[') {
    auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return "expected HOST:PORT (IPv6 as [::1]:8080)" + got;
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
    in6_addr addr{};
    if (inet_pton(AF_INET6, std::string(host).c_str(), &addr) != 1) {
      return "expected HOST:PORT" + got + " (" + quote(host) + " is not an IPv6 address)";
    }
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return "expected HOST:PORT (IPv6 as [::1]:8080)" + got;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.empty()) {
      return "expected HOST:PORT" + got + " (the host is empty; 0.0.0.0 means every interface)";
    }
    if (host.find(':') != std::string_view::npos) {
      return "expected HOST:PORT" + got + " (IPv6 addresses go in brackets, as [::1]:8080)";
    }
    bool name_chars = std::all_of(host.begin(), host.end(), [](char c) {
      return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
             c == '.';
    });
    // Only digits and dots must be a dotted quad, or 999.1.1.1 would pass as a hostname.
    bool looks_ipv4 = std::all_of(host.begin(), host.end(), [](char c) {
      return is_digit(c) || c == '.';
    });
    in_addr addr{};
    if (!name_chars ||
        (looks_ipv4 && inet_pton(AF_INET, std::string(host).c_str(), &addr) != 1)) {
      return "expected HOST:PORT" + got + " (" + quote(host) +
             " is not a hostname or IP address)";
    }
  }
  unsigned value = 0;
  bool port_ok =
      !port.empty() && port.size() <= 5 && std::all_of(port.begin(), port.end(), is_digit);
  if (port_ok) {
    for (char c : port) value = value * 10 + static_cast<unsigned>(c - '0');
    port_ok = value <= 65535;
  }
  if (!port_ok) return "expected HOST:PORT with a PORT from 0 to 65535" + got;
  out.host = std::string(host);
  out.port = static_cast<std::uint16_t>(value);
  return std::nullopt;
}

Problem set_listen(ServeConfig& config, std::string_view text, const Option&) {
  HostPort parsed;
  if (auto problem = split_listen(text, parsed)) return problem;
  config.listen = std::string(text);
  return std::nullopt;
}

Problem set_non_empty(std::string& member, std::string_view text) {
  if (text.empty()) return std::string("must not be empty");
  member = std::string(text);
  return std::nullopt;
}

// Paths get appended to the public URL, so it must be a bare base: a scheme, a host, maybe a
// path prefix, and no query or fragment. A trailing '/' is dropped for the same reason.
Problem set_public_url(ServeConfig& config, std::string_view text, const Option&) {
  if (text.empty()) {  // explicitly empty: back to the default, http://<listen>
    config.public_url.clear();
    return std::nullopt;
  }
  const std::string got = ", got " + quote(text);
  std::string_view rest;
  for (std::string_view scheme : {"http://", "https://"}) {
    if (text.substr(0, scheme.size()) == scheme) rest = text.substr(scheme.size());
  }
  if (rest.empty() || rest.front() == '/') {
    return "expected an http:// or https:// URL such as https://voice.example.com" + got;
  }
  for (unsigned char c : text) {
    if (c <= 0x20 || c == 0x7f) return "expected a URL without spaces or control characters" + got;
    if (c == '?' || c == '#') {
      return "expected a base URL without a query or fragment (paths are appended to it)" + got;
    }
  }
  while (text.back() == '/') text.remove_suffix(1);
  config.public_url = std::string(text);
  return std::nullopt;
}

// -- security settings --
// Secrets are never echoed back: a wrong one in an error message ends up in a log.

Problem set_secret(std::string& member, std::string_view text, std::size_t min) {
  if (text.empty()) {
    member.clear();
    return std::nullopt;
  }
  if (text.size() < min || text.size() > 256)
    return "expected " + std::to_string(min) + " to 256 characters (value not shown)";
  for (unsigned char c : text)
    if (c <= 0x20 || c >= 0x7f) return std::string("expected visible ASCII only (value not shown)");
  member = std::string(text);
  return std::nullopt;
}

Problem set_twilio_signatures(ServeConfig& config, std::string_view text, const Option&) {
  if (text != "check" && text != "off")
    return "expected \"check\" or \"off\", got " + quote(text);
  config.twilio_signatures = std::string(text);
  return std::nullopt;
}

Problem set_account_sid(ServeConfig& config, std::string_view text, const Option&) {
  bool ok = text.empty() || (text.size() == 34 && text.substr(0, 2) == "AC" &&
                             std::all_of(text.begin() + 2, text.end(), [](char c) {
                               return std::isxdigit(static_cast<unsigned char>(c));
                             }));
  if (!ok) return "expected \"AC\" and 32 hex digits, got " + quote(text);
  config.twilio_account_sid = std::string(text);
  return std::nullopt;
}

// A NATS server URL: nats:// or tls:// and a host; NATS.c says the rest when it connects.
Problem set_nats_url(ServeConfig& config, std::string_view text, const Option&) {
  if (text.empty()) {  // explicitly empty: NATS off
    config.nats_url.clear();
    return std::nullopt;
  }
  bool scheme = text.rfind("nats://", 0) == 0 || text.rfind("tls://", 0) == 0;
  bool clean = std::none_of(text.begin(), text.end(),
                            [](unsigned char c) { return c <= 0x20 || c == 0x7f; });
  if (!scheme || !clean || text.size() <= std::string_view("nats://").size())
    return "expected a NATS URL such as nats://127.0.0.1:4222, got " + quote(text);
  config.nats_url = std::string(text);
  return std::nullopt;
}

constexpr std::uint64_t kMaxThreads = 1024;

// Sizes, timeouts, connection caps and rates of the HTTP server, kept together so other
// settings can be added around them without touching this block.
constexpr std::uint64_t kMaxCount = 10'000'000;
#define WEBOX_LIMIT(member, flag, metavar, env, meaning, min, max)                          \
  Option {                                                                                \
    #member, flag, metavar, env, #member, meaning, "", min, max,                          \
        set_integer<&ServeConfig::member>, show_integer<&ServeConfig::member>              \
  }

// What calls cost us and what an overage call is billed, in micro-euros (1 € = 1,000,000):
// integers, so money is never rounded by floating point (events/pricing.h).
constexpr std::uint64_t kMaxPrice = 1'000'000'000;
#define WEBOX_PRICE(member, flag, env, meaning)                                              \
  Option {                                                                                \
    #member, flag, "MICROS", env, #member, meaning, "", 0, kMaxPrice,                       \
        set_integer<&ServeConfig::member>, show_integer<&ServeConfig::member>              \
  }

const auto kOptions = std::to_array<Option>({
    {"listen", "--listen", "HOST:PORT", "WEBOX_LISTEN", "listen",
     "address to listen on; IPv6 as [::1]:8080, port 0: any free port", "", 0, 0,
     set_listen, show_string<&ServeConfig::listen>},
    {"data_dir", "--data", "DIR", "WEBOX_DATA", "data_dir",
     "directory of the event log and projections", "", 0, 0,
     [](ServeConfig& c, std::string_view v, const Option&) { return set_non_empty(c.data_dir, v); },
     show_string<&ServeConfig::data_dir>},
    {"config_file", "--config", "FILE", "WEBOX_CONFIG", "",
     "config file to read (key = value lines); none is read unless named", "", 0, 0,
     [](ServeConfig& c, std::string_view v, const Option&) {
       return set_non_empty(c.config_file, v);
     },
     show_string<&ServeConfig::config_file>},
    {"http_threads", "--http-threads", "N", "WEBOX_HTTP_THREADS", "http_threads",
     "threads running the HTTP server; 0: one per hardware thread", "", 0, kMaxThreads,
     set_integer<&ServeConfig::http_threads>, show_integer<&ServeConfig::http_threads>},
    {"actor_threads", "--actor-threads", "N", "WEBOX_ACTOR_THREADS", "actor_threads",
     "call actor threads; 0: one per hardware thread", "", 0, kMaxThreads,
     set_integer<&ServeConfig::actor_threads>, show_integer<&ServeConfig::actor_threads>},
    {"shutdown_grace_ms", "--shutdown-grace-ms", "N", "WEBOX_SHUTDOWN_GRACE_MS",
     "shutdown_grace_ms", "ms in-flight requests get to finish at shutdown", "", 0,
     600000, set_integer<&ServeConfig::shutdown_grace_ms>,
     show_integer<&ServeConfig::shutdown_grace_ms>},
    {"public_url", "--public-url", "URL", "WEBOX_PUBLIC_URL", "public_url",
     "base URL Twilio reaches us at, e.g. https://voice.example.com",
     "(http://<listen>)", 0, 0, set_public_url, show_string<&ServeConfig::public_url>},
    {"max_silent_turns", "--max-silent-turns", "N", "WEBOX_MAX_SILENT_TURNS", "max_silent_turns",
     "silent turns in a row before the assistant hangs up", "", 1, 100,
     set_integer<&ServeConfig::max_silent_turns>, show_integer<&ServeConfig::max_silent_turns>},
    {"admin_key", "--admin-key", "KEY", "WEBOX_ADMIN_KEY", "admin_key",
     "the engine's admin API key (creates tenants); prefer the env var or file to a flag",
     "(no admin access)", 0, 0,
     [](ServeConfig& c, std::string_view v, const Option&) { return set_secret(c.admin_key, v, 16); },
     [](const ServeConfig& c) { return std::string(c.admin_key.empty() ? "" : "(set)"); }},
    {"twilio_signatures", "--twilio-signatures", "check|off", "WEBOX_TWILIO_SIGNATURES",
     "twilio_signatures", "check X-Twilio-Signature on /twilio/*; off is for development only",
     "", 0, 0, set_twilio_signatures, show_string<&ServeConfig::twilio_signatures>},
    {"twilio_auth_token", "--twilio-auth-token", "TOKEN", "WEBOX_TWILIO_AUTH_TOKEN",
     "twilio_auth_token", "the default tenant's Twilio auth token, used when it is created",
     "(a random one, printed at first start)", 0, 0,
     [](ServeConfig& c, std::string_view v, const Option&) {
       return set_secret(c.twilio_auth_token, v, 8);
     },
     [](const ServeConfig& c) { return std::string(c.twilio_auth_token.empty() ? "" : "(set)"); }},
    {"twilio_account_sid", "--twilio-account-sid", "SID", "WEBOX_TWILIO_ACCOUNT_SID",
     "twilio_account_sid", "the default tenant's Twilio account SID, used when it is created",
     "", 0, 0, set_account_sid, show_string<&ServeConfig::twilio_account_sid>},
    {"master_key", "--master-key", "HEX", "WEBOX_MASTER_KEY", "master_key",
     "64 hex digits sealing tenant secrets", "(<data>/master.key, made at first start)", 0, 0,
     [](ServeConfig& c, std::string_view v, const Option&) -> Problem {
       bool ok = v.empty() || (v.size() == 64 && std::all_of(v.begin(), v.end(), [](char ch) {
                                 return std::isxdigit(static_cast<unsigned char>(ch));
                               }));
       if (!ok) return std::string("expected 64 hex digits (value not shown)");
       c.master_key = std::string(v);
       return std::nullopt;
     },
     [](const ServeConfig& c) { return std::string(c.master_key.empty() ? "" : "(set)"); }},
    {"nats_url", "--nats", "URL", "WEBOX_NATS_URL", "nats",
     "publish every event to NATS JetStream there (stream WEBOX, subjects webox.>)",
     "(NATS off)", 0, 0, set_nats_url, show_string<&ServeConfig::nats_url>},
    // -- prices --
    WEBOX_PRICE(price_twilio_per_minute, "--price-twilio-per-minute",
                "WEBOX_PRICE_TWILIO_PER_MINUTE",
                "what a call minute costs on Twilio, in micro-euros (minutes rounded up)"),
    WEBOX_PRICE(price_stt_per_15s, "--price-stt-per-15s", "WEBOX_PRICE_STT_PER_15S",
                "what 15 s of speech-to-text cost, in micro-euros"),
    WEBOX_PRICE(price_llm_per_1k_tokens, "--price-llm-per-1k-tokens",
                "WEBOX_PRICE_LLM_PER_1K_TOKENS", "what 1,000 LLM tokens cost, in micro-euros"),
    WEBOX_PRICE(price_tts_per_1k_characters, "--price-tts-per-1k-characters",
                "WEBOX_PRICE_TTS_PER_1K_CHARACTERS",
                "what 1,000 characters of text-to-speech cost, in micro-euros"),
    WEBOX_PRICE(price_overage_per_call, "--price-overage-per-call",
                "WEBOX_PRICE_OVERAGE_PER_CALL",
                "what a tenant pays per call past its plan's quota, in micro-euros"),
    // -- limits --
    WEBOX_LIMIT(max_body_bytes, "--max-body-bytes", "N", "WEBOX_MAX_BODY_BYTES",
                "largest request body in bytes; more: 413", 1, 256ull << 20),
    WEBOX_LIMIT(max_header_bytes, "--max-header-bytes", "N", "WEBOX_MAX_HEADER_BYTES",
                "largest request header block in bytes; more: 431", 1, 1u << 20),
    WEBOX_LIMIT(max_url_bytes, "--max-url-bytes", "N", "WEBOX_MAX_URL_BYTES",
                "longest request target in bytes, query included; more: 414", 1, 1u << 20),
    WEBOX_LIMIT(max_ws_message_bytes, "--max-ws-message-bytes", "N",
                "WEBOX_MAX_WS_MESSAGE_BYTES",
                "largest WebSocket message on /twilio/stream, once it is served", 1, 16u << 20),
    WEBOX_LIMIT(header_timeout_seconds, "--header-timeout", "S", "WEBOX_HEADER_TIMEOUT",
                "seconds a client gets to send a whole request header", 1, 3600),
    WEBOX_LIMIT(body_timeout_seconds, "--body-timeout", "S", "WEBOX_BODY_TIMEOUT",
                "seconds a client gets to send a body, and to read an answer", 1, 3600),
    WEBOX_LIMIT(idle_timeout_seconds, "--idle-timeout", "S", "WEBOX_IDLE_TIMEOUT",
                "seconds an idle keep-alive connection is kept", 1, 86400),
    WEBOX_LIMIT(max_connections, "--max-connections", "N", "WEBOX_MAX_CONNECTIONS",
                "open connections in total, more are closed; 0: no limit", 0, kMaxCount),
    WEBOX_LIMIT(max_connections_per_address, "--max-connections-per-address", "N",
                "WEBOX_MAX_CONNECTIONS_PER_ADDRESS",
                "open connections per client address, more get 503; 0: no limit", 0, kMaxCount),
    WEBOX_LIMIT(max_in_flight, "--max-in-flight", "N", "WEBOX_MAX_IN_FLIGHT",
                "requests in progress, more get 503 at once; 0: no limit", 0, kMaxCount),
    WEBOX_LIMIT(twilio_rate_per_address, "--twilio-rate-per-address", "N",
                "WEBOX_TWILIO_RATE_PER_ADDRESS",
                "requests/s per client address on /twilio/*, more: 429; 0: no limit", 0,
                kMaxCount),
    WEBOX_LIMIT(api_rate_per_address, "--api-rate-per-address", "N",
                "WEBOX_API_RATE_PER_ADDRESS",
                "requests/s per client address elsewhere but /healthz, more: 429; 0: no limit",
                0, kMaxCount),
    WEBOX_LIMIT(api_rate_per_key, "--api-rate-per-key", "N", "WEBOX_API_RATE_PER_KEY",
                "requests/s per API key on /api/*, more: 429; 0: no limit", 0, kMaxCount),
    WEBOX_LIMIT(rate_burst_seconds, "--rate-burst-seconds", "S", "WEBOX_RATE_BURST_SECONDS",
                "a quiet client may burst this many seconds of its rate at once", 1, 3600),
    WEBOX_LIMIT(rate_limit_keys, "--rate-limit-keys", "N", "WEBOX_RATE_LIMIT_KEYS",
                "addresses or keys each rate limiter tracks before forgetting idle ones", 1,
                kMaxCount),
    // -- end of limits --
    // Listed last so --help ends with it; handled before the table is consulted.
    {"", "--help", "", "", "", "print this help and exit", "", 0, 0, nullptr, nullptr},
});
#undef WEBOX_LIMIT
#undef WEBOX_PRICE

const Option* find_option(std::string_view Option::*by, std::string_view name) {
  for (const Option& o : kOptions) {
    if (o.set && o.*by == name) return &o;
  }
  return nullptr;
}

// -- "did you mean" --

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1] ? 1 : 0)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// " (did you mean "--listen"?)" when some name is within two edits, else "".
std::string suggestion(std::string_view Option::*by, std::string_view name) {
  const Option* best = nullptr;
  std::size_t best_distance = 3;
  for (const Option& o : kOptions) {
    if (!o.set || (o.*by).empty()) continue;
    std::size_t d = edit_distance(name, o.*by);
    if (d < best_distance) best = &o, best_distance = d;
  }
  return best ? " (did you mean " + quote(best->*by) + "?)" : "";
}

// -- the layers --

// A value bound for an option, with where it came from ("--listen", "WEBOX_LISTEN",
// "webox.conf:3") for error messages.
struct Assignment {
  const Option* option;
  std::string value;
  std::string source;
};

Status apply(ServeConfig& config, const Assignment& a) {
  if (auto problem = a.option->set(config, a.value, *a.option)) {
    return Error::invalid(std::string(a.option->field), a.source + ": " + *problem);
  }
  return {};
}

Result<std::vector<Assignment>> parse_flags(const std::vector<std::string>& args) {
  std::vector<Assignment> out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg.substr(0, 2) != "--" || arg == "--") {
      if (!arg.empty() && arg.front() == '-') {
        return Error::invalid(std::string(arg), "unknown option " + quote(arg));
      }
      return Error::invalid(std::string(arg), "unexpected argument " + quote(arg) +
                                                  " (webox serve takes only options)");
    }
    auto eq = arg.find('=');
    std::string_view name = arg.substr(0, eq);
    const Option* o = find_option(&Option::flag, name);
    if (!o) {
      if (name == "--help") return Error::invalid("--help", "--help: takes no value");
      return Error::invalid(std::string(name),
                            "unknown option " + quote(name) + suggestion(&Option::flag, name));
    }
    std::string value;
    if (eq != std::string_view::npos) {
      value = std::string(arg.substr(eq + 1));
    } else {
      const std::string missing = std::string(name) + ": missing value (" +
                                  std::string(o->metavar) + ")";
      if (i + 1 == args.size()) return Error::invalid(std::string(o->field), missing);
      // `--data --listen x` is almost surely a forgotten value, not a directory named
      // "--listen"; such a value can still be given as --data=--listen.
      if (args[i + 1].rfind("--", 0) == 0) {
        return Error::invalid(std::string(o->field),
                              missing + ", got option " + quote(args[i + 1]));
      }
      value = args[++i];
    }
    out.push_back({o, std::move(value), std::string(name)});
  }
  return out;
}

std::vector<Assignment> parse_env(char** env) {
  std::vector<Assignment> out;
  for (char** entry = env; entry && *entry; ++entry) {
    std::string_view text = *entry;
    auto eq = text.find('=');
    if (eq == std::string_view::npos || eq + 1 == text.size()) continue;  // empty: unset
    std::string_view name = text.substr(0, eq);
    // Other WEBOX_* variables belong to other tools (tests, scripts): ignored, not errors.
    if (const Option* o = find_option(&Option::env, name)) {
      out.push_back({o, std::string(text.substr(eq + 1)), std::string(name)});
    }
  }
  return out;
}

// -- the file --

bool is_key_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
}

// The value part of a `key = value` line: a "basic" or 'literal' TOML string, or a bare word
// (integers, and unquoted strings as a convenience), each optionally followed by a # comment.
Problem parse_value(std::string_view text, std::string& out) {
  if (text.empty() || text.front() == '#') return std::string("missing value after \"=\"");
  std::size_t end = 0;
  out.clear();
  if (text.front() == '\'') {
    end = text.find('\'', 1);
    if (end == std::string_view::npos) return std::string("unterminated string");
    out = std::string(text.substr(1, end - 1));
    ++end;
  } else if (text.front() == '"') {
    for (end = 1;; ++end) {
      if (end >= text.size()) return std::string("unterminated string");
      char c = text[end];
      if (c == '"') break;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (++end >= text.size()) return std::string("unterminated string");
      switch (text[end]) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        default:
          return "unsupported escape " + quote(text.substr(end - 1, 2)) +
                 " (write the character itself, or use a 'literal string')";
      }
    }
    ++end;
  } else {
    std::string_view bare = trim(text.substr(0, text.find('#')));
    if (bare.find_first_of(" \t") != std::string_view::npos) {
      return "value " + quote(bare) + " has spaces: put it in quotes";
    }
    out = std::string(bare);
    return std::nullopt;
  }
  std::string_view rest = trim(text.substr(end));
  if (!rest.empty() && rest.front() != '#') {
    return "unexpected " + quote(rest) + " after the value (comments start with #)";
  }
  return std::nullopt;
}

Status apply_file(ServeConfig& config, const std::string& path, const std::string& named_by) {
  namespace fs = std::filesystem;
  auto cannot_read = [&](const std::string& why) {
    return Error::invalid("config_file", named_by + ": cannot read " + quote(path) + ": " + why);
  };
  std::error_code ec;
  if (fs::is_directory(path, ec)) return cannot_read("it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) return cannot_read(std::strerror(errno));
  std::string content{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) return cannot_read(std::strerror(errno));
  if (content.rfind("\xEF\xBB\xBF", 0) == 0) content.erase(0, 3);  // editors' UTF-8 BOM

  std::map<std::string, std::size_t, std::less<>> seen;  // key -> line that set it
  std::size_t line_no = 0;
  std::string_view rest = content;
  while (!rest.empty()) {
    ++line_no;
    auto newline = rest.find('\n');
    std::string_view line = trim(rest.substr(0, newline));
    rest = newline == std::string_view::npos ? std::string_view{} : rest.substr(newline + 1);
    if (line.empty() || line.front() == '#') continue;

    const std::string where = path + ":" + std::to_string(line_no);
    if (line.front() == '[') {
      return Error::invalid("config_file", where + ": sections such as " + quote(line) +
                                               " are not supported; keys go at the top level");
    }
    auto eq = line.find('=');
    std::string_view key = trim(line.substr(0, eq));
    if (eq == std::string_view::npos || key.empty() ||
        !std::all_of(key.begin(), key.end(), is_key_char)) {
      return Error::invalid("config_file", where + ": expected key = value, got " + quote(line));
    }
    const Option* o = find_option(&Option::key, key);
    if (!o) {
      if (key == "config" || key == "config_file") {
        return Error::invalid(std::string(key), where + ": " + quote(key) +
                                                    " cannot be set in a config file; use "
                                                    "--config or WEBOX_CONFIG");
      }
      return Error::invalid(std::string(key), where + ": unknown key " + quote(key) +
                                                  suggestion(&Option::key, key));
    }
    if (auto first = seen.find(key); first != seen.end()) {
      return Error::invalid(std::string(o->field), where + ": " + quote(key) +
                                                       " is already set on line " +
                                                       std::to_string(first->second));
    }
    seen.emplace(std::string(key), line_no);
    std::string value;
    if (auto problem = parse_value(trim(line.substr(eq + 1)), value)) {
      return Error::invalid(std::string(o->field),
                            where + ": " + std::string(key) + ": " + *problem);
    }
    if (auto status = apply(config, {o, std::move(value), where + ": " + std::string(key)});
        !status) {
      return status;
    }
  }
  return {};
}

}  // namespace

std::string ServeConfig::host() const {
  HostPort parsed;
  return split_listen(listen, parsed) ? std::string() : parsed.host;
}

std::uint16_t ServeConfig::port() const {
  HostPort parsed;
  return split_listen(listen, parsed) ? 0 : parsed.port;
}

std::string ServeConfig::public_base_url(std::uint16_t bound_port) const {
  if (!public_url.empty()) return public_url;
  std::string h = host();
  if (h.find(':') != std::string::npos) h = "[" + h + "]";
  return "http://" + h + ":" + std::to_string(bound_port);
}

Result<ServeConfig> load_serve_config(const std::vector<std::string>& args, char** env) {
  // Help wins over every other problem on the line: it is what someone fixing it asks for.
  if (std::any_of(args.begin(), args.end(), [](const std::string& a) {
        return a == "-h" || a == "--help";
      })) {
    ServeConfig help;
    help.help_requested = true;
    return help;
  }

  auto flags = parse_flags(args);
  if (!flags) return std::move(flags).error();
  std::vector<Assignment> env_sets = parse_env(env);

  // The file is found through the upper layers before it can sit beneath them.
  const Option* config_option = find_option(&Option::field, "config_file");
  const Assignment* named = nullptr;
  for (const auto* layer : {&env_sets, &*flags}) {
    for (const Assignment& a : *layer) {
      if (a.option == config_option) named = &a;
    }
  }

  ServeConfig config;
  if (named) {
    if (named->value.empty()) {  // only --config= gets here: empty variables are skipped
      return Error::invalid("config_file", named->source + ": must not be empty");
    }
    if (auto status = apply_file(config, named->value, named->source); !status) {
      return std::move(status).error();
    }
  }
  for (const auto* layer : {&env_sets, &*flags}) {
    for (const Assignment& a : *layer) {
      if (auto status = apply(config, a); !status) return std::move(status).error();
    }
  }
  return config;
}

std::string serve_help() {
  const ServeConfig defaults;
  std::vector<std::string> heads;
  std::size_t width = 0;
  for (const Option& o : kOptions) {
    std::string head = o.flag == "--help" ? "-h, --help" : std::string(o.flag);
    if (!o.metavar.empty()) head += " " + std::string(o.metavar);
    width = std::max(width, head.size());
    heads.push_back(std::move(head));
  }
  width += 2;
  const std::string indent(2 + width, ' ');

  std::string out =
      "usage: webox serve [options]\n"
      "\n"
      "Runs the engine and its HTTP server for Twilio webhooks and the REST API.\n"
      "Each setting comes from, lowest precedence first: its default, the config file\n"
      "(--config or WEBOX_CONFIG), its WEBOX_* environment variable, its flag.\n"
      "Flags take --flag VALUE or --flag=VALUE. Empty environment variables are ignored.\n"
      "\n"
      "options:\n";
  for (std::size_t i = 0; i < kOptions.size(); ++i) {
    const Option& o = kOptions[i];
    out += "  " + heads[i] + std::string(width - heads[i].size(), ' ') + std::string(o.meaning);
    if (o.max != 0) out += " (" + std::to_string(o.min) + " to " + std::to_string(o.max) + ")";
    out += "\n";
    if (!o.set) continue;
    std::string where = "env " + std::string(o.env) + ", ";
    where += o.key.empty() ? "no file key" : "key " + std::string(o.key);
    std::string value = o.show(defaults);
    where += ", default " + (value.empty() ? std::string("none") : value);
    if (!o.default_note.empty()) where += " " + std::string(o.default_note);
    out += indent + where + "\n";
  }
  out +=
      "\n"
      "Config file: one `key = value` per line, # starts a comment, strings may be quoted.\n"
      "See docs/CONFIGURATION.md and webox.example.conf.\n";
  return out;
}

HttpOptions to_http_options(const ServeConfig& config) {
  HttpOptions options;
  options.host = config.host();
  options.port = config.port();
  options.threads = config.http_threads;
  // -- limits --
  using std::chrono::seconds;
  options.max_body_bytes = config.max_body_bytes;
  options.max_header_bytes = config.max_header_bytes;
  options.max_url_bytes = config.max_url_bytes;
  options.max_ws_message_bytes = config.max_ws_message_bytes;
  options.header_timeout = seconds(config.header_timeout_seconds);
  options.body_timeout = seconds(config.body_timeout_seconds);
  options.idle_timeout = seconds(config.idle_timeout_seconds);
  options.max_connections = config.max_connections;
  options.max_connections_per_address = config.max_connections_per_address;
  options.max_in_flight = config.max_in_flight;
  options.twilio_rate_per_address = static_cast<double>(config.twilio_rate_per_address);
  options.api_rate_per_address = static_cast<double>(config.api_rate_per_address);
  options.api_rate_per_key = static_cast<double>(config.api_rate_per_key);
  options.rate_burst_seconds = config.rate_burst_seconds;
  options.rate_limit_keys = config.rate_limit_keys;
  // -- end of limits --
  options.public_url = config.public_url;
  options.verify_twilio_signatures = config.twilio_signatures != "off";
  return options;
}

EngineOptions to_engine_options(const ServeConfig& config) {
  EngineOptions options;
  options.data_dir = config.data_dir;
  options.actor_threads = config.actor_threads;
  options.max_silent_turns = config.max_silent_turns;
  options.admin_key = config.admin_key;
  options.master_key_hex = config.master_key;
  options.default_twilio_auth_token = config.twilio_auth_token;
  options.default_twilio_account_sid = config.twilio_account_sid;
  options.nats_url = config.nats_url;
  options.prices.twilio_per_minute_micros = config.price_twilio_per_minute;
  options.prices.stt_per_15s_micros = config.price_stt_per_15s;
  options.prices.llm_per_1k_tokens_micros = config.price_llm_per_1k_tokens;
  options.prices.tts_per_1k_characters_micros = config.price_tts_per_1k_characters;
  options.prices.overage_per_call_micros = config.price_overage_per_call;
  if (!config.public_url.empty()) {
    options.gather_url = config.public_url + options.gather_url;
    options.voice_url = config.public_url + options.voice_url;
  }
  return options;
}

}  // namespace webox
