// The messages actors exchange. Payloads are plain structs that never leave the process, so they
// are allowed as "unsafe" (unserialisable) CAF message types instead of being given inspectors.
//
//   self->request(log_writer, caf::infinite, append_atom::value, AppendRequest{...})
//       .await([](AppendOutcome& out) { ... });
//   caf::anon_send(call_registry, gather_atom::value, GatherWebhook{...}, Callback<std::string>{...});
#pragma once

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>

#include <memory>
#include <optional>
#include <vector>

#include "actors/engine.h"
#include "actors/log_writer.h"
#include "storage/event_log.h"
#include "storage/sealed_box.h"

namespace webox {

// -- atoms (10 characters at most) --
using append_atom = caf::atom_constant<caf::atom("append")>;
using synced_atom = caf::atom_constant<caf::atom("synced")>;
using written_atom = caf::atom_constant<caf::atom("written")>;
using voice_atom = caf::atom_constant<caf::atom("voice")>;
using gather_atom = caf::atom_constant<caf::atom("gather")>;
using status_atom = caf::atom_constant<caf::atom("status")>;
using loaded_atom = caf::atom_constant<caf::atom("loaded")>;
using idle_atom = caf::atom_constant<caf::atom("idle")>;
using retire_atom = caf::atom_constant<caf::atom("retire")>;
using create_atom = caf::atom_constant<caf::atom("create")>;
using update_atom = caf::atom_constant<caf::atom("update")>;
using delete_atom = caf::atom_constant<caf::atom("delete")>;
using stats_atom = caf::atom_constant<caf::atom("stats")>;
using accepting_atom = caf::atom_constant<caf::atom("accepting")>;
using key_atom = caf::atom_constant<caf::atom("key")>;
using erase_atom = caf::atom_constant<caf::atom("erase")>;
using resolved_atom = caf::atom_constant<caf::atom("resolved")>;
using sweep_atom = caf::atom_constant<caf::atom("sweep")>;
using book_atom = caf::atom_constant<caf::atom("book")>;
using cancel_atom = caf::atom_constant<caf::atom("cancel")>;
using booked_atom = caf::atom_constant<caf::atom("booked")>;
using found_atom = caf::atom_constant<caf::atom("found")>;
using cancelled_atom = caf::atom_constant<caf::atom("cancelled")>;
using stream_atom = caf::atom_constant<caf::atom("stream")>;  // Media Streams: start, dtmf, end

// -- payloads --

// What the log writer answers to an append.
struct AppendOutcome {
  Result<AppendResult> result = Error::make(Errc::internal, "no result");
};

// A batch the disk thread wrote, back to the log writer.
struct WrittenBatch {
  std::shared_ptr<std::vector<Result<AppendResult>>> results;
  std::int64_t micros = 0;  // how long the disk thread took
};

// A WAL sync done, back to the log writer: error is empty on success.
struct SyncedLog {
  std::string error;
  std::int64_t micros = 0;
};

// A call's stream, as read when its actor starts, personal fields opened with `key`.
struct LoadedStream {
  Result<std::vector<Envelope>> events = std::vector<Envelope>{};
  std::optional<SecretKey> key;  // none: the call was erased (or never started)
};

// A new call's data key, back from the key store.
struct LoadedKey {
  Result<SecretKey> key = Error::make(Errc::internal, "no key");
};

// An erasure: which calls, on whose behalf, why (actors/erasure.h).
struct EraseCommand {
  Scope scope;
  std::optional<std::string> call_sid;  // one call...
  std::optional<std::string> caller;    // ...or every call of this caller in scope
  std::string reason;                   // "api", "caller-request", "retention"
};

// What an erasure job resolved and shredded, back to the eraser, which records CallErased.
struct ErasureTarget {
  std::string call_sid, tenant;
  bool already_erased = false;
};
struct ResolvedErasure {
  Result<std::vector<ErasureTarget>> targets = Error::make(Errc::internal, "no result");
  std::string reason;
};

// API-key commands for the tenant registry (actors/tenant_actors.h).
struct KeyCommand {
  std::string tenant_id, role, name;
};
struct RevokeCommand {
  std::string tenant_id, key_id;
};

// An assistant command's answer.
struct AssistantOutcome {
  Result<AssistantView> result = Error::make(Errc::internal, "no result");
};

}  // namespace webox

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::AppendRequest)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::LogWriterStats)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::AppendOutcome)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::WrittenBatch)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::SyncedLog)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::LoadedStream)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::LoadedKey)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::EraseCommand)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::ResolvedErasure)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::Callback<webox::ErasedCalls>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::AssistantOutcome)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::VoiceWebhook)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::GatherWebhook)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::ConnectActionWebhook)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::StatusWebhook)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::StreamStart)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::StreamDtmf)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::StreamEnd)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::StreamUtterance)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::StreamPlayed)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::AssistantProfile)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::AssistantUpdated)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::AssistantView)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::Callback<std::string>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::Callback<webox::AssistantView>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::TenantSpec)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::TenantPatch)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::PlanChange)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::KeyCommand)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::RevokeCommand)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::Callback<webox::NewTenant>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::Callback<webox::TenantView>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(webox::Callback<webox::KeyView>)
