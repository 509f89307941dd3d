#include "tools/nats_command.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string_view>

#include "actors/nats_range.h"
#include "adapters/nats/jetstream.h"
#include "tools/log_access.h"

namespace webox {
namespace {

const char* kUsage =
    "usage: webox nats republish --from POS [--to POS] [--data DIR] [--nats URL]\n"
    "\n"
    "Publishes positions POS..POS (inclusive; --to defaults to the end of the log) of the event\n"
    "log again to NATS JetStream (stream WEBOX), as the engine's publisher does. It only reads\n"
    "the log, so it runs beside a running engine, and it never moves the engine's checkpoint.\n"
    "Copies JetStream already holds (same event id, within its duplicate window) are dropped.\n"
    "\n"
    "  --from POS   first position to publish (from 1)\n"
    "  --to POS     last position to publish (default: the end of the log)\n"
    "  --data DIR   the engine's data directory (env WEBOX_DATA, default ./data)\n"
    "  --nats URL   the NATS server (env WEBOX_NATS_URL, default nats://127.0.0.1:4222)\n";

struct Args {
  std::uint64_t from = 0;
  std::optional<std::uint64_t> to;
  std::string data = "./data";
  std::string url = "nats://127.0.0.1:4222";
};

const char* env_value(char** env, std::string_view name) {
  for (char** e = env; e && *e; ++e) {
    std::string_view entry = *e;
    if (entry.size() > name.size() + 1 && entry.substr(0, name.size()) == name &&
        entry[name.size()] == '=')
      return *e + name.size() + 1;
  }
  return nullptr;
}

std::optional<std::uint64_t> position(const std::string& text) {
  if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  std::uint64_t n = std::stoull(text);
  if (n == 0) return std::nullopt;
  return n;
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "webox nats republish: %s\n\n%s", message.c_str(), kUsage);
  return 2;
}

int republish(const std::vector<std::string>& words, char** env) {
  Args a;
  if (const char* d = env_value(env, "WEBOX_DATA")) a.data = d;
  if (const char* u = env_value(env, "WEBOX_NATS_URL")) a.url = u;
  bool have_from = false;
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string flag = words[i], value;
    if (flag == "-h" || flag == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (auto eq = flag.find('='); eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag.resize(eq);
    } else if (i + 1 < words.size()) {
      value = words[++i];
    } else {
      return usage_error(flag + ": missing value");
    }
    if (flag == "--from" || flag == "--to") {
      auto p = position(value);
      if (!p) return usage_error(flag + ": expected a position (1 or more), got \"" + value + "\"");
      if (flag == "--from") a.from = *p, have_from = true;
      else a.to = *p;
    } else if (flag == "--data") {
      a.data = value;
    } else if (flag == "--nats") {
      a.url = value;
    } else {
      return usage_error("unknown option \"" + flag + "\"");
    }
  }
  if (!have_from) return usage_error("--from is required");
  if (a.to && *a.to < a.from) return usage_error("--to is before --from");

  // A secondary (tools/log_access.h): no lock taken, so a running engine keeps its log. It may
  // see the engine's last batch a few milliseconds before that batch's fsync returns; an event
  // republished from that window and then lost to a power cut would be on JetStream only,
  // which --to bounds for whoever cares.
  auto data = LogAccess::open(a.data, {});
  if (!data) {
    std::fprintf(stderr, "webox nats republish: cannot open the event log in %s: %s\n",
                 a.data.c_str(), data.error().message.c_str());
    return 1;
  }
  const EventLog& log = (*data)->log();
  const std::uint64_t last = log.last_position();
  if (a.from > last) {
    std::fprintf(stderr, "webox nats republish: --from %llu is past the end of the log in %s "
                         "(last position %llu)\n",
                 (unsigned long long)a.from, a.data.c_str(), (unsigned long long)last);
    return 1;
  }
  const std::uint64_t to = std::min(a.to.value_or(last), last);

  auto js = nats::JetStream::connect({.url = a.url, .client_name = "webox-republish"});
  if (!js) {
    std::fprintf(stderr, "webox nats republish: %s\n", js.error().message.c_str());
    return 1;
  }
  if (auto made = (*js)->ensure_stream({}); !made) {
    std::fprintf(stderr, "webox nats republish: %s\n", made.error().message.c_str());
    return 1;
  }
  RangeOutcome r = publish_range(log, **js, {.from = a.from, .to = to});
  if (r.error) {
    std::fprintf(stderr,
                 "webox nats republish: stopped after position %llu (%llu events acknowledged): "
                 "%s\n",
                 (unsigned long long)r.acked_through, (unsigned long long)r.published,
                 r.error->message.c_str());
    return 1;
  }
  std::printf("republished positions %llu..%llu (%llu events, %llu already on JetStream) to "
              "stream WEBOX at %s\n",
              (unsigned long long)a.from, (unsigned long long)to,
              (unsigned long long)r.published, (unsigned long long)r.duplicates, a.url.c_str());
  return 0;
}

}  // namespace

int run_nats(const std::vector<std::string>& args, char** env) {
  if (args.empty() || args[0] == "-h" || args[0] == "--help") {
    std::fputs(kUsage, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "republish")
    return republish(std::vector<std::string>(args.begin() + 1, args.end()), env);
  std::fprintf(stderr, "webox nats: unknown subcommand \"%s\"\n\n%s", args[0].c_str(), kUsage);
  return 2;
}

}  // namespace webox
