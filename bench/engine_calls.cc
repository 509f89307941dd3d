// engine_calls: the call scenario straight into the engine's facade, no HTTP.
//
//   build/bench/engine_calls --callers 64 --seconds 10 --data /tmp/webox-bench-engine
//
// C callers each loop over the scenario of bench/call_load (incoming call, three French lines,
// status completed) by calling Engine::on_incoming_call / on_gather / on_status; each callback
// starts the caller's next webhook. Compared with call_load over HTTP, the difference is what
// the HTTP server and loopback TCP cost. Every event is synced as in production.
//
// The engine makes tenant "default" on its first start; the assistant belongs to it and every
// webhook says so, as the HTTP layer does once a signature has named the tenant. Signatures
// themselves are the HTTP layer's business and are not checked here.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "actors/engine.h"

using namespace webox;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kTenant = "default";

const char* kLines[] = {
    "Bonjour je voudrais réserver une table pour quatre personnes demain soir à 20h",
    "Au nom de Dupont", "Oui c'est parfait"};

struct Shared {
  Engine* engine = nullptr;
  Clock::time_point until;
  std::atomic<std::uint64_t> webhooks{0}, calls{0}, errors{0};
  std::mutex mu;
  std::condition_variable cv;
  int running = 0;
  std::string first_error;  // under mu: an error count alone does not say what to fix
  std::vector<std::vector<std::uint32_t>> latencies;  // per caller, so no lock per sample
};

// One caller: a small state machine driven by the engine's callbacks.
struct Caller : std::enable_shared_from_this<Caller> {
  Shared* shared;
  int index;
  int call = 0;
  int step = 0;  // 0 voice, 1..3 gathers, 4 status
  Clock::time_point sent;
  std::string sid;

  void next() {
    if (step == 0 && Clock::now() >= shared->until) {
      std::lock_guard lock(shared->mu);
      --shared->running;
      shared->cv.notify_all();
      return;
    }
    if (step == 0) sid = "CA" + std::to_string(index) + "x" + std::to_string(call++);
    sent = Clock::now();
    auto self = shared_from_this();
    auto done = [self](Result<std::string> r) {
      if (!r) {
        std::lock_guard lock(self->shared->mu);
        if (self->shared->first_error.empty()) self->shared->first_error = r.error().message;
      }
      self->answered(r.ok());
    };
    std::string digest = sid + "|" + std::to_string(step);
    if (step == 0) {
      shared->engine->on_incoming_call(
          VoiceWebhook{.call_sid = sid, .account_sid = "AC1", .from = "+33611111111",
                       .to = "+33123456789", .call_status = "ringing", .direction = "inbound",
                       .request_digest = digest, .tenant_id = kTenant},
          done);
    } else if (step <= 3) {
      shared->engine->on_gather(GatherWebhook{.call_sid = sid, .has_speech = true,
                                              .speech_result = kLines[step - 1],
                                              .confidence = 0.9, .request_digest = digest,
                                              .tenant_id = kTenant},
                                done);
    } else {
      shared->engine->on_status(StatusWebhook{.call_sid = sid, .call_status = "completed",
                                              .call_duration = 42, .request_digest = digest,
                                              .tenant_id = kTenant},
                                done);
    }
  }

  void answered(bool ok) {
    shared->latencies[index].push_back(std::uint32_t(
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - sent).count()));
    shared->webhooks++;
    if (!ok) shared->errors++;
    if (step == 4) shared->calls++;
    step = (step + 1) % 5;
    next();
  }
};

}  // namespace

int main(int argc, char** argv) {
  int callers = 64, seconds = 10;
  std::string data = "/tmp/webox-bench-engine";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--callers") callers = std::stoi(argv[i + 1]);
    else if (a == "--seconds") seconds = std::stoi(argv[i + 1]);
    else if (a == "--data") data = argv[i + 1];
    else {
      std::fprintf(stderr, "usage: engine_calls [--callers N] [--seconds S] [--data DIR]\n");
      return 2;
    }
  }
  std::filesystem::remove_all(data);
  auto engine = start_engine(EngineOptions{.data_dir = data});
  if (!engine) {
    std::fprintf(stderr, "engine_calls: %s\n", engine.error().message.c_str());
    return 1;
  }
  {
    std::mutex m;
    std::condition_variable cv;
    bool created = false, ok = false;
    AssistantProfile p{.name = "Chez Marcel", .phone_number = "+33123456789", .language = "fr",
                       .context_data = R"({"business_name":"Chez Marcel","capacity":8})"};
    (*engine)->create_assistant(Scope{kTenant}, p, [&](Result<AssistantView> r) {
      if (!r) std::fprintf(stderr, "engine_calls: create: %s\n", r.error().message.c_str());
      std::lock_guard lock(m);
      created = true;
      ok = r.ok();
      cv.notify_all();
    });
    std::unique_lock lock(m);
    cv.wait(lock, [&] { return created; });
    // Without the assistant every webhook fails: a run of errors measures nothing.
    if (!ok) {
      lock.unlock();
      (*engine)->shutdown();
      return 1;
    }
  }
  Shared shared;
  shared.engine = engine->get();
  shared.latencies.resize(std::size_t(callers));
  auto start = Clock::now();
  shared.until = start + std::chrono::seconds(seconds);
  shared.running = callers;
  std::vector<std::shared_ptr<Caller>> all;
  for (int i = 0; i < callers; ++i) {
    all.push_back(std::make_shared<Caller>());
    all.back()->shared = &shared;
    all.back()->index = i;
  }
  for (auto& c : all) c->next();
  {
    std::unique_lock lock(shared.mu);
    shared.cv.wait(lock, [&] { return shared.running == 0; });
  }
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<std::uint32_t> lat;
  for (auto& v : shared.latencies) lat.insert(lat.end(), v.begin(), v.end());
  std::sort(lat.begin(), lat.end());
  auto pct = [&](double p) { return lat.empty() ? 0u : lat[std::size_t(p * (lat.size() - 1))]; };
  std::printf("callers %d, %.1f s, engine only (no HTTP)\n", callers, secs);
  std::printf("calls/s       %.0f\n", shared.calls / secs);
  std::printf("webhooks/s    %.0f (errors %llu)\n", shared.webhooks / secs,
              (unsigned long long)shared.errors.load());
  if (!shared.first_error.empty()) std::printf("first error   %s\n", shared.first_error.c_str());
  std::printf("latency us    p50 %u  p90 %u  p99 %u  max %u\n", pct(0.5), pct(0.9), pct(0.99),
              lat.empty() ? 0u : lat.back());
  std::printf("event log     %s\n", (*engine)->log_report().c_str());
  (*engine)->shutdown();
  return shared.errors ? 1 : 0;
}
