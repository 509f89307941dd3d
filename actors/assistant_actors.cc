#include "actors/assistant_actors.h"

#include <caf/all.hpp>

#include "actors/assistant_rules.h"
#include "actors/messages.h"

namespace webox {
namespace {

Envelope make_event(const AssistantView& v, EventData data) {
  Envelope e;
  e.stream = assistant_stream(v.id);
  e.tenant = v.tenant_id;
  e.event_id = Uuid::random();
  e.recorded_at = now_micros();
  e.data = std::move(data);
  return e;
}

// -- one assistant --

struct AssistantState {
  AssistantView view;  // view.version == 0: not created yet
  static inline const char* name = "assistant";
};
using AssistantActor = caf::stateful_actor<AssistantState>;

// Appends `event`; on success folds it into the view and the directory and answers.
void commit(AssistantActor* self, caf::actor writer, AssistantDirectory* dir, Envelope event,
            std::int64_t expected, caf::response_promise rp) {
  AppendRequest req{event.stream, expected, {std::move(event)}};
  self->request(writer, caf::infinite, append_atom::value, std::move(req))
      .await([=](AppendOutcome& out) mutable {
        if (!out.result) {
          rp.deliver(AssistantOutcome{std::move(out.result).error()});
          return;
        }
        const Envelope& stored = out.result->events.front();
        apply_assistant_event(self->state.view, stored);
        dir->apply(stored);
        rp.deliver(AssistantOutcome{self->state.view});
        if (std::holds_alternative<AssistantDeleted>(stored.data)) self->quit();
      });
}

caf::behavior assistant_actor(AssistantActor* self, AssistantView initial, caf::actor writer,
                              AssistantDirectory* dir) {
  self->state.view = std::move(initial);
  return {
      [=](create_atom, AssistantProfile& p) -> caf::response_promise {
        auto rp = self->make_response_promise();
        if (auto s = validate_profile(p); !s) {
          rp.deliver(AssistantOutcome{s.error()});
          return rp;
        }
        const auto& v = self->state.view;
        commit(self, writer, dir, make_event(v, AssistantCreated{v.id, std::move(p)}), kNoStream,
               rp);
        return rp;
      },
      [=](update_atom, AssistantUpdated& patch) -> caf::response_promise {
        auto rp = self->make_response_promise();
        if (auto s = validate_patch(patch); !s) {
          rp.deliver(AssistantOutcome{s.error()});
          return rp;
        }
        auto& v = self->state.view;
        commit(self, writer, dir, make_event(v, std::move(patch)), std::int64_t(v.version), rp);
        return rp;
      },
      [=](delete_atom) -> caf::response_promise {
        auto rp = self->make_response_promise();
        auto& v = self->state.view;
        commit(self, writer, dir, make_event(v, AssistantDeleted{v.id}), std::int64_t(v.version), rp);
        return rp;
      },
  };
}

// -- the registry --

struct RegistryState {
  std::unordered_map<std::string, caf::actor> actors;
  static inline const char* name = "assistant-registry";
};
using Registry = caf::stateful_actor<RegistryState>;

caf::actor actor_for(Registry* self, const AssistantView& view, caf::actor writer,
                     AssistantDirectory* dir) {
  auto& slot = self->state.actors[view.id];
  if (!slot) slot = self->spawn<caf::linked>(assistant_actor, view, writer, dir);
  return slot;
}

// A number may serve one active assistant: true when another active one already has it.
bool number_taken(const AssistantDirectory& dir, const std::string& phone, bool active,
                  const std::string& self_id) {
  if (!active) return false;
  auto other = dir.active_for_number(phone);
  return other && other->id != self_id;
}

Error number_conflict(const std::string& phone) {
  return Error{Errc::conflict, "another active assistant already answers " + phone,
               "phone_number"};
}

// Which outcome retires the assistant's actor: a deletion that succeeded, or a creation that
// failed (the assistant never existed).
enum class Forget { never, on_success, on_failure };

template <class... Ts>
void forward(Registry* self, caf::actor target, Callback<AssistantView> done, std::string id,
             Forget forget, Ts&&... msg) {
  self->request(target, caf::infinite, std::forward<Ts>(msg)...)
      .await(
          [=](AssistantOutcome& out) {
            bool retire = (forget == Forget::on_success && out.result.ok()) ||
                          (forget == Forget::on_failure && !out.result.ok());
            if (retire) {
              self->state.actors.erase(id);
              if (forget == Forget::on_failure) self->send_exit(target, caf::exit_reason::normal);
            }
            done(std::move(out.result));
          },
          [=](caf::error& err) {
            done(Error::make(Errc::internal, "assistant actor failed: " + to_string(err)));
          });
}

caf::behavior assistant_registry(Registry* self, caf::actor writer, AssistantDirectory* dir) {
  return {
      [=](create_atom, std::string& tenant, AssistantProfile& p, Callback<AssistantView>& done) {
        if (number_taken(*dir, p.phone_number, p.is_active, "")) {
          done(number_conflict(p.phone_number));
          return;
        }
        AssistantView fresh;
        fresh.id = Uuid::random().str();
        fresh.tenant_id = std::move(tenant);
        auto target = actor_for(self, fresh, writer, dir);
        forward(self, target, done, fresh.id, Forget::on_failure, create_atom::value, std::move(p));
      },
      [=](update_atom, AssistantUpdated& patch, Callback<AssistantView>& done) {
        auto current = dir->get(patch.assistant_id);
        if (!current) {
          done(Error::make(Errc::not_found, "no assistant " + patch.assistant_id));
          return;
        }
        auto next = apply_patch(current->profile, patch);
        if (number_taken(*dir, next.phone_number, next.is_active, current->id)) {
          done(number_conflict(next.phone_number));
          return;
        }
        auto target = actor_for(self, *current, writer, dir);
        forward(self, target, done, current->id, Forget::never, update_atom::value,
                std::move(patch));
      },
      [=](delete_atom, std::string& id, Callback<AssistantView>& done) {
        auto current = dir->get(id);
        if (!current) {
          done(Error::make(Errc::not_found, "no assistant " + id));
          return;
        }
        auto target = actor_for(self, *current, writer, dir);
        forward(self, target, done, id, Forget::on_success, delete_atom::value);
      },
  };
}

}  // namespace

caf::actor spawn_assistant_registry(caf::actor_system& sys, caf::actor log_writer,
                                    AssistantDirectory& directory) {
  return sys.spawn(assistant_registry, std::move(log_writer), &directory);
}

}  // namespace webox
