#include "adapters/twilio/media_stream_session.h"

#include <algorithm>
#include <utility>

namespace webox::twilio::media_stream {
namespace {

Verdict ignore(std::string_view code, std::string detail) {
  return {Action::ignore, code, std::move(detail)};
}

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace

Verdict Session::end(std::string_view code, std::string detail) {
  phase_ = Phase::ended;
  return {Action::end, code, std::move(detail)};
}

Verdict Session::on_error(const Error& error) {
  if (phase_ == Phase::ended) return ignore("after-end", describe(error));
  if (error.code == Errc::unknown_type) return ignore("unknown-event", describe(error));
  return end("malformed-message", describe(error));
}

Verdict Session::on_close() {
  if (phase_ == Phase::ended) return ignore("after-end", "socket closed");
  return end("socket-closed", phase_ == Phase::streaming ? "socket closed before stop"
                                                         : "socket closed before start");
}

void Session::mark_sent(std::string name) { pending_marks_.push_back(std::move(name)); }

// The checks every message after start shares: its stream, then its place in the sequence.
Verdict Session::check_stream(std::string_view event, std::string_view sid, std::uint64_t seq) {
  if (phase_ != Phase::streaming) {
    return end("before-start", std::string(event) + " before start");
  }
  if (sid != stream_sid_) {
    return end("wrong-stream", std::string(event) + " for stream " + std::string(sid) +
                                   ", not " + stream_sid_);
  }
  if (seq <= last_seq_) {
    return ignore("stale-sequence", std::string(event) + " sequenceNumber " + std::to_string(seq) +
                                        " after " + std::to_string(last_seq_));
  }
  gaps_ += seq - last_seq_ - 1;
  last_seq_ = seq;
  return {};
}

Verdict Session::on_start(const Start& start) {
  if (phase_ == Phase::streaming) {
    if (start.stream_sid == stream_sid_) {
      return ignore("duplicate-start", "start repeated for stream " + stream_sid_);
    }
    return end("wrong-stream", "a second start, for stream " + start.stream_sid + ", after " +
                                   stream_sid_);
  }
  phase_ = Phase::streaming;
  stream_sid_ = start.stream_sid;
  call_sid_ = start.call_sid;
  inbound_ = start.inbound_track;
  outbound_ = start.outbound_track;
  last_seq_ = start.sequence_number;
  return {};
}

Verdict Session::on_mark(const Mark& mark) {
  if (Verdict v = check_stream("mark", mark.stream_sid, mark.sequence_number);
      v.action != Action::accept) {
    return v;
  }
  auto it = std::find(pending_marks_.begin(), pending_marks_.end(), mark.name);
  if (it == pending_marks_.end()) {
    return ignore("unknown-mark", "mark \"" + std::string(mark.name) + "\" was never sent");
  }
  pending_marks_.erase(it);
  return {};
}

Verdict Session::on_message(const Inbound& message) {
  if (phase_ == Phase::ended) {
    return ignore("after-end", std::string(event_name(message)) + " after the end");
  }
  return std::visit(
      Overloaded{
          [this](const Connected&) -> Verdict {
            if (phase_ != Phase::awaiting_connected) {
              return ignore("duplicate-connected", "connected again");
            }
            phase_ = Phase::awaiting_start;
            return {};
          },
          [this](const Start& s) -> Verdict { return on_start(s); },
          [this](const Media& m) -> Verdict {
            Verdict v = check_stream("media", m.stream_sid, m.sequence_number);
            if (v.action != Action::accept) return v;
            const bool announced = m.track == Track::inbound ? inbound_ : outbound_;
            if (!announced) {
              return ignore("untracked-media", m.track == Track::inbound
                                                   ? "inbound media, track not started"
                                                   : "outbound media, track not started");
            }
            return v;
          },
          [this](const Dtmf& d) -> Verdict {
            return check_stream("dtmf", d.stream_sid, d.sequence_number);
          },
          [this](const Mark& m) -> Verdict { return on_mark(m); },
          [this](const Stop& s) -> Verdict {
            if (phase_ != Phase::streaming) return end("before-start", "stop before start");
            if (s.stream_sid != stream_sid_) {
              return end("wrong-stream", "stop for stream " + std::string(s.stream_sid) +
                                             ", not " + stream_sid_);
            }
            return end("stopped", "stop");
          },
      },
      message);
}

}  // namespace webox::twilio::media_stream
