// Fuzzes the Media Streams protocol layer (adapters/twilio/media_stream_in.h, _session.h,
// _out.h, base64.h): the code that reads every WebSocket frame Twilio sends during a call.
//
// Properties, besides "no crash, no leak, no UB":
// - the whole input as one frame: a refusal is invalid_argument naming a field, or unknown_type
//   naming "event"; an accepted frame is valid JSON (simdjson, read again here) whose `event`
//   is the message's, and a media payload re-encodes to exactly the text it came from (base64
//   is canonical, so nothing else decodes to those bytes);
// - the input's lines as a conversation, with "close" lines as socket drops and "sent <name>"
//   lines as marks we sent: at most one `end` verdict, nothing but `ignore` after it, a final
//   close ending the call exactly when nothing had; media acted on has rising sequence numbers
//   and the stream start announced; an accepted mark was one we sent and is no longer pending;
// - base64: any text that decodes re-encodes to itself; any bytes round-trip;
// - the writer: media, mark and clear are valid JSON with the fields given back (the mark's name
//   exactly when it is valid UTF-8).
#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "adapters/twilio/base64.h"
#include "adapters/twilio/media_stream_in.h"
#include "adapters/twilio/media_stream_out.h"
#include "adapters/twilio/media_stream_session.h"
#include "fuzz/check.h"

using namespace webox;
using namespace webox::twilio;
using namespace webox::twilio::media_stream;
using namespace webox::fuzz;

namespace {

std::span<const std::uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// Parses `json` with a parser of this file's own; nullopt-like empty element on failure.
bool reparse(simdjson::dom::parser& parser, std::string_view json, simdjson::dom::element& root) {
  simdjson::padded_string padded(json);
  return !parser.parse(padded).get(root);
}

void check_frame(std::string_view frame) {
  Reader reader;
  auto msg = reader.read(frame);
  if (!msg) {
    const Error& e = msg.error();
    FUZZ_CHECK(!e.field.empty(), "a refused frame names a field");
    FUZZ_CHECK(e.code == Errc::invalid_argument || e.code == Errc::unknown_type,
               "a refusal is invalid_argument or unknown_type");
    FUZZ_CHECK(e.code != Errc::unknown_type || e.field == "event",
               "unknown_type is about the event");
    return;
  }
  FUZZ_CHECK(frame.size() <= Reader::kMaxFrame, "nothing above the limit is read");
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  FUZZ_CHECK(reparse(parser, frame, root), "an accepted frame is JSON");
  std::string_view event;
  FUZZ_CHECK(!root["event"].get(event) && event == event_name(*msg),
             "the message is the frame's event");
  if (const auto* m = std::get_if<Media>(&*msg)) {
    std::string_view payload;
    FUZZ_CHECK(!root["media"]["payload"].get(payload), "a media frame has a payload");
    std::string again;
    base64_append(again, m->audio);
    FUZZ_CHECK(again == payload, "the audio re-encodes to its payload");
  }
  if (const auto* s = std::get_if<Start>(&*msg)) {
    FUZZ_CHECK(s->inbound_track || s->outbound_track, "a start announces a track");
    std::string_view sid;
    FUZZ_CHECK(!root["streamSid"].get(sid) && sid == s->stream_sid, "start keeps its streamSid");
  }
}

void check_conversation(std::string_view input) {
  Reader reader;
  Session session;
  int ends = 0;
  bool ended = false;
  std::uint64_t last_media = 0;
  std::string stream;
  bool inbound = false, outbound = false;
  std::size_t steps = 0;
  for (std::size_t start = 0; start <= input.size() && steps < 64; ++steps) {
    std::size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    const std::string_view line = input.substr(start, end - start);
    start = end + 1;

    if (line.substr(0, 5) == "sent ") {
      session.mark_sent(std::string(line.substr(5)));
      continue;
    }
    Verdict v;
    std::vector<std::string> pending_before = session.pending_marks();
    if (line == "close") {
      v = session.on_close();
    } else {
      auto msg = reader.read(line);
      v = msg ? session.on_message(*msg) : session.on_error(msg.error());
      if (msg && v.action == Action::accept) {
        if (const auto* s = std::get_if<Start>(&*msg)) {
          stream = s->stream_sid;
          inbound = s->inbound_track;
          outbound = s->outbound_track;
        } else if (const auto* m = std::get_if<Media>(&*msg)) {
          FUZZ_CHECK(m->stream_sid == stream, "media acted on belongs to the started stream");
          FUZZ_CHECK(m->sequence_number > last_media, "media acted on comes in order, once");
          FUZZ_CHECK(m->track == Track::inbound ? inbound : outbound, "on an announced track");
          last_media = m->sequence_number;
        } else if (const auto* k = std::get_if<Mark>(&*msg)) {
          const bool was_pending = std::count(pending_before.begin(), pending_before.end(),
                                              std::string(k->name)) > 0;
          FUZZ_CHECK(was_pending, "an accepted mark was one we sent");
          FUZZ_CHECK(session.pending_marks().size() + 1 == pending_before.size(),
                     "its echo removes it from the pending marks");
        }
      }
    }
    if (ended) FUZZ_CHECK(v.action == Action::ignore && v.code == "after-end", "nothing after end");
    FUZZ_CHECK(!v.code.empty() || v.action == Action::accept,
               "a verdict other than accept has a code");
    ends += v.action == Action::end;
    ended = ended || v.action == Action::end;
    FUZZ_CHECK(ended == (session.phase() == Session::Phase::ended), "the phase follows the end");
  }
  const Verdict last = session.on_close();
  FUZZ_CHECK(ends <= 1, "at most one end");
  FUZZ_CHECK(ends + (last.action == Action::end) == 1, "the call ends exactly once");
}

void check_base64(std::string_view text) {
  std::vector<std::uint8_t> buf(base64_decoded_capacity(text.size()));
  auto n = base64_decode(text, buf);
  if (n) {
    FUZZ_CHECK(*n <= buf.size(), "decoding stays within its capacity");
    std::string again;
    base64_append(again, {buf.data(), *n});
    FUZZ_CHECK(again == text, "what decodes re-encodes to itself");
  } else {
    FUZZ_CHECK(n.error().field == "base64" && n.error().code == Errc::invalid_argument,
               "a refusal names base64");
  }
  std::string enc;
  base64_append(enc, bytes_of(text));
  FUZZ_CHECK(enc.size() == base64_encoded_size(text.size()), "encoded size as promised");
  std::vector<std::uint8_t> back(base64_decoded_capacity(enc.size()));
  auto m = base64_decode(enc, back);
  FUZZ_CHECK(m.ok() && *m == text.size() && std::equal(back.begin(), back.begin() + *m,
                                                       bytes_of(text).begin()),
             "any bytes round-trip");
}

void check_writer(std::string_view input) {
  const std::size_t cut = input.size() / 3;
  const std::string_view sid = input.substr(0, cut), rest = input.substr(cut);
  Writer writer(sid);
  simdjson::dom::parser parser;
  simdjson::dom::element root;

  const std::string media(writer.media(bytes_of(rest)));
  FUZZ_CHECK(reparse(parser, media, root), "media is JSON");
  std::string_view payload, event;
  FUZZ_CHECK(!root["event"].get(event) && event == "media", "media says media");
  FUZZ_CHECK(!root["media"]["payload"].get(payload), "media has a payload");
  std::vector<std::uint8_t> audio(base64_decoded_capacity(payload.size()));
  auto n = base64_decode(payload, audio);
  FUZZ_CHECK(n.ok() && *n == rest.size() &&
                 std::equal(audio.begin(), audio.begin() + *n, bytes_of(rest).begin()),
             "the payload is the audio given");

  const std::string mark(writer.mark(rest));
  FUZZ_CHECK(reparse(parser, mark, root), "mark is JSON");
  std::string_view name, stream;
  FUZZ_CHECK(!root["mark"]["name"].get(name), "mark has a name");
  FUZZ_CHECK(!valid_utf8(rest) || name == rest, "a UTF-8 name is sent as given");
  FUZZ_CHECK(!root["streamSid"].get(stream), "mark has a streamSid");
  FUZZ_CHECK(!valid_utf8(sid) || stream == sid, "a UTF-8 streamSid is sent as given");

  const std::string clear(writer.clear());
  FUZZ_CHECK(reparse(parser, clear, root), "clear is JSON");
  FUZZ_CHECK(!root["event"].get(event) && event == "clear", "clear says clear");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = as_text(data, size);
  check_frame(text);
  check_conversation(text);
  check_base64(text);
  check_writer(text);
  return 0;
}
