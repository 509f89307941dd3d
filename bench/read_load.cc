// read_load: a dashboard-shaped load generator for the read API (GET /api/v1/calls, /stats).
//
//   build/bench/read_load --url http://127.0.0.1:8080 --concurrency 64 --duration 20 --warmup 2
//   build/bench/read_load --path /api/v1/calls --path '/api/v1/stats?from=2026-11-01' --json
//
// Each of C clients owns one keep-alive HTTP/1.1 connection and sends GETs one after the other,
// cycling through the --path list (default: /api/v1/calls, /api/v1/stats), each client
// starting at a different place in it so that the mix is even at every moment. Every request
// carries `Authorization: Bearer KEY` (--key, default $WEBOX_API_KEY: secrets stay off `ps`)
// and, with --tenant, `X-Webox-Tenant` (what the admin key needs to act on a tenant).
// A response counts as good when it is a 200 with a JSON body; anything else is an error,
// counted and the first few shown.
//
// Built like call_load (and sharing its histogram): one thread by default, raw Asio, requests
// rendered once, a response parser that only knows Content-Length bodies.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it
#include <vector>

#include <boost/asio.hpp>

#include "bench/latency_histogram.h"

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using webox::bench::Histogram;

namespace {

struct Options {
  std::string host = "127.0.0.1", port = "8080";
  std::string key, tenant;
  std::vector<std::string> paths;
  std::size_t concurrency = 64, threads = 1;
  double duration = 10, warmup = 2;
  bool json = false;
};

void usage(FILE* out) {
  std::fprintf(out,
      "usage: read_load [options]\n"
      "  --url URL          server base URL, http://HOST:PORT (default http://127.0.0.1:8080)\n"
      "  --path P           a request target, repeatable (default /api/v1/calls, /api/v1/stats)\n"
      "  --key KEY          bearer key (default $WEBOX_API_KEY)\n"
      "  --tenant T         X-Webox-Tenant header (for the admin key)\n"
      "  --concurrency C    concurrent clients, one keep-alive connection each (default 64)\n"
      "  --threads N        I/O threads (default 1)\n"
      "  --duration S       measured seconds after warm-up (default 10)\n"
      "  --warmup S         seconds before measuring (default 2)\n"
      "  --json             machine-readable result on stdout\n");
}

std::optional<Options> parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "read_load: %s needs a value\n", argv[i]);
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--url") {
      std::string u = value();
      if (u.rfind("http://", 0) != 0) return std::nullopt;
      u = u.substr(7);
      auto slash = u.find('/');
      if (slash != std::string::npos) u.resize(slash);
      auto colon = u.rfind(':');
      o.host = u.substr(0, colon);
      o.port = colon == std::string::npos ? "80" : u.substr(colon + 1);
    } else if (a == "--path") o.paths.push_back(value());
    else if (a == "--key") o.key = value();
    else if (a == "--tenant") o.tenant = value();
    else if (a == "--concurrency") o.concurrency = std::strtoull(value().c_str(), nullptr, 10);
    else if (a == "--threads") o.threads = std::strtoull(value().c_str(), nullptr, 10);
    else if (a == "--duration") o.duration = std::strtod(value().c_str(), nullptr);
    else if (a == "--warmup") o.warmup = std::strtod(value().c_str(), nullptr);
    else if (a == "--json") o.json = true;
    else if (a == "-h" || a == "--help") { usage(stdout); std::exit(0); }
    else {
      std::fprintf(stderr, "read_load: unknown option %s\n", argv[i]);
      usage(stderr);
      return std::nullopt;
    }
  }
  if (o.paths.empty()) o.paths = {"/api/v1/calls", "/api/v1/stats"};
  if (o.key.empty())
    if (const char* env = std::getenv("WEBOX_API_KEY")) o.key = env;
  if (o.key.empty()) {
    std::fprintf(stderr, "read_load: no --key and no WEBOX_API_KEY: the API would answer 401\n");
    return std::nullopt;
  }
  if (o.concurrency == 0 || o.threads == 0 || o.duration <= 0) {
    std::fprintf(stderr, "read_load: --concurrency, --threads and --duration must be positive\n");
    return std::nullopt;
  }
  o.threads = std::min(o.threads, o.concurrency);
  return o;
}

// Per path, and merged at the end: threads share nothing while running.
struct PathStats {
  Histogram latency_ns;
  std::uint64_t requests = 0, bytes = 0;
};

struct Stats {
  std::vector<PathStats> paths;
  std::uint64_t connect_errors = 0, io_errors = 0, status_errors = 0, protocol_errors = 0;
  std::vector<std::string> first_errors;
  std::uint64_t errors() const {
    return connect_errors + io_errors + status_errors + protocol_errors;
  }
  void note(std::uint64_t& counter, std::string message) {
    ++counter;
    if (first_errors.size() < 5) first_errors.push_back(std::move(message));
  }
};

struct Shared {
  const Options& options;
  std::vector<std::string> requests;  // one per path, rendered once
  std::vector<tcp::endpoint> endpoints;
  std::vector<asio::io_context*> iocs;
  std::atomic<bool> stopping{false};
  void stop_all() {
    stopping = true;
    for (auto* ioc : iocs) ioc->stop();
  }
};

class Worker;

class Client {
 public:
  Client(Worker& w, asio::io_context& ioc, std::size_t first);
  void start() { connect(); }

 private:
  void connect();
  void send();
  void read();
  void on_bytes(std::size_t n);
  void fail(std::uint64_t Stats::*counter, const std::string& what);

  Worker& w_;
  tcp::socket socket_;
  asio::steady_timer backoff_;
  std::size_t next_;  // index into the paths
  Clock::time_point sent_at_;
  std::vector<char> buf_;
  std::size_t have_ = 0;
};

class Worker {
 public:
  Worker(Shared& s, std::size_t clients, std::size_t first) : shared(s), ioc(1), timer_(ioc) {
    stats.paths.resize(s.requests.size());
    for (std::size_t i = 0; i < clients; ++i)
      clients_.push_back(std::make_unique<Client>(*this, ioc, first + i));
  }
  void run(Clock::time_point measure_from, Clock::time_point stop_at) {
    measuring = measure_from <= Clock::now();
    for (auto& c : clients_) c->start();
    // One timer: first the end of the warm-up, then the end of the run.
    timer_.expires_at(measure_from);
    timer_.async_wait([this, stop_at](auto ec) {
      if (ec) return;
      measuring = true;
      timer_.expires_at(stop_at);
      timer_.async_wait([this](auto ec2) { if (!ec2) shared.stop_all(); });
    });
    ioc.run();
  }

  Shared& shared;
  asio::io_context ioc;
  Stats stats;
  bool measuring = false;

 private:
  asio::steady_timer timer_;
  std::vector<std::unique_ptr<Client>> clients_;
};

Client::Client(Worker& w, asio::io_context& ioc, std::size_t first)
    : w_(w), socket_(ioc), backoff_(ioc), next_(first % w.shared.requests.size()),
      buf_(64 * 1024) {}

void Client::connect() {
  if (w_.shared.stopping) return;
  asio::async_connect(socket_, w_.shared.endpoints, [this](boost::system::error_code ec, const tcp::endpoint&) {
    if (ec) {
      w_.stats.note(w_.stats.connect_errors, "connect: " + ec.message());
      boost::system::error_code ignored;
      socket_.close(ignored);
      backoff_.expires_after(std::chrono::milliseconds(50));  // no busy loop on a dead server
      backoff_.async_wait([this](auto e) { if (!e) connect(); });
      return;
    }
    socket_.set_option(tcp::no_delay(true));
    send();
  });
}

void Client::send() {
  sent_at_ = Clock::now();
  const std::string& req = w_.shared.requests[next_];
  asio::async_write(socket_, asio::buffer(req), [this](boost::system::error_code ec, std::size_t) {
    if (ec) return fail(&Stats::io_errors, "write: " + ec.message());
    have_ = 0;
    read();
  });
}

void Client::read() {
  if (have_ == buf_.size()) buf_.resize(buf_.size() * 2);
  socket_.async_read_some(asio::buffer(buf_.data() + have_, buf_.size() - have_),
                          [this](boost::system::error_code ec, std::size_t n) {
                            if (ec) return fail(&Stats::io_errors, "read: " + ec.message());
                            on_bytes(n);
                          });
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

void Client::on_bytes(std::size_t n) {
  have_ += n;
  std::string_view data(buf_.data(), have_);
  auto head_end = data.find("\r\n\r\n");
  if (head_end == std::string_view::npos) {
    if (have_ > 64 * 1024) return fail(&Stats::protocol_errors, "response head over 64 KiB");
    return read();
  }
  std::string_view head = data.substr(0, head_end);
  if (head.size() < 12 || head.substr(0, 7) != "HTTP/1.")
    return fail(&Stats::protocol_errors, "bad status line");
  int status = std::atoi(std::string(head.substr(9, 3)).c_str());
  std::optional<std::size_t> length;
  std::string_view content_type;
  bool close = false;
  for (auto eol = head.find("\r\n"); eol != std::string_view::npos;) {
    auto next = head.find("\r\n", eol + 2);
    auto line = head.substr(eol + 2, next == std::string_view::npos ? next : next - eol - 2);
    eol = next;
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    auto name = line.substr(0, colon), value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (iequals(name, "content-length")) length = std::strtoull(std::string(value).c_str(), nullptr, 10);
    else if (iequals(name, "content-type")) content_type = value;
    else if (iequals(name, "connection")) close = iequals(value, "close");
  }
  if (!length) return fail(&Stats::protocol_errors, "response without Content-Length");
  std::size_t total = head_end + 4 + *length;
  if (have_ < total) {
    if (buf_.size() < total) buf_.resize(total);
    return read();
  }
  auto latency = Clock::now() - sent_at_;
  std::string_view body = data.substr(head_end + 4, *length);
  const std::string& path_name = w_.shared.options.paths[next_];
  if (status != 200 || content_type.find("json") == std::string_view::npos) {
    w_.stats.note(w_.stats.status_errors, path_name + ": HTTP " + std::to_string(status) + " " +
                                              std::string(body.substr(0, 200)));
  } else if (w_.measuring) {
    auto& p = w_.stats.paths[next_];
    ++p.requests;
    p.bytes += *length;
    p.latency_ns.record(static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(latency).count()));
  }
  next_ = (next_ + 1) % w_.shared.requests.size();
  if (w_.shared.stopping) return;
  if (close) {
    boost::system::error_code ignored;
    socket_.close(ignored);
    return connect();
  }
  send();
}

void Client::fail(std::uint64_t Stats::*counter, const std::string& what) {
  if (w_.shared.stopping) return;
  w_.stats.note(w_.stats.*counter, what);
  boost::system::error_code ignored;
  socket_.close(ignored);
  connect();
}

}  // namespace

int main(int argc, char** argv) {
  auto parsed = parse_args(argc, argv);
  if (!parsed) return 2;
  const Options& o = *parsed;

  Shared shared{o, {}, {}, {}};
  for (const auto& p : o.paths)
    shared.requests.push_back("GET " + p + " HTTP/1.1\r\nHost: " + o.host + ":" + o.port +
                              "\r\nAuthorization: Bearer " + o.key + "\r\n" +
                              (o.tenant.empty() ? "" : "X-Webox-Tenant: " + o.tenant + "\r\n") +
                              "Accept: application/json\r\n\r\n");
  {
    asio::io_context ioc;
    tcp::resolver resolver(ioc);
    boost::system::error_code ec;
    for (const auto& e : resolver.resolve(o.host, o.port, ec)) shared.endpoints.push_back(e.endpoint());
    if (ec || shared.endpoints.empty()) {
      std::fprintf(stderr, "read_load: cannot resolve %s:%s\n", o.host.c_str(), o.port.c_str());
      return 2;
    }
  }
  std::vector<std::unique_ptr<Worker>> workers;
  std::size_t first = 0;
  for (std::size_t t = 0; t < o.threads; ++t) {
    std::size_t clients = o.concurrency / o.threads + (t < o.concurrency % o.threads ? 1 : 0);
    workers.push_back(std::make_unique<Worker>(shared, clients, first));
    first += clients;
    shared.iocs.push_back(&workers.back()->ioc);
  }
  auto seconds = [](double s) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
  };
  const auto started = Clock::now();
  const auto measure_from = started + seconds(o.warmup);
  const auto stop_at = measure_from + seconds(o.duration);
  if (!o.json)
    std::fprintf(stderr, "read_load: %s:%s, %zu clients on %zu thread(s), %zu path(s), warm-up "
                 "%.1f s, then measuring for %g s\n", o.host.c_str(), o.port.c_str(),
                 o.concurrency, o.threads, o.paths.size(), o.warmup, o.duration);
  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < workers.size(); ++t)
    threads.emplace_back([&, t] { workers[t]->run(measure_from, stop_at); });
  workers[0]->run(measure_from, stop_at);
  for (auto& t : threads) t.join();
  const double window = std::chrono::duration<double>(Clock::now() - measure_from).count();

  Stats total;
  total.paths.resize(o.paths.size());
  for (auto& w : workers) {
    const Stats& s = w->stats;
    for (std::size_t i = 0; i < o.paths.size(); ++i) {
      total.paths[i].latency_ns.merge(s.paths[i].latency_ns);
      total.paths[i].requests += s.paths[i].requests;
      total.paths[i].bytes += s.paths[i].bytes;
    }
    total.connect_errors += s.connect_errors;
    total.io_errors += s.io_errors;
    total.status_errors += s.status_errors;
    total.protocol_errors += s.protocol_errors;
    for (const auto& e : s.first_errors)
      if (total.first_errors.size() < 5) total.first_errors.push_back(e);
  }
  PathStats all;
  for (const auto& p : total.paths) {
    all.latency_ns.merge(p.latency_ns);
    all.requests += p.requests;
    all.bytes += p.bytes;
  }
  auto us = [](std::uint64_t ns) { return ns / 1000.0; };
  auto line = [&](const std::string& name, const PathStats& p) {
    const auto& h = p.latency_ns;
    if (o.json) {
      std::printf("{\"path\":\"%s\",\"requests\":%" PRIu64 ",\"requests_per_s\":%.1f,"
                  "\"bytes_per_response\":%.0f,\"latency_us\":{\"p50\":%.1f,\"p90\":%.1f,"
                  "\"p99\":%.1f,\"max\":%.1f}}", name.c_str(), p.requests, p.requests / window,
                  p.requests ? double(p.bytes) / double(p.requests) : 0.0, us(h.quantile(0.5)),
                  us(h.quantile(0.9)), us(h.quantile(0.99)), us(h.max()));
    } else {
      std::printf("%-36s %9" PRIu64 " ok  %9.1f req/s  %6.0f B  p50 %6.0f us  p90 %6.0f us  "
                  "p99 %6.0f us  max %6.0f us\n", name.c_str(), p.requests, p.requests / window,
                  p.requests ? double(p.bytes) / double(p.requests) : 0.0, us(h.quantile(0.5)),
                  us(h.quantile(0.9)), us(h.quantile(0.99)), us(h.max()));
    }
  };
  if (o.json) {
    std::printf("{\"concurrency\":%zu,\"threads\":%zu,\"window_s\":%.3f,\"all\":", o.concurrency,
                o.threads, window);
    line("all", all);
    std::printf(",\"paths\":[");
    for (std::size_t i = 0; i < o.paths.size(); ++i) {
      if (i) std::printf(",");
      line(o.paths[i], total.paths[i]);
    }
    std::printf("],\"errors\":%" PRIu64 "}\n", total.errors());
  } else {
    std::printf("window        %.2f s (after %.1f s warm-up), %zu clients, %zu thread(s)\n", window,
                o.warmup, o.concurrency, o.threads);
    line("all", all);
    for (std::size_t i = 0; i < o.paths.size(); ++i) line(o.paths[i], total.paths[i]);
    std::printf("errors        %" PRIu64 " (connect %" PRIu64 ", io %" PRIu64 ", http status %" PRIu64
                ", protocol %" PRIu64 ")\n", total.errors(), total.connect_errors, total.io_errors,
                total.status_errors, total.protocol_errors);
    for (const auto& e : total.first_errors) std::printf("  error: %s\n", e.c_str());
  }
  return total.errors() > 0 || all.requests == 0 ? 1 : 0;
}
