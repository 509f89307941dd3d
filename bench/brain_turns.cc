// brain_turns: what the local brain costs per turn, over every scripted conversation we test.
//
//   build/bench/brain_turns                      # tests/data/brain/conversations, 20 rounds
//   build/bench/brain_turns --dir DIR --rounds 50 --top 10
//
// Each conversation file (the format of tests/data/brain/conversations: context, language,
// started_at, caller lines…) is played `rounds` times. A turn is the caller's line heard plus
// every tool result given back until the brain speaks; the engine's side of a tool is answered
// at once ("ok", the booking found), so only the brain's own work is timed. Times are this
// thread's CPU time; each turn keeps its fastest round, so another process's time slice is not
// counted. It prints the distribution over turns, the cost of starting a conversation (reading
// the business's context) and the slowest turns with their file and line.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "adapters/brain/brain.h"
#include "bench/cpu_time.h"
#include "events/clock.h"

using namespace webox;
namespace fs = std::filesystem;

namespace {

struct Line {
  std::string said;
  int number = 0;  // in its file, for the slowest-turns list
};

struct Script {
  std::string name;
  CallContext call;
  std::vector<Line> lines;
};

std::string value_after(const std::string& line, std::size_t colon) {
  std::size_t b = colon + 1;
  while (b < line.size() && line[b] == ' ') ++b;
  return line.substr(b);
}

// Only what starts the call and what the caller says; the expectations are the tests' business.
Script load(const fs::path& p) {
  Script s{.name = p.filename().string()};
  s.call.call_sid = "CA-bench";
  s.call.assistant_id = "a-bench";
  std::ifstream in(p);
  int n = 0;
  for (std::string line; std::getline(in, line);) {
    ++n;
    const auto colon = line.find(':');
    if (line.empty() || line[0] == '#' || colon == std::string::npos) continue;
    const std::string key = line.substr(0, colon), value = value_after(line, colon);
    if (key == "context") s.call.profile.context_data = value;
    else if (key == "language") s.call.profile.language = value;
    else if (key == "profile_name") s.call.profile.name = value;
    else if (key == "from") s.call.from = value;
    else if (key == "started_at") {
      if (auto t = parse_utc(value)) s.call.started_at = *t;
    } else if (key == "caller") s.lines.push_back({value, n});
  }
  return s;
}

// The engine's side of a tool, answered at once: found, booked, checked free.
ToolResult answer(const ToolCall& t) {
  ToolResult r{.name = t.name, .ok = true};
  if (t.name == "cancel_booking" && t.booking.booking_id.empty()) {
    r.booking_id = "B-1";
    r.booking = t.booking;
    if (r.booking.date.empty()) r.booking.date = t.not_before;
    if (r.booking.time.empty()) r.booking.time = "12:30";
    if (r.booking.party_size == 0) r.booking.party_size = 2;
  }
  if (t.name == "make_booking") r.booking_id = "B-2";
  return r;
}

// Plays one script once; adds each turn's CPU ns to best[] (its fastest round so far).
void play(const Script& s, std::vector<double>& best, double& start_best) {
  const double t0 = bench::cpu_ns();
  auto conv = make_local_brain()->start(s.call);
  (void)conv->greet();
  start_best = std::min(start_best, bench::cpu_ns() - t0);
  for (std::size_t i = 0; i < s.lines.size(); ++i) {
    const double a = bench::cpu_ns();
    Reply r = conv->hear(s.lines[i].said, 0.9);
    for (int n = 0; r.tool && n < 10; ++n) r = conv->result(answer(*r.tool));
    best[i] = std::min(best[i], bench::cpu_ns() - a);
    bench::g_sink = bench::g_sink + r.text.size();
    if (r.action != ReplyAction::listen) break;  // the rest of the script is never heard
  }
}

struct TurnCost {
  double ns;
  const Script* script;
  int line;
};

double percentile(const std::vector<TurnCost>& sorted, double p) {
  return sorted[std::min(sorted.size() - 1, std::size_t(p * double(sorted.size())))].ns;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path dir = fs::path(WEBOX_SOURCE_DIR) / "tests/data/brain/conversations";
  int rounds = 20, top = 8;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--dir")) dir = argv[i + 1];
    else if (!std::strcmp(argv[i], "--rounds")) rounds = std::max(1, std::atoi(argv[i + 1]));
    else if (!std::strcmp(argv[i], "--top")) top = std::max(0, std::atoi(argv[i + 1]));
    else {
      std::fprintf(stderr, "brain_turns: unknown option %s (--dir DIR, --rounds N, --top N)\n", argv[i]);
      return 2;
    }
  }
  std::vector<Script> scripts;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".txt") scripts.push_back(load(e.path()));
  if (ec || scripts.empty()) {
    std::fprintf(stderr, "brain_turns: no conversation (*.txt) in %s\n", dir.c_str());
    return 2;
  }
  std::sort(scripts.begin(), scripts.end(), [](auto& a, auto& b) { return a.name < b.name; });

  std::vector<std::vector<double>> best(scripts.size());
  std::vector<double> start_best(scripts.size(), 1e300);
  for (std::size_t s = 0; s < scripts.size(); ++s) best[s].assign(scripts[s].lines.size(), 1e300);
  for (int r = 0; r < rounds; ++r)
    for (std::size_t s = 0; s < scripts.size(); ++s) play(scripts[s], best[s], start_best[s]);

  std::vector<TurnCost> turns;
  double total = 0, starts = 0;
  for (std::size_t s = 0; s < scripts.size(); ++s) {
    starts += start_best[s];
    for (std::size_t i = 0; i < best[s].size(); ++i)
      if (best[s][i] < 1e300) {  // heard before the call ended
        turns.push_back({best[s][i], &scripts[s], scripts[s].lines[i].number});
        total += best[s][i];
      }
  }
  std::sort(turns.begin(), turns.end(), [](auto& a, auto& b) { return a.ns < b.ns; });
  std::printf("brain_turns: %zu conversations, %zu turns, fastest of %d rounds each, CPU time\n",
              scripts.size(), turns.size(), rounds);
  std::printf("start + greeting  mean %.1f us\n", starts / double(scripts.size()) / 1e3);
  std::printf("turn              mean %.1f us, p50 %.1f, p90 %.1f, p99 %.1f, max %.1f us\n",
              total / double(turns.size()) / 1e3, percentile(turns, 0.5) / 1e3, percentile(turns, 0.9) / 1e3,
              percentile(turns, 0.99) / 1e3, turns.back().ns / 1e3);
  for (int i = 0; i < top && i < int(turns.size()); ++i) {
    const auto& t = turns[turns.size() - 1 - std::size_t(i)];
    std::printf("  %8.1f us  %s:%d\n", t.ns / 1e3, t.script->name.c_str(), t.line);
  }
}
