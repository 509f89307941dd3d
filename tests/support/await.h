// Waits for an engine callback in a test: the Engine answers through callbacks on its own
// threads, a test wants the value.
//
//   auto view = await<AssistantView>([&](auto cb) { engine->get_assistant(scope, id, cb); });
//   REQUIRE(view.ok());
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <future>

#include "events/result.h"

namespace webox::testing {

template <class T, class F>
Result<T> await(F&& start) {
  std::promise<Result<T>> p;
  auto f = p.get_future();
  start([&p](Result<T> r) { p.set_value(std::move(r)); });
  REQUIRE(f.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  return f.get();
}

}  // namespace webox::testing
