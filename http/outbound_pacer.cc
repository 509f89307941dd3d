#include "http/outbound_pacer.h"

#include <algorithm>

namespace webox::http {

void OutboundPacer::play(std::int32_t turn, std::span<const std::uint8_t> mulaw) {
  if (turn != last_turn_) {
    queue_.push_back(Item{.kind = Out::Kind::first_frame, .turn = turn});
    last_turn_ = turn;
  }
  for (std::size_t at = 0; at + kFrameBytes <= mulaw.size(); at += kFrameBytes) {
    Item& item = queue_.emplace_back();
    item.kind = Out::Kind::media;
    item.turn = turn;
    std::copy_n(mulaw.begin() + static_cast<std::ptrdiff_t>(at), kFrameBytes, item.audio.begin());
  }
}

void OutboundPacer::mark(std::string name) {
  queue_.push_back(Item{.kind = Out::Kind::mark, .name = std::move(name)});
}

void OutboundPacer::clear() {
  queue_.clear();
  running_ = false;
  last_turn_ = -1;
}

}  // namespace webox::http
