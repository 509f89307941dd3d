// Every assistant as of the last committed event, shared by the actors and the HTTP threads.
//
//   AssistantDirectory dir;
//   dir.apply(envelope);                          // fold Assistant* events (startup, commands)
//   auto a = dir.active_for_number("+33123456789");  // std::optional<AssistantView>
//   auto all = dir.list();                        // oldest first
//
// Readers take an immutable snapshot (one atomic load), writers copy-on-write: assistant
// commands are rare and every incoming call reads it. Only the assistant actors write, after
// their events are durable, so a read made after a command's answer sees the command.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/engine.h"
#include "events/envelope.h"

namespace webox {

class AssistantDirectory {
 public:
  struct Snapshot {
    std::unordered_map<std::string, AssistantView> by_id;
    std::unordered_map<std::string, std::string> active_by_number;  // phone -> id
  };

  AssistantDirectory();

  // -- observers --
  std::shared_ptr<const Snapshot> snapshot() const { return snap_.load(); }
  std::optional<AssistantView> get(const std::string& id) const;
  std::optional<AssistantView> active_for_number(const std::string& phone) const;
  // The tenant that answers `phone`: its active assistant's, else that of the assistant last
  // changed with this number (an inactive number still belongs to someone: its webhooks are
  // checked with that tenant's credentials and answered with <Reject/>).
  std::optional<std::string> tenant_for_number(const std::string& phone) const;
  std::vector<AssistantView> list(const Scope& scope = {}) const;  // oldest first

  // -- modifiers --
  static bool concerns(const Envelope& e);  // Assistant* events
  void apply(const Envelope& e);            // ignores events that are not Assistant*
  static void fold(Snapshot& into, const Envelope& e);  // for a startup load built aside
  void publish(std::shared_ptr<const Snapshot> s) { snap_.store(std::move(s)); }

 private:
  std::atomic<std::shared_ptr<const Snapshot>> snap_;
};

// Folds one Assistant* event into a view; pure, shared with the assistant actor.
void apply_assistant_event(AssistantView& view, const Envelope& e);

}  // namespace webox
