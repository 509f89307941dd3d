// The read models against a plain fold of the same events, and the projector's contract:
// rebuild equals incremental, a restart resumes without counting twice.
#include <catch2/catch.hpp>

#include <future>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "projections/fold_loop.h"
#include "projections/projector.h"
#include "projections/read_models.h"
#include "tests/projections/fold_fixture.h"

using namespace webox;
using webox::testing::LoggedCalls;

namespace {

// What the statistics must say, computed the obvious way: one pass, no buckets, no rows.
struct PlainTotals {
  std::uint64_t calls = 0, ended = 0, turns = 0, bookings = 0, duration = 0;
  std::map<std::string, std::uint64_t> per_assistant;
  std::map<std::string, std::uint64_t> outcomes;
};

PlainTotals plain_fold(const std::vector<Envelope>& events, const std::string& tenant) {
  PlainTotals t;
  std::set<std::string> calls, booked, asked, checked, ticket, cancelled;
  std::map<std::string, std::int32_t> max_turn;
  std::map<std::string, std::string> last_action;
  for (const auto& e : events) {
    if (e.tenant == tenant) {
      if (auto* b = std::get_if<BookingConfirmed>(&e.data)) booked.insert(b->call_sid);
      if (auto* q = std::get_if<QuestionAnswered>(&e.data)) asked.insert(q->call_sid);
      if (auto* c = std::get_if<AvailabilityChecked>(&e.data)) checked.insert(c->call_sid);
      if (auto* k = std::get_if<TicketOpened>(&e.data)) ticket.insert(k->call_sid);
      if (auto* x = std::get_if<BookingCancelled>(&e.data)) cancelled.insert(x->call_sid);
      if (auto* r = std::get_if<ReplyGenerated>(&e.data)) last_action[r->call_sid] = r->action;
    }
    if (e.tenant != tenant) continue;
    if (auto* s = std::get_if<CallStarted>(&e.data)) {
      ++t.calls;
      ++t.per_assistant[s->assistant_id];
      calls.insert(s->call_sid);
    } else if (auto* u = std::get_if<UtteranceTranscribed>(&e.data)) {
      max_turn[u->call_sid] = std::max(max_turn[u->call_sid], u->turn);
    } else if (auto* c = std::get_if<CallEnded>(&e.data)) {
      ++t.ended;
      t.duration += static_cast<std::uint64_t>(c->duration_seconds);
    } else if (std::holds_alternative<BookingConfirmed>(e.data)) {
      ++t.bookings;
    }
  }
  for (auto& [sid, n] : max_turn) t.turns += static_cast<std::uint64_t>(n);
  for (const auto& sid : calls)  // every synthetic call has ended
    ++t.outcomes[booked.count(sid)            ? "booking_made"
                 : cancelled.count(sid)       ? "booking_cancelled"
                 : ticket.count(sid)          ? "ticket_opened"
                 : checked.count(sid)         ? "booking_not_made"
                 : asked.count(sid)           ? "question_answered"
                 : last_action[sid] == "listen" ? "abandoned"
                                                : "completed"];
  return t;
}

std::string dump_all(ReadModelStore& store, ReadModels& models) {
  std::string out;
  for (auto* m : models.all()) out += std::string(m->name()) + "\n" + store.dump(m->name()).value();
  return out;
}

// Resumed, never re-counted: tenant t0's totals are those of one plain pass.
void check_counted_once(ReadModels& models, const std::vector<Envelope>& events) {
  PlainTotals want = plain_fold(events, "t0");
  StatsView got = models.stats.query({.tenant_id = "t0"});
  CHECK(got.total.calls == want.calls);
  CHECK(got.total.turns == want.turns);
  CHECK(got.total.duration_seconds == want.duration);
}

}  // namespace

TEST_CASE("statistics equal a plain fold of the same events") {
  LoggedCalls log(400);
  auto store = log.store();
  ReadModels models;
  REQUIRE(catch_up(*log.log, *store, models.all()).value() == log.events.size());
  for (const std::string tenant : {"t0", "t1"}) {
    PlainTotals want = plain_fold(log.events, tenant);
    StatsView got = models.stats.query({.tenant_id = tenant});
    CHECK(got.total.calls == want.calls);
    CHECK(got.total.ended == want.ended);
    CHECK(got.total.turns == want.turns);
    CHECK(got.total.bookings == want.bookings);
    CHECK(got.total.duration_seconds == want.duration);
    CHECK(got.total.outcomes["booking_made"] == want.bookings);  // one booking per booked call
    for (const char* o : {"booking_made", "booking_cancelled", "ticket_opened", "booking_not_made",
                          "question_answered", "abandoned", "completed"}) {
      INFO(o);
      CHECK(got.total.outcomes[o] == want.outcomes[o]);
      CHECK(want.outcomes[o] > 0);
    }
    for (auto& [assistant, n] : want.per_assistant) CHECK(got.by_assistant[assistant].calls == n);
    std::uint64_t by_hour = 0;
    for (auto n : got.total.calls_by_hour) by_hour += n;
    CHECK(by_hour == want.calls);
    CHECK(got.total.turn_latency.samples == want.turns);
  }
}

TEST_CASE("the call list equals a plain fold: every call once, newest first, filters") {
  LoggedCalls log(300);
  auto store = log.store();
  ReadModels models;
  REQUIRE(catch_up(*log.log, *store, models.all()));
  std::map<std::string, Micros> started;  // sid -> start, tenant t1 only
  std::map<std::string, std::string> assistant_of;
  for (const auto& e : log.events)
    if (auto* s = std::get_if<CallStarted>(&e.data); s && e.tenant == "t1") {
      started[s->call_sid] = e.recorded_at;
      assistant_of[s->call_sid] = s->assistant_id;
    }

  // Every page in turn: all of t1's calls, each once, strictly newest first.
  std::vector<CallSummary> all;
  CallQuery q{.tenant_id = "t1", .limit = 37};
  for (;;) {
    CallPage page = models.calls.list(q);
    all.insert(all.end(), page.calls.begin(), page.calls.end());
    if (page.next_cursor.empty()) break;
    q.cursor = page.next_cursor;
  }
  REQUIRE(all.size() == started.size());
  for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i - 1].started_at > all[i].started_at);
  for (const auto& s : all) {
    CHECK(s.tenant_id == "t1");
    CHECK(started.count(s.call_sid));
    CHECK(s.outcome != "in_progress");  // every synthetic call ended
  }

  std::size_t of_a = 0;
  for (auto& [sid, a] : assistant_of) of_a += (a == "a-1-0");
  CHECK(models.calls.list({.tenant_id = "t1", .assistant_id = "a-1-0", .limit = 500}).calls.size() ==
        of_a);
  CHECK(models.calls.list({.tenant_id = "nobody"}).calls.empty());

  auto detail = models.calls.get(all.front().call_sid);
  REQUIRE(detail);
  CHECK(detail->turns.front().turn == 0);  // the greeting
  CHECK(static_cast<std::int32_t>(detail->turns.size()) == detail->summary.turns + 1);
}

TEST_CASE("rows of an older format are dropped and the model folds again from the log") {
  LoggedCalls log(60);
  auto store = log.store();
  {
    ReadModels models;
    REQUIRE(catch_up(*log.log, *store, models.all()));
  }
  const std::string before = store->dump("calls").value();
  // What an engine of the previous version left: format 1 and a row this one cannot read.
  REQUIRE(store->set_format("calls", 1));
  ReadModelStore::Commit old;
  old.put("calls", "c/CA-old", "{\"summary\":{}}");
  REQUIRE(store->write(old));
  ReadModels models;
  REQUIRE(catch_up(*log.log, *store, models.all()));
  CHECK(store->format("calls").value() == ReadModels{}.calls.format());
  CHECK(store->dump("calls").value() == before);
  CHECK(models.calls.size() == 60);
}

TEST_CASE("rebuild equals incremental folding with restarts, byte for byte") {
  LoggedCalls log(250);
  std::string incremental;
  {
    // Fold in uneven pages, restarting the models (new objects, rows loaded back) in between.
    auto store = log.store("incremental");
    std::mt19937 rng(42);
    for (int round = 0; round < 6; ++round) {
      ReadModels models;
      ProjectorOptions o{.page_events = 1 + rng() % 700, .commit_events = 1 + rng() % 2000};
      auto n = catch_up(*log.log, *store, models.all(), o);
      REQUIRE(n);
      log.more(6);  // more calls while the models are "down"
    }
    ReadModels models;
    REQUIRE(catch_up(*log.log, *store, models.all()));
    incremental = dump_all(*store, models);
    check_counted_once(models, log.events);
  }
  auto fresh = log.store("rebuilt");
  ReadModels models;
  REQUIRE(rebuild(*log.log, *fresh, models.all()).value() == log.log->last_position());
  CHECK(dump_all(*fresh, models) == incremental);
  CHECK(incremental.size() > 10000);
}

TEST_CASE("folded but not yet written: a crash loses nothing and counts nothing twice") {
  LoggedCalls log(120);
  auto store = log.store();
  {
    ReadModels models;
    FoldLoop loop(*store, models.all());
    REQUIRE(loop.load());
    REQUIRE(loop.fold_page(*log.log, 300).value() == 300);
    REQUIRE(loop.commit());
    REQUIRE(loop.fold_page(*log.log, 400).value() == 400);
    CHECK(loop.uncommitted() == 400);
    CHECK(loop.position() == 700);
    CHECK(loop.stored_position() == 300);
    CHECK(store->checkpoint("calls").value() == 300);
    // The process dies here: 400 events folded in memory, never written.
  }
  ReadModels models;
  REQUIRE(catch_up(*log.log, *store, models.all()).value() == log.log->last_position() - 300);
  check_counted_once(models, log.events);

  auto fresh = log.store("rebuilt");
  ReadModels rebuilt;
  REQUIRE(rebuild(*log.log, *fresh, rebuilt.all()));
  CHECK(dump_all(*store, models) == dump_all(*fresh, rebuilt));
}

TEST_CASE("the live projector: queries see a fold at once, rows are written by the interval and on stop") {
  LoggedCalls log(40);
  auto store = log.store();
  ReadModels models;
  auto projector = Projector::start(*log.log, *store, models.all(),
                                    {.commit_interval = std::chrono::hours(1)});
  REQUIRE(projector);
  auto caught_up = [&] {
    std::promise<Status> done;
    (*projector)->after_latest([&](Status st) { done.set_value(std::move(st)); });
    return done.get_future().get();
  };
  REQUIRE(caught_up());
  CHECK(models.calls.size() == 40);
  // The first fold is written at once (just after it is published); an hour must pass before
  // the next.
  const auto first_written = log.log->last_position();
  for (int i = 0; i < 500 && store->checkpoint("calls").value() != first_written; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  REQUIRE(store->checkpoint("calls").value() == first_written);

  log.more(15);
  REQUIRE(caught_up());
  CHECK(models.calls.size() == 55);                     // queries see it at once
  CHECK(store->checkpoint("calls").value() == first_written);  // the rows wait

  (*projector)->stop();
  CHECK(store->checkpoint("calls").value() == log.log->last_position());
  ReadModels reloaded;
  REQUIRE(catch_up(*log.log, *store, reloaded.all()).value() == 0);  // nothing to fold again
  CHECK(reloaded.calls.size() == 55);
  auto fresh = log.store("rebuilt");
  ReadModels rebuilt;
  REQUIRE(rebuild(*log.log, *fresh, rebuilt.all()));
  CHECK(dump_all(*store, reloaded) == dump_all(*fresh, rebuilt));
}

TEST_CASE("the live projector far behind reads the backlog ahead and ends equal to a rebuild") {
  LoggedCalls log(60);
  auto store = log.store();
  const ProjectorOptions small{.page_events = 16, .commit_events = 100};
  REQUIRE(log.log->last_position() > 4 * small.page_events + 100);  // far behind at start
  ReadModels models;
  auto projector = Projector::start(*log.log, *store, models.all(), small);
  REQUIRE(projector);
  std::promise<Status> done;
  (*projector)->after_latest([&](Status st) { done.set_value(std::move(st)); });
  REQUIRE(done.get_future().get());
  CHECK(models.calls.size() == 60);
  log.more(5);  // and then page by page, as usual
  std::promise<Status> more;
  (*projector)->after_latest([&](Status st) { more.set_value(std::move(st)); });
  REQUIRE(more.get_future().get());
  (*projector)->stop();
  check_counted_once(models, log.events);
  auto fresh = log.store("rebuilt");
  ReadModels rebuilt;
  REQUIRE(rebuild(*log.log, *fresh, rebuilt.all()));
  CHECK(dump_all(*store, models) == dump_all(*fresh, rebuilt));
}
