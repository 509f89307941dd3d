// The calendar actor decides bookings while earlier ones are still being written, and never
// tells a caller "booked" before the log holds the booking. The log writer here is a hand-held
// one: it holds each append until the test lets it go (into a real EventLog), or answers it
// with a conflict, so the order of events is the test's, not the scheduler's.
#include <catch2/catch.hpp>
#include <caf/all.hpp>

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>

#include "actors/calendar_actor.h"
#include "actors/messages.h"
#include "tests/support/temp_dir.h"

using namespace webox;
using webox::testing::TempDir;

namespace {

using release_atom = caf::atom_constant<caf::atom("release")>;
using refuse_atom = caf::atom_constant<caf::atom("refuse")>;
using held_atom = caf::atom_constant<caf::atom("held")>;

// Appends wait in `held`, in arrival order, until released (written to the real log) or
// refused (answered Errc::conflict, nothing written).
struct HeldWriterState {
  EventLog* log = nullptr;
  std::deque<std::pair<AppendRequest, caf::response_promise>> held;
  static inline const char* name = "held-writer";
};

caf::behavior held_writer(caf::stateful_actor<HeldWriterState>* self, EventLog* log) {
  self->state.log = log;
  return {
      [=](append_atom, AppendRequest& req) {
        self->state.held.emplace_back(std::move(req), self->make_response_promise());
      },
      [=](held_atom) -> std::vector<std::int64_t> {  // the expected versions waiting
        std::vector<std::int64_t> out;
        for (auto& [req, rp] : self->state.held) out.push_back(req.expected_version);
        return out;
      },
      [=](release_atom) {
        auto& [req, rp] = self->state.held.front();
        auto r = self->state.log->append(req.stream, req.expected_version, req.events);
        rp.deliver(AppendOutcome{std::move(r)});
        self->state.held.pop_front();
      },
      [=](refuse_atom) {
        auto& [req, rp] = self->state.held.front();
        rp.deliver(AppendOutcome{Error::make(Errc::conflict, "refused by the test")});
        self->state.held.pop_front();
      },
  };
}

// Decisions as they come back, by booking id.
struct Answers {
  std::mutex mu;
  std::condition_variable cv;
  std::map<std::string, Result<BookingDecision>> by_id;

  Callback<BookingDecision> for_id(const std::string& id) {
    return [this, id](Result<BookingDecision> d) {
      std::lock_guard lock(mu);
      by_id.insert_or_assign(id, std::move(d));
      cv.notify_all();
    };
  }
  bool has(const std::string& id) {
    std::lock_guard lock(mu);
    return by_id.count(id) > 0;
  }
  Result<BookingDecision> wait(const std::string& id) {
    std::unique_lock lock(mu);
    REQUIRE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return by_id.count(id) > 0; }));
    return by_id.at(id);
  }
};

struct Rig {
  TempDir dir;
  std::unique_ptr<EventLog> log;
  BlockingWorker readers{"test-read", 1};
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  caf::actor writer, calendars;
  Answers answers;
  // 8 seats, open every day: two parties of 4 fill 20:00.
  std::string context = R"({"seats": 8, "utc_offset": "+00:00"})";

  Rig() {
    log = std::move(*EventLog::open(dir.str()));
    writer = sys.spawn(held_writer, log.get());
    calendars = spawn_calendar_registry(
        sys, CalendarDeps{.log_writer = writer, .log = log.get(), .readers = &readers,
                          .clock = [] { return Micros{1'764'000'000'000'000}; /* 2025-11-24 */ }});
  }
  ~Rig() {
    caf::anon_send_exit(calendars, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(writer, caf::exit_reason::user_shutdown);
    readers.stop();
  }

  void book(const std::string& id, int party, bool dry_run = false, std::string answer_as = "") {
    Envelope e;
    e.stream = calendar_stream("a-1");
    e.tenant = "t";
    e.event_id = Uuid::from_name(Uuid{}, id);
    e.recorded_at = 1'764'000'000'000'000;
    e.data = BookingConfirmed{.booking_id = id, .assistant_id = "a-1", .kind = "table",
                              .date = "2026-01-15", .time = "20:00", .party_size = party,
                              .name = "N"};
    caf::anon_send(calendars, book_atom::value, BookRequest{std::move(e), context, dry_run},
                   answers.for_id(answer_as.empty() ? id : answer_as));
  }

  std::vector<std::int64_t> held() {
    caf::scoped_actor self{sys};
    std::vector<std::int64_t> out;
    self->request(writer, caf::infinite, held_atom::value)
        .receive([&](std::vector<std::int64_t>& v) { out = std::move(v); },
                 [&](caf::error& e) { FAIL(to_string(e)); });
    return out;
  }
  // Waits until `n` appends are held by the writer.
  std::vector<std::int64_t> held(std::size_t n) {
    for (int i = 0; i < 1000; ++i) {
      auto h = held();
      if (h.size() >= n) return h;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    FAIL("the writer never held " << n << " appends");
    return {};
  }
};

}  // namespace

TEST_CASE("bookings are decided while the ones before them are being written") {
  Rig rig;
  rig.book("b1", 4);
  rig.book("b2", 4);
  rig.book("b3", 4);  // 20:00 is full once b1 and b2 are in, written or not
  rig.book("b4", 2, /*dry_run=*/true);
  // Both bookings reached the writer before either was answered, each expecting the version
  // the one before it makes.
  CHECK(rig.held(2) == std::vector<std::int64_t>{kNoStream, 1});
  auto b3 = rig.answers.wait("b3");
  REQUIRE(b3);
  CHECK(b3->verdict.reason == booking::Refusal::full);
  CHECK_FALSE(b3->verdict.alternatives.empty());
  CHECK(rig.answers.wait("b4")->verdict.reason == booking::Refusal::full);
  // Nobody is told "booked" before the log holds it.
  CHECK_FALSE(rig.answers.has("b1"));
  CHECK_FALSE(rig.answers.has("b2"));
  caf::anon_send(rig.writer, release_atom::value);
  REQUIRE(rig.answers.wait("b1"));
  CHECK(rig.answers.wait("b1")->booking.booking_id == "b1");
  CHECK_FALSE(rig.answers.has("b2"));
  caf::anon_send(rig.writer, release_atom::value);
  REQUIRE(rig.answers.wait("b2"));
  CHECK(rig.log->stream_version(calendar_stream("a-1")) == 2);
}

TEST_CASE("an append refused mid-pipeline: the calendar is read again and the bookings decided again") {
  Rig rig;
  rig.book("b1", 4);
  rig.book("b2", 4);
  REQUIRE(rig.held(2).size() == 2);
  // b1 is refused (as if another writer had moved the stream); b2, appended expecting b1's
  // version, then fails against the real log with a conflict.
  caf::anon_send(rig.writer, refuse_atom::value);
  caf::anon_send(rig.writer, release_atom::value);
  // Both are decided again on a calendar read from the log (empty), and appended afresh.
  auto again = rig.held(2);
  CHECK(again == std::vector<std::int64_t>{kNoStream, 1});
  CHECK_FALSE(rig.answers.has("b1"));
  CHECK_FALSE(rig.answers.has("b2"));
  caf::anon_send(rig.writer, release_atom::value);
  caf::anon_send(rig.writer, release_atom::value);
  REQUIRE(rig.answers.wait("b1"));
  REQUIRE(rig.answers.wait("b2"));
  CHECK(rig.log->stream_version(calendar_stream("a-1")) == 2);
  // And the calendar goes on: a third party of 4 no longer fits.
  rig.book("b3", 4);
  CHECK(rig.answers.wait("b3")->verdict.reason == booking::Refusal::full);
}

TEST_CASE("a booking refused twice is answered with an error, never as booked") {
  Rig rig;
  rig.book("b1", 4);
  REQUIRE(rig.held(1).size() == 1);
  caf::anon_send(rig.writer, refuse_atom::value);
  REQUIRE(rig.held(1).size() == 1);  // decided again after the reload
  caf::anon_send(rig.writer, refuse_atom::value);
  auto b1 = rig.answers.wait("b1");
  REQUIRE_FALSE(b1);
  CHECK(b1.error().code == Errc::conflict);
  CHECK(rig.log->stream_version(calendar_stream("a-1")) == 0);
  // The calendar still works afterwards.
  rig.book("b2", 4);
  REQUIRE(rig.held(1).size() == 1);
  caf::anon_send(rig.writer, release_atom::value);
  REQUIRE(rig.answers.wait("b2"));
}

TEST_CASE("a retried booking is not answered before the first attempt's append lands") {
  Rig rig;
  rig.book("b1", 4);
  REQUIRE(rig.held(1).size() == 1);
  rig.book("b1", 4, false, "b1 again");  // the same booking, asked again (a retried API call)
  rig.book("b9", 2, true);               // meanwhile other requests are decided at once
  REQUIRE(rig.answers.wait("b9"));
  CHECK_FALSE(rig.answers.has("b1 again"));
  CHECK(rig.held() == std::vector<std::int64_t>{kNoStream});  // nothing appended twice
  caf::anon_send(rig.writer, release_atom::value);
  REQUIRE(rig.answers.wait("b1"));
  auto again = rig.answers.wait("b1 again");
  REQUIRE(again);
  CHECK(again->booking.booking_id == "b1");
  CHECK(rig.log->stream_version(calendar_stream("a-1")) == 1);
}
