// Assistant commands: a registry actor that serialises them, one actor per assistant that
// validates a command, writes its event and keeps the assistant's state.
//
//   caf::actor reg = spawn_assistant_registry(sys, log_writer, directory);
//   caf::anon_send(reg, create_atom::value, tenant_id, profile, Callback<AssistantView>{...});
//   caf::anon_send(reg, update_atom::value, AssistantUpdated{.assistant_id = id, .name = "x"}, cb);
//   caf::anon_send(reg, delete_atom::value, id, cb);
//
// Why a registry: "one active assistant per phone number" spans assistants, so the check and
// the write must not interleave with another command. The registry handles one command at a
// time (await), which is cheap because assistant commands are rare; reads never go through it
// (they use the AssistantDirectory). Answers are given after the event is durable and the
// directory shows it.
#pragma once

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>

#include "actors/assistant_directory.h"

namespace webox {

caf::actor spawn_assistant_registry(caf::actor_system& sys, caf::actor log_writer,
                                    AssistantDirectory& directory);

}  // namespace webox
