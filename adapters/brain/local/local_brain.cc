// The "local" brain: the embedded dialogue engine behind the Brain interface (see brain.h and
// local/dialogue.h for the conversation itself).
//
//   auto brain = make_local_brain();
//   brain->name()                      -> "local"
//   auto conv = brain->start(call);    // reads call.profile.context_data once
//   conv->greet(); conv->hear("...", 0.9);
#include <memory>

#include "adapters/brain/brain.h"
#include "adapters/brain/local/dialogue.h"

namespace webox {
namespace {

class LocalConversation final : public Conversation {
 public:
  explicit LocalConversation(const CallContext& call) : dialogue_(call) {}
  Reply greet() override { return dialogue_.greet(); }
  Reply hear(std::string_view utterance, double /*confidence: see dialogue.h*/) override {
    return dialogue_.hear(utterance);
  }
  Reply result(const ToolResult& r) override { return dialogue_.result(r); }
  void cut_short(std::string_view heard) override { dialogue_.cut_short(heard); }

 private:
  brain::Dialogue dialogue_;
};

class LocalBrain final : public Brain {
 public:
  std::string_view name() const override { return "local"; }
  std::unique_ptr<Conversation> start(const CallContext& call) const override {
    return std::make_unique<LocalConversation>(call);
  }
};

}  // namespace

std::unique_ptr<Brain> make_local_brain() { return std::make_unique<LocalBrain>(); }

}  // namespace webox
