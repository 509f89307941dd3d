#include "actors/assistant_directory.h"

#include <algorithm>

#include "actors/assistant_rules.h"

namespace webox {

void apply_assistant_event(AssistantView& view, const Envelope& e) {
  view.version = e.version;
  view.updated_at = e.recorded_at;
  if (auto* c = std::get_if<AssistantCreated>(&e.data)) {
    view.id = c->assistant_id;
    view.tenant_id = e.tenant;
    view.profile = c->profile;
    view.created_at = e.recorded_at;
  } else if (auto* u = std::get_if<AssistantUpdated>(&e.data)) {
    view.profile = apply_patch(std::move(view.profile), *u);
  }
}

AssistantDirectory::AssistantDirectory() { snap_.store(std::make_shared<const Snapshot>()); }

std::optional<AssistantView> AssistantDirectory::get(const std::string& id) const {
  auto s = snapshot();
  auto it = s->by_id.find(id);
  if (it == s->by_id.end()) return std::nullopt;
  return it->second;
}

std::optional<AssistantView> AssistantDirectory::active_for_number(const std::string& phone) const {
  auto s = snapshot();
  auto it = s->active_by_number.find(phone);
  if (it == s->active_by_number.end()) return std::nullopt;
  return s->by_id.at(it->second);
}

std::optional<std::string> AssistantDirectory::tenant_for_number(const std::string& phone) const {
  auto s = snapshot();
  if (auto it = s->active_by_number.find(phone); it != s->active_by_number.end())
    return s->by_id.at(it->second).tenant_id;
  const AssistantView* last = nullptr;  // rare path (calls to inactive numbers): a scan
  for (auto& [id, v] : s->by_id)
    if (v.profile.phone_number == phone && (!last || v.updated_at > last->updated_at)) last = &v;
  if (!last) return std::nullopt;
  return last->tenant_id;
}

std::vector<AssistantView> AssistantDirectory::list(const Scope& scope) const {
  auto s = snapshot();
  std::vector<AssistantView> out;
  out.reserve(s->by_id.size());
  for (auto& [id, v] : s->by_id)
    if (scope.covers(v.tenant_id)) out.push_back(v);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.created_at != b.created_at ? a.created_at < b.created_at : a.id < b.id;
  });
  return out;
}

namespace {

const std::string* assistant_id_of(const Envelope& e) {
  if (auto* c = std::get_if<AssistantCreated>(&e.data)) return &c->assistant_id;
  if (auto* u = std::get_if<AssistantUpdated>(&e.data)) return &u->assistant_id;
  if (auto* d = std::get_if<AssistantDeleted>(&e.data)) return &d->assistant_id;
  return nullptr;
}

}  // namespace

bool AssistantDirectory::concerns(const Envelope& e) { return assistant_id_of(e) != nullptr; }

void AssistantDirectory::fold(Snapshot& into, const Envelope& e) {
  const std::string* idp = assistant_id_of(e);
  if (!idp) return;
  const std::string& id = *idp;
  auto old = into.by_id.find(id);
  if (old != into.by_id.end()) {
    auto n = into.active_by_number.find(old->second.profile.phone_number);
    if (n != into.active_by_number.end() && n->second == id) into.active_by_number.erase(n);
  }
  if (std::holds_alternative<AssistantDeleted>(e.data)) {
    into.by_id.erase(id);
  } else {
    auto& view = into.by_id[id];
    apply_assistant_event(view, e);
    if (view.profile.is_active) into.active_by_number[view.profile.phone_number] = id;
  }
}

void AssistantDirectory::apply(const Envelope& e) {
  if (!concerns(e)) return;
  auto next = std::make_shared<Snapshot>(*snapshot());
  fold(*next, e);
  snap_.store(std::move(next));
}

}  // namespace webox
