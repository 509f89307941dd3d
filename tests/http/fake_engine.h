// A fake Engine for the HTTP tests: records what it was asked and answers canned results.
// Access is table-driven: `keys` maps a bearer key to its principal, `numbers` a called
// number to its tenant's Twilio credentials (see the constants below).
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

inline constexpr const char* kOwnerKey = "owner-key-of-t1";
inline constexpr const char* kViewerKey = "viewer-key-of-t1";
inline constexpr const char* kOtherOwnerKey = "owner-key-of-t2";
inline constexpr const char* kAdminKey = "admin-key";
inline constexpr const char* kAuthToken = "12345678-auth-token";

inline constexpr const char* kCannedTwiml =
    R"(<?xml version="1.0" encoding="UTF-8"?><Response><Say>Bonjour</Say></Response>)";

class FakeEngine : public Engine {
 public:
  // -- knobs (set before use) --
  bool answer_on_thread = false;
  std::chrono::milliseconds delay{0};
  std::optional<Error> fail_with;
  std::size_t in_progress = 0;
  std::uint64_t appended = 0;  // what log_position() answers
  std::optional<NatsStatus> nats;  // what nats_status() answers (nullopt: NATS off)
  std::map<std::string, AssistantView> assistants;
  std::map<std::string, std::vector<Envelope>> events;
  // Keys it accepts, and the Twilio tenants it knows by number. By default one owner key of
  // tenant "t1" (kOwnerKey) and number +33123456789 owned by "t1" with kAuthToken.
  std::map<std::string, Principal> keys = {
      {kOwnerKey, Principal{Role::owner, "t1", "k1"}},
      {kViewerKey, Principal{Role::viewer, "t1", "k2"}},
      {kOtherOwnerKey, Principal{Role::owner, "t2", "k3"}},
      {kAdminKey, Principal{Role::admin, "", ""}}};
  std::map<std::string, TwilioAuth> numbers = {
      {"+33123456789", TwilioAuth{"t1", "", kAuthToken}}};

  ~FakeEngine() override { join(); }

  // -- what it saw (copies, taken under the lock) --
  std::vector<VoiceWebhook> voice() { return locked([&] { return voice_; }); }
  std::vector<GatherWebhook> gather() { return locked([&] { return gather_; }); }
  std::vector<StatusWebhook> status() { return locked([&] { return status_; }); }
  std::vector<ConnectActionWebhook> stream_ended() { return locked([&] { return stream_ended_; }); }
  std::vector<AssistantProfile> created() { return locked([&] { return created_; }); }
  std::vector<AssistantUpdated> updated() { return locked([&] { return updated_; }); }
  std::vector<std::string> deleted() { return locked([&] { return deleted_; }); }
  std::size_t voice_count() { return voice().size(); }
  // Every write the engine was asked for; a 4xx must leave this at 0.
  std::size_t writes() {
    return locked([&] {
      return voice_.size() + gather_.size() + status_.size() + stream_ended_.size() +
             created_.size() + updated_.size() + deleted_.size();
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
  void on_stream_ended(ConnectActionWebhook hook, Callback<std::string> done) override {
    record(stream_ended_, std::move(hook));
    answer<std::string>(std::move(done), [] {
      return std::string(R"(<?xml version="1.0" encoding="UTF-8"?><Response><Hangup /></Response>)");
    });
  }

  // -- access --
  Result<Principal> authenticate(std::string_view key) const override {
    auto it = keys.find(std::string(key));
    if (it == keys.end()) return Error::make(Errc::unauthenticated, "unknown key");
    return it->second;
  }
  Result<TwilioAuth> twilio_auth_for_number(std::string_view number) const override {
    auto it = numbers.find(std::string(number));
    if (it == numbers.end()) return Error::make(Errc::not_found, "nobody answers");
    if (it->second.auth_token.empty()) return Error::make(Errc::unauthenticated, "no token");
    return it->second;
  }
  std::optional<FirstStart> first_start() const override { return std::nullopt; }

  // -- tenants: enough for the routes' tests --
  std::map<std::string, TenantView> tenants = {{"t1", TenantView{.id = "t1", .name = "One"}},
                                               {"t2", TenantView{.id = "t2", .name = "Two"}}};
  std::vector<TenantPatch> tenant_patches() { return locked([&] { return tenant_patches_; }); }

  void create_tenant(TenantSpec spec, Callback<NewTenant> done) override {
    answer<NewTenant>(std::move(done), [this, spec]() -> Result<NewTenant> {
      TenantView v{.id = spec.id.empty() ? "t-new" : spec.id, .name = spec.name,
                   .time_zone = spec.time_zone, .plan = spec.plan, .version = 1};
      tenants[v.id] = v;
      return NewTenant{v, KeyView{.id = "k-new", .tenant_id = v.id, .role = "owner",
                                  .secret = "wbx_new_secret"}};
    });
  }
  void update_tenant(TenantPatch patch, Callback<TenantView> done) override {
    record(tenant_patches_, patch);
    answer<TenantView>(std::move(done), [this, patch]() -> Result<TenantView> {
      auto it = tenants.find(patch.tenant_id);
      if (it == tenants.end()) return Error::make(Errc::not_found, "no tenant");
      if (patch.name) it->second.name = *patch.name;
      if (patch.plan) it->second.plan = *patch.plan;
      return it->second;
    });
  }
  void get_tenant(std::string id, Callback<TenantView> done) override {
    answer<TenantView>(std::move(done), [this, id]() -> Result<TenantView> {
      auto it = tenants.find(id);
      if (it == tenants.end()) return Error::make(Errc::not_found, "no tenant");
      return it->second;
    });
  }
  void list_tenants(Callback<std::vector<TenantView>> done) override {
    answer<std::vector<TenantView>>(std::move(done), [this] {
      std::vector<TenantView> all;
      for (auto& [_, v] : tenants) all.push_back(v);
      return all;
    });
  }
  void create_key(std::string tenant, std::string role, std::string name,
                  Callback<KeyView> done) override {
    answer<KeyView>(std::move(done), [=]() -> Result<KeyView> {
      return KeyView{.id = "k9", .tenant_id = tenant, .role = role, .name = name,
                     .secret = "wbx_k9_secret"};
    });
  }
  void list_keys(std::string tenant, Callback<std::vector<KeyView>> done) override {
    answer<std::vector<KeyView>>(std::move(done), [=] {
      return std::vector<KeyView>{KeyView{.id = "k1", .tenant_id = tenant, .role = "owner"}};
    });
  }
  void revoke_key(std::string tenant, std::string key_id, Callback<KeyView> done) override {
    answer<KeyView>(std::move(done), [=]() -> Result<KeyView> {
      if (key_id != "k1") return Error::make(Errc::not_found, "no key");
      return KeyView{.id = key_id, .tenant_id = tenant, .role = "owner", .revoked_at = 1};
    });
  }

  // -- billing: every tenant is on "starter", nothing used --
  void change_plan(PlanChange c, Callback<TenantView> done) override {
    answer<TenantView>(std::move(done), [=]() -> Result<TenantView> {
      return TenantView{.id = c.tenant_id, .plan = c.plan,
                        .overage_policy = c.overage_policy.value_or("overage")};
    });
  }
  void billing(BillingQuery q, Callback<BillingView> done) override {
    done(BillingView{.tenant_id = q.tenant_id, .month = q.month, .quota = 100});
  }

  // -- bookings: none; the real ones are tested against the real engine (tests/e2e) --
  void create_booking(Scope, BookingConfirmed, Callback<BookingAttempt> done) override {
    done(Error::make(Errc::unavailable, "the fake engine keeps no calendar"));
  }
  void cancel_booking(Scope, std::string id, Callback<BookingView> done) override {
    done(Error::make(Errc::not_found, "no booking " + id));
  }
  void get_booking(Scope, std::string id, Callback<BookingView> done) override {
    done(Error::make(Errc::not_found, "no booking " + id));
  }
  void list_bookings(Scope, BookingQuery, Callback<std::vector<BookingView>> done) override {
    done(std::vector<BookingView>{});
  }

  // -- personal data: calls "CA<tenant>" exist, one per tenant --
  void erase_call(Scope scope, std::string sid, std::string, Callback<ErasedCalls> done) override {
    answer<ErasedCalls>(std::move(done), [=]() -> Result<ErasedCalls> {
      if (!sid.starts_with("CA") || !scope.covers(sid.substr(2)))
        return Error::make(Errc::not_found, "no call");
      return ErasedCalls{{sid}};
    });
  }
  void erase_caller(Scope scope, std::string number, Callback<ErasedCalls> done) override {
    answer<ErasedCalls>(std::move(done), [=]() -> Result<ErasedCalls> {
      if (scope.all()) return Error::invalid("tenant", "name the tenant");
      if (number == "+33612345678") return ErasedCalls{{"CA" + scope.tenant_id}};
      return ErasedCalls{};
    });
  }
  void sweep_retention(Callback<ErasedCalls> done) override {
    answer<ErasedCalls>(std::move(done), [] { return ErasedCalls{}; });
  }

  // -- assistants: every one belongs to the tenant of its creation scope --
  void create_assistant(Scope scope, AssistantProfile profile,
                        Callback<AssistantView> done) override {
    record(created_, profile);
    answer<AssistantView>(std::move(done), [this, scope, profile]() -> Result<AssistantView> {
      if (scope.all()) return Error::invalid("tenant", "name the tenant");
      AssistantView v{.id = "a-" + std::to_string(++next_id_), .tenant_id = scope.tenant_id,
                      .profile = profile, .created_at = 1'700'000'000'000'000,
                      .updated_at = 1'700'000'000'000'000, .version = 1};
      assistants[v.id] = v;
      return v;
    });
  }
  void update_assistant(Scope scope, AssistantUpdated patch,
                        Callback<AssistantView> done) override {
    record(updated_, patch);
    answer<AssistantView>(std::move(done), [this, scope, patch]() -> Result<AssistantView> {
      auto it = assistants.find(patch.assistant_id);
      if (it == assistants.end() || !scope.covers(it->second.tenant_id))
        return Error::make(Errc::not_found, "no such assistant");
      if (patch.name) it->second.profile.name = *patch.name;
      if (patch.is_active) it->second.profile.is_active = *patch.is_active;
      ++it->second.version;
      return it->second;
    });
  }
  void delete_assistant(Scope scope, std::string id, Callback<AssistantView> done) override {
    record(deleted_, id);
    answer<AssistantView>(std::move(done), [this, scope, id]() -> Result<AssistantView> {
      auto it = assistants.find(id);
      if (it == assistants.end() || !scope.covers(it->second.tenant_id))
        return Error::make(Errc::not_found, "no such assistant");
      AssistantView v = it->second;
      assistants.erase(it);
      return v;
    });
  }
  void get_assistant(Scope scope, std::string id, Callback<AssistantView> done) override {
    answer<AssistantView>(std::move(done), [this, scope, id]() -> Result<AssistantView> {
      auto it = assistants.find(id);
      if (it == assistants.end() || !scope.covers(it->second.tenant_id))
        return Error::make(Errc::not_found, "no such assistant");
      return it->second;
    });
  }
  void list_assistants(Scope scope, Callback<std::vector<AssistantView>> done) override {
    answer<std::vector<AssistantView>>(std::move(done), [this, scope] {
      std::vector<AssistantView> all;
      for (auto& [_, v] : assistants)
        if (scope.covers(v.tenant_id)) all.push_back(v);
      return all;
    });
  }
  void call_events(Scope scope, std::string call_sid,
                   Callback<std::vector<Envelope>> done) override {
    answer<std::vector<Envelope>>(std::move(done), [this, scope, call_sid] {
      auto it = events.find(call_sid);
      if (it == events.end() || it->second.empty() || !scope.covers(it->second.front().tenant))
        return std::vector<Envelope>{};
      return it->second;
    });
  }

  // Read models: the HTTP tests of these routes run against the real engine (tests/e2e).
  void list_calls(Scope, CallQuery, std::string, Callback<CallPage> done) override {
    done(CallPage{});
  }
  void get_call(Scope, std::string sid, Callback<CallDetail> done) override {
    done(Error::make(Errc::not_found, "no call " + sid));
  }
  void call_stats(Scope, StatsQuery, Callback<StatsView> done) override { done(StatsView{}); }
  std::string time_zone_of(const std::string&) const override { return "UTC"; }
  std::uint64_t projection_lag() const override { return 0; }

  std::size_t calls_in_progress() const override { return in_progress; }
  std::uint64_t log_position() const override { return appended; }
  std::optional<NatsStatus> nats_status() const override { return nats; }
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
  std::vector<ConnectActionWebhook> stream_ended_;
  std::vector<AssistantProfile> created_;
  std::vector<AssistantUpdated> updated_;
  std::vector<std::string> deleted_;
  std::vector<TenantPatch> tenant_patches_;
};

}  // namespace webox::testing
