// http/outbound_pacer.h with a clock of our own: what leaves when, for the contract in its header
// (frame k of a run due at start + k × 20 ms, released up to one frame early; marks and turn
// starts in their place; clear drops; a late release is counted).
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "http/outbound_pacer.h"

using webox::http::OutboundPacer;
using Kind = OutboundPacer::Out::Kind;
using namespace std::chrono_literals;

namespace {

using Clock = OutboundPacer::Clock;
const Clock::time_point t0 = Clock::time_point{} + 1h;  // any fixed origin

// `frames` frames of turn audio, frame i filled with byte i (so the order can be checked).
std::vector<std::uint8_t> audio(int frames) {
  std::vector<std::uint8_t> a;
  for (int i = 0; i < frames; ++i) a.insert(a.end(), OutboundPacer::kFrameBytes, std::uint8_t(i));
  return a;
}

// What one drain released: "first 3", "media 3 #0" (the frame's fill byte), "mark turn-3".
struct Drained {
  std::vector<std::string> out;
  std::optional<Clock::time_point> next;
};

Drained drain(OutboundPacer& p, Clock::time_point now) {
  Drained d;
  d.next = p.drain(now, [&](const OutboundPacer::Out& o) {
    switch (o.kind) {
      case Kind::first_frame: d.out.push_back("first " + std::to_string(o.turn)); break;
      case Kind::media:
        REQUIRE(o.audio.size() == OutboundPacer::kFrameBytes);
        d.out.push_back("media " + std::to_string(o.turn) + " #" + std::to_string(o.audio[0]));
        break;
      case Kind::mark: d.out.push_back("mark " + std::string(o.name)); break;
    }
  });
  return d;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("the pacer releases one frame per 20 ms, a frame ahead", "[pacer]") {
  OutboundPacer p;
  p.play(3, audio(5));
  p.mark("turn-3");
  CHECK(p.queued() == 7);  // first_frame, 5 frames, the mark

  // The run starts now: frame 0 is due, frame 1 (due at +20 ms) may leave a frame early.
  Drained d = drain(p, t0);
  CHECK(d.out == Strings{"first 3", "media 3 #0", "media 3 #1"});
  REQUIRE(d.next);
  CHECK(*d.next == t0 + 20ms);  // frame 2, due at +40 ms, may leave at +20 ms

  // Woken early: nothing leaves, the same wake-up is asked for.
  d = drain(p, t0 + 10ms);
  CHECK(d.out.empty());
  REQUIRE(d.next);
  CHECK(*d.next == t0 + 20ms);

  d = drain(p, t0 + 20ms);
  CHECK(d.out == Strings{"media 3 #2"});
  CHECK(d.next == t0 + 40ms);
  d = drain(p, t0 + 40ms);
  CHECK(d.out == Strings{"media 3 #3"});
  CHECK(d.next == t0 + 60ms);

  // The last frame, and the mark right after it (marks do not wait), then nothing queued.
  d = drain(p, t0 + 60ms);
  CHECK(d.out == Strings{"media 3 #4", "mark turn-3"});
  CHECK_FALSE(d.next);
  CHECK(p.idle());
  CHECK(p.frames_sent() == 5);
  CHECK(p.late_frames() == 0);
  CHECK(p.worst_lateness() == Clock::duration::zero());
}

TEST_CASE("the pacer never releases a frame more than one frame early", "[pacer]") {
  // Drained at every millisecond: frame k must never leave before start + (k-1) × 20 ms.
  OutboundPacer p;
  p.play(1, audio(50));
  int sent = 0;
  for (auto now = t0; now <= t0 + 1200ms; now += 1ms) {
    p.drain(now, [&](const OutboundPacer::Out& o) {
      if (o.kind != Kind::media) return;
      const auto due = t0 + sent * OutboundPacer::kFrame;
      CHECK(now >= due - OutboundPacer::kFrame);
      CHECK(now <= due);  // and, drained this often, never after it was due
      ++sent;
    });
  }
  CHECK(sent == 50);
  CHECK(p.late_frames() == 0);
}

TEST_CASE("each turn is announced once, before its first frame", "[pacer]") {
  OutboundPacer p;
  p.play(1, audio(2));
  p.play(1, audio(1));  // a second sentence of the same turn: no second first_frame
  p.mark("turn-1");
  p.play(2, audio(1));
  p.mark("turn-2");
  Strings all;
  for (auto now = t0; !p.idle(); now += 20ms) {
    Drained d = drain(p, now);
    all.insert(all.end(), d.out.begin(), d.out.end());
    REQUIRE(now < t0 + 1s);
  }
  CHECK(all == Strings{"first 1", "media 1 #0", "media 1 #1", "media 1 #0", "mark turn-1",
                       "first 2", "media 2 #0", "mark turn-2"});
  CHECK(p.frames_sent() == 4);
}

TEST_CASE("a mark with no audio before it leaves at once", "[pacer]") {
  OutboundPacer p;
  p.mark("turn-0");
  Drained d = drain(p, t0);
  CHECK(d.out == Strings{"mark turn-0"});
  CHECK_FALSE(d.next);
  CHECK(p.frames_sent() == 0);
}

TEST_CASE("a tail shorter than a frame is dropped", "[pacer]") {
  OutboundPacer p;
  std::vector<std::uint8_t> a = audio(2);
  a.resize(a.size() + 100, 0xFF);
  p.play(4, a);
  CHECK(p.queued() == 3);  // first_frame and 2 frames
}

TEST_CASE("clear drops the queued frames and marks", "[pacer]") {
  OutboundPacer p;
  p.play(5, audio(10));
  p.mark("turn-5");
  Drained d = drain(p, t0);
  CHECK(d.out.size() == 3);  // first, frames 0 and 1
  p.clear();
  CHECK(p.idle());
  CHECK(p.queued() == 0);
  d = drain(p, t0 + 20ms);
  CHECK(d.out.empty());
  CHECK_FALSE(d.next);
  CHECK(p.frames_sent() == 2);

  // The next reply starts a run of its own, at once, and is announced (even the same turn).
  p.play(5, audio(1));
  p.mark("turn-5");
  d = drain(p, t0 + 30ms);
  CHECK(d.out == Strings{"first 5", "media 5 #0", "mark turn-5"});
  CHECK(p.late_frames() == 0);
}

TEST_CASE("a run restarts when audio comes after the queue ran dry", "[pacer]") {
  OutboundPacer p;
  p.play(1, audio(2));
  CHECK(drain(p, t0).out.size() == 3);
  CHECK(p.idle());
  // Two seconds later: the new run's first frame is due now, not 2 s ago (nothing is late).
  p.play(2, audio(3));
  Drained d = drain(p, t0 + 2s);
  CHECK(d.out == Strings{"first 2", "media 2 #0", "media 2 #1"});
  CHECK(d.next == t0 + 2s + 20ms);
  d = drain(p, t0 + 2s + 20ms);
  CHECK(d.out == Strings{"media 2 #2"});
  CHECK_FALSE(d.next);
  CHECK(p.late_frames() == 0);
  CHECK(p.frames_sent() == 5);
}

TEST_CASE("a drain 60 ms late releases the overdue frames and counts the late ones", "[pacer]") {
  OutboundPacer p;
  p.play(1, audio(10));
  CHECK(drain(p, t0).out.size() == 3);  // first, frames 0 (due t0) and 1 (due +20)
  // Frame 2 is due at +40 ms; the drain comes at +100 ms, 60 ms after it was due.
  // Due +40: 60 ms late; +60: 40 ms late; +80: 20 ms (not more than a frame: on time);
  // +100: now; +120: one frame early. Frame k stays due at start + k × 20 ms: the run keeps
  // its schedule and catches up.
  Drained d = drain(p, t0 + 100ms);
  CHECK(d.out == Strings{"media 1 #2", "media 1 #3", "media 1 #4", "media 1 #5", "media 1 #6"});
  CHECK(p.late_frames() == 2);
  CHECK(p.worst_lateness() == 60ms);
  CHECK(d.next == t0 + 120ms);
  // Back on time: nothing more is late.
  d = drain(p, t0 + 120ms);
  CHECK(d.out == Strings{"media 1 #7"});
  CHECK(p.late_frames() == 2);
}
