#include "actors/nats_range.h"

#include <unordered_set>

#include "adapters/nats/subject.h"
#include "events/codec.h"

namespace webox {

RangeOutcome publish_range(const EventLog& log, nats::JetStream& js, const RangeRequest& req) {
  RangeOutcome out;
  const std::uint64_t first = std::max<std::uint64_t>(req.from, 1);
  std::uint64_t next = first;
  out.acked_through = first - 1;
  while (next <= req.to) {
    std::size_t want = static_cast<std::size_t>(
        std::min<std::uint64_t>(req.batch, req.to - next + 1));
    auto events = log.read_all(next, want);
    if (!events) {
      out.error = std::move(events).error();
      return out;
    }
    if (events->empty()) return out;  // the end of the log

    std::vector<std::string> ids;
    ids.reserve(events->size());
    for (const Envelope& e : *events) {
      ids.push_back(e.event_id.str());
      if (auto s = js.publish_async(nats::nats_subject(e), encode(e), ids.back()); !s) {
        out.error = std::move(s).error();
        return out;  // nothing of this batch is known to be acknowledged
      }
    }
    auto acks = js.wait_acks(req.ack_timeout);
    if (!acks) {
      out.error = std::move(acks).error();
      return out;
    }
    // The acknowledged prefix: JetStream may store a later message after refusing an earlier
    // one, but the checkpoint must not skip the refused one.
    std::size_t prefix = events->size();
    if (!acks->failed_ids.empty()) {
      std::unordered_set<std::string> failed(acks->failed_ids.begin(), acks->failed_ids.end());
      for (std::size_t i = 0; i < ids.size(); ++i)
        if (failed.count(ids[i])) {
          prefix = i;
          break;
        }
    }
    if (prefix > 0) {
      out.acked_through = (*events)[prefix - 1].position;
      out.published += prefix;
      out.duplicates += acks->duplicates;
    }
    if (prefix < events->size()) {
      out.error = Error::make(Errc::unavailable,
                              "JetStream refused the event at position " +
                                  std::to_string((*events)[prefix].position) + ": " +
                                  acks->first_error);
      if (prefix > 0 && req.after_batch) req.after_batch(out);
      return out;
    }
    next = events->back().position + 1;
    if (req.after_batch && !req.after_batch(out)) return out;
  }
  return out;
}

}  // namespace webox
