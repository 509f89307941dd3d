// A fake Engine for the HTTP tests: records what it was asked and answers canned results.
//
//   FakeEngine engine;                              // answers synchronously, on the caller's thread
//   engine.fail_with = Error::make(Errc::unavailable, "busy");   // every later answer fails so
//   engine.answer_on_thread = true;                 // answers from its own thread, like CAF's
//   engine.delay = std::chrono::milliseconds(300);  // ... after this long
//   engine.voice_count()  -> how many incoming calls reached it
//
// Only the HTTP layer's view of the engine: no events are stored, views are kept in a map.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "actors/engine.h"

namespace webox::testing {

inline constexpr const char* kCannedTwiml =
    R"(<?xml version="1.0" encoding="UTF-8"?><Response><Say>Bonjour</Say></Response>)";

class FakeEngine final : public Engine {
 public:
  // -- knobs (set before use) --
  bool answer_on_thread = false;
  std::chrono::milliseconds delay{0};
  std::optional<Error> fail_with;
  std::size_t in_progress = 0;
  std::map<std::string, AssistantView> assistants;
  std::map<std::string, std::vector<Envelope>> events;

  ~FakeEngine() override { join(); }

  // -- what it saw (copies, taken under the lock) --
  std::vector<VoiceWebhook> voice() { return locked([&] { return voice_; }); }
  std::vector<GatherWebhook> gather() { return locked([&] { return gather_; }); }
  std::vector<StatusWebhook> status() { return locked([&] { return status_; }); }
  std::vector<AssistantProfile> created() { return locked([&] { return created_; }); }
  std::vector<AssistantUpdated> updated() { return locked([&] { return updated_; }); }
  std::vector<std::string> deleted() { return locked([&] { return deleted_; }); }
  std::size_t voice_count() { return voice().size(); }
  // Every write the engine was asked for; a 4xx must leave this at 0.
  std::size_t writes() {
    return locked([&] {
      return voice_.size() + gather_.size() + status_.size() + created_.size() + updated_.size() +
             deleted_.size();
    });
  }
  // Blocks until every answer has been given (answer_on_thread), so tests end cleanly.
  void join() {
    {
      std::lock_guard lock(m_);
      stopping_ = true;
    }
    cv_.notify_all();
    if (worker_.joinable()) worker_.join();
    std::lock_guard lock(m_);
    stopping_ = false;
  }

  void on_incoming_call(VoiceWebhook hook, Callback<std::string> done) override {
    record(voice_, std::move(hook));
    answer<std::string>(std::move(done), [] { return std::string(kCannedTwiml); });
  }
  void on_gather(GatherWebhook hook, Callback<std::string> done) override {
    record(gather_, std::move(hook));
    answer<std::string>(std::move(done), [] { return std::string(kCannedTwiml); });
  }
  void on_status(StatusWebhook hook, Callback<std::string> done) override {
    record(status_, std::move(hook));
    answer<std::string>(std::move(done), [] {
      return std::string(R"(<?xml version="1.0" encoding="UTF-8"?><Response />)");
    });
  }

  void create_assistant(AssistantProfile profile, Callback<AssistantView> done) override {
    record(created_, profile);
    answer<AssistantView>(std::move(done), [this, profile]() -> Result<AssistantView> {
      AssistantView v{.id = "a-" + std::to_string(++next_id_), .profile = profile,
                      .created_at = 1'700'000'000'000'000, .updated_at = 1'700'000'000'000'000,
                      .version = 1};
      assistants[v.id] = v;
      return v;
    });
  }
  void update_assistant(AssistantUpdated patch, Callback<AssistantView> done) override {
    record(updated_, patch);
    answer<AssistantView>(std::move(done), [this, patch]() -> Result<AssistantView> {
      auto it = assistants.find(patch.assistant_id);
      if (it == assistants.end()) return Error::make(Errc::not_found, "no such assistant");
      if (patch.name) it->second.profile.name = *patch.name;
      if (patch.is_active) it->second.profile.is_active = *patch.is_active;
      ++it->second.version;
      return it->second;
    });
  }
  void delete_assistant(std::string id, Callback<AssistantView> done) override {
    record(deleted_, id);
    answer<AssistantView>(std::move(done), [this, id]() -> Result<AssistantView> {
      auto it = assistants.find(id);
      if (it == assistants.end()) return Error::make(Errc::not_found, "no such assistant");
      AssistantView v = it->second;
      assistants.erase(it);
      return v;
    });
  }
  void get_assistant(std::string id, Callback<AssistantView> done) override {
    answer<AssistantView>(std::move(done), [this, id]() -> Result<AssistantView> {
      auto it = assistants.find(id);
      if (it == assistants.end()) return Error::make(Errc::not_found, "no such assistant");
      return it->second;
    });
  }
  void list_assistants(Callback<std::vector<AssistantView>> done) override {
    answer<std::vector<AssistantView>>(std::move(done), [this] {
      std::vector<AssistantView> all;
      for (auto& [_, v] : assistants) all.push_back(v);
      return all;
    });
  }
  void call_events(std::string call_sid, Callback<std::vector<Envelope>> done) override {
    answer<std::vector<Envelope>>(std::move(done), [this, call_sid] {
      auto it = events.find(call_sid);
      return it == events.end() ? std::vector<Envelope>{} : it->second;
    });
  }

  std::size_t calls_in_progress() const override { return in_progress; }
  std::string log_report() override { return "fake engine: no log"; }
  void stop_accepting() override {}
  void shutdown() override {}

 private:
  template <class F>
  std::invoke_result_t<F> locked(F f) {
    std::lock_guard lock(m_);
    return f();
  }
  template <class T>
  void record(std::vector<T>& into, T value) {
    std::lock_guard lock(m_);
    into.push_back(std::move(value));
  }

  // Runs `make` and hands its result to `done`: now, or from the worker thread after `delay`.
  template <class T, class Make>
  void answer(Callback<T> done, Make make) {
    auto task = [this, done = std::move(done), make = std::move(make)]() mutable {
      if (fail_with) return done(Result<T>(*fail_with));
      done(Result<T>(make()));
    };
    if (!answer_on_thread) return task();
    std::lock_guard lock(m_);
    queue_.push_back({std::chrono::steady_clock::now() + delay, std::move(task)});
    if (!worker_.joinable()) worker_ = std::thread([this] { work(); });
    cv_.notify_all();
  }

  void work() {
    std::unique_lock lock(m_);
    for (;;) {
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to answer
      auto due = queue_.front().first;
      if (std::chrono::steady_clock::now() < due) {
        cv_.wait_until(lock, due);
        continue;
      }
      auto task = std::move(queue_.front().second);
      queue_.pop_front();
      lock.unlock();
      task();
      lock.lock();
    }
  }

  std::mutex m_;
  std::condition_variable cv_;
  std::deque<std::pair<std::chrono::steady_clock::time_point, std::function<void()>>> queue_;
  std::thread worker_;
  bool stopping_ = false;
  int next_id_ = 0;
  std::vector<VoiceWebhook> voice_;
  std::vector<GatherWebhook> gather_;
  std::vector<StatusWebhook> status_;
  std::vector<AssistantProfile> created_;
  std::vector<AssistantUpdated> updated_;
  std::vector<std::string> deleted_;
};

}  // namespace webox::testing
