#include "tools/softphone_wire.h"

#include <simdjson.h>

#include <charconv>

#include "adapters/twilio/base64.h"
#include "events/codec.h"
#include "tools/twiml_reader.h"

namespace webox::tools::softphone {
namespace {

Error not_a_stream(std::string message) {
  return Error::invalid("twiml", std::move(message));
}

// "wss://host/a/b?c" -> "/a/b?c"; `scheme` is where "://" is.
std::string path_of(const std::string& url, std::size_t scheme) {
  const std::size_t slash = url.find('/', scheme + 3);
  return slash == std::string::npos ? "/" : url.substr(slash);
}

}  // namespace

// -- the TwiML answer --

Result<StreamAnswer> read_stream_answer(std::string_view twiml) {
  auto root = read_xml(twiml);
  if (!root) return not_a_stream("the answer is not TwiML: " + root.error().message);
  if (root->name != "Response")
    return not_a_stream("the answer is not TwiML: the root is <" + root->name + ">");
  if (root->children.empty()) return not_a_stream("the engine answered an empty <Response>");
  const XmlElement& verb = root->children.front();
  if (verb.name == "Gather")
    return not_a_stream("the engine answered <Gather>: this assistant is in TwiML mode "
                        "(webox simulate plays it)");
  if (verb.name == "Reject")
    return not_a_stream("the engine rejected the call: no active assistant answers the number?");
  if (verb.name == "Say")
    return not_a_stream("the engine answered without a stream: \"" + squish(verb.text) +
                        "\" (does it have a public URL?)");
  if (verb.name != "Connect")
    return not_a_stream("the engine answered <" + verb.name + ">, not <Connect><Stream>");
  for (const XmlElement& child : verb.children) {
    if (child.name != "Stream") continue;
    StreamAnswer a;
    a.url = child.attribute_or("url");
    const std::size_t scheme = a.url.find("://");
    const std::string_view s = std::string_view(a.url).substr(0, scheme);
    if (scheme == std::string::npos || (s != "ws" && s != "wss"))
      return not_a_stream("the <Stream> url \"" + a.url + "\" is not ws:// or wss://");
    a.path = path_of(a.url, scheme);
    a.action = verb.attribute_or("action");
    if (!a.action.empty()) {
      const std::size_t at = a.action.find("://");
      if (at == std::string::npos)  // relative: Twilio resolves it against the document's URL
        a.action_path = a.action.starts_with('/') ? a.action : "/" + a.action;
      else
        a.action_path = path_of(a.action, at);
    }
    for (const XmlElement& p : child.children) {
      if (p.name == "Parameter") a.parameters.emplace_back(p.attribute_or("name"),
                                                           p.attribute_or("value"));
    }
    return a;
  }
  return not_a_stream("the engine's <Connect> holds no <Stream>");
}

Result<AfterStream> read_stream_ended(std::string_view twiml) {
  auto root = read_xml(twiml);
  if (!root) return Error::invalid("twiml", "the action's answer is not TwiML: " +
                                                root.error().message);
  if (root->name != "Response")
    return Error::invalid("twiml", "the action's answer is not TwiML: the root is <" +
                                       root->name + ">");
  if (root->children.empty()) return AfterStream{};
  const XmlElement& verb = root->children.front();
  if (verb.name == "Dial") return AfterStream{.dial = squish(verb.text)};
  if (verb.name == "Hangup" || verb.name == "Reject") return AfterStream{};
  return Error::invalid("twiml", "the action answered <" + verb.name +
                                     ">, not <Dial> or <Hangup/>");
}

// -- Twilio's frames --

std::string TwilioFrames::open(std::string_view event) {
  std::string out = R"({"event":")";
  out += event;
  out += R"(","sequenceNumber":")";
  out += std::to_string(++seq_);
  out += '"';
  return out;
}

std::string TwilioFrames::connected() const {
  return R"({"event":"connected","protocol":"Call","version":"1.0.0"})";
}

std::string TwilioFrames::start() {
  std::string out = open("start");
  out += R"(,"start":{"accountSid":)";
  append_json_string(out, id_.account_sid);
  out += R"(,"streamSid":)";
  append_json_string(out, id_.stream_sid);
  out += R"(,"callSid":)";
  append_json_string(out, id_.call_sid);
  out += R"(,"tracks":["inbound"],"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,)"
         R"("channels":1},"customParameters":{)";
  bool first = true;
  for (const auto& [name, value] : id_.parameters) {
    if (!first) out += ',';
    first = false;
    append_json_string(out, name);
    out += ':';
    append_json_string(out, value);
  }
  out += R"(}},"streamSid":)";
  append_json_string(out, id_.stream_sid);
  out += '}';
  return out;
}

std::string TwilioFrames::media(std::span<const std::uint8_t> mulaw) {
  std::string out = open("media");
  ++chunk_;
  out += R"(,"media":{"track":"inbound","chunk":")";
  out += std::to_string(chunk_);
  out += R"(","timestamp":")";
  out += std::to_string((chunk_ - 1) * 20);  // the frame's start, ms since the stream began
  out += R"(","payload":")";
  twilio::base64_append(out, mulaw);
  out += R"("},"streamSid":)";
  append_json_string(out, id_.stream_sid);
  out += '}';
  return out;
}

std::string TwilioFrames::dtmf(char digit) {
  std::string out = open("dtmf");
  out += R"(,"streamSid":)";
  append_json_string(out, id_.stream_sid);
  out += R"(,"dtmf":{"track":"inbound_track","digit":)";
  append_json_string(out, std::string_view(&digit, 1));
  out += "}}";
  return out;
}

std::string TwilioFrames::mark_echo(std::string_view name) {
  std::string out = open("mark");
  out += R"(,"streamSid":)";
  append_json_string(out, id_.stream_sid);
  out += R"(,"mark":{"name":)";
  append_json_string(out, name);
  out += "}}";
  return out;
}

std::string TwilioFrames::stop() {
  std::string out = open("stop");
  out += R"(,"stop":{"accountSid":)";
  append_json_string(out, id_.account_sid);
  out += R"(,"callSid":)";
  append_json_string(out, id_.call_sid);
  out += R"(},"streamSid":)";
  append_json_string(out, id_.stream_sid);
  out += '}';
  return out;
}

// -- the engine's frames --

Result<EngineFrame> read_engine_frame(std::string_view text) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(text.data(), text.size()).get(root) != simdjson::SUCCESS)
    return Error::invalid("frame", "not JSON");
  std::string_view event;
  if (root["event"].get(event) != simdjson::SUCCESS)
    return Error::invalid("event", "missing or not a string");
  if (event == "clear") return EngineFrame(EngineClear{});
  if (event == "mark") {
    std::string_view name;
    if (root["mark"]["name"].get(name) != simdjson::SUCCESS)
      return Error::invalid("mark.name", "missing or not a string");
    return EngineFrame(EngineMark{std::string(name)});
  }
  if (event == "media") {
    std::string_view payload;
    if (root["media"]["payload"].get(payload) != simdjson::SUCCESS)
      return Error::invalid("media.payload", "missing or not a string");
    EngineMedia m;
    m.mulaw.resize(twilio::base64_decoded_capacity(payload.size()));
    auto n = twilio::base64_decode(payload, m.mulaw);
    if (!n) return Error::invalid("media.payload", n.error().message);
    m.mulaw.resize(*n);
    return EngineFrame(std::move(m));
  }
  return Error::make(Errc::unknown_type, "an event the softphone does not know: " +
                                             std::string(event));
}

// -- the call's events --

Result<std::map<int, std::string>> reply_texts(std::string_view events_json) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(events_json.data(), events_json.size()).get(root) != simdjson::SUCCESS)
    return Error::invalid("events", "not JSON");
  simdjson::dom::array events;
  if (root["events"].get(events) != simdjson::SUCCESS)
    return Error::invalid("events", "no \"events\" array");
  std::map<int, std::string> texts;
  for (simdjson::dom::element e : events) {
    std::string_view type;
    if (e["type"].get(type) != simdjson::SUCCESS || type != "ReplyGenerated") continue;
    std::int64_t turn = 0;
    std::string_view text;
    if (e["data"]["turn"].get(turn) != simdjson::SUCCESS ||
        e["data"]["text"].get(text) != simdjson::SUCCESS)
      return Error::invalid("events", "a ReplyGenerated without data.turn or data.text");
    texts[static_cast<int>(turn)] = std::string(text);
  }
  return texts;
}

int turn_of_mark(std::string_view name) {
  constexpr std::string_view kPrefix = "turn-";
  if (!name.starts_with(kPrefix) || name.size() == kPrefix.size() || name.size() > 14) return -1;
  int turn = 0;
  const char* end = name.data() + name.size();
  auto [at, ec] = std::from_chars(name.data() + kPrefix.size(), end, turn);
  if (ec != std::errc() || at != end || turn < 0) return -1;
  return turn;
}

}  // namespace webox::tools::softphone
