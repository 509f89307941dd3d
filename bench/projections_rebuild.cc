// projections_rebuild: `rebuild()` of every read model (ReadModels::all()) from a log of N
// events, and where its time goes.
//
//   build/bench/projections_rebuild --data /tmp/webox-bench-rebuild            # 1,000,000 events
//   build/bench/projections_rebuild --data DIR --events 200000 --regenerate --runs 5
//
// The log (DIR/events) is made once, by bench/engine_call_log.h: calls as the engine writes
// them, interleaved, personal fields sealed. It is kept and reused while it holds the number
// of events asked for; --regenerate makes it again. Writing it is not measured (appends go
// unsynced, 256 per batch, to make it quickly).
//
// Each run, on the same log:
//   rebuild   projections::rebuild(log, store, models.all()) into DIR/readmodels, fresh
//             models each time: read, decode, fold, encode rows, RocksDB writes. The target.
//   read      EventLog::read_all pages alone (RocksDB scan + decode into envelopes).
//   phases    the rebuild's loop again with a clock around each step: read_all, fold (every
//             model, every event), flush (rows encoded into the commit), store write; and
//             decode() alone, timed over the page's rows re-encoded outside the clock, so
//             that read = RocksDB scan + decode can be split. These clocks are the thread's
//             CPU time, not wall time: other jobs on the machine do not inflate them (RocksDB's
//             background flushes and compactions, on their own threads, are not in them).
// --rebuild-only runs the first alone (for perf record).
// Wall time and the process's CPU time (getrusage: RocksDB's background threads included)
// are printed for each, with the load average, since the machine is shared.
#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "bench/engine_call_log.h"
#include "events/codec.h"
#include "projections/projector.h"
#include "projections/read_models.h"
#include "projections/store.h"
#include "storage/event_log.h"

using namespace webox;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

struct Options {
  std::string data;
  std::uint64_t events = 1'000'000;
  int runs = 3;
  std::size_t page = ProjectorOptions{}.page_events;
  bool regenerate = false;
  bool rebuild_only = false;
};

void usage(FILE* out) {
  std::fprintf(out,
      "usage: projections_rebuild --data DIR [--events N] [--runs R] [--page P] [--regenerate]\n"
      "  --data DIR     where the log (DIR/events) and the read models (DIR/readmodels) live\n"
      "  --events N     events in the log (default 1000000)\n"
      "  --runs R       measured runs (default 3)\n"
      "  --page P       events per page (default: the projector's, ProjectorOptions)\n"
      "  --regenerate   write the log again even if DIR holds one of N events\n"
      "  --rebuild-only time the rebuild alone (no read pass, no phases)\n");
}

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

std::string load_average() {
  double l[3] = {0, 0, 0};
  if (getloadavg(l, 3) != 3) return "?";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f %.2f %.2f", l[0], l[1], l[2]);
  return buf;
}

// CPU time of the calling thread, in seconds.
double thread_cpu() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

// Wall and CPU time of one measured stretch.
struct Stopwatch {
  Clock::time_point t0 = Clock::now();
  double cpu0 = cpu_seconds();
  double wall() const { return std::chrono::duration<double>(Clock::now() - t0).count(); }
  double cpu() const { return cpu_seconds() - cpu0; }
};

std::uint64_t dir_bytes(const fs::path& p) {
  std::uint64_t n = 0;
  std::error_code ec;
  for (auto& f : fs::recursive_directory_iterator(p, ec))
    if (f.is_regular_file(ec)) n += f.file_size(ec);
  return n;
}

bool fail(const char* what, const Error& e) {
  std::fprintf(stderr, "projections_rebuild: %s: %s\n", what, e.message.c_str());
  return false;
}

bool generate(const Options& o, const fs::path& events_dir) {
  fs::remove_all(events_dir);
  auto log = EventLog::open(events_dir.string(), {.sync = false});
  if (!log) return fail("cannot create the log", log.error());
  bench::EngineCallLog gen({.seed = 1});
  Stopwatch sw;
  std::uint64_t written = 0, bytes = 0;
  auto write = [&](std::vector<AppendRequest> batch) {
    for (auto& r : (*log)->append_batch(std::move(batch))) {
      if (!r) return fail("append", r.error());
      for (auto& e : r->events) bytes += encode(e).size();
      written += r->events.size();
    }
    return true;
  };
  if (!write(gen.setup())) return false;
  while (written < o.events) {
    std::vector<AppendRequest> batch;
    std::uint64_t in_batch = 0;
    while (batch.size() < 256 && written + in_batch < o.events) {
      batch.push_back(gen.next_append());
      in_batch += batch.back().events.size();
    }
    if (!write(std::move(batch))) return false;
  }
  std::fprintf(stderr, "projections_rebuild: wrote %" PRIu64 " events (%.0f bytes of JSON each "
               "on average) in %.1f s\n", written, double(bytes) / double(written), sw.wall());
  return true;
}

// The phase run's flush collects rows into a commit, as the real loop does, so that the write
// phase writes the same batch.
class CommitSink : public RowSink {
 public:
  CommitSink(ReadModelStore::Commit& c, std::string_view model) : c_(c), model_(model) {}
  void put(std::string_view k, std::string_view v) override { c_.put(model_, k, v); }
  void erase(std::string_view k) override { c_.erase(model_, k); }

 private:
  ReadModelStore::Commit& c_;
  std::string_view model_;
};

struct Phases {
  double read = 0, decode = 0, fold = 0, flush = 0, write = 0;
  std::vector<double> model_fold;  // fold per model, in ReadModels::all() order
  std::uint64_t events = 0, rows = 0;
};

// The rebuild's loop (projections/fold_loop.cc) with a clock around each step.
bool phases(const EventLog& log, const fs::path& store_dir, std::size_t page, Phases& ph) {
  fs::remove_all(store_dir);
  auto store = ReadModelStore::open(store_dir.string());
  if (!store) return fail("cannot open the scratch store", store.error());
  ReadModels models;
  auto all = models.all();
  std::uint64_t next = 1;
  std::vector<std::string> rows;
  for (;;) {
    auto t0 = thread_cpu();
    auto events = log.read_all(next, page);
    auto t1 = thread_cpu();
    if (!events) return fail("read_all", events.error());
    if (events->empty()) break;
    ph.read += t1 - t0;

    rows.clear();
    for (const auto& e : *events) rows.push_back(encode(e));
    auto t2 = thread_cpu();
    for (const auto& r : rows)
      if (auto d = decode(r); !d) return fail("decode", d.error());
    auto t3 = thread_cpu();
    ph.decode += t3 - t2;

    ReadModelStore::Commit commit;
    auto t4 = thread_cpu();
    ph.model_fold.resize(all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
      auto m0 = thread_cpu();
      for (const auto& e : *events) all[i]->fold(e);
      ph.model_fold[i] += thread_cpu() - m0;
    }
    auto t5 = thread_cpu();
    for (auto* m : all) {
      CommitSink sink(commit, m->name());
      m->flush(sink);
      commit.checkpoint(m->name(), events->back().position);
    }
    auto t6 = thread_cpu();
    if (auto st = (*store)->write(commit); !st) return fail("store write", st.error());
    auto t7 = thread_cpu();
    ph.fold += t5 - t4;
    ph.flush += t6 - t5;
    ph.write += t7 - t6;
    ph.events += events->size();
    next = events->back().position + 1;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "projections_rebuild: %s needs a value\n", argv[i]);
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--data") o.data = value();
    else if (a == "--events") o.events = std::strtoull(value(), nullptr, 10);
    else if (a == "--runs") o.runs = std::atoi(value());
    else if (a == "--page") o.page = std::strtoull(value(), nullptr, 10);
    else if (a == "--regenerate") o.regenerate = true;
    else if (a == "--rebuild-only") o.rebuild_only = true;
    else if (a == "-h" || a == "--help") { usage(stdout); return 0; }
    else { usage(stderr); return 2; }
  }
  if (o.data.empty() || o.events == 0 || o.runs < 1 || o.page == 0) {
    usage(stderr);
    return 2;
  }
  const fs::path data(o.data), events_dir = data / "events";
  fs::create_directories(data);

  bool reuse = false;
  if (!o.regenerate && fs::exists(events_dir / "CURRENT")) {
    auto log = EventLog::open(events_dir.string(), {.create_if_missing = false});
    reuse = log && (*log)->last_position() >= o.events &&
            (*log)->last_position() < o.events + 64;  // the setup events and one last append
  }
  if (!reuse && !generate(o, events_dir)) return 1;

  auto log = EventLog::open(events_dir.string(), {.create_if_missing = false});
  if (!log) return fail("cannot open the log", log.error()), 1;
  const std::uint64_t total = (*log)->last_position();
  std::printf("log           %s: %" PRIu64 " events, %.0f MiB on disk%s\n",
              events_dir.c_str(), total, double(dir_bytes(events_dir)) / (1 << 20),
              reuse ? " (reused)" : " (new)");
  std::printf("machine       %u CPU(s), page %zu events\n", std::thread::hardware_concurrency(),
              o.page);

  for (int run = 1; run <= o.runs; ++run) {
    std::printf("run %d        load average %s\n", run, load_average().c_str());

    // The target: the real rebuild of every model, store writes included.
    {
      auto store = ReadModelStore::open((data / "readmodels").string());
      if (!store) return fail("cannot open the store", store.error()), 1;
      ReadModels models;
      Stopwatch sw;
      double thread0 = thread_cpu();
      auto n = rebuild(**log, **store, models.all(), {.page_events = o.page});
      double wall = sw.wall(), cpu = sw.cpu(), thread = thread_cpu() - thread0;
      if (!n) return fail("rebuild", n.error()), 1;
      // The folding thread's CPU says what the code costs whatever else runs on the machine.
      std::printf("  rebuild     %" PRIu64 " events in %.2f s: %.0f events/s; CPU: process "
                  "%.2f s, folding thread %.2f s = %.2f us per event (%.0f events per CPU "
                  "second); %zu calls, load %s\n",
                  *n, wall, double(*n) / wall, cpu, thread, thread * 1e6 / double(*n),
                  double(*n) / thread, models.calls.size(), load_average().c_str());
    }

    if (o.rebuild_only) continue;

    // Reading and decoding alone.
    {
      Stopwatch sw;
      std::uint64_t n = 0, next = 1;
      for (;;) {
        auto page = (*log)->read_all(next, o.page);
        if (!page) return fail("read_all", page.error()), 1;
        if (page->empty()) break;
        n += page->size();
        next = page->back().position + 1;
      }
      double wall = sw.wall(), cpu = sw.cpu();
      std::printf("  read        %" PRIu64 " events in %.2f s: %.0f events/s "
                  "(CPU %.2f s, %.2f us per event)\n",
                  n, wall, double(n) / wall, cpu, cpu * 1e6 / double(n));
    }

    // Where the rebuild's time goes.
    {
      Phases ph;
      if (!phases(**log, data / "readmodels-phases", o.page, ph)) return 1;
      auto us = [&](double s) { return s * 1e6 / double(ph.events); };
      double sum = ph.read + ph.fold + ph.flush + ph.write;
      std::printf("  phases      CPU per event: read %.2f us (of which decode %.2f), fold %.2f us, "
                  "flush %.2f us, store write %.2f us = %.2f us (%.0f events/s)\n",
                  us(ph.read), us(ph.decode), us(ph.fold), us(ph.flush), us(ph.write), us(sum),
                  double(ph.events) / sum);
      ReadModels names;
      std::printf("  fold by model");
      for (std::size_t i = 0; i < ph.model_fold.size(); ++i)
        std::printf(" %s %.2f us", std::string(names.all()[i]->name()).c_str(),
                    us(ph.model_fold[i]));
      std::printf("\n");
    }
  }
  return 0;
}
