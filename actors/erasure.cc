#include "actors/erasure.h"

#include <caf/all.hpp>

#include "actors/messages.h"

namespace webox {
namespace {

struct EraserState {
  EraserDeps deps;
  static inline const char* name = "eraser";
};
using Eraser = caf::stateful_actor<EraserState>;

constexpr std::string_view kCallPrefix = "call-";

// Steps 1 and 2, on the worker. `strict`: a call outside the scope is an error (one CallSid
// asked by name), else it is skipped (index entries and keys of calls that never got an event).
Result<std::vector<ErasureTarget>> resolve_and_shred(const EventLog& log, DataKeyStore& keys,
                                                     const Scope& scope,
                                                     const std::vector<std::string>& sids,
                                                     bool strict) {
  std::vector<ErasureTarget> targets;
  std::vector<std::string> streams;
  for (const auto& sid : sids) {
    auto events = log.read_stream(call_stream(sid));
    if (!events) return std::move(events).error();
    if (events->empty() || !scope.covers(events->front().tenant)) {
      if (strict) return Error::make(Errc::not_found, "no call " + sid);
      if (events->empty()) streams.push_back(call_stream(sid));  // an orphan key: shred it too
      continue;
    }
    bool erased = false;
    for (const auto& e : *events) erased |= std::holds_alternative<CallErased>(e.data);
    targets.push_back({sid, events->front().tenant, erased});
    streams.push_back(call_stream(sid));
  }
  if (auto s = keys.shred(streams); !s) return std::move(s).error();
  return targets;
}

std::vector<std::string> sids_of(const std::vector<std::string>& streams) {
  std::vector<std::string> out;
  for (const auto& s : streams)
    if (s.starts_with(kCallPrefix)) out.push_back(s.substr(kCallPrefix.size()));
  return out;
}

Result<std::vector<ErasureTarget>> run_command(const EventLog& log, DataKeyStore& keys,
                                               const EraseCommand& c) {
  if (c.call_sid) return resolve_and_shred(log, keys, c.scope, {*c.call_sid}, true);
  if (c.scope.all())
    return Error::invalid("tenant", "name the tenant whose caller is erased (X-Webox-Tenant)");
  auto streams = keys.streams_of_caller(c.scope.tenant_id, c.caller.value_or(""));
  if (!streams) return std::move(streams).error();
  return resolve_and_shred(log, keys, c.scope, sids_of(*streams), false);
}

Result<std::vector<ErasureTarget>> run_sweep(const EventLog& log, DataKeyStore& keys,
                                             const std::vector<RetentionPolicy>& policies,
                                             Micros now, Micros day) {
  std::vector<ErasureTarget> all;
  for (const auto& p : policies) {
    auto old = keys.created_before(p.tenant_id, now - Micros(p.days) * day);
    if (!old) return std::move(old).error();
    std::vector<std::string> streams;
    for (auto& k : *old) streams.push_back(std::move(k.stream));
    auto t = resolve_and_shred(log, keys, Scope{p.tenant_id}, sids_of(streams), false);
    if (!t) return t;
    all.insert(all.end(), t->begin(), t->end());
  }
  return all;
}

// Steps 3 to 5.
void record(Eraser* self, std::vector<ErasureTarget> targets, std::string reason,
            Callback<ErasedCalls> done) {
  auto& st = self->state;
  struct Pending {
    std::size_t left = 0;
    ErasedCalls result;
    std::optional<Error> error;
    Callback<ErasedCalls> done;
    void finish() {
      if (--left > 0) return;
      if (!done) return;
      if (error) done(*error);
      else done(std::move(result));
    }
  };
  auto pending = std::make_shared<Pending>();
  pending->done = std::move(done);
  pending->left = 1;  // released below, once every append is asked
  for (auto& t : targets) {
    pending->result.call_sids.push_back(t.call_sid);
    if (t.already_erased) continue;
    self->send(st.deps.calls, erase_atom::value, t.call_sid);
    Envelope e;
    e.stream = call_stream(t.call_sid);
    e.tenant = t.tenant;
    e.event_id = Uuid::from_name(kCallEventNamespace, t.call_sid + "|erased");
    e.recorded_at = st.deps.now();
    e.data = CallErased{.call_sid = t.call_sid, .reason = reason, .erased_at = e.recorded_at};
    AppendRequest req{e.stream, kAnyVersion, {std::move(e)}};
    ++pending->left;
    self->request(st.deps.log_writer, caf::infinite, append_atom::value, std::move(req))
        .then(
            [pending](AppendOutcome& out) {
              if (!out.result && !pending->error) pending->error = out.result.error();
              pending->finish();
            },
            [pending](caf::error& err) {
              if (!pending->error)
                pending->error = Error::make(Errc::internal, "log writer failed: " + to_string(err));
              pending->finish();
            });
  }
  pending->finish();
}

void post(Eraser* self, std::function<ResolvedErasure()> job, Callback<ErasedCalls> done) {
  caf::actor me = caf::actor_cast<caf::actor>(self);
  bool posted = self->state.deps.worker->post([me, job = std::move(job), done] {
    caf::anon_send(me, resolved_atom::value, job(), done);
  });
  if (!posted && done) done(Error::make(Errc::unavailable, "the engine is shutting down"));
}

caf::behavior eraser(Eraser* self, EraserDeps deps) {
  self->state.deps = std::move(deps);
  if (self->state.deps.sweep_interval > 0)
    self->delayed_send(self, std::chrono::microseconds(self->state.deps.sweep_interval),
                       sweep_atom::value);
  return {
      [=](erase_atom, EraseCommand& c, Callback<ErasedCalls>& done) {
        const EventLog* log = self->state.deps.log;
        DataKeyStore* keys = self->state.deps.keys;
        post(self, [log, keys, c] { return ResolvedErasure{run_command(*log, *keys, c), c.reason}; },
             std::move(done));
      },
      [=](sweep_atom, Callback<ErasedCalls>& done) {
        auto& d = self->state.deps;
        const EventLog* log = d.log;
        DataKeyStore* keys = d.keys;
        auto policies = d.retention ? d.retention() : std::vector<RetentionPolicy>{};
        Micros now = d.now(), day = d.day;
        post(self, [=] {
          return ResolvedErasure{run_sweep(*log, *keys, policies, now, day), "retention"};
        }, std::move(done));
      },
      [=](sweep_atom) {  // the periodic tick
        self->send(self, sweep_atom::value, Callback<ErasedCalls>{});
        self->delayed_send(self, std::chrono::microseconds(self->state.deps.sweep_interval),
                           sweep_atom::value);
      },
      [=](resolved_atom, ResolvedErasure& r, Callback<ErasedCalls>& done) {
        if (!r.targets) {
          if (done) done(r.targets.error());
          return;
        }
        record(self, std::move(*r.targets), std::move(r.reason), std::move(done));
      },
  };
}

}  // namespace

caf::actor spawn_eraser(caf::actor_system& sys, EraserDeps deps) {
  return sys.spawn(eraser, std::move(deps));
}

}  // namespace webox
