// Publishes a range of the event log to JetStream, batch by batch, and says how far JetStream
// acknowledged it without a gap. The NATS publisher's loop (nats_publisher.h) and
// `webox nats republish` are both made of it.
//
//   auto r = publish_range(*log, *js, {.from = 10, .to = 20});
//   // all acknowledged:        r.acked_through == 20, r.published == 11, !r.error
//   // refused at position 15:  r.acked_through == 14, r.error says why
//
// Each event goes on subject nats_subject(e) (webox.<tenant>.<category>.<EventType>) with the
// payload encode(e) (events/codec.h: the envelope as the log stores it, personal fields still
// sealed) and the header Nats-Msg-Id = its event id, so JetStream drops a copy it already holds
// (within its duplicate window, 2 minutes by default). A batch is published asynchronously,
// then its acknowledgements are awaited; acked_through moves over the acknowledged prefix of
// the batch only, never past a hole.
//
// Blocks the calling thread on the network: never call it from an actor.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

#include "adapters/nats/jetstream.h"
#include "events/result.h"
#include "storage/event_log.h"

namespace webox {

struct RangeOutcome {
  std::uint64_t acked_through = 0;  // from - 1 when nothing was acknowledged
  std::uint64_t published = 0;      // events acknowledged (duplicates included)
  std::uint64_t duplicates = 0;     // of which JetStream already held the id
  std::optional<Error> error;       // why it stopped before `to`; none: it got there
};

struct RangeRequest {
  std::uint64_t from = 1;
  std::uint64_t to = UINT64_MAX;  // inclusive; beyond the log's end: up to its end
  std::size_t batch = 4096;
  std::chrono::milliseconds ack_timeout{5000};
  // After each acknowledged batch, with the outcome so far; returning false stops there
  // (without an error). Where the publisher saves its checkpoint.
  std::function<bool(const RangeOutcome&)> after_batch;
};

RangeOutcome publish_range(const EventLog& log, nats::JetStream& js, const RangeRequest& request);

}  // namespace webox
