#include "adapters/twilio/media_stream_out.h"

#include "adapters/twilio/base64.h"
#include "events/codec.h"

namespace webox::twilio::media_stream {

Writer::Writer(std::string_view stream_sid) { append_json_string(sid_json_, stream_sid); }

void Writer::open(std::string_view event) {
  buf_.clear();
  buf_ += R"({"event":")";
  buf_ += event;
  buf_ += R"(","streamSid":)";
  buf_ += sid_json_;
}

std::string_view Writer::media(std::span<const std::uint8_t> mulaw) {
  open("media");
  buf_ += R"(,"media":{"payload":")";
  base64_append(buf_, mulaw);
  buf_ += R"("}})";
  return buf_;
}

std::string_view Writer::mark(std::string_view name) {
  open("mark");
  buf_ += R"(,"mark":{"name":)";
  append_json_string(buf_, name);
  buf_ += "}}";
  return buf_;
}

std::string_view Writer::clear() {
  open("clear");
  buf_ += '}';
  return buf_;
}

}  // namespace webox::twilio::media_stream
