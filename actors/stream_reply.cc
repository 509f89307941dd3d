#include "actors/stream_reply.h"

#include <charconv>

namespace webox {

namespace {

constexpr char kSep = '\x1f';

// The next field up to the separator; false when there is none.
bool take(std::string_view& rest, std::string_view& field) {
  auto at = rest.find(kSep);
  if (at == std::string_view::npos) return false;
  field = rest.substr(0, at);
  rest.remove_prefix(at + 1);
  return true;
}

template <class Int>
bool number(std::string_view s, Int& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

std::string encode_stream_reply(const StreamReply& r) {
  std::string s = std::to_string(r.turn);
  for (const std::string& f : {r.action, r.language, std::to_string(r.brain_micros), r.text}) {
    s += kSep;
    s += f;
  }
  return s;
}

Result<StreamReply> decode_stream_reply(std::string_view kept) {
  StreamReply r;
  std::string_view turn, action, language, brain;
  if (!take(kept, turn) || !take(kept, action) || !take(kept, language) || !take(kept, brain) ||
      !number(turn, r.turn) || !number(brain, r.brain_micros))
    return Error::make(Errc::internal, "not a kept stream reply");
  r.action = std::string(action);
  r.language = std::string(language);
  r.text = std::string(kept);
  return r;
}

}  // namespace webox
