// The frame reader: simdjson's DOM (the whole frame is validated, unlike on-demand which only
// checks what it visits) with one parser and one padded copy per reader, so a media frame
// costs a memcpy, a parse into buffers already grown, and a base64 decode into a reused vector.
#include "adapters/twilio/media_stream_in.h"

#include <simdjson.h>

#include <array>
#include <charconv>
#include <cstring>

#include "adapters/twilio/base64.h"

namespace webox::twilio::media_stream {
namespace {

namespace dom = simdjson::dom;

// A JSON path, turned into text only when an error names it.
struct Path {
  std::string_view parent;  // empty at the top level
  std::string_view key;
  std::string str() const {
    std::string s(parent);
    if (!s.empty()) s += '.';
    s += key;
    return s;
  }
};

Error invalid(Path p, std::string message) { return Error::invalid(p.str(), std::move(message)); }

// The members of one object whose keys are in `names`, each at most once.
template <std::size_t N>
struct Members {
  const std::array<std::string_view, N>& names;
  std::array<dom::element, N> value{};
  std::array<bool, N> present{};

  Status read(dom::object obj, std::string_view parent) {
    for (dom::key_value_pair kv : obj) {
      for (std::size_t i = 0; i < N; ++i) {
        if (kv.key != names[i]) continue;
        if (present[i]) return invalid({parent, names[i]}, "given twice");
        present[i] = true;
        value[i] = kv.value;
        break;
      }
    }
    return {};
  }
};

Result<dom::object> object_at(const dom::element* e, Path p) {
  if (!e) return invalid(p, "missing");
  dom::object obj;
  if (e->get_object().get(obj)) return invalid(p, "an object expected");
  return obj;
}

Result<std::string_view> string_at(const dom::element* e, Path p) {
  if (!e) return invalid(p, "missing");
  std::string_view s;
  if (e->get_string().get(s)) return invalid(p, "a string expected");
  return s;
}

// Present or not; when present, a string.
Result<std::string_view> optional_string(const dom::element* e, Path p) {
  if (!e) return std::string_view{};
  return string_at(e, p);
}

// Twilio writes its counters as JSON strings of decimal digits.
Result<std::uint64_t> counter_at(const dom::element* e, Path p) {
  auto s = string_at(e, p);
  if (!s) return std::move(s).error();
  std::uint64_t v = 0;
  const char* end = s->data() + s->size();
  // from_chars takes no sign for unsigned types; 19 digits cannot overflow 64 bits.
  if (s->empty() || s->size() > 19 || std::from_chars(s->data(), end, v).ptr != end) {
    return invalid(p, "a string of 1 to 19 decimal digits expected");
  }
  return v;
}

bool is_sid(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return false;
  }
  return true;
}

Result<std::string_view> sid_at(const dom::element* e, Path p) {
  auto s = string_at(e, p);
  if (s && !is_sid(*s)) return invalid(p, "not a Twilio SID (1 to 64 letters and digits)");
  return s;
}

const dom::element* at(const auto& m, std::size_t i) {
  return m.present[i] ? &m.value[i] : nullptr;
}

// -- the top level --
constexpr std::array<std::string_view, 10> kTop = {
    "event", "sequenceNumber", "streamSid", "start", "media", "dtmf", "mark", "stop",
    "protocol", "version"};
enum Top : std::size_t {
  kEvent, kSeq, kSid, kStart, kMedia, kDtmf, kMark, kStop, kProtocol, kVersion
};
using TopMembers = Members<kTop.size()>;

// What every event but `connected` carries.
struct Common {
  std::uint64_t seq = 0;
  std::string_view sid;
};
Result<Common> common(const TopMembers& top) {
  auto seq = counter_at(at(top, kSeq), {{}, "sequenceNumber"});
  if (!seq) return std::move(seq).error();
  auto sid = sid_at(at(top, kSid), {{}, "streamSid"});
  if (!sid) return std::move(sid).error();
  return Common{*seq, *sid};
}

Result<Inbound> read_connected(const TopMembers& top) {
  auto protocol = optional_string(at(top, kProtocol), {{}, "protocol"});
  if (!protocol) return std::move(protocol).error();
  auto version = optional_string(at(top, kVersion), {{}, "version"});
  if (!version) return std::move(version).error();
  return Inbound{Connected{*protocol, *version}};
}

Status read_media_format(const dom::element* e) {
  static constexpr std::array<std::string_view, 3> kNames = {"encoding", "sampleRate", "channels"};
  constexpr std::string_view kPath = "start.mediaFormat";
  auto obj = object_at(e, {"start", "mediaFormat"});
  if (!obj) return std::move(obj).error();
  Members<3> m{kNames};
  if (auto st = m.read(*obj, kPath); !st) return st;
  auto encoding = string_at(at(m, 0), {kPath, "encoding"});
  if (!encoding) return std::move(encoding).error();
  if (*encoding != "audio/x-mulaw") return invalid({kPath, "encoding"}, "audio/x-mulaw expected");
  const std::pair<std::size_t, std::uint64_t> expected[] = {{1, 8000}, {2, 1}};
  for (const auto& [i, want] : expected) {
    std::uint64_t v = 0;
    const Path p{kPath, kNames[i]};
    if (!m.present[i]) return invalid(p, "missing");
    if (m.value[i].get_uint64().get(v) || v != want) {
      return invalid(p, std::to_string(want) + " expected");
    }
  }
  return {};
}

Result<Inbound> read_start(const TopMembers& top) {
  auto c = common(top);
  if (!c) return std::move(c).error();
  auto obj = object_at(at(top, kStart), {{}, "start"});
  if (!obj) return std::move(obj).error();
  static constexpr std::array<std::string_view, 6> kNames = {
      "accountSid", "callSid", "streamSid", "tracks", "mediaFormat", "customParameters"};
  Members<6> m{kNames};
  if (auto st = m.read(*obj, "start"); !st) return std::move(st).error();

  Start s;
  s.sequence_number = c->seq;
  s.stream_sid = c->sid;
  auto account = sid_at(at(m, 0), {"start", "accountSid"});
  if (!account) return std::move(account).error();
  s.account_sid = *account;
  auto call = sid_at(at(m, 1), {"start", "callSid"});
  if (!call) return std::move(call).error();
  s.call_sid = *call;
  if (m.present[2]) {
    auto inner = string_at(at(m, 2), {"start", "streamSid"});
    if (!inner) return std::move(inner).error();
    if (*inner != c->sid) return invalid({"start", "streamSid"}, "differs from streamSid");
  }

  if (!m.present[3]) return invalid({"start", "tracks"}, "missing");
  dom::array tracks;
  if (m.value[3].get_array().get(tracks)) return invalid({"start", "tracks"}, "an array expected");
  for (dom::element t : tracks) {
    std::string_view name;
    if (t.get_string().get(name) || (name != "inbound" && name != "outbound")) {
      return invalid({"start", "tracks"}, "\"inbound\" or \"outbound\" expected in the array");
    }
    (name == "inbound" ? s.inbound_track : s.outbound_track) = true;
  }
  if (!s.inbound_track && !s.outbound_track) return invalid({"start", "tracks"}, "empty");

  if (auto st = read_media_format(at(m, 4)); !st) return std::move(st).error();

  if (m.present[5]) {
    dom::object params;
    if (m.value[5].get_object().get(params)) {
      return invalid({"start", "customParameters"}, "an object expected");
    }
    for (dom::key_value_pair kv : params) {
      std::string_view value;
      if (kv.value.get_string().get(value)) {
        return Error::invalid("start.customParameters." + std::string(kv.key), "a string expected");
      }
      s.custom_parameters.emplace_back(kv.key, value);
    }
  }
  return Inbound{std::move(s)};
}

Result<Inbound> read_media(const TopMembers& top, std::vector<std::uint8_t>& audio) {
  auto c = common(top);
  if (!c) return std::move(c).error();
  auto obj = object_at(at(top, kMedia), {{}, "media"});
  if (!obj) return std::move(obj).error();
  static constexpr std::array<std::string_view, 4> kNames = {"track", "chunk", "timestamp",
                                                             "payload"};
  Members<4> m{kNames};
  if (auto st = m.read(*obj, "media"); !st) return std::move(st).error();

  Media media;
  media.sequence_number = c->seq;
  media.stream_sid = c->sid;
  auto track = string_at(at(m, 0), {"media", "track"});
  if (!track) return std::move(track).error();
  if (*track == "inbound") {
    media.track = Track::inbound;
  } else if (*track == "outbound") {
    media.track = Track::outbound;
  } else {
    return invalid({"media", "track"}, "\"inbound\" or \"outbound\" expected");
  }
  auto chunk = counter_at(at(m, 1), {"media", "chunk"});
  if (!chunk) return std::move(chunk).error();
  media.chunk = *chunk;
  auto timestamp = counter_at(at(m, 2), {"media", "timestamp"});
  if (!timestamp) return std::move(timestamp).error();
  media.timestamp_ms = *timestamp;

  auto payload = string_at(at(m, 3), {"media", "payload"});
  if (!payload) return std::move(payload).error();
  const std::size_t need = base64_decoded_capacity(payload->size());
  if (audio.size() < need) audio.resize(need);  // grows only: no churn frame after frame
  auto n = base64_decode(*payload, audio);
  if (!n) return invalid({"media", "payload"}, "not base64: " + n.error().message);
  media.audio = std::span<const std::uint8_t>(audio.data(), *n);
  return Inbound{media};
}

Result<Inbound> read_dtmf(const TopMembers& top) {
  auto c = common(top);
  if (!c) return std::move(c).error();
  auto obj = object_at(at(top, kDtmf), {{}, "dtmf"});
  if (!obj) return std::move(obj).error();
  static constexpr std::array<std::string_view, 2> kNames = {"track", "digit"};
  Members<2> m{kNames};
  if (auto st = m.read(*obj, "dtmf"); !st) return std::move(st).error();
  auto track = optional_string(at(m, 0), {"dtmf", "track"});
  if (!track) return std::move(track).error();
  auto digit = string_at(at(m, 1), {"dtmf", "digit"});
  if (!digit) return std::move(digit).error();
  constexpr std::string_view kKeys = "0123456789*#ABCD";
  if (digit->size() != 1 || kKeys.find((*digit)[0]) == std::string_view::npos) {
    return invalid({"dtmf", "digit"}, "one of 0-9 * # A-D expected");
  }
  return Inbound{Dtmf{c->seq, c->sid, *track, (*digit)[0]}};
}

Result<Inbound> read_mark(const TopMembers& top) {
  auto c = common(top);
  if (!c) return std::move(c).error();
  auto obj = object_at(at(top, kMark), {{}, "mark"});
  if (!obj) return std::move(obj).error();
  static constexpr std::array<std::string_view, 1> kNames = {"name"};
  Members<1> m{kNames};
  if (auto st = m.read(*obj, "mark"); !st) return std::move(st).error();
  auto name = string_at(at(m, 0), {"mark", "name"});
  if (!name) return std::move(name).error();
  return Inbound{Mark{c->seq, c->sid, *name}};
}

Result<Inbound> read_stop(const TopMembers& top) {
  auto c = common(top);
  if (!c) return std::move(c).error();
  Stop stop{c->seq, c->sid, {}, {}};
  if (const dom::element* e = at(top, kStop)) {
    auto obj = object_at(e, {{}, "stop"});
    if (!obj) return std::move(obj).error();
    static constexpr std::array<std::string_view, 2> kNames = {"accountSid", "callSid"};
    Members<2> m{kNames};
    if (auto st = m.read(*obj, "stop"); !st) return std::move(st).error();
    auto account = optional_string(at(m, 0), {"stop", "accountSid"});
    if (!account) return std::move(account).error();
    auto call = optional_string(at(m, 1), {"stop", "callSid"});
    if (!call) return std::move(call).error();
    stop.account_sid = *account;
    stop.call_sid = *call;
  }
  return Inbound{stop};
}

}  // namespace

struct Reader::State {
  dom::parser parser{Reader::kMaxFrame};
  std::unique_ptr<char[]> padded;  // the frame plus simdjson's padding; grows only
  std::size_t padded_capacity = 0;
  std::vector<std::uint8_t> audio;  // the last media payload, decoded; grows only

  const char* pad(std::string_view frame) {
    const std::size_t need = frame.size() + simdjson::SIMDJSON_PADDING;
    if (need > padded_capacity) {
      padded_capacity = std::max(need, 2 * padded_capacity);
      padded = std::make_unique<char[]>(padded_capacity);
    }
    if (!frame.empty()) std::memcpy(padded.get(), frame.data(), frame.size());  // data() may be null
    std::memset(padded.get() + frame.size(), 0, simdjson::SIMDJSON_PADDING);
    return padded.get();
  }
};

Reader::Reader() : state_(std::make_unique<State>()) {}
Reader::~Reader() = default;
Reader::Reader(Reader&&) noexcept = default;
Reader& Reader::operator=(Reader&&) noexcept = default;

Result<Inbound> Reader::read(std::string_view frame) {
  if (frame.size() > kMaxFrame) {
    return Error::invalid("frame", std::to_string(frame.size()) + " bytes, more than " +
                                       std::to_string(kMaxFrame));
  }
  dom::element root;
  if (auto err = state_->parser.parse(state_->pad(frame), frame.size(), false).get(root)) {
    return Error::invalid("frame", std::string("not JSON: ") + simdjson::error_message(err));
  }
  dom::object obj;
  if (root.get_object().get(obj)) return Error::invalid("frame", "not a JSON object");
  TopMembers top{kTop};
  if (auto st = top.read(obj, {}); !st) return std::move(st).error();

  auto event = string_at(at(top, kEvent), {{}, "event"});
  if (!event) return std::move(event).error();
  // Most frames are media: test it first.
  if (*event == "media") return read_media(top, state_->audio);
  if (*event == "mark") return read_mark(top);
  if (*event == "dtmf") return read_dtmf(top);
  if (*event == "start") return read_start(top);
  if (*event == "stop") return read_stop(top);
  if (*event == "connected") return read_connected(top);
  std::size_t cut = std::min<std::size_t>(event->size(), 64);
  while (cut < event->size() && (static_cast<unsigned char>((*event)[cut]) & 0xC0) == 0x80) --cut;
  const std::string shown(event->substr(0, cut));  // whole UTF-8 sequences only
  return Error{Errc::unknown_type, "unknown event \"" + shown + "\"", "event"};
}

std::string_view event_name(const Inbound& message) {
  static constexpr std::string_view kNames[] = {"connected", "start", "media",
                                                "dtmf",      "mark",  "stop"};
  return kNames[message.index()];
}

std::string describe(const Error& error) {
  return error.field.empty() ? error.message : error.field + ": " + error.message;
}

}  // namespace webox::twilio::media_stream
