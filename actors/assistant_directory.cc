#include "actors/assistant_directory.h"

#include <algorithm>

#include "actors/assistant_rules.h"

namespace webox {

void apply_assistant_event(AssistantView& view, const Envelope& e) {
  view.version = e.version;
  view.updated_at = e.recorded_at;
  if (auto* c = std::get_if<AssistantCreated>(&e.data)) {
    view.id = c->assistant_id;
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

std::vector<AssistantView> AssistantDirectory::list() const {
  auto s = snapshot();
  std::vector<AssistantView> out;
  out.reserve(s->by_id.size());
  for (auto& [id, v] : s->by_id) out.push_back(v);
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

void fold(AssistantDirectory::Snapshot* next, const std::string& id, const Envelope& e) {
  auto old = next->by_id.find(id);
  if (old != next->by_id.end()) {
    auto n = next->active_by_number.find(old->second.profile.phone_number);
    if (n != next->active_by_number.end() && n->second == id) next->active_by_number.erase(n);
  }
  if (std::holds_alternative<AssistantDeleted>(e.data)) {
    next->by_id.erase(id);
  } else {
    auto& view = next->by_id[id];
    apply_assistant_event(view, e);
    if (view.profile.is_active) next->active_by_number[view.profile.phone_number] = id;
  }
}

}  // namespace

void AssistantDirectory::apply(const Envelope& e) {
  const std::string* id = assistant_id_of(e);
  if (!id) return;
  auto next = std::make_shared<Snapshot>(*snapshot());
  fold(next.get(), *id, e);
  snap_.store(std::move(next));
}

Result<std::uint64_t> AssistantDirectory::load(const EventLog& log) {
  // One pass over the log at startup; the read-model issue replaces it with a checkpointed
  // projection. Built off to the side, then published in one store.
  auto scratch = std::make_shared<Snapshot>();
  std::uint64_t from = 1, count = 0;
  for (;;) {
    auto page = log.read_all(from, 4096);
    if (!page) return std::move(page).error();
    if (page->empty()) break;
    for (auto& e : *page)
      if (const std::string* id = assistant_id_of(e)) fold(scratch.get(), *id, e);
    count += page->size();
    from = page->back().position + 1;
  }
  snap_.store(std::move(scratch));
  return count;
}

}  // namespace webox
