#include "projections/projector.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include "projections/fold_loop.h"
#include "projections/page_reader.h"

namespace webox {

namespace {

// The next page read ahead, folded, and handed back to the reader to be freed. Events in it
// (0: the end of the log, as the reader found it).
Result<std::uint64_t> fold_next(FoldLoop& loop, PageReader& reader) {
  auto page = reader.next();
  if (!page) return std::move(page).error();
  auto folded = loop.fold(*page);
  if (folded && *folded > 0) reader.recycle(std::move(*page));
  return folded;
}

}  // namespace

struct Projector::Impl {
  EventLog& log;
  FoldLoop loop;
  ProjectorOptions options;

  std::thread thread;
  std::uint64_t listener = 0;

  mutable std::mutex mu;
  std::condition_variable wake;
  bool stopping = false;
  bool signalled = false;
  std::multimap<std::uint64_t, Then> waiting;
  std::optional<Error> stuck;
  std::atomic<std::uint64_t> position{0};
  // Projector thread only. One interval ago at start: the first fold is written at once.
  std::chrono::steady_clock::time_point last_commit;

  Impl(EventLog& l, ReadModelStore& s, std::vector<ReadModel*> m, ProjectorOptions o)
      : log(l), loop(s, std::move(m)), options(o) {}

  void run() {
    for (;;) {
      {
        std::unique_lock lock(mu);
        auto woken = [&] { return stopping || signalled; };
        if (loop.uncommitted() > 0)  // wake by the commit's deadline even if nothing comes
          wake.wait_until(lock, last_commit + options.commit_interval, woken);
        else
          wake.wait(lock, woken);
        if (stopping) break;
        signalled = false;
      }
      drain();
    }
    // What was folded is written on the way out, so a clean restart folds nothing again. A
    // failure here costs only that: the next start folds from the stored checkpoints.
    (void)loop.commit();
  }

  // Folds pages until the models reach the log's end (or an error stops them), and writes the
  // rows when enough was folded or the interval has passed.
  void drain() {
    if (far_behind() && !read_ahead()) return;
    for (;;) {
      auto folded = loop.fold_page(log, options.page_events);
      if (!folded) return fail(folded.error());
      if (!after_fold()) return;
      if (*folded == 0) return;
    }
  }

  // Several pages behind (a start after downtime, a model added or rebuilt): the backlog is
  // read ahead on another thread, as catch_up() does, instead of page by page here.
  bool far_behind() const {
    return log.last_position() > loop.position() + 4 * options.page_events;
  }

  // False when folding must stop (an error, reported, or stop()).
  bool read_ahead() {
    PageReader reader(log, loop.position() + 1, options.page_events);
    for (;;) {
      auto folded = fold_next(loop, reader);
      if (!folded) return fail(folded.error()), false;
      if (*folded == 0) return true;
      if (!after_fold()) return false;
      std::lock_guard lock(mu);
      if (stopping) return false;
    }
  }

  // Publishes what was folded and writes the rows when it is time.
  bool after_fold() {
    publish(loop.position());
    const auto now = std::chrono::steady_clock::now();
    const auto pending = loop.uncommitted();
    if (pending >= options.commit_events ||
        (pending > 0 && now >= last_commit + options.commit_interval)) {
      if (auto st = loop.commit(); !st) return fail(st.error()), false;
      last_commit = now;
    }
    return true;
  }

  void fail(const Error& e) {
    {
      std::lock_guard lock(mu);
      stuck = e;
    }
    retry_later();
  }

  void retry_later() {
    std::unique_lock lock(mu);
    wake.wait_for(lock, std::chrono::seconds(1), [&] { return stopping; });
    signalled = true;
  }

  void publish(std::uint64_t pos) {
    std::vector<Then> ready;
    {
      std::lock_guard lock(mu);
      stuck.reset();
      // Never backwards: after a failed commit the models reload and fold their way back.
      if (pos > position.load()) position.store(pos);
      auto end = waiting.upper_bound(pos);
      for (auto it = waiting.begin(); it != end; ++it) ready.push_back(std::move(it->second));
      waiting.erase(waiting.begin(), end);
    }
    for (auto& then : ready) then(Status{});
  }

  void signal() {
    std::lock_guard lock(mu);
    signalled = true;
    wake.notify_one();
  }
};

Result<std::unique_ptr<Projector>> Projector::start(EventLog& log, ReadModelStore& store,
                                                    std::vector<ReadModel*> models,
                                                    ProjectorOptions options) {
  auto impl = std::make_unique<Impl>(log, store, std::move(models), options);
  if (auto st = impl->loop.load(); !st) return std::move(st).error();
  impl->position = impl->loop.position();
  impl->last_commit = std::chrono::steady_clock::now() - options.commit_interval;
  Impl* raw = impl.get();
  // Subscribe before the first catch-up so that no append falls between the two.
  impl->listener = log.subscribe([raw](std::uint64_t) { raw->signal(); });
  impl->signalled = true;
  impl->thread = std::thread([raw] { raw->run(); });
  return std::unique_ptr<Projector>(new Projector(std::move(impl)));
}

Projector::Projector(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Projector::~Projector() { stop(); }

void Projector::after(std::uint64_t position, Then then) {
  {
    std::unique_lock lock(impl_->mu);
    if (impl_->stopping) {
      lock.unlock();
      then(Error::make(Errc::unavailable, "the read models are shutting down"));
      return;
    }
    if (impl_->position.load() < position) {
      impl_->waiting.emplace(position, std::move(then));
      return;
    }
  }
  then(Status{});
}

void Projector::after_latest(Then then) { after(impl_->log.last_position(), std::move(then)); }

std::uint64_t Projector::position() const { return impl_->position.load(); }

std::uint64_t Projector::lag() const {
  auto last = impl_->log.last_position();
  auto pos = position();
  return last > pos ? last - pos : 0;
}

std::uint64_t Projector::events_folded() const { return impl_->loop.events_folded(); }

std::optional<Error> Projector::error() const {
  std::lock_guard lock(impl_->mu);
  return impl_->stuck;
}

void Projector::stop() {
  std::multimap<std::uint64_t, Then> orphans;
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->stopping) return;
    impl_->stopping = true;
    impl_->wake.notify_one();
  }
  impl_->log.unsubscribe(impl_->listener);
  if (impl_->thread.joinable()) impl_->thread.join();
  {
    std::lock_guard lock(impl_->mu);
    orphans.swap(impl_->waiting);
  }
  for (auto& [pos, then] : orphans)
    then(Error::make(Errc::unavailable, "the read models are shutting down"));
}

// Three threads share the work: the PageReader reads and decodes the next pages, this one
// folds, and each commit's rows are written on a thread of their own while folding goes on
// (a write of the ~20,000 rows a commit carries takes ~0.3 s; one is in flight at a time).
Result<std::uint64_t> catch_up(const EventLog& log, ReadModelStore& store,
                               const std::vector<ReadModel*>& models, ProjectorOptions options) {
  FoldLoop loop(store, models);
  if (auto st = loop.load(); !st) return std::move(st).error();
  std::uint64_t total = 0;
  PageReader reader(log, loop.position() + 1, options.page_events);
  std::optional<FoldLoop::Pending> in_flight;
  std::future<Status> written;  // declared after in_flight: destroyed (joined) first
  auto settle = [&]() -> Status {
    if (!written.valid()) return {};
    return loop.end_commit(*in_flight, written.get());
  };
  for (;;) {
    auto n = fold_next(loop, reader);
    if (!n) return std::move(n).error();
    if (*n == 0) break;
    total += *n;
    if (loop.uncommitted() < options.commit_events) continue;
    if (auto st = settle(); !st) return std::move(st).error();
    auto pending = loop.begin_commit();
    if (!pending) return std::move(pending).error();
    if (!*pending) continue;
    in_flight = std::move(**pending);
    written = std::async(std::launch::async, [&store, c = &in_flight->commit] {
      return store.write(*c);
    });
  }
  if (auto st = settle(); !st) return std::move(st).error();
  if (auto st = loop.commit(); !st) return std::move(st).error();
  return total;
}

Result<std::uint64_t> rebuild(const EventLog& log, ReadModelStore& store,
                              const std::vector<ReadModel*>& models, ProjectorOptions options) {
  for (auto* m : models)
    if (auto st = store.reset(m->name()); !st) return std::move(st).error();
  return catch_up(log, store, models, options);
}

}  // namespace webox
