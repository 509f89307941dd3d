#include "tools/softphone_clock.h"

#include <algorithm>
#include <cmath>

namespace webox::tools::softphone {

// -- FramePacer --

Micros FramePacer::due(std::uint64_t frame) const {
  return Micros(std::llround(static_cast<double>(frame) * kFrame.count() / speed_));
}

std::uint64_t FramePacer::frames_by(Micros elapsed) const {
  if (elapsed.count() < 0) return 0;
  // Frame k is due when k * 20 ms / speed <= elapsed; the epsilon keeps an exact boundary
  // (elapsed == due(k)) from being lost to rounding.
  const double k = std::floor(elapsed.count() * speed_ / kFrame.count() + 1e-9);
  std::uint64_t n = static_cast<std::uint64_t>(k) + 1;
  while (n > 0 && due(n - 1) > elapsed) --n;  // agree with due() exactly
  while (due(n) <= elapsed) ++n;
  return n;
}

// -- Playout --

void Playout::media(Clock::time_point now, std::size_t mulaw_bytes) {
  if (!real_time_) return;  // plays in no time
  const Clock::time_point from = ends_ && *ends_ > now ? *ends_ : now;
  ends_ = from + Micros(static_cast<std::int64_t>(mulaw_bytes) * 125);  // 8 bytes per ms
}

void Playout::mark(Clock::time_point now, std::string name) {
  const Clock::time_point at = real_time_ && ends_ && *ends_ > now ? *ends_ : now;
  marks_.push_back({marks_.empty() ? at : std::max(at, marks_.back().at), std::move(name)});
}

std::vector<std::string> Playout::clear(Clock::time_point now) {
  ends_ = now;
  std::vector<std::string> names;
  for (PendingMark& m : marks_) names.push_back(std::move(m.name));
  marks_.clear();
  return names;
}

std::vector<std::string> Playout::due(Clock::time_point now) {
  std::vector<std::string> names;
  while (!marks_.empty() && marks_.front().at <= now) {
    names.push_back(std::move(marks_.front().name));
    marks_.pop_front();
  }
  return names;
}

std::optional<Clock::time_point> Playout::next_due() const {
  if (marks_.empty()) return std::nullopt;
  return marks_.front().at;
}

Micros Playout::queued(Clock::time_point now) const {
  if (!ends_ || *ends_ <= now) return Micros(0);
  return std::chrono::duration_cast<Micros>(*ends_ - now);
}

}  // namespace webox::tools::softphone
