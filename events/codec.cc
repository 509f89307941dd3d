// The envelope codec: a hand-written writer (one pass, one growing string) and a simdjson DOM
// reader. Both sides are driven by one field table per type (`Fields<T>` below), so a field
// added to a struct is added once and cannot be written under one name and read under another.
#include "events/codec.h"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

namespace webox {
namespace {

// ---------------------------------------------------------------------------------------------
// Field tables: JSON name, member, and whether the member holds raw JSON text.

template <class T, class M>
struct Field {
  std::string_view name;
  M T::*member;
  bool raw_json;
  bool defaulted = false;  // absent in older rows: keeps the struct's default value
};
template <class T, class M>
constexpr Field<T, M> field(std::string_view name, M T::*member) {
  return {name, member, false};
}
template <class T, class M>
constexpr Field<T, M> raw_json(std::string_view name, M T::*member) {
  return {name, member, true};
}
// A plain member added by a later schema: rows written before it read as the default.
template <class T, class M>
constexpr Field<T, M> defaulted(std::string_view name, M T::*member) {
  return {name, member, false, true};
}

template <class T>
struct Fields;

template <>
struct Fields<TenantProfile> {
  using T = TenantProfile;
  static constexpr auto list = std::tuple{
      field("name", &T::name), field("time_zone", &T::time_zone), field("plan", &T::plan),
      field("twilio_account_sid", &T::twilio_account_sid),
      field("twilio_auth_token_sealed", &T::twilio_auth_token_sealed)};
};
template <>
struct Fields<TenantCreated> {
  using T = TenantCreated;
  static constexpr auto list =
      std::tuple{field("tenant_id", &T::tenant_id), field("profile", &T::profile)};
};
template <>
struct Fields<TenantUpdated> {
  using T = TenantUpdated;
  static constexpr auto list = std::tuple{
      field("tenant_id", &T::tenant_id), field("name", &T::name),
      field("time_zone", &T::time_zone), field("plan", &T::plan),
      field("twilio_account_sid", &T::twilio_account_sid),
      field("twilio_auth_token_sealed", &T::twilio_auth_token_sealed),
      field("retention_days", &T::retention_days)};
};
template <>
struct Fields<ApiKeyCreated> {
  using T = ApiKeyCreated;
  static constexpr auto list = std::tuple{
      field("key_id", &T::key_id), field("tenant_id", &T::tenant_id), field("role", &T::role),
      field("name", &T::name), field("secret_sha256", &T::secret_sha256)};
};
template <>
struct Fields<ApiKeyRevoked> {
  using T = ApiKeyRevoked;
  static constexpr auto list =
      std::tuple{field("key_id", &T::key_id), field("tenant_id", &T::tenant_id)};
};
template <>
struct Fields<AssistantProfile> {
  using T = AssistantProfile;
  static constexpr auto list = std::tuple{
      field("name", &T::name),
      field("description", &T::description),
      field("phone_number", &T::phone_number),
      field("ai_model", &T::ai_model),
      field("voice_type", &T::voice_type),
      field("language", &T::language),
      field("system_prompt", &T::system_prompt),
      raw_json("context_data", &T::context_data),
      field("is_active", &T::is_active),
      defaulted("mode", &T::mode),
      defaulted("end_silence_ms", &T::end_silence_ms),
      defaulted("barge_in_ms", &T::barge_in_ms),
      defaulted("interruptible", &T::interruptible)};
};
template <>
struct Fields<AssistantCreated> {
  using T = AssistantCreated;
  static constexpr auto list = std::tuple{field("assistant_id", &T::assistant_id),
                                          field("profile", &T::profile)};
};
template <>
struct Fields<AssistantUpdated> {
  using T = AssistantUpdated;
  static constexpr auto list = std::tuple{
      field("assistant_id", &T::assistant_id),
      field("name", &T::name),
      field("description", &T::description),
      field("phone_number", &T::phone_number),
      field("ai_model", &T::ai_model),
      field("voice_type", &T::voice_type),
      field("language", &T::language),
      field("system_prompt", &T::system_prompt),
      raw_json("context_data", &T::context_data),
      field("is_active", &T::is_active),
      field("mode", &T::mode),
      field("end_silence_ms", &T::end_silence_ms),
      field("barge_in_ms", &T::barge_in_ms),
      field("interruptible", &T::interruptible)};
};
template <>
struct Fields<AssistantDeleted> {
  using T = AssistantDeleted;
  static constexpr auto list = std::tuple{field("assistant_id", &T::assistant_id)};
};
template <>
struct Fields<CallStarted> {
  using T = CallStarted;
  static constexpr auto list = std::tuple{
      field("call_sid", &T::call_sid),   field("account_sid", &T::account_sid),
      field("assistant_id", &T::assistant_id), field("from", &T::from),
      field("to", &T::to),               field("direction", &T::direction),
      field("language", &T::language),   field("mode", &T::mode)};
};
template <>
struct Fields<UtteranceTranscribed> {
  using T = UtteranceTranscribed;
  static constexpr auto list = std::tuple{
      field("call_sid", &T::call_sid), field("turn", &T::turn), field("text", &T::text),
      field("confidence", &T::confidence), field("source", &T::source)};
};
template <>
struct Fields<ReplyGenerated> {
  using T = ReplyGenerated;
  static constexpr auto list = std::tuple{
      field("call_sid", &T::call_sid),       field("turn", &T::turn),
      field("text", &T::text),               field("action", &T::action),
      field("transfer_to", &T::transfer_to), field("brain", &T::brain),
      field("brain_micros", &T::brain_micros), field("language", &T::language),
      field("request_id", &T::request_id)};
};
template <>
struct Fields<AudioSent> {
  using T = AudioSent;
  static constexpr auto list = std::tuple{
      field("call_sid", &T::call_sid), field("turn", &T::turn),
      field("channel", &T::channel),   field("voice", &T::voice),
      field("language", &T::language), field("characters", &T::characters),
      field("duration_ms", &T::duration_ms)};
};
template <>
struct Fields<CallEnded> {
  using T = CallEnded;
  static constexpr auto list = std::tuple{
      field("call_sid", &T::call_sid), field("status", &T::status),
      field("duration_seconds", &T::duration_seconds), field("reason", &T::reason)};
};
template <>
struct Fields<BookingConfirmed> {
  using T = BookingConfirmed;
  static constexpr auto list = std::tuple{
      field("booking_id", &T::booking_id),     field("assistant_id", &T::assistant_id),
      field("call_sid", &T::call_sid),         field("kind", &T::kind),
      field("date", &T::date),                 field("time", &T::time),
      field("party_size", &T::party_size),     field("name", &T::name),
      field("phone", &T::phone),               field("resource", &T::resource),
      field("service", &T::service),           field("duration_minutes", &T::duration_minutes),
      field("nights", &T::nights),             field("details", &T::details)};
};
template <>
struct Fields<BookingRequested> {
  using T = BookingRequested;
  static constexpr auto list =
      std::tuple{field("call_sid", &T::call_sid), field("booking", &T::booking)};
};
template <>
struct Fields<BookingRefused> {
  using T = BookingRefused;
  static constexpr auto list = std::tuple{
      field("call_sid", &T::call_sid), field("booking_id", &T::booking_id),
      field("reason", &T::reason), field("alternatives", &T::alternatives)};
};
template <>
struct Fields<BookingCancelled> {
  using T = BookingCancelled;
  static constexpr auto list = std::tuple{
      field("booking_id", &T::booking_id), field("assistant_id", &T::assistant_id),
      field("call_sid", &T::call_sid), field("reason", &T::reason)};
};
template <>
struct Fields<CallTransferred> {
  using T = CallTransferred;
  static constexpr auto list = std::tuple{field("call_sid", &T::call_sid), field("to", &T::to),
                                          field("reason", &T::reason)};
};
template <>
struct Fields<AvailabilityChecked> {
  using T = AvailabilityChecked;
  static constexpr auto list = std::tuple{
      field("call_sid", &T::call_sid), field("turn", &T::turn), field("kind", &T::kind),
      field("date", &T::date), field("time", &T::time), field("resource", &T::resource),
      field("party_size", &T::party_size), field("available", &T::available),
      field("reason", &T::reason), field("alternatives", &T::alternatives)};
};
template <>
struct Fields<BookingLookedUp> {
  using T = BookingLookedUp;
  static constexpr auto list = std::tuple{
      field("call_sid", &T::call_sid), field("turn", &T::turn), field("found", &T::found),
      field("reason", &T::reason), field("booking_id", &T::booking_id), field("kind", &T::kind),
      field("date", &T::date), field("time", &T::time), field("resource", &T::resource),
      field("service", &T::service), field("party_size", &T::party_size),
      field("nights", &T::nights)};
};
template <>
struct Fields<TicketOpened> {
  using T = TicketOpened;
  static constexpr auto list = std::tuple{
      field("call_sid", &T::call_sid), field("turn", &T::turn), field("ticket_id", &T::ticket_id),
      field("topic", &T::topic), field("order_number", &T::order_number),
      field("summary", &T::summary)};
};
template <>
struct Fields<ReplyInterrupted> {
  using T = ReplyInterrupted;
  static constexpr auto list = std::tuple{
      field("call_sid", &T::call_sid), field("turn", &T::turn), field("heard_ms", &T::heard_ms),
      field("reply_ms", &T::reply_ms), field("heard_text", &T::heard_text)};
};
template <>
struct Fields<TurnTimed> {
  using T = TurnTimed;
  static constexpr auto list = std::tuple{
      field("call_sid", &T::call_sid), field("turn", &T::turn),
      field("silence_ms", &T::silence_ms), field("stt_micros", &T::stt_micros),
      field("brain_micros", &T::brain_micros), field("tts_micros", &T::tts_micros),
      field("engine_micros", &T::engine_micros), field("total_micros", &T::total_micros)};
};
template <>
struct Fields<QuestionAnswered> {
  using T = QuestionAnswered;
  static constexpr auto list = std::tuple{
      field("call_sid", &T::call_sid), field("turn", &T::turn), field("tool", &T::tool),
      field("topic", &T::topic), field("answered", &T::answered)};
};

template <>
struct Fields<CallErased> {
  using T = CallErased;
  static constexpr auto list = std::tuple{field("call_sid", &T::call_sid),
                                          field("reason", &T::reason),
                                          field("erased_at", &T::erased_at)};
};

template <>
struct Fields<PlanChanged> {
  using T = PlanChanged;
  static constexpr auto list = std::tuple{field("tenant_id", &T::tenant_id),
                                          field("plan", &T::plan),
                                          field("overage_policy", &T::overage_policy)};
};
template <>
struct Fields<QuotaWarning> {
  using T = QuotaWarning;
  static constexpr auto list = std::tuple{
      field("tenant_id", &T::tenant_id), field("month", &T::month),
      field("threshold_percent", &T::threshold_percent), field("plan", &T::plan),
      field("quota", &T::quota), field("calls_used", &T::calls_used)};
};
template <>
struct Fields<CallRejected> {
  using T = CallRejected;
  static constexpr auto list = std::tuple{
      field("call_sid", &T::call_sid), field("assistant_id", &T::assistant_id),
      field("reason", &T::reason), field("month", &T::month), field("language", &T::language)};
};
template <>
struct Fields<CallOverage> {
  using T = CallOverage;
  static constexpr auto list = std::tuple{
      field("call_sid", &T::call_sid),     field("assistant_id", &T::assistant_id),
      field("month", &T::month),           field("calls_used", &T::calls_used),
      field("quota", &T::quota),           field("currency", &T::currency),
      field("price_micros", &T::price_micros)};
};
template <>
struct Fields<CallCosted> {
  using T = CallCosted;
  static constexpr auto list = std::tuple{
      field("call_sid", &T::call_sid),
      field("assistant_id", &T::assistant_id),
      field("currency", &T::currency),
      field("billed_minutes", &T::billed_minutes),
      field("stt_units", &T::stt_units),
      field("llm_tokens", &T::llm_tokens),
      field("tts_characters", &T::tts_characters),
      field("twilio_micros", &T::twilio_micros),
      field("stt_micros", &T::stt_micros),
      field("llm_micros", &T::llm_micros),
      field("tts_micros", &T::tts_micros),
      field("total_micros", &T::total_micros)};
};

// How many members an aggregate has: the longest brace-initialiser it accepts. Checked against
// each table above, so a member added to a struct without a codec entry fails to compile
// instead of being silently dropped from the log.
struct AnyMember {
  template <class U>
  operator U() const;  // NOLINT: only named in unevaluated contexts
};
template <class T, class... A>
constexpr std::size_t member_count() {
  if constexpr (requires { T{A{}..., AnyMember{}}; })
    return member_count<T, A..., AnyMember>();
  else
    return sizeof...(A);
}
template <class T>
constexpr bool table_is_complete = member_count<T>() == std::tuple_size_v<decltype(Fields<T>::list)>;

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

// ---------------------------------------------------------------------------------------------
// Padded input. simdjson reads up to SIMDJSON_PADDING bytes past the end, so every parse goes
// through a per-thread buffer that only grows: one memcpy, no allocation in steady state.

class PaddedBuffer {
 public:
  const char* fill(std::string_view s) {
    std::size_t need = s.size() + simdjson::SIMDJSON_PADDING;
    if (need > cap_) {
      cap_ = std::max(need, cap_ * 2);
      buf_ = std::make_unique<char[]>(cap_);
    }
    std::memcpy(buf_.get(), s.data(), s.size());
    std::memset(buf_.get() + s.size(), 0, simdjson::SIMDJSON_PADDING);
    return buf_.get();
  }

 private:
  std::unique_ptr<char[]> buf_;
  std::size_t cap_ = 0;
};

// One parser for decode() and one for canonical_json(): a parse invalidates every element of
// the previous one, and canonical_json() is public, so it must never share decode()'s parser.
struct ParseState {
  simdjson::dom::parser parser;
  PaddedBuffer buffer;
};
ParseState& decode_state() {
  thread_local ParseState s;
  return s;
}
ParseState& canonical_state() {
  thread_local ParseState s;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Writer.

template <class I>
void put_integer(std::string& out, I v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// Shortest text that reads back as the same double. JSON has no NaN or infinity: they are
// written as null, which decode reads back as NaN (see codec.h).
void put_double(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out.append("null");
    return;
  }
  if (v == 0 && std::signbit(v)) {  // "-0" reads back as the integer 0: keep the sign
    out.append("-0.0");
    return;
  }
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  // A huge integral double printed in fixed form would read back as an out-of-range integer;
  // scientific form keeps it a double.
  if (r.ptr - buf > 15 && std::memchr(buf, '.', r.ptr - buf) == nullptr &&
      std::memchr(buf, 'e', r.ptr - buf) == nullptr)
    r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  out.append(buf, r.ptr);
}

void put_raw_json(std::string& out, const std::string& text) {
  auto canonical = canonical_json(text);
  if (canonical) {
    out.append(*canonical);
  } else {
    // Never write invalid JSON: text that does not parse is kept, as a JSON string.
    append_json_string(out, text);
  }
}

template <class T>
void put_object(std::string& out, const T& obj);

template <class V>
void put_value(std::string& out, const V& v, bool raw) {
  if constexpr (std::is_same_v<V, std::string>) {
    if (raw)
      put_raw_json(out, v);
    else
      append_json_string(out, v);
  } else if constexpr (std::is_same_v<V, bool>) {
    out.append(v ? "true" : "false");
  } else if constexpr (std::is_integral_v<V>) {
    put_integer(out, v);
  } else if constexpr (std::is_floating_point_v<V>) {
    put_double(out, v);
  } else {
    put_object(out, v);
  }
}

template <class T, class M>
void put_field(std::string& out, const T& obj, const Field<T, M>& f, bool& first) {
  const M& v = obj.*(f.member);
  if constexpr (is_optional<M>::value) {
    if (!v) return;  // absent optionals are absent from the JSON, not null
  }
  if (!first) out.push_back(',');
  first = false;
  out.push_back('"');
  out.append(f.name);  // names are plain ASCII: no escaping needed
  out.append("\":");
  if constexpr (is_optional<M>::value)
    put_value(out, *v, f.raw_json);
  else
    put_value(out, v, f.raw_json);
}

template <class T>
void put_object(std::string& out, const T& obj) {
  static_assert(table_is_complete<T>, "a member of this event type has no entry in Fields<T>");
  out.push_back('{');
  bool first = true;
  std::apply([&](const auto&... f) { (put_field(out, obj, f, first), ...); }, Fields<T>::list);
  out.push_back('}');
}

// ---------------------------------------------------------------------------------------------
// Reader.

using simdjson::dom::element;
using simdjson::dom::object;

Error mistyped(std::string_view prefix, std::string_view name, std::string_view what) {
  return Error::invalid(std::string(prefix) + std::string(name), std::string(what));
}

template <class T>
Status read_object(object obj, std::string_view prefix, T& out);

template <class V>
Status read_value(element el, bool raw, std::string_view prefix, std::string_view name, V& out) {
  if constexpr (std::is_same_v<V, std::string>) {
    if (raw) {
      out = simdjson::minify(el);  // canonical form: see canonical_json() in codec.h
      return {};
    }
    std::string_view s;
    if (el.get_string().get(s)) return mistyped(prefix, name, "expected a string");
    out.assign(s);
  } else if constexpr (std::is_same_v<V, bool>) {
    if (el.get_bool().get(out)) return mistyped(prefix, name, "expected true or false");
  } else if constexpr (std::is_same_v<V, std::uint64_t>) {
    if (el.get_uint64().get(out)) return mistyped(prefix, name, "expected an unsigned integer");
  } else if constexpr (std::is_integral_v<V>) {
    std::int64_t x;
    if (el.get_int64().get(x)) return mistyped(prefix, name, "expected an integer");
    if (x < std::numeric_limits<V>::min() || x > std::numeric_limits<V>::max())
      return mistyped(prefix, name, "integer out of range");
    out = V(x);
  } else if constexpr (std::is_floating_point_v<V>) {
    if (el.is_null()) {
      out = std::numeric_limits<V>::quiet_NaN();
      return {};
    }
    if (el.get_double().get(out)) return mistyped(prefix, name, "expected a number");
  } else {
    object inner;
    if (el.get_object().get(inner)) return mistyped(prefix, name, "expected an object");
    std::string inner_prefix = std::string(prefix) + std::string(name) + ".";
    return read_object(inner, inner_prefix, out);
  }
  return {};
}

// Finds an object's members by name, expecting them in the order encode() writes them: each
// search starts after the previous find and wraps around, so a row we wrote costs one key
// comparison per field instead of a scan of the object; any other order still works.
class Members {
 public:
  explicit Members(object obj) : obj_(obj), next_(obj.begin()), end_(obj.end()) {}

  bool find(std::string_view name, element& out) {
    for (auto it = next_; it != end_; ++it)
      if (it.key() == name) return take(it, out);
    for (auto it = obj_.begin(); it != next_; ++it)
      if (it.key() == name) return take(it, out);
    return false;
  }

 private:
  bool take(object::iterator it, element& out) {
    out = it.value();
    next_ = ++it;
    return true;
  }
  object obj_;
  object::iterator next_, end_;
};

template <class T, class M>
Status read_field(Members& members, std::string_view prefix, const Field<T, M>& f, T& out) {
  M& target = out.*(f.member);
  element el;
  if (!members.find(f.name, el)) {
    if constexpr (is_optional<M>::value) {
      target.reset();
      return {};
    } else {
      if (f.defaulted) return {};  // `out` was value-initialised: the member holds its default
      return mistyped(prefix, f.name, "missing");
    }
  }
  if constexpr (is_optional<M>::value) {
    typename M::value_type v{};
    auto s = read_value(el, f.raw_json, prefix, f.name, v);
    if (!s) return s;
    target = std::move(v);
    return {};
  } else {
    return read_value(el, f.raw_json, prefix, f.name, target);
  }
}

template <class T>
Status read_object(object obj, std::string_view prefix, T& out) {
  Members members(obj);
  std::optional<Error> error;
  // Stops at the first error so that the message names the first offending field.
  auto one = [&](const auto& f) {
    auto s = read_field(members, prefix, f, out);
    if (s) return true;
    error = std::move(s).error();
    return false;
  };
  std::apply([&](const auto&... f) { (one(f) && ...); }, Fields<T>::list);
  if (error) return std::move(*error);
  return {};
}

// ---------------------------------------------------------------------------------------------
// Type dispatch: the stable names and schema versions come from EventTraits.

using DataReader = Status (*)(object, int schema, EventData&);

template <class T>
Status read_data(object obj, int schema, EventData& out) {
  // Each schema change so far only added optional members, which older rows read as absent;
  // a change that renames or re-types a member upgrades the older rows here.
  (void)schema;
  T v;
  auto s = read_object(obj, "data.", v);
  if (!s) return s;
  out = std::move(v);
  return {};
}

struct TypeEntry {
  std::string_view name;
  int schema_version;
  DataReader read;
};

template <std::size_t... I>
constexpr auto make_type_table(std::index_sequence<I...>) {
  return std::array<TypeEntry, sizeof...(I)>{
      TypeEntry{EventTraits<std::variant_alternative_t<I, EventData>>::name,
                EventTraits<std::variant_alternative_t<I, EventData>>::schema_version,
                &read_data<std::variant_alternative_t<I, EventData>>}...};
}
constexpr auto kTypes = make_type_table(std::make_index_sequence<std::variant_size_v<EventData>>{});

const TypeEntry* find_type(std::string_view name) {
  for (const auto& t : kTypes)
    if (t.name == name) return &t;
  return nullptr;
}

// The envelope's own fields are read by name rather than through a table because several need
// a conversion (uuid, timestamp) with a field-specific error.
template <class V>
Status read_top(Members& root, std::string_view name, V& out) {
  element el;
  if (!root.find(name, el)) return Error::invalid(std::string(name), "missing");
  if constexpr (std::is_same_v<V, std::string_view>) {
    // Only valid until the next parse on this thread: for text converted on the spot.
    if (el.get_string().get(out)) return Error::invalid(std::string(name), "expected a string");
    return {};
  } else {
    return read_value(el, false, "", name, out);
  }
}

// ---------------------------------------------------------------------------------------------
// Timestamps and ids, the envelope fields on every row.
//
// Rows are written and read in time order, so consecutive ones share their whole second:
// each thread remembers the last second it formatted or parsed and only redoes the
// microseconds. What is remembered comes from format_utc/parse_utc themselves, so the text and
// values are exactly theirs; they stay the only definition of the format.

void put_time(std::string& out, Micros t) {
  if (t < 0) {  // before 1970: not worth a fast path
    out.append(format_utc(t));
    return;
  }
  thread_local Micros memo_second = -1;
  thread_local std::string memo_prefix;  // "YYYY-MM-DDTHH:MM:SS."
  Micros second = t / 1'000'000;
  auto us = std::uint32_t(t % 1'000'000);
  if (second != memo_second) {
    std::string full = format_utc(second * 1'000'000);  // "...SS.000000Z"
    memo_prefix.assign(full, 0, full.size() - 7);
    memo_second = second;
  }
  out.append(memo_prefix);
  char digits[7];
  for (int i = 5; i >= 0; --i) {
    digits[i] = char('0' + us % 10);
    us /= 10;
  }
  digits[6] = 'Z';
  out.append(digits, 7);
}

Result<Micros> parse_time(std::string_view text) {
  // Only the exact shape format_utc writes takes the fast path; anything else is parse_utc's.
  constexpr std::size_t kPrefix = 20;  // "YYYY-MM-DDTHH:MM:SS."
  bool canonical = text.size() == kPrefix + 7 && text[kPrefix - 1] == '.' && text.back() == 'Z';
  Micros us = 0;
  for (std::size_t i = kPrefix; canonical && i < kPrefix + 6; ++i) {
    if (text[i] < '0' || text[i] > '9') canonical = false;
    us = us * 10 + (text[i] - '0');
  }
  thread_local char memo_prefix[kPrefix];
  thread_local Micros memo_base = 0;
  thread_local bool memo_valid = false;
  if (canonical && memo_valid && std::memcmp(memo_prefix, text.data(), kPrefix) == 0)
    return memo_base + us;
  auto r = parse_utc(text);
  if (r && canonical) {
    std::memcpy(memo_prefix, text.data(), kPrefix);
    memo_base = *r - us;
    memo_valid = true;
  }
  return r;
}

void put_uuid(std::string& out, const Uuid& id) {
  static constexpr char kHex[] = "0123456789abcdef";
  char buf[36];
  std::size_t n = 0;
  const auto& b = id.bytes();
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) buf[n++] = '-';
    buf[n++] = kHex[b[i] >> 4];
    buf[n++] = kHex[b[i] & 0xF];
  }
  out.append(buf, n);  // the same text as Uuid::str(), without building a string
}

}  // namespace

// ---------------------------------------------------------------------------------------------

void append_json_string(std::string& out, std::string_view s) {
  // Byte classes: 0 copy as is, 1 escape, 2 start of a multi-byte UTF-8 sequence.
  static constexpr auto kClass = [] {
    std::array<std::uint8_t, 256> c{};
    for (int i = 0; i < 0x20; ++i) c[i] = 1;
    c['"'] = 1;
    c['\\'] = 1;
    for (int i = 0x80; i < 0x100; ++i) c[i] = 2;
    return c;
  }();
  static constexpr char kHex[] = "0123456789abcdef";
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  out.reserve(out.size() + n + 2);
  out.push_back('"');
  std::size_t run = 0;  // start of the bytes not yet copied
  std::size_t i = 0;
  auto flush = [&](std::size_t end) { out.append(s.data() + run, end - run); };
  while (i < n) {
    unsigned char c = p[i];
    switch (kClass[c]) {
      case 0:
        ++i;
        continue;
      case 1:
        flush(i);
        if (c == '"') {
          out.append("\\\"");
        } else if (c == '\\') {
          out.append("\\\\");
        } else {
          char esc[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
          out.append(esc, 6);
        }
        run = ++i;
        continue;
      default:
        break;
    }
    // Multi-byte sequence, checked against the well-formed table of Unicode 15, §3.9 (Table
    // 3-7): no overlongs, no surrogates, nothing above U+10FFFF. A broken sequence is replaced
    // by one U+FFFD per maximal ill-formed subpart, as the standard recommends.
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    }
    std::size_t good = len == 0 ? 0 : 1;  // bytes of the sequence that are well formed so far
    if (len != 0) {
      while (good < len && i + good < n) {
        unsigned char b = p[i + good];
        unsigned char min = good == 1 ? lo : 0x80, max = good == 1 ? hi : 0xBF;
        if (b < min || b > max) break;
        ++good;
      }
    }
    if (len != 0 && good == len) {
      i += len;  // valid: stays in the run, copied later in bulk
      continue;
    }
    flush(i);
    out.append(kReplacement);
    i += good == 0 ? 1 : good;
    run = i;
  }
  flush(n);
  out.push_back('"');
}

Result<std::string> canonical_json(std::string_view text) {
  auto& st = canonical_state();
  element root;
  auto err = st.parser.parse(st.buffer.fill(text), text.size(), false).get(root);
  if (err)
    return Error::invalid("json", std::string("not valid JSON: ") + simdjson::error_message(err));
  return simdjson::minify(root);
}

std::string encode_data(const EventData& d) {
  std::string out;
  out.reserve(128);
  std::visit([&](const auto& v) { put_object(out, v); }, d);
  return out;
}

std::string encode(const Envelope& e) {
  std::string out;
  out.reserve(512 + e.stream.size());  // fits a typical row: one allocation
  out.append("{\"position\":");
  put_integer(out, e.position);
  out.append(",\"stream\":");
  append_json_string(out, e.stream);
  out.append(",\"version\":");
  put_integer(out, e.version);
  out.append(",\"event_id\":\"");
  put_uuid(out, e.event_id);
  out.append("\",\"type\":\"");
  out.append(e.type());
  out.append("\",\"schema_version\":");
  put_integer(out, e.schema());
  out.append(",\"tenant\":");
  append_json_string(out, e.tenant);
  out.append(",\"recorded_at\":\"");
  put_time(out, e.recorded_at);
  out.append("\",\"data\":");
  std::visit([&](const auto& v) { put_object(out, v); }, e.data);
  out.push_back('}');
  return out;
}

Result<Envelope> decode(std::string_view json) {
  auto& st = decode_state();
  element doc;
  auto err = st.parser.parse(st.buffer.fill(json), json.size(), false).get(doc);
  if (err)
    return Error::make(Errc::corrupt, std::string("malformed JSON: ") + simdjson::error_message(err));
  object root_object;
  if (doc.get_object().get(root_object))
    return Error::invalid("envelope", "an envelope is a JSON object");
  Members root(root_object);

  // Type and schema first: a row from a newer build must say so, not fail on a field.
  std::string_view type;
  if (auto s = read_top(root, "type", type); !s) return std::move(s).error();
  const TypeEntry* entry = find_type(type);
  if (!entry)
    return Error{Errc::unknown_type, "unknown event type \"" + std::string(type) + "\"", "type"};
  std::int64_t schema = 0;
  if (auto s = read_top(root, "schema_version", schema); !s) return std::move(s).error();
  if (schema > entry->schema_version)
    return Error{Errc::unsupported_version,
                 std::string(type) + " schema " + std::to_string(schema) + " is newer than this build's " +
                     std::to_string(entry->schema_version),
                 "schema_version"};
  if (schema < 1) return Error::invalid("schema_version", "must be at least 1");

  Envelope e;
  if (auto s = read_top(root, "position", e.position); !s) return std::move(s).error();
  if (auto s = read_top(root, "stream", e.stream); !s) return std::move(s).error();
  if (auto s = read_top(root, "version", e.version); !s) return std::move(s).error();
  std::string_view text;
  if (auto s = read_top(root, "event_id", text); !s) return std::move(s).error();
  auto id = Uuid::parse(text);
  if (!id) return Error::invalid("event_id", id.error().message);
  e.event_id = *id;
  if (auto s = read_top(root, "tenant", e.tenant); !s) return std::move(s).error();
  if (auto s = read_top(root, "recorded_at", text); !s) return std::move(s).error();
  auto at = parse_time(text);
  if (!at) return Error::invalid("recorded_at", at.error().message);
  e.recorded_at = *at;

  element data_el;
  if (!root.find("data", data_el)) return Error::invalid("data", "missing");
  object data;
  if (data_el.get_object().get(data)) return Error::invalid("data", "expected an object");
  if (auto s = entry->read(data, int(schema), e.data); !s) return std::move(s).error();
  return e;
}

}  // namespace webox
