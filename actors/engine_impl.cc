// start_engine(): the CAF actor system, the event log and the actors, behind the Engine facade.
#include <caf/all.hpp>

#include <cstdio>
#include <filesystem>
#include <mutex>
#include <unordered_map>

#include <future>

#include "actors/assistant_actors.h"
#include "actors/booking_commands.h"
#include "actors/calendar_actor.h"
#include "actors/call_actor.h"
#include "actors/directory_load.h"
#include "actors/erasure.h"
#include "actors/log_writer.h"
#include "actors/messages.h"
#include "actors/nats_publisher.h"
#include "actors/personal_data.h"
#include "actors/quota_table.h"
#include "actors/tenant_actors.h"
#include "actors/read_model_queries.h"
#include "actors/stream_reply.h"
#include "projections/projector.h"
#include "projections/read_models.h"
#include "storage/master_key.h"

namespace webox {
namespace {

class CafEngine final : public Engine {
 public:
  CafEngine(EngineOptions options, std::unique_ptr<EventLog> log,
            std::unique_ptr<DataKeyStore> keys, std::unique_ptr<ReadModelStore> read_store,
            SecretKey master)
      : options_(std::move(options)),
        log_(std::move(log)),
        keys_(std::move(keys)),
        read_store_(std::move(read_store)),
        disk_("webox-disk", 1),
        syncer_("webox-sync", 1),
        readers_("webox-read", 2),
        key_creator_(*keys_),
        brain_(make_local_brain()),
        tenant_dir_(master, options_.admin_key),
        cfg_(make_config(options_)),
        sys_(*cfg_) {
    writer_ = spawn_log_writer(sys_, *log_, disk_, syncer_);
    assistants_ = spawn_assistant_registry(sys_, writer_, directory_);
    tenants_ = spawn_tenant_registry(sys_, writer_, tenant_dir_);
    calendars_ = spawn_calendar_registry(
        sys_, CalendarDeps{.log_writer = writer_, .log = log_.get(), .readers = &readers_,
                           .clock = options_.clock});
    CallDeps deps{.log_writer = writer_, .log = log_.get(), .readers = &readers_,
                  .keys = keys_.get(), .key_creator = &key_creator_, .directory = &directory_,
                  .brain = brain_.get(),
                  .live_calls = &live_calls_, .tenants = &tenant_dir_, .quotas = &quotas_,
                  .calendars = calendars_,
                  .find_bookings = [this](BookingQuery q, Callback<std::vector<BookingView>> done) {
                    queries_->list_bookings(std::move(q), std::move(done));  // set by load()
                  },
                  .options = options_};
    calls_ = spawn_call_registry(sys_, std::move(deps));
    EraserDeps erase{.log_writer = writer_, .calls = calls_, .log = log_.get(),
                     .keys = keys_.get(), .worker = &erasing_,
                     .retention = [this] { return retention_policies(); },
                     .sweep_interval = options_.retention_sweep_interval,
                     .day = options_.retention_day};
    eraser_ = spawn_eraser(sys_, std::move(erase));
  }

  ~CafEngine() override { shutdown(); }

  Status load() {
    auto n = load_directories(*log_, directory_, tenant_dir_, quotas_);
    if (!n) return std::move(n).error();
    if (options_.create_default_tenant && tenant_dir_.list().empty())
      if (auto st = create_default(); !st) return st;
    auto projector = Projector::start(*log_, *read_store_, models_.all());
    if (!projector) return std::move(projector).error();
    projector_ = std::move(*projector);
    queries_ = std::make_unique<ReadModelQueries>(models_, *projector_, *keys_, readers_);
    bookings_ = std::make_unique<BookingCommands>(BookingCommandDeps{
        .directory = &directory_, .keys = keys_.get(), .readers = &readers_,
        .queries = queries_.get(), .calendars = calendars_, .clock = options_.clock});
    return {};
  }

  // -- access --

  Result<Principal> authenticate(std::string_view bearer) const override {
    return tenant_dir_.authenticate(bearer);
  }

  Result<TwilioAuth> twilio_auth_for_number(std::string_view number) const override {
    auto tenant = directory_.tenant_for_number(std::string(number));
    if (!tenant) return Error::make(Errc::not_found, "no tenant answers " + std::string(number));
    auto view = tenant_dir_.get(*tenant);
    auto token = tenant_dir_.auth_token(*tenant);
    if (!view || !token)
      return Error::make(Errc::unauthenticated,
                         "tenant " + *tenant + " has no Twilio auth token; set it with PATCH "
                         "/api/v1/tenants/" + *tenant);
    return TwilioAuth{*tenant, view->twilio_account_sid, *token};
  }

  std::optional<FirstStart> first_start() const override { return first_start_; }

  // Its own thread, woken by the log: no actor ever waits on NATS.
  void start_nats() {
    if (!options_.nats_url.empty())
      nats_ = NatsPublisher::start(*log_, NatsPublisherOptions{.url = options_.nats_url});
  }
  std::optional<NatsStatus> nats_status() const override {
    if (!nats_) return std::nullopt;
    return nats_->status();
  }

  // -- tenants and keys --

  void create_tenant(TenantSpec spec, Callback<NewTenant> done) override {
    caf::anon_send(tenants_, create_atom::value, std::move(spec), std::move(done));
  }
  void update_tenant(TenantPatch patch, Callback<TenantView> done) override {
    caf::anon_send(tenants_, update_atom::value, std::move(patch), std::move(done));
  }
  void get_tenant(std::string id, Callback<TenantView> done) override {
    auto v = tenant_dir_.get(id);
    if (!v) return done(Error::make(Errc::not_found, "no tenant " + id));
    done(std::move(*v));
  }
  void list_tenants(Callback<std::vector<TenantView>> done) override { done(tenant_dir_.list()); }
  void create_key(std::string tenant_id, std::string role, std::string name,
                  Callback<KeyView> done) override {
    caf::anon_send(tenants_, create_atom::value,
                   KeyCommand{std::move(tenant_id), std::move(role), std::move(name)},
                   std::move(done));
  }
  void list_keys(std::string tenant_id, Callback<std::vector<KeyView>> done) override {
    if (!tenant_dir_.get(tenant_id))
      return done(Error::make(Errc::not_found, "no tenant " + tenant_id));
    done(tenant_dir_.keys_of(tenant_id));
  }
  void revoke_key(std::string tenant_id, std::string key_id, Callback<KeyView> done) override {
    caf::anon_send(tenants_, delete_atom::value,
                   RevokeCommand{std::move(tenant_id), std::move(key_id)}, std::move(done));
  }

  // -- billing --

  void change_plan(PlanChange change, Callback<TenantView> done) override {
    caf::anon_send(tenants_, update_atom::value, std::move(change), std::move(done));
  }
  void billing(BillingQuery q, Callback<BillingView> done) override {
    auto tenant = tenant_dir_.get(q.tenant_id);
    if (!tenant) return done(Error::make(Errc::not_found, "no tenant " + q.tenant_id));
    if (q.month.empty())  // this month where the tenant is, by the engine's clock
      q.month = TimeZone::find_or_utc(tenant->time_zone)
                    .local(options_.clock ? options_.clock() : now_micros())
                    .month_key();
    queries_->billing(std::move(q), std::move(done));
  }

  // -- Twilio calls --

  void on_incoming_call(VoiceWebhook hook, Callback<std::string> done) override {
    caf::anon_send(calls_, voice_atom::value, std::move(hook), std::move(done));
  }
  void on_gather(GatherWebhook hook, Callback<std::string> done) override {
    caf::anon_send(calls_, gather_atom::value, std::move(hook), std::move(done));
  }
  void on_status(StatusWebhook hook, Callback<std::string> done) override {
    caf::anon_send(calls_, status_atom::value, std::move(hook), std::move(done));
  }
  // One sender (the socket's thread) and FIFO mailboxes: a socket's messages reach its call
  // in the order they were read.
  void on_stream_start(StreamStart s, Callback<StreamReply> done) override {
    caf::anon_send(calls_, stream_atom::value, std::move(s), decoded(std::move(done)));
  }
  void on_stream_dtmf(StreamDtmf d, Callback<StreamReply> done) override {
    caf::anon_send(calls_, stream_atom::value, std::move(d), decoded(std::move(done)));
  }
  void on_stream_utterance(StreamUtterance u, Callback<StreamReply> done) override {
    caf::anon_send(calls_, stream_atom::value, std::move(u), decoded(std::move(done)));
  }
  void on_stream_played(StreamPlayed p, Callback<std::string> done) override {
    caf::anon_send(calls_, stream_atom::value, std::move(p), std::move(done));
  }
  void on_stream_end(StreamEnd e, Callback<std::string> done) override {
    caf::anon_send(calls_, stream_atom::value, std::move(e), std::move(done));
  }
  void on_stream_ended(ConnectActionWebhook hook, Callback<std::string> done) override {
    caf::anon_send(calls_, stream_atom::value, std::move(hook), std::move(done));
  }
  // A stream call's assistant: the one named, or else the one answering `number`.
  auto stream_assistant(const std::string& assistant_id, const std::string& number) const {
    return assistant_id.empty() ? directory_.active_for_number(number)
                                : directory_.get(assistant_id);
  }
  StreamSpeech stream_speech(const std::string& assistant_id,
                             const std::string& number) const override {
    StreamSpeech speech = options_.speech;
    auto a = stream_assistant(assistant_id, number);
    if (!a) return speech;
    speech.end_silence_ms = a->profile.end_silence_ms;
    speech.barge_in_ms = a->profile.barge_in_ms;
    speech.interruptible = a->profile.interruptible;
    return speech;
  }
  std::shared_ptr<const speech::SpeechContext> stream_hints(
      const std::string& assistant_id, const std::string& number) const override {
    auto a = stream_assistant(assistant_id, number);
    if (!a || !options_.speech.phrases) return nullptr;
    // The id names the context's text too: an assistant whose facts changed gets a new model.
    const std::string id =
        a->id + "#" + std::to_string(std::hash<std::string>{}(a->profile.context_data));
    std::lock_guard lock(hints_mutex_);
    auto& kept = hints_[a->id];
    if (!kept || kept->id != id)
      kept = std::make_shared<const speech::SpeechContext>(speech::SpeechContext{
          id, a->profile.language.substr(0, 2), options_.speech.phrases(a->profile.context_data)});
    return kept;
  }

  // The call actor answers a stream's turn with its kept encoding (stream_reply.h).
  static Callback<std::string> decoded(Callback<StreamReply> done) {
    return [done = std::move(done)](Result<std::string> kept) {
      if (!kept) return done(kept.error());
      done(decode_stream_reply(*kept));
    };
  }

  // -- assistants --

  void create_assistant(Scope scope, AssistantProfile profile,
                        Callback<AssistantView> done) override {
    if (scope.all())
      return done(Error::invalid("tenant", "name the tenant that will own the assistant"));
    if (!tenant_dir_.get(scope.tenant_id))
      return done(Error::make(Errc::not_found, "no tenant " + scope.tenant_id));
    caf::anon_send(assistants_, create_atom::value, std::move(scope.tenant_id),
                   std::move(profile), std::move(done));
  }
  void update_assistant(Scope scope, AssistantUpdated patch,
                        Callback<AssistantView> done) override {
    if (!visible(scope, patch.assistant_id))
      return done(Error::make(Errc::not_found, "no assistant " + patch.assistant_id));
    caf::anon_send(assistants_, update_atom::value, std::move(patch), std::move(done));
  }
  void delete_assistant(Scope scope, std::string id, Callback<AssistantView> done) override {
    if (!visible(scope, id)) return done(Error::make(Errc::not_found, "no assistant " + id));
    caf::anon_send(assistants_, delete_atom::value, std::move(id), std::move(done));
  }
  void get_assistant(Scope scope, std::string id, Callback<AssistantView> done) override {
    auto v = directory_.get(id);
    if (!v || !scope.covers(v->tenant_id))
      return done(Error::make(Errc::not_found, "no assistant " + id));
    done(std::move(*v));
  }
  void list_assistants(Scope scope, Callback<std::vector<AssistantView>> done) override {
    done(directory_.list(scope));
  }

  // -- bookings --

  void create_booking(Scope scope, BookingConfirmed request,
                      Callback<BookingAttempt> done) override {
    bookings_->create(std::move(scope), std::move(request), std::move(done));
  }
  void cancel_booking(Scope scope, std::string booking_id, Callback<BookingView> done) override {
    bookings_->cancel(std::move(scope), std::move(booking_id), std::move(done));
  }
  void get_booking(Scope scope, std::string booking_id, Callback<BookingView> done) override {
    queries_->get_booking(std::move(scope), std::move(booking_id), std::move(done));
  }
  void list_bookings(Scope scope, BookingQuery q,
                     Callback<std::vector<BookingView>> done) override {
    q.tenant_id = scope.tenant_id;
    queries_->list_bookings(std::move(q), std::move(done));
  }

  // -- the log --

  void call_events(Scope scope, std::string call_sid,
                   Callback<std::vector<Envelope>> done) override {
    EventLog* log = log_.get();
    DataKeyStore* keys = keys_.get();
    bool posted = readers_.post([log, keys, scope, call_sid, done] {
      std::string stream = call_stream(call_sid);
      auto events = log->read_stream(stream);
      // Another tenant's call is "not found", exactly like a call that never was.
      if (events && (events->empty() || !scope.covers(events->front().tenant)))
        return done(Error::make(Errc::not_found, "no events for call " + call_sid));
      if (!events) return done(std::move(events).error());
      auto key = keys->get(stream);
      if (!key) return done(std::move(key).error());
      bool erased = false;
      for (const auto& e : *events) erased |= std::holds_alternative<CallErased>(e.data);
      for (auto& e : *events) {
        if (erased) erase_personal(e);  // CallErased is final, whatever a crash left behind
        else open_personal(e, *key);
      }
      done(std::move(events));
    });
    if (!posted) done(Error::make(Errc::unavailable, "the engine is shutting down"));
  }

  // -- read models --

  void list_calls(Scope scope, CallQuery q, std::string caller,
                  Callback<CallPage> done) override {
    q.tenant_id = scope.tenant_id;
    queries_->list_calls(std::move(q), std::move(caller), std::move(done));
  }
  void get_call(Scope scope, std::string call_sid, Callback<CallDetail> done) override {
    queries_->get_call(std::move(scope), std::move(call_sid), std::move(done));
  }
  void call_stats(Scope scope, StatsQuery q, Callback<StatsView> done) override {
    q.tenant_id = scope.tenant_id;
    queries_->stats(std::move(q), std::move(done));
  }
  std::string time_zone_of(const std::string& tenant_id) const override {
    auto t = tenant_dir_.get(tenant_id);
    return t ? t->time_zone : "UTC";
  }
  std::uint64_t projection_lag() const override { return projector_ ? projector_->lag() : 0; }
  std::uint64_t log_position() const override { return log_->last_position(); }

  // -- personal data --

  void erase_call(Scope scope, std::string call_sid, std::string reason,
                  Callback<ErasedCalls> done) override {
    caf::anon_send(eraser_, erase_atom::value,
                   EraseCommand{.scope = std::move(scope), .call_sid = std::move(call_sid),
                                .reason = std::move(reason)},
                   std::move(done));
  }
  void erase_caller(Scope scope, std::string number, Callback<ErasedCalls> done) override {
    caf::anon_send(eraser_, erase_atom::value,
                   EraseCommand{.scope = std::move(scope), .caller = std::move(number),
                                .reason = "caller-request"},
                   std::move(done));
  }
  void sweep_retention(Callback<ErasedCalls> done) override {
    caf::anon_send(eraser_, sweep_atom::value, std::move(done));
  }

  // -- lifecycle --

  std::size_t calls_in_progress() const override {
    return live_calls_.load(std::memory_order_relaxed);
  }

  std::string log_report() override {
    LogWriterStats st;
    caf::scoped_actor self{sys_};
    self->request(writer_, std::chrono::seconds(5), stats_atom::value)
        .receive([&](LogWriterStats s) { st = s; }, [](caf::error&) {});
    char buf[320];
    std::snprintf(buf, sizeof buf,
                  "%llu appends of %llu events in %llu batches (%.1f appends per batch, "
                  "%.0f us to write one), %llu WAL syncs (%.0f us each)",
                  (unsigned long long)st.requests, (unsigned long long)st.events,
                  (unsigned long long)st.batches,
                  st.batches ? double(st.requests) / st.batches : 0.0,
                  st.batches ? double(st.disk_micros) / st.batches : 0.0,
                  (unsigned long long)st.syncs,
                  st.syncs ? double(st.sync_micros) / st.syncs : 0.0);
    return buf;
  }

  void stop_accepting() override { caf::anon_send(calls_, accepting_atom::value, false); }

  void shutdown() override {
    std::call_once(shutdown_once_, [this] {
      if (nats_) nats_->stop();  // what it had not published goes out at the next start
      caf::anon_send_exit(calls_, caf::exit_reason::user_shutdown);
      caf::anon_send_exit(assistants_, caf::exit_reason::user_shutdown);
      caf::anon_send_exit(tenants_, caf::exit_reason::user_shutdown);
      caf::anon_send_exit(eraser_, caf::exit_reason::user_shutdown);
      caf::anon_send_exit(calendars_, caf::exit_reason::user_shutdown);
      // The log writer goes last: appends already queued still reach the disk.
      sys_.await_actors_before_shutdown(false);
      caf::scoped_actor waiter{sys_};
      waiter->wait_for(calls_, assistants_, tenants_, eraser_, calendars_);
      caf::anon_send_exit(writer_, caf::exit_reason::user_shutdown);
      waiter->wait_for(writer_);
      if (projector_) projector_->stop();
      readers_.stop();
      key_creator_.stop();
      erasing_.stop();
      disk_.stop();
      syncer_.stop();
    });
  }

 private:
  std::vector<RetentionPolicy> retention_policies() const {
    std::vector<RetentionPolicy> out;
    for (const auto& t : tenant_dir_.list())
      if (t.retention_days > 0) out.push_back({t.id, t.retention_days});
    return out;
  }

  bool visible(const Scope& scope, const std::string& assistant_id) const {
    auto v = directory_.get(assistant_id);
    return v && scope.covers(v->tenant_id);
  }

  // Embedded default mode: on an empty log, tenant "default" and its first owner key, made
  // through the same command as any tenant, and kept to be printed once (first_start()).
  Status create_default() {
    FirstStart fs;
    fs.tenant_id = "default";
    fs.twilio_auth_token = options_.default_twilio_auth_token;
    if (fs.twilio_auth_token.empty()) {
      fs.twilio_auth_token = SecretKey::random().hex().substr(0, 32);
      fs.generated_auth_token = true;
    }
    std::promise<Result<NewTenant>> made;
    create_tenant(TenantSpec{.id = "default", .name = "Default tenant",
                             .twilio_account_sid = options_.default_twilio_account_sid,
                             .twilio_auth_token = fs.twilio_auth_token},
                  [&made](Result<NewTenant> r) { made.set_value(std::move(r)); });
    auto r = made.get_future().get();
    if (!r) return std::move(r).error();
    fs.owner_key = r->owner_key.secret;
    first_start_ = std::move(fs);
    return {};
  }

  static std::unique_ptr<caf::actor_system_config> make_config(const EngineOptions& o) {
    auto cfg = std::make_unique<caf::actor_system_config>();
    if (o.actor_threads > 0) cfg->set("scheduler.max-threads", o.actor_threads);
    // An idle worker otherwise spends 500 rounds sleeping 50 us at a time before it waits on
    // its condition variable: ~20,000 wake-ups a second each, between bursts of webhooks.
    // Going to the condition variable at once (woken on the next job) gave ~10 % more calls/s
    // on the call benchmark (docs/BENCHMARKS.md).
    cfg->set("work-stealing.moderate-poll-attempts", std::size_t{1});
    return cfg;
  }

  EngineOptions options_;
  std::unique_ptr<EventLog> log_;
  std::unique_ptr<DataKeyStore> keys_;
  std::unique_ptr<ReadModelStore> read_store_;
  ReadModels models_;
  std::unique_ptr<Projector> projector_;
  std::unique_ptr<ReadModelQueries> queries_;
  std::unique_ptr<BookingCommands> bookings_;
  std::unique_ptr<NatsPublisher> nats_;  // reads log_: declared after it, destroyed before
  BlockingWorker disk_;
  BlockingWorker syncer_;
  BlockingWorker readers_;
  KeyCreator key_creator_;  // uses keys_: declared after it, stopped before it closes
  BlockingWorker erasing_{"webox-erase", 1};  // shreds compact: kept off the readers' pool
  std::unique_ptr<Brain> brain_;
  AssistantDirectory directory_;
  mutable std::mutex hints_mutex_;
  mutable std::unordered_map<std::string, std::shared_ptr<const speech::SpeechContext>> hints_;
  TenantDirectory tenant_dir_;
  QuotaTable quotas_;
  std::optional<FirstStart> first_start_;
  std::atomic<std::size_t> live_calls_{0};
  std::unique_ptr<caf::actor_system_config> cfg_;  // must outlive sys_
  caf::actor_system sys_;
  caf::actor writer_, assistants_, tenants_, calls_, eraser_, calendars_;
  std::once_flag shutdown_once_;
};

}  // namespace

Result<std::unique_ptr<Engine>> start_engine(EngineOptions options) {
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec)
    return Error{Errc::io, "cannot create data directory " + options.data_dir + ": " + ec.message(),
                 "data_dir"};
  auto log = EventLog::open((std::filesystem::path(options.data_dir) / "events").string());
  if (!log) return std::move(log).error();
  auto master = options.master_key_hex.empty()
                    ? load_or_create_master_key(
                          (std::filesystem::path(options.data_dir) / "master.key").string())
                    : SecretKey::from_hex(options.master_key_hex);
  if (!master) return std::move(master).error();
  auto keys = DataKeyStore::open((std::filesystem::path(options.data_dir) / "keys").string(),
                                 *master);
  if (!keys) return std::move(keys).error();
  auto read_store =
      ReadModelStore::open((std::filesystem::path(options.data_dir) / "readmodels").string());
  if (!read_store) return std::move(read_store).error();
  auto engine = std::make_unique<CafEngine>(std::move(options), std::move(*log),
                                            std::move(*keys), std::move(*read_store), *master);
  if (auto s = engine->load(); !s) return std::move(s).error();
  engine->start_nats();
  return std::unique_ptr<Engine>(std::move(engine));
}

}  // namespace webox
