// The assistant's audio on its way to Twilio, released at the pace it is played: one 20 ms
// μ-law frame every 20 ms, a frame ahead, with each reply's mark right after its last frame.
// Plain C++ (no socket, no clock of its own): the WebSocket session wakes it on a timer.
//
//   OutboundPacer pacer;
//   pacer.play(3, mulaw_1s);              // 50 frames of turn 3
//   pacer.mark("turn-3");
//   auto next = pacer.drain(now, [&](const OutboundPacer::Out& o) {
//     if (o.kind == Kind::first_frame) voice.on_first_frame(o.turn);   // turn 3 starts now
//     else write(o);                                                   // media, then mark
//   });                                   // next: when to drain again (nullopt: nothing queued)
//   pacer.clear();                        // barge-in: what is queued is dropped
//
// Why pace: Twilio plays what it is sent as it comes, buffering the rest; sending a reply at
// the pace it plays keeps its buffer short, so a `clear` on barge-in silences the caller at once
// and "what was sent" is "what was heard", frame for frame, for the ledger.
// Contract: frame k of a run of audio is due at the run's start + k × 20 ms and is released up
// to one frame early; a run starts when audio is queued while none is (or the queue ran dry).
// A frame released more than 20 ms after it was due is late (late_frames()). Marks and turn
// starts keep their place in the queue; a mark with no audio before it is released at once.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace webox::http {

class OutboundPacer {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::size_t kFrameBytes = 160;
  static constexpr auto kFrame = std::chrono::milliseconds(20);

  struct Out {
    enum class Kind : std::uint8_t { first_frame, media, mark };
    Kind kind = Kind::media;
    std::int32_t turn = 0;
    std::span<const std::uint8_t> audio;  // media: one frame
    std::string_view name;                // mark
  };

  // Whole frames only (a tail shorter than a frame is dropped: the voice pads its replies).
  void play(std::int32_t turn, std::span<const std::uint8_t> mulaw);
  void mark(std::string name);
  void clear();

  // Releases what is due at `now`, in order; returns when the next item is due.
  template <class Emit>
  std::optional<Clock::time_point> drain(Clock::time_point now, Emit&& emit);

  // -- observers --
  bool idle() const { return queue_.empty(); }
  std::size_t queued() const { return queue_.size(); }
  std::uint64_t frames_sent() const { return frames_sent_; }
  std::uint64_t late_frames() const { return late_frames_; }
  Clock::duration worst_lateness() const { return worst_late_; }

 private:
  struct Item {
    Out::Kind kind = Out::Kind::media;
    std::int32_t turn = 0;
    std::array<std::uint8_t, kFrameBytes> audio{};
    std::string name;
  };

  std::deque<Item> queue_;
  Clock::time_point next_due_{};
  bool running_ = false;        // a run of audio is being released
  std::int32_t last_turn_ = -1;  // whose first frame was last queued
  std::uint64_t frames_sent_ = 0, late_frames_ = 0;
  Clock::duration worst_late_{};
};

template <class Emit>
std::optional<OutboundPacer::Clock::time_point> OutboundPacer::drain(Clock::time_point now,
                                                                     Emit&& emit) {
  while (!queue_.empty()) {
    Item& item = queue_.front();
    if (item.kind == Out::Kind::media) {
      if (!running_) {
        running_ = true;
        next_due_ = now;
      }
      if (next_due_ > now + kFrame) return next_due_ - kFrame;
      if (now - next_due_ > kFrame) {
        ++late_frames_;
        worst_late_ = std::max(worst_late_, now - next_due_);
      }
      next_due_ += kFrame;
      ++frames_sent_;
    }
    emit(Out{.kind = item.kind, .turn = item.turn, .audio = item.audio, .name = item.name});
    queue_.pop_front();
  }
  running_ = false;
  return std::nullopt;
}

}  // namespace webox::http
