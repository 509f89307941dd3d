// log_append: durable appends through the log-writer actor (group commit), W concurrent writers.
//
//   build/bench/log_append --writers 64 --seconds 10 --events-per-append 1 --data /tmp/bench-log
//
// Each writer is an actor that appends to its own stream, waits for the durable answer, and
// appends again: the engine's own pattern (a call actor awaits each append). Every append is
// synced (sync=true) unless --no-sync is given. Prints events/s, appends/s, the number of
// WriteBatches (= fsyncs), append latency percentiles, and the CPU spent per event, in total and
// per thread: the machine is shared, so wall-clock rates move with other jobs while the CPU
// per event is what the code controls.
//
// CAF runs as the engine configures it (idle workers wait on their condition variable at once,
// actors/engine_impl.cc); --caf-default-polling restores CAF's 50 us polling for comparison.
#include <caf/all.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "actors/log_writer.h"
#include "actors/messages.h"

using namespace webox;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  int writers = 64;
  int seconds = 10;
  int per_append = 1;
  bool sync = true;
  bool caf_default_polling = false;
  std::string data = "/tmp/webox-bench-log";
};

struct WriterReport {
  std::uint64_t appends = 0;
  std::vector<std::uint32_t> latencies_us;
};

}  // namespace

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(WriterReport)

namespace {

Envelope event(const std::string& stream, int i) {
  Envelope e;
  e.event_id = Uuid::random();
  e.recorded_at = now_micros();
  e.data = ReplyGenerated{.call_sid = stream, .turn = i,
                          .text = "Très bien, une table pour quatre personnes demain à 20h.",
                          .language = "fr-FR"};
  return e;
}

caf::behavior writer(caf::event_based_actor* self, caf::actor log_writer, std::string stream,
                     int per_append, Clock::time_point until, caf::actor report_to) {
  auto report = std::make_shared<WriterReport>();
  auto version = std::make_shared<std::int64_t>(0);
  // The step refers to itself through a weak pointer (a strong one would be a cycle that
  // outlives the actor); the behavior below owns it for as long as the actor lives.
  auto step = std::make_shared<std::function<void()>>();
  std::weak_ptr<std::function<void()>> again = step;
  *step = [=] {
    if (Clock::now() >= until) {
      self->send(report_to, std::move(*report));
      self->quit();
      return;
    }
    AppendRequest req{stream, *version, {}};
    for (int i = 0; i < per_append; ++i) req.events.push_back(event(stream, int(*version) + i));
    auto t0 = Clock::now();
    self->request(log_writer, caf::infinite, append_atom::value, std::move(req))
        .then([=](AppendOutcome& out) {
          if (!out.result) {
            std::fprintf(stderr, "append failed: %s\n", out.result.error().message.c_str());
            std::exit(1);
          }
          *version = std::int64_t(out.result->last_version);
          report->appends++;
          report->latencies_us.push_back(std::uint32_t(
              std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0).count()));
          if (auto s = again.lock()) (*s)();
        });
  };
  (*step)();
  return {[step](int) {}};
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "log_append: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--writers") o.writers = std::stoi(next());
    else if (a == "--seconds") o.seconds = std::stoi(next());
    else if (a == "--events-per-append") o.per_append = std::stoi(next());
    else if (a == "--data") o.data = next();
    else if (a == "--no-sync") o.sync = false;
    else if (a == "--caf-default-polling") o.caf_default_polling = true;
    else {
      std::fprintf(stderr,
                   "usage: log_append [--writers N] [--seconds S] [--events-per-append K] "
                   "[--data DIR] [--no-sync] [--caf-default-polling]\n");
      std::exit(2);
    }
  }
  return o;
}

double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto secs = [](const timeval& t) { return double(t.tv_sec) + t.tv_usec / 1e6; };
  return secs(ru.ru_utime) + secs(ru.ru_stime);
}

// CPU seconds (user + system) of each live thread of this process, summed by thread name.
std::map<std::string, double> cpu_by_thread() {
  std::map<std::string, double> out;
  const double tick = double(sysconf(_SC_CLK_TCK));
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream in(entry.path() / "stat");
    std::string line;
    std::getline(in, line);
    auto open = line.find('('), close = line.rfind(')');
    if (open == std::string::npos || close == std::string::npos) continue;
    std::string name = line.substr(open + 1, close - open - 1);
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    // Fields after the name: state is 3; utime and stime are 14 and 15 (proc(5)).
    double utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
      if (i == 14) utime = std::stod(field);
      if (i == 15) stime = std::stod(field);
    }
    out[name] += (utime + stime) / tick;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse(argc, argv);
  std::filesystem::remove_all(o.data);
  auto log = EventLog::open(o.data, EventLogOptions{.sync = o.sync});
  if (!log) {
    std::fprintf(stderr, "log_append: %s\n", log.error().message.c_str());
    return 1;
  }
  BlockingWorker disk("bench-disk", 1), syncer("bench-sync", 1);
  caf::actor_system_config cfg;
  if (!o.caf_default_polling) cfg.set("work-stealing.moderate-poll-attempts", std::size_t{1});
  caf::actor_system sys{cfg};
  auto lw = spawn_log_writer(sys, **log, disk, syncer);
  caf::scoped_actor self{sys};

  const double cpu0 = cpu_seconds();
  const auto threads0 = cpu_by_thread();
  auto start = Clock::now();
  auto until = start + std::chrono::seconds(o.seconds);
  for (int i = 0; i < o.writers; ++i)
    sys.spawn(writer, lw, "bench-" + std::to_string(i), o.per_append, until, caf::actor{self});
  std::vector<std::uint32_t> lat;
  std::uint64_t appends = 0;
  for (int i = 0; i < o.writers; ++i)
    self->receive([&](WriterReport& r) {
      appends += r.appends;
      lat.insert(lat.end(), r.latencies_us.begin(), r.latencies_us.end());
    });
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  const double cpu = cpu_seconds() - cpu0;
  auto threads = cpu_by_thread();
  LogWriterStats stats;
  self->request(lw, caf::infinite, stats_atom::value)
      .receive([&](LogWriterStats s) { stats = s; }, [](caf::error&) {});
  std::sort(lat.begin(), lat.end());
  auto pct = [&](double p) { return lat.empty() ? 0u : lat[std::size_t(p * (lat.size() - 1))]; };
  std::uint64_t events = appends * std::uint64_t(o.per_append);
  std::printf("writers %d, %d event(s) per append, %s, %.1f s\n", o.writers, o.per_append,
              o.sync ? "sync=true" : "sync=false", secs);
  std::printf("events/s      %.0f\n", events / secs);
  std::printf("appends/s     %.0f\n", appends / secs);
  std::printf("batches       %llu (%.0f fsyncs/s, %.1f appends per batch, largest %llu)\n",
              (unsigned long long)stats.batches, stats.batches / secs,
              stats.batches ? double(stats.requests) / stats.batches : 0.0,
              (unsigned long long)stats.largest_batch);
  std::printf("disk thread   %.0f us to write a batch, busy %.0f%% of the time\n",
              stats.batches ? double(stats.disk_micros) / stats.batches : 0.0,
              100.0 * stats.disk_micros / (secs * 1e6));
  std::printf("sync thread   %llu WAL syncs, %.0f us each, busy %.0f%% of the time\n",
              (unsigned long long)stats.syncs,
              stats.syncs ? double(stats.sync_micros) / stats.syncs : 0.0,
              100.0 * stats.sync_micros / (secs * 1e6));
  std::printf("append latency us: p50 %u  p90 %u  p99 %u  max %u\n", pct(0.5), pct(0.9),
              pct(0.99), lat.empty() ? 0u : lat.back());
  std::printf("CPU           %.2f us per event (%.2f cores busy)\n",
              events ? cpu * 1e6 / double(events) : 0.0, cpu / secs);
  std::printf("CPU by thread, us per event:");
  for (const auto& [name, seconds] : threads) {
    auto before = threads0.find(name);
    double used = seconds - (before == threads0.end() ? 0.0 : before->second);
    if (used > 0) std::printf("  %s %.2f", name.c_str(), events ? used * 1e6 / double(events) : 0.0);
  }
  std::printf("\n");
  std::printf("log last position %llu (expected %llu)\n",
              (unsigned long long)(*log)->last_position(), (unsigned long long)events);
  self->send_exit(lw, caf::exit_reason::user_shutdown);
  disk.stop();
  syncer.stop();
  return (*log)->last_position() == events ? 0 : 1;
}
