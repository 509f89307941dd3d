#include "http/booking_routes.h"


#include "adapters/booking/availability.h"
#include "http/booking_json.h"
#include "http/problem.h"
#include "http/query_params.h"

namespace webox::http {

void list_bookings(Engine& engine, const Access& access, const Request& request,
                   Respond respond) {
  auto p = query_parameters(request, {"assistant_id", "from", "to", "status", "limit"});
  if (!p) return respond(problem(p.error()));
  BookingQuery q;
  q.assistant_id = p->value_or("assistant_id");
  q.from = p->value_or("from");
  q.to = p->value_or("to");
  q.status = p->value_or("status");
  for (auto [name, value] : {std::pair{"from", &q.from}, std::pair{"to", &q.to}})
    if (!value->empty() && !booking::parse_date(*value))
      return respond(problem(400, "expected a date YYYY-MM-DD", name));
  if (!q.status.empty() && q.status != "confirmed" && q.status != "cancelled")
    return respond(problem(400, "expected \"confirmed\" or \"cancelled\"", "status"));
  auto limit = limit_parameter(*p, 1000);
  if (!limit) return respond(problem(limit.error()));
  if (*limit) q.limit = **limit;
  engine.list_bookings(access.scope, std::move(q),
                       [respond = std::move(respond)](Result<std::vector<BookingView>> list) {
                         if (!list) return respond(problem(list.error()));
                         respond(json_response(200, render_bookings(*list)));
                       });
}

void create_booking(Engine& engine, const Access& access, const Request& request,
                    Respond respond) {
  if (access.scope.all())
    return respond(problem(400, "name the tenant with the X-Webox-Tenant header", "X-Webox-Tenant"));
  auto b = parse_booking_request(request.body);
  if (!b) return respond(problem(b.error()));
  if (const std::string* key = request.header("Idempotency-Key")) b->booking_id = *key;
  engine.create_booking(access.scope, std::move(*b),
                        [respond = std::move(respond)](Result<BookingAttempt> a) {
                          if (!a) return respond(problem(a.error()));
                          if (!a->booking) return respond(refusal_problem(*a));
                          Response r = json_response(201, render_booking(*a->booking));
                          r.headers.emplace_back("Location", "/api/v1/bookings/" + a->booking->id);
                          respond(std::move(r));
                        });
}

void get_booking(Engine& engine, const Access& access, std::string id, Respond respond) {
  engine.get_booking(access.scope, std::move(id),
                     [respond = std::move(respond)](Result<BookingView> v) {
                       if (!v) return respond(problem(v.error()));
                       respond(json_response(200, render_booking(*v)));
                     });
}

void cancel_booking(Engine& engine, const Access& access, std::string id, Respond respond) {
  engine.cancel_booking(access.scope, std::move(id),
                        [respond = std::move(respond)](Result<BookingView> v) {
                          if (!v) return respond(problem(v.error()));
                          respond(json_response(200, render_booking(*v)));
                        });
}

}  // namespace webox::http
