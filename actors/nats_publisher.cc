// The publisher's thread: connect, publish from the checkpoint, sleep until the log grows,
// start again from the checkpoint after any failure.
#include "actors/nats_publisher.h"

#include <pthread.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "actors/nats_range.h"
#include "adapters/nats/jetstream.h"

namespace webox {

struct NatsPublisher::Impl {
  Impl(EventLog& l, NatsPublisherOptions o) : log(l), options(std::move(o)) {}

  EventLog& log;
  const NatsPublisherOptions options;
  std::uint64_t listener = 0;
  std::thread thread;

  mutable std::mutex m;
  std::condition_variable wake;
  bool stopping = false;           // under m
  std::uint64_t heard = 0;         // the last position the log announced, under m
  std::string last_error;          // under m

  std::atomic<bool> connected{false};
  std::atomic<std::uint64_t> published_total{0};
  std::atomic<std::uint64_t> checkpoint{0};

  bool stop_requested() {
    std::lock_guard lock(m);
    return stopping;
  }

  void note_error(const Error& e) {
    std::lock_guard lock(m);
    last_error = e.message;
  }

  // Sleeps for `d` unless stop() comes first.
  void pause(std::chrono::milliseconds d) {
    std::unique_lock lock(m);
    wake.wait_for(lock, d, [&] { return stopping; });
  }

  // One connection's life: returns when it fails (the error) or when stopping (ok).
  // `progressed` says whether any batch was acknowledged, to reset the backoff.
  Status session(bool& progressed) {
    auto js = nats::JetStream::connect({.url = options.url,
                                        .client_name = "webox-publisher",
                                        .on_closed = [this] {
                                          { std::lock_guard lock(m); }
                                          wake.notify_all();
                                        }});
    if (!js) return std::move(js).error();
    if (auto made = (*js)->ensure_stream({.name = options.stream, .subject = options.subjects});
        !made)
      return std::move(made).error();
    auto saved = log.load_checkpoint(options.checkpoint);
    if (!saved) return std::move(saved).error();
    std::uint64_t next = saved->value_or(0) + 1;
    checkpoint = next - 1;
    connected = true;

    Status save_failed;
    std::uint64_t counted = 0;  // of the current range's `published`, already in the total
    RangeRequest req{.batch = options.batch,
                     .ack_timeout = options.ack_timeout,
                     .after_batch = [&](const RangeOutcome& o) {
                       if (auto s = log.save_checkpoint(options.checkpoint, o.acked_through); !s) {
                         save_failed = std::move(s);
                         return false;
                       }
                       checkpoint = o.acked_through;
                       published_total += o.published - counted;
                       counted = o.published;
                       progressed = true;
                       return !stop_requested();
                     }};
    for (;;) {
      {
        std::unique_lock lock(m);
        wake.wait(lock, [&] {
          return stopping || !(*js)->connected() ||
                 std::max(heard, log.last_position()) >= next;
        });
        if (stopping) return {};
      }
      if (!(*js)->connected()) return Error::make(Errc::unavailable, "the NATS connection was lost");
      req.from = next;
      counted = 0;
      RangeOutcome r = publish_range(log, **js, req);
      if (!save_failed) return save_failed;
      if (r.error) return std::move(*r.error);
      next = r.acked_through + 1;
    }
  }

  void run() {
    auto backoff = options.backoff_min;
    while (!stop_requested()) {
      bool progressed = false;
      Status s = session(progressed);
      connected = false;
      if (stop_requested()) break;
      if (!s) note_error(s.error());
      if (progressed) backoff = options.backoff_min;
      pause(backoff);
      backoff = std::min(backoff * 2, options.backoff_max);
    }
  }
};

NatsPublisher::NatsPublisher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::unique_ptr<NatsPublisher> NatsPublisher::start(EventLog& log, NatsPublisherOptions options) {
  auto impl = std::make_unique<Impl>(log, std::move(options));
  Impl* p = impl.get();
  // Known before the first connection, so the lag shown meanwhile is the real one.
  if (auto saved = log.load_checkpoint(p->options.checkpoint); saved && *saved)
    p->checkpoint = **saved;
  // The listener runs on the log's sync thread: note the position and wake, nothing more.
  p->listener = log.subscribe([p](std::uint64_t position) {
    {
      std::lock_guard lock(p->m);
      p->heard = std::max(p->heard, position);
    }
    p->wake.notify_all();
  });
  p->thread = std::thread([p] {
    pthread_setname_np(pthread_self(), "webox-nats");
    p->run();
  });
  return std::unique_ptr<NatsPublisher>(new NatsPublisher(std::move(impl)));
}

NatsPublisher::~NatsPublisher() { stop(); }

void NatsPublisher::stop() {
  {
    std::lock_guard lock(impl_->m);
    if (impl_->stopping && !impl_->thread.joinable()) return;
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  if (impl_->thread.joinable()) impl_->thread.join();
  if (impl_->listener) {
    impl_->log.unsubscribe(impl_->listener);
    impl_->listener = 0;
  }
}

NatsStatus NatsPublisher::status() const {
  NatsStatus s;
  s.connected = impl_->connected.load();
  s.published_total = impl_->published_total.load();
  s.checkpoint = impl_->checkpoint.load();
  s.last_position = impl_->log.last_position();
  std::lock_guard lock(impl_->m);
  s.last_error = impl_->last_error;
  return s;
}

}  // namespace webox
