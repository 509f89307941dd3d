#include "http/call_routes.h"

#include <memory>

#include "adapters/twilio/form.h"
#include "events/clock.h"
#include "events/codec.h"
#include "http/call_json.h"
#include "http/problem.h"
#include "http/query_params.h"
#include "projections/time_zone.h"

namespace webox::http {

namespace {

bool is_e164(std::string_view s) {
  if (s.size() < 3 || s.size() > 16 || s[0] != '+') return false;
  for (char c : s.substr(1))
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

void list_calls(Engine& engine, const Scope& scope, const Request& request, Respond respond) {
  auto p = query_parameters(request, {"assistant_id", "status", "outcome", "day", "caller", "cursor",
                                "limit"});
  if (!p) return respond(problem(p.error()));
  CallQuery q;
  q.assistant_id = p->value_or("assistant_id");
  q.status = p->value_or("status");
  q.outcome = p->value_or("outcome");
  q.day = p->value_or("day");
  q.cursor = p->value_or("cursor");
  std::string caller = p->value_or("caller");
  if (!q.day.empty() && !valid_day(q.day))
    return respond(problem(400, "expected a date YYYY-MM-DD", "day"));
  if (!caller.empty() && !is_e164(caller))
    return respond(problem(400, "expected an E.164 number such as +33612345678", "caller"));
  if (!q.outcome.empty()) {
    bool known = false;
    for (auto o : kOutcomes) known |= (q.outcome == o);
    if (!known) return respond(problem(400, "unknown outcome", "outcome"));
  }
  if (!q.cursor.empty() && q.cursor.find('.') == std::string::npos)
    return respond(problem(400, "not a cursor from a previous page", "cursor"));
  auto limit = limit_parameter(*p, 500);
  if (!limit) return respond(problem(limit.error()));
  if (*limit) q.limit = **limit;
  engine.list_calls(scope, std::move(q), std::move(caller),
                    [respond = std::move(respond)](Result<CallPage> page) {
                      if (!page) return respond(problem(page.error()));
                      respond(json_response(200, render_call_page(*page)));
                    });
}

void get_call(Engine& engine, const Scope& scope, std::string call_sid, Respond respond) {
  engine.get_call(scope, std::move(call_sid), [respond = std::move(respond)](Result<CallDetail> d) {
    if (!d) return respond(problem(d.error()));
    respond(json_response(200, render_call_detail(*d)));
  });
}

namespace {

struct Range {
  std::string name, from, to;
};

// Collects the answers of several ranges and responds once, whatever thread answers last.
struct RangeAnswers {
  std::vector<Range> ranges;
  std::vector<std::optional<Result<StatsView>>> views;
  std::string time_zone;
  bool single = false;
  Respond respond;
  std::mutex mu;
  std::size_t pending = 0;

  void done(std::size_t i, Result<StatsView> v) {
    {
      std::lock_guard lock(mu);
      views[i] = std::move(v);
      if (--pending) return;
    }
    for (auto& v : views)
      if (!*v) return respond(problem(v->error()));
    std::string out = "{\"time_zone\":";
    append_json_string(out, time_zone);
    if (single) {
      out += ",\"from\":";
      append_json_string(out, ranges[0].from);
      out += ",\"to\":";
      append_json_string(out, ranges[0].to);
      out += ',';
      std::string view;
      render_stats_view(view, **views[0], true);
      out += view.substr(1);  // the view's members, in this object
      return respond(json_response(200, std::move(out)));
    }
    out += ",\"ranges\":{";
    for (std::size_t i = 0; i < ranges.size(); ++i) {
      if (i) out += ',';
      append_json_string(out, ranges[i].name);
      out += ":{\"from\":";
      append_json_string(out, ranges[i].from);
      out += ",\"to\":";
      append_json_string(out, ranges[i].to);
      out += ',';
      std::string view;
      render_stats_view(view, **views[i], false);
      out += view.substr(1);
    }
    out += "}}";
    respond(json_response(200, std::move(out)));
  }
};

}  // namespace

void call_stats(Engine& engine, const Scope& scope, const Request& request, Respond respond) {
  auto p = query_parameters(request, {"assistant_id", "from", "to"});
  if (!p) return respond(problem(p.error()));
  std::string from = p->value_or("from"), to = p->value_or("to");
  if (!from.empty() && !valid_day(from))
    return respond(problem(400, "expected a date YYYY-MM-DD", "from"));
  if (!to.empty() && !valid_day(to))
    return respond(problem(400, "expected a date YYYY-MM-DD", "to"));
  if (!from.empty() && !to.empty() && from > to)
    return respond(problem(400, "must not be after \"to\"", "from"));

  auto answers = std::make_shared<RangeAnswers>();
  answers->time_zone = scope.all() ? "UTC" : engine.time_zone_of(scope.tenant_id);
  answers->respond = std::move(respond);
  if (!from.empty() || !to.empty()) {
    answers->single = true;
    answers->ranges.push_back({"range", from, to});
  } else {
    // "Today" is the tenant's today: a Paris restaurant's day starts at midnight in Paris.
    std::string today = TimeZone::find_or_utc(answers->time_zone).local(now_micros()).day_key();
    answers->ranges = {{"today", today, today},
                       {"last_7_days", *add_days(today, -6), today},
                       {"last_30_days", *add_days(today, -29), today}};
  }
  answers->views.resize(answers->ranges.size());
  answers->pending = answers->ranges.size();
  for (std::size_t i = 0; i < answers->ranges.size(); ++i) {
    StatsQuery q{.assistant_id = p->value_or("assistant_id"),
                 .from_day = answers->ranges[i].from,
                 .to_day = answers->ranges[i].to};
    engine.call_stats(scope, std::move(q),
                      [answers, i](Result<StatsView> v) { answers->done(i, std::move(v)); });
  }
}

}  // namespace webox::http
