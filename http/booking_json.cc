#include "http/booking_json.h"

#include "events/clock.h"
#include "events/codec.h"
#include "http/json_body.h"
#include "http/json_members.h"
#include "http/problem.h"

namespace webox::http {
namespace {

using simdjson::dom::element;

Status read_string(element v, std::string_view key, std::string& out) {
  std::string_view s;
  if (v.get(s)) return Error::invalid(std::string(key), "must be a string");
  out.assign(s);
  return {};
}

Status read_int(element v, std::string_view key, std::int32_t& out) {
  std::int64_t n = 0;
  if (v.get(n) || n < INT32_MIN || n > INT32_MAX)
    return Error::invalid(std::string(key), "must be an integer");
  out = static_cast<std::int32_t>(n);
  return {};
}

Status read_member(std::string_view key, element v, BookingConfirmed& b) {
  std::string s;
  std::int32_t n = 0;
  if (key == "assistant_id") return read_string(v, key, b.assistant_id);
  if (key == "kind") return read_string(v, key, b.kind);
  if (key == "date") return read_string(v, key, b.date);
  if (key == "time") return read_string(v, key, b.time);
  if (key == "name") return read_string(v, key, b.name);
  if (key == "party_size") return read_int(v, key, b.party_size);
  auto text = [&](std::optional<std::string>& field) -> Status {
    if (auto st = read_string(v, key, s); !st) return st;
    field = std::move(s);
    return {};
  };
  auto number = [&](std::optional<std::int32_t>& field) -> Status {
    if (auto st = read_int(v, key, n); !st) return st;
    field = n;
    return {};
  };
  if (key == "phone") return text(b.phone);
  if (key == "resource") return text(b.resource);
  if (key == "service") return text(b.service);
  if (key == "details") return text(b.details);
  if (key == "duration_minutes") return number(b.duration_minutes);
  if (key == "nights") return number(b.nights);
  return Error::invalid(std::string(key), "unknown field");
}

std::optional<std::string> non_empty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

}  // namespace

Result<BookingConfirmed> parse_booking_request(std::string_view json) {
  auto object = parse_json_object(json);
  if (!object) return std::move(object).error();
  BookingConfirmed b;
  b.kind = "table";
  for (auto [key, value] : *object)
    if (auto st = read_member(key, value, b); !st) return std::move(st).error();
  return b;
}

std::string render_booking(const BookingView& v) {
  const auto& b = v.booking;
  std::string out = "{";
  json_str(out, "id", v.id);
  json_str(out, "status", v.status);
  json_str(out, "tenant_id", v.tenant_id);
  json_str(out, "assistant_id", v.assistant_id);
  json_opt(out, "call_sid", non_empty(v.call_sid));
  json_str(out, "kind", b.kind);
  json_str(out, "date", b.date);
  json_str(out, "time", b.time);
  json_num(out, "party_size", b.party_size);
  json_str(out, "name", b.name);
  json_opt(out, "phone", b.phone);
  json_opt(out, "resource", b.resource);
  json_opt(out, "service", b.service);
  json_opt(out, "duration_minutes", std::optional<std::int64_t>(b.duration_minutes));
  json_opt(out, "nights", std::optional<std::int64_t>(b.nights));
  json_opt(out, "details", b.details);
  json_str(out, "created_at", format_utc(v.created_at));
  json_opt(out, "cancelled_at",
          v.cancelled_at ? std::optional<std::string>(format_utc(v.cancelled_at)) : std::nullopt);
  json_opt(out, "cancel_reason", non_empty(v.cancel_reason));
  out.back() = '}';
  return out;
}

std::string render_bookings(const std::vector<BookingView>& list) {
  std::string out = "{\"bookings\":[";
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (i) out += ',';
    out += render_booking(list[i]);
  }
  out += "],\"count\":" + std::to_string(list.size()) + "}";
  return out;
}

// RFC 9457 extension members: why, and what the calendar could offer instead.
Response refusal_problem(const BookingAttempt& a) {
  const int status = a.refusal == "invalid" ? 422 : 409;
  Response r = problem(status, a.message.empty() ? "the calendar refused the booking" : a.message);
  std::string ext = ",\"reason\":";
  append_json_string(ext, a.refusal);
  ext += ",\"alternatives\":[";
  for (std::size_t i = 0; i < a.alternatives.size(); ++i) {
    if (i) ext += ',';
    append_json_string(ext, a.alternatives[i]);
  }
  ext += "]}";
  r.body.pop_back();  // the problem object's closing brace
  r.body += ext;
  return r;
}

}  // namespace webox::http
