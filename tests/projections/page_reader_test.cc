// The read-ahead of catch_up() and rebuild(): pages in log order with nothing skipped or
// repeated, the end and errors kept, and a reader dropped half-way stops without hanging.
#include <catch2/catch.hpp>

#include "projections/fold_loop.h"
#include "projections/page_reader.h"
#include "projections/read_models.h"
#include "tests/projections/fold_fixture.h"

using namespace webox;
using webox::testing::LoggedCalls;

TEST_CASE("page reader: consecutive pages cover the log once, then the end, again and again") {
  LoggedCalls logged(40);
  const std::uint64_t last = logged.log->last_position();
  REQUIRE(last > 100);
  for (std::size_t page_events : {1u, 7u, 64u, 100000u}) {
    for (std::uint64_t from : {std::uint64_t{1}, last / 2, last, last + 1}) {
      PageReader reader(*logged.log, from, page_events, 2);
      std::uint64_t next = from;
      for (;;) {
        auto page = reader.next();
        REQUIRE(page);
        if (page->empty()) break;
        CHECK(page->size() <= page_events);
        for (const auto& e : *page) REQUIRE(e.position == next++);
        reader.recycle(std::move(*page));
      }
      CHECK(next == std::max(from, last + 1));
      auto again = reader.next();  // the end stays the end
      REQUIRE(again);
      CHECK(again->empty());
    }
  }
}

TEST_CASE("page reader: destroyed with pages not taken, it stops at once") {
  LoggedCalls logged(40);
  for (int i = 0; i < 20; ++i) {
    PageReader reader(*logged.log, 1, 3, 1);  // the thread fills its one slot and waits
    if (i % 2) (void)reader.next();
  }  // each destructor must join a thread blocked on a full queue
  SUCCEED("no hang");
}

TEST_CASE("fold loop: a page read ahead folds like fold_page, and a gap is refused") {
  LoggedCalls logged(30);
  auto store_a = logged.store("a");
  auto store_b = logged.store("b");
  ReadModels by_page, read_ahead;
  FoldLoop a(*store_a, by_page.all()), b(*store_b, read_ahead.all());
  REQUIRE(a.load());
  REQUIRE(b.load());
  while (*a.fold_page(*logged.log, 50) > 0) {
  }
  REQUIRE(a.commit());

  PageReader reader(*logged.log, 1, 50);
  auto first = reader.next();
  REQUIRE(first);
  REQUIRE(first->size() == 50);
  auto second = reader.next();
  REQUIRE(second);
  auto gap = b.fold(*second);  // page 2 before page 1: events 1..50 would be skipped
  REQUIRE_FALSE(gap);
  CHECK(gap.error().code == Errc::internal);
  CHECK(b.position() == 0);

  REQUIRE(*b.fold(*first) == 50);
  REQUIRE(*b.fold(*first) == 50);  // folded again: every event already seen is skipped
  REQUIRE(*b.fold(*second) == second->size());
  for (;;) {
    auto page = reader.next();
    REQUIRE(page);
    if (page->empty()) break;
    REQUIRE(b.fold(*page));
  }
  REQUIRE(b.commit());
  CHECK(b.position() == a.position());
  for (auto* m : by_page.all()) {
    auto rows_a = store_a->dump(m->name());
    auto rows_b = store_b->dump(m->name());
    REQUIRE(rows_a);
    REQUIRE(rows_b);
    CHECK(*rows_a == *rows_b);
  }
}
