#include "tools/events_command.h"

#include <charconv>
#include <cstdint>
#include <optional>

#include "events/codec.h"
#include "tools/log_access.h"

namespace webox {
namespace {

struct EventsArgs {
  std::uint64_t from = 1;
  std::optional<std::string> stream;
  std::uint64_t limit = UINT64_MAX;
  std::string data_dir;
  bool help = false;
};

// A whole decimal number >= 1: no sign, no spaces, no trailing bytes, no overflow.
std::optional<std::uint64_t> positive(std::string_view s) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || v == 0) return std::nullopt;
  return v;
}

Result<EventsArgs> parse(const std::vector<std::string>& args, char** env) {
  EventsArgs r;
  r.data_dir = env_value(env, "WEBOX_DATA");
  if (r.data_dir.empty()) r.data_dir = "./data";
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string flag = args[i];
    std::optional<std::string> value;
    if (auto eq = flag.find('='); flag.starts_with("--") && eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag.resize(eq);
    }
    if (flag == "-h" || flag == "--help") {
      r.help = true;
      continue;
    }
    if (flag != "--from" && flag != "--stream" && flag != "--limit" && flag != "--data") {
      if (!flag.starts_with("-"))
        return Error::invalid(flag, "unexpected argument \"" + flag + "\"");
      return Error::invalid(flag, "unknown option " + flag);
    }
    if (!value && i + 1 < args.size()) value = args[++i];
    if (!value) return Error::invalid(flag, flag + " needs a value");
    if (flag == "--from") {
      auto v = positive(*value);
      if (!v)
        return Error::invalid(flag, "--from: expected a position (an integer >= 1), got \"" +
                                        *value + "\"");
      r.from = *v;
    } else if (flag == "--limit") {
      auto v = positive(*value);
      if (!v)
        return Error::invalid(flag, "--limit: expected a count (an integer >= 1), got \"" +
                                        *value + "\"");
      r.limit = *v;
    } else if (flag == "--stream") {
      if (value->empty() || value->find('\0') != std::string::npos)
        return Error::invalid(flag, "--stream: expected a stream name such as call-CA01");
      r.stream = *value;
    } else {
      if (value->empty()) return Error::invalid(flag, "--data needs a directory");
      r.data_dir = *value;
    }
  }
  return r;
}

constexpr std::size_t kPage = 1000;  // bounded memory however long the log

}  // namespace

std::string events_help() {
  return "usage: webox events [--from POS] [--stream S] [--limit N] [--data DIR]\n"
         "\n"
         "Prints the event log as JSON lines, one stored envelope per line (personal fields\n"
         "stay sealed). Works while `webox serve` runs.\n"
         "\n"
         "  --from POS   first position to print (default 1)\n"
         "  --stream S   only the events of stream S (e.g. call-CA01, tenant-default)\n"
         "  --limit N    at most N events\n"
         "  --data DIR   the engine's data directory (env WEBOX_DATA, default ./data)\n"
         "\n"
         "Exit codes: 0 ok, 1 no such stream or unreadable data, 2 bad command line.\n";
}

int run_events(const std::vector<std::string>& args, ToolIo io) {
  auto parsed = parse(args, io.env);
  if (!parsed) {
    io.err << "webox events: " << parsed.error().message << "\n(see webox events --help)\n";
    return kExitUsage;
  }
  const EventsArgs& a = *parsed;
  if (a.help) {
    io.out << events_help();
    return kExitOk;
  }
  auto fail = [&](const Error& e) {
    io.err << "webox events: " << e.message << "\n";
    return kExitFailed;
  };
  auto data = LogAccess::open(a.data_dir, {});
  if (!data) return fail(data.error());
  const EventLog& log = (*data)->log();

  std::uint64_t left = a.limit;
  if (a.stream) {
    if (log.stream_version(*a.stream) == 0)
      return fail(Error::make(Errc::not_found,
                              "no stream " + *a.stream + " in " + (*data)->events_path()));
    // Versions ascend with positions: skip to the first at or past --from, page by version.
    std::uint64_t version = 1;
    while (left > 0) {
      auto page = log.read_stream(*a.stream, version, kPage);
      if (!page) return fail(page.error());
      if (page->empty()) break;
      version = page->back().version + 1;
      for (const auto& e : *page) {
        if (e.position < a.from) continue;
        if (left == 0) break;
        io.out << encode(e) << '\n';
        --left;
      }
    }
  } else {
    std::uint64_t position = a.from;
    while (left > 0) {
      auto page = log.read_all(position, std::min<std::uint64_t>(kPage, left));
      if (!page) return fail(page.error());
      if (page->empty()) break;
      position = page->back().position + 1;
      for (const auto& e : *page) io.out << encode(e) << '\n';
      left -= page->size();
    }
  }
  io.out.flush();
  return io.out ? kExitOk : kExitFailed;
}

}  // namespace webox
