// The softphone's two clocks, without sockets: when each caller frame leaves (a phone line sends
// 20 ms of audio every 20 ms), and when the engine's audio has been "played" so that a mark can
// be echoed, as Twilio's player does.
//
//   FramePacer pacer(2.0);                         // --speed 2: twice real time
//   pacer.due(0) -> 0 µs, pacer.due(3) -> 30,000 µs (3 frames × 20 ms / 2)
//   pacer.frames_by(std::chrono::milliseconds(25)) -> 3   (frames 0, 1, 2 are due)
//
//   Playout player(/*real_time=*/true);
//   player.media(t0, 160);            // 20 ms queued, playing from t0
//   player.mark(t0, "turn-0");        // echoed once that 20 ms has played
//   player.due(t0 + 10ms) -> {}       player.due(t0 + 20ms) -> {"turn-0"}
//   player.clear(now)     -> every pending mark, the queued audio dropped
//
// Contract:
// - FramePacer: frame k (from 0) is due `k × 20 ms / speed` after the first; speed > 0. The
//   schedule is absolute, so a late tick sends the backlog instead of drifting.
// - Playout: audio plays in arrival order at 8,000 μ-law bytes per second, starting when it
//   arrives or when the audio before it ends, whichever is later. A mark is due when all audio
//   queued before it has played; marks come out in the order given. Not real time (--speed
//   above 1): audio plays in no time, so a mark is due as soon as it arrives. clear() drops what
//   has not played and hands back every pending mark at once (Twilio echoes them on a clear).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace webox::tools::softphone {

using Clock = std::chrono::steady_clock;
using Micros = std::chrono::microseconds;

inline constexpr Micros kFrame{20'000};  // one 20 ms frame: 160 μ-law bytes at 8 kHz

class FramePacer {
 public:
  explicit FramePacer(double speed) : speed_(speed) {}

  [[nodiscard]] Micros due(std::uint64_t frame) const;
  // How many frames (0, 1, ... n-1) are due `elapsed` after the first frame's time.
  [[nodiscard]] std::uint64_t frames_by(Micros elapsed) const;
  [[nodiscard]] double speed() const { return speed_; }

 private:
  double speed_;
};

class Playout {
 public:
  explicit Playout(bool real_time) : real_time_(real_time) {}

  void media(Clock::time_point now, std::size_t mulaw_bytes);
  void mark(Clock::time_point now, std::string name);
  [[nodiscard]] std::vector<std::string> clear(Clock::time_point now);
  [[nodiscard]] std::vector<std::string> due(Clock::time_point now);

  // -- observers --
  [[nodiscard]] std::optional<Clock::time_point> next_due() const;  // the first pending mark's
  [[nodiscard]] Micros queued(Clock::time_point now) const;         // audio not yet played
  [[nodiscard]] std::size_t pending_marks() const { return marks_.size(); }

 private:
  struct PendingMark {
    Clock::time_point at;
    std::string name;
  };
  bool real_time_;
  std::optional<Clock::time_point> ends_;  // when the queued audio has played
  std::deque<PendingMark> marks_;
};

}  // namespace webox::tools::softphone
