// call_load: a Twilio-shaped load generator for the webhook endpoints.
//
//   build/bench/call_load --url http://127.0.0.1:8080 --concurrency 64 --duration 20 --warmup 2
//   build/bench/call_load --calls 1000 --json
//   build/bench/call_load --duration 5 --warmup 0 --record /tmp/calls   # for bench/crash_check.sh
//   build/bench/call_load --auth-token "$WEBOX_TWILIO_AUTH_TOKEN" ...    # a server that checks
//
// Each of C callers owns one keep-alive connection and loops over a call:
//   POST /twilio/voice, one POST /twilio/gather per speech line, POST /twilio/status (completed).
// A response counts as good when it is a 200 whose body holds a TwiML <Response>.
//
// It is built to stay out of the way of the server it measures: one thread by default, raw Asio
// sockets, requests pre-rendered once per connection and patched in place (only CallSid and From
// change between calls), and a response parser that only knows Content-Length bodies.
//
// With --auth-token (or WEBOX_TWILIO_AUTH_TOKEN) every request carries X-Twilio-Signature,
// computed as Twilio does (adapters/twilio/signature.h) over the URL the server rebuilds from
// our Host header, "http://HOST:PORT" + path and query, and the decoded form. The CallSid and
// From change with every call, so each call signs its webhooks afresh: one HMAC-SHA1 per
// request, a few microseconds (bench/signature_check), written into a fixed-width slot of the
// pre-rendered head like the other patched fields.
//
// --record FILE writes, when the run ends (even if the server died under it):
//   FILE           the CallSid of every call whose status webhook was answered 200
//   FILE.answered  "CallSid N" for every call with N >= 1 webhooks answered 200, in order
// A 200 means the engine made the call's events durable, which is what the crash check verifies.
#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <chrono>
#include <cctype>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it
#include <vector>

#include <boost/asio.hpp>

#include "adapters/twilio/form.h"
#include "adapters/twilio/signature.h"
#include "bench/latency_histogram.h"

namespace asio = boost::asio;
namespace twilio = webox::twilio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// ---------------------------------------------------------------------------------------------
// Options

struct Options {
  std::string host = "127.0.0.1";
  std::string port = "8080";
  std::string base_path;  // prefix in front of /twilio/..., from --url
  std::string to = "+33123456789";
  std::string lang = "fr";
  std::string lines_file;
  std::string record_file;
  std::string auth_token;  // the tenant's Twilio auth token; empty: requests go unsigned
  std::size_t concurrency = 64;
  std::size_t threads = 1;
  double duration = 10;  // seconds; 0: no limit (only with --calls)
  double warmup = 2;
  std::uint64_t calls = 0;  // 0: no limit
  bool json = false;
  bool duration_given = false;
};

void usage(FILE* out) {
  std::fprintf(out,
      "usage: call_load [options]\n"
      "  --url URL          server base URL (default http://127.0.0.1:8080)\n"
      "  --concurrency C    concurrent callers, one keep-alive connection each (default 64)\n"
      "  --threads N        I/O threads (default 1)\n"
      "  --duration S       measured seconds after warm-up (default 10; unlimited with --calls)\n"
      "  --warmup S         seconds before measuring (default 2)\n"
      "  --calls N          stop after N calls completed after warm-up\n"
      "  --to NUMBER        the assistant's number, Twilio's To (default +33123456789)\n"
      "  --lang fr|en       built-in caller lines (default fr)\n"
      "  --lines FILE       caller lines, one per gather (overrides --lang)\n"
      "  --record FILE      write answered CallSids to FILE and FILE.answered\n"
      "  --auth-token TOKEN sign each webhook with the tenant's Twilio auth token, as Twilio\n"
      "                     does (default: $WEBOX_TWILIO_AUTH_TOKEN; unset: unsigned)\n"
      "  --json             machine-readable result on stdout\n");
}

bool parse_url(std::string_view url, Options& o) {
  constexpr std::string_view scheme = "http://";
  if (url.substr(0, scheme.size()) != scheme) return false;  // no TLS: this is a loopback tool
  url.remove_prefix(scheme.size());
  auto slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  o.base_path = slash == std::string_view::npos ? "" : std::string(url.substr(slash));
  while (!o.base_path.empty() && o.base_path.back() == '/') o.base_path.pop_back();
  if (authority.empty()) return false;
  if (authority.front() == '[') {  // [::1]:8080
    auto close = authority.find(']');
    if (close == std::string_view::npos) return false;
    o.host = std::string(authority.substr(1, close - 1));
    auto rest = authority.substr(close + 1);
    o.port = rest.size() > 1 && rest[0] == ':' ? std::string(rest.substr(1)) : "80";
  } else {
    auto colon = authority.rfind(':');
    o.host = std::string(authority.substr(0, colon));
    o.port = colon == std::string_view::npos ? "80" : std::string(authority.substr(colon + 1));
  }
  return !o.host.empty() && !o.port.empty();
}

std::optional<Options> parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "call_load: %s needs a value\n", argv[i]);
        std::exit(2);
      }
      return argv[++i];
    };
    auto number = [&]() -> double {
      const char* v = value();
      char* end = nullptr;
      double d = std::strtod(v, &end);
      if (end == v || *end != '\0' || d < 0) {
        std::fprintf(stderr, "call_load: %s: not a non-negative number: %s\n", argv[i - 1], v);
        std::exit(2);
      }
      return d;
    };
    if (a == "--url") {
      const char* u = value();
      if (!parse_url(u, o)) {
        std::fprintf(stderr, "call_load: --url must look like http://HOST:PORT, got %s\n", u);
        return std::nullopt;
      }
    } else if (a == "--concurrency") o.concurrency = static_cast<std::size_t>(number());
    else if (a == "--threads") o.threads = static_cast<std::size_t>(number());
    else if (a == "--duration") { o.duration = number(); o.duration_given = true; }
    else if (a == "--warmup") o.warmup = number();
    else if (a == "--calls") o.calls = static_cast<std::uint64_t>(number());
    else if (a == "--to") o.to = value();
    else if (a == "--lang") o.lang = value();
    else if (a == "--lines") o.lines_file = value();
    else if (a == "--record") o.record_file = value();
    else if (a == "--auth-token") o.auth_token = value();
    else if (a == "--json") o.json = true;
    else if (a == "-h" || a == "--help") { usage(stdout); std::exit(0); }
    else {
      std::fprintf(stderr, "call_load: unknown option %s\n", argv[i]);
      usage(stderr);
      return std::nullopt;
    }
  }
  if (o.concurrency == 0 || o.threads == 0) {
    std::fprintf(stderr, "call_load: --concurrency and --threads must be at least 1\n");
    return std::nullopt;
  }
  o.threads = std::min(o.threads, o.concurrency);
  if (o.calls > 0 && !o.duration_given) o.duration = 0;
  if (o.calls == 0 && o.duration == 0) {
    std::fprintf(stderr, "call_load: --duration 0 needs --calls\n");
    return std::nullopt;
  }
  if (o.lang != "fr" && o.lang != "en") {
    std::fprintf(stderr, "call_load: --lang must be fr or en\n");
    return std::nullopt;
  }
  if (o.auth_token.empty())
    if (const char* env = std::getenv("WEBOX_TWILIO_AUTH_TOKEN")) o.auth_token = env;
  if (o.auth_token.empty())
    std::fprintf(stderr, "call_load: no --auth-token: webhooks go unsigned, and a server that "
                         "checks signatures answers 403\n");
  return o;
}

// ---------------------------------------------------------------------------------------------
// Request templates. Bodies carry fixed-width placeholders; their offsets are found once and
// overwritten per call, so Content-Length never changes and no request is ever re-rendered.

constexpr std::size_t kSidLen = 34;                      // "CA" + 32 hex
constexpr std::string_view kSidMark = "CA@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@";
constexpr std::string_view kFromMark = "%2B336@@@@@@@@";  // +336 and 8 digits, form-encoded
constexpr std::string_view kFromValue = "+336@@@@@@@@";    // the same, decoded
// base64 of a 20-byte HMAC-SHA1 is always 28 characters, so the signature patches in place too.
constexpr std::size_t kSigLen = 28;
constexpr std::string_view kSigMark = "@@@@@@@@@@@@@@@@@@@@@@@@@@@@";
static_assert(kSidMark.size() == kSidLen && kSigMark.size() == kSigLen);

std::string form_encode(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else if (c == ' ') out += '+';
    else { out += '%'; out += hex[c >> 4]; out += hex[c & 15]; }
  }
  return out;
}

struct Template {
  std::string bytes;                     // the full request: head and body
  std::vector<std::size_t> sid_at, from_at;
  // Signing (only with an auth token): the URL the server will rebuild, the decoded body with
  // the indexes of the values patched per call, and where the signature goes in `bytes`.
  std::string url;
  twilio::FormParams form;
  std::vector<std::size_t> sid_param, from_param;
  std::size_t sig_at = std::string::npos;
};

Template make_request(const Options& o, const std::string& path, const std::string& body) {
  // The server checks the signature over "http://" + Host + target (http/twilio_gate.h), so the
  // URL signed and the request sent are built from the same two strings.
  const std::string host =
      (o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host) + ":" + o.port;
  const std::string target = o.base_path + path;
  const bool sign = !o.auth_token.empty();
  Template t;
  t.bytes = "POST " + target + " HTTP/1.1\r\n"
            "Host: " + host + "\r\n"
            "User-Agent: TwilioProxy/1.1\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n" +
            (sign ? "X-Twilio-Signature: " + std::string(kSigMark) + "\r\n" : std::string()) +
            "Content-Length: " + std::to_string(body.size()) + "\r\n"
            "\r\n" + body;
  for (auto p = t.bytes.find(kSidMark); p != std::string::npos; p = t.bytes.find(kSidMark, p + 1))
    t.sid_at.push_back(p);
  for (auto p = t.bytes.find(kFromMark); p != std::string::npos; p = t.bytes.find(kFromMark, p + 1))
    t.from_at.push_back(p + 6);  // the 8 digits after %2B336
  if (sign) {
    t.sig_at = t.bytes.find(kSigMark);
    t.url = "http://" + host + target;
    auto form = twilio::parse_form(body);
    if (!form) {  // our own bodies: a bug here, not a user error
      std::fprintf(stderr, "call_load: cannot parse a request body: %s\n",
                   form.error().message.c_str());
      std::exit(2);
    }
    t.form = std::move(*form);
    for (std::size_t i = 0; i < t.form.pairs.size(); ++i) {
      if (t.form.pairs[i].second == kSidMark) t.sid_param.push_back(i);
      if (t.form.pairs[i].second == kFromValue) t.from_param.push_back(i);
    }
  }
  return t;
}

// The call scenario: voice, one gather per line, status. Bodies mimic what Twilio sends,
// legacy duplicates (Caller/Called) included, so the server parses realistic sizes.
std::vector<Template> make_scenario(const Options& o, const std::vector<std::string>& lines) {
  const std::string to = form_encode(o.to);
  const std::string common =
      "AccountSid=AC0123456789abcdef0123456789abcdef&ApiVersion=2010-04-01"
      "&CallSid=" + std::string(kSidMark) +
      "&Called=" + to + "&CalledCountry=FR&Caller=" + std::string(kFromMark) +
      "&CallerCountry=FR&Direction=inbound&From=" + std::string(kFromMark) +
      "&FromCity=&FromCountry=FR&FromState=&FromZip=&To=" + to +
      "&ToCity=&ToCountry=FR&ToState=&ToZip=";
  const std::string language = o.lang == "en" ? "en-US" : "fr-FR";
  std::vector<Template> s;
  s.push_back(make_request(o, "/twilio/voice", common + "&CallStatus=ringing"));
  for (std::size_t turn = 1; turn <= lines.size(); ++turn) {
    const auto& line = lines[turn - 1];
    // Twilio posts to the <Gather action> URL, where the engine puts the turn: same here.
    s.push_back(make_request(o, "/twilio/gather?turn=" + std::to_string(turn),
        common + "&CallStatus=in-progress&Confidence=0.9123&Language=" + language +
        "&SpeechResult=" + form_encode(line)));
  }
  s.push_back(make_request(o, "/twilio/status",
      common + "&CallStatus=completed&CallDuration=42&CallbackSource=call-progress-events"
      "&SequenceNumber=0&Timestamp=Tue%2C+25+Nov+2025+08%3A41%3A07+%2B0000"));
  return s;
}

std::vector<std::string> default_lines(const std::string& lang) {
  if (lang == "en")
    return {"Hello I would like to book a table for four people tomorrow evening at 8 pm",
            "The name is Smith", "Yes that's perfect"};
  return {"Bonjour je voudrais réserver une table pour quatre personnes demain soir à 20h",
          "Au nom de Dupont", "Oui c'est parfait"};
}

using Histogram = webox::bench::Histogram;

// ---------------------------------------------------------------------------------------------
// Per-thread state: nothing here is shared, threads only meet when results are merged.

struct CallRecord {
  std::array<char, kSidLen> sid;
  std::uint8_t answered;  // webhooks answered 200
  bool completed;         // the status webhook among them
};

struct Stats {
  Histogram latency_ns;
  std::uint64_t requests = 0;  // good responses
  std::uint64_t calls = 0;     // calls whose status webhook was answered 200
  // Errors are counted over the whole run, warm-up included: a failure is never "warm-up".
  std::uint64_t connect_errors = 0, io_errors = 0, status_errors = 0, body_errors = 0,
                protocol_errors = 0;
  std::uint64_t reconnects = 0;
  std::vector<std::string> first_errors;

  std::uint64_t errors() const {
    return connect_errors + io_errors + status_errors + body_errors + protocol_errors;
  }
  void note(std::uint64_t& counter, std::string message) {
    ++counter;
    if (first_errors.size() < 5) first_errors.push_back(std::move(message));
  }
};

struct Shared {
  const Options& options;
  const std::vector<Template>& scenario;
  std::vector<tcp::endpoint> endpoints;
  std::vector<asio::io_context*> iocs;           // every worker's, to stop them all
  std::atomic<std::uint64_t> measured_calls{0};  // for --calls
  std::atomic<bool> stopping{false};

  void stop_all() {
    stopping = true;
    for (auto* ioc : iocs) ioc->stop();
  }
};

// splitmix64: cheap and good enough to make CallSids unique.
struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
};

class Worker;

// ---------------------------------------------------------------------------------------------
// One caller: a keep-alive connection running the call scenario over and over.

class Caller {
 public:
  Caller(Worker& w, asio::io_context& ioc);
  void start() { connect(); }
  // A call still in flight when the run stops: keep what was answered for the record.
  void flush_record();

 private:
  void connect();
  void retry_later();
  void new_call();
  void send();
  void read();
  void on_bytes(std::size_t n);
  bool on_response(int status, std::string_view content_type, std::string_view body);
  void fail(std::uint64_t Stats::*counter, const std::string& what);
  void end_call();

  Worker& w_;
  tcp::socket socket_;
  asio::steady_timer backoff_;
  std::vector<Template> requests_;  // this caller's own copies, patched per call
  std::size_t step_ = 0;
  bool in_call_ = false;
  std::uint8_t answered_ = 0;
  Clock::time_point sent_at_;
  std::vector<char> buf_;
  std::size_t have_ = 0;
};

class Worker {
 public:
  Worker(Shared& shared, std::size_t callers, std::uint64_t seed)
      : shared(shared), ioc(1), rng{seed}, warmup_timer(ioc), stop_timer(ioc) {
    for (std::size_t i = 0; i < callers; ++i) callers_.push_back(std::make_unique<Caller>(*this, ioc));
  }

  void run(Clock::time_point measure_from, Clock::time_point stop_at) {
    // Warm-up traffic only warms: nothing is counted before measure_from, except errors.
    measuring = measure_from <= Clock::now();
    if (!measuring) {
      warmup_timer.expires_at(measure_from);
      warmup_timer.async_wait([this](auto ec) { if (!ec) measuring = true; });
    }
    if (stop_at != Clock::time_point::max()) {
      stop_timer.expires_at(stop_at);
      stop_timer.async_wait([this](auto ec) { if (!ec) shared.stop_all(); });
    }
    for (auto& c : callers_) c->start();
    ioc.run();
    for (auto& c : callers_) c->flush_record();
  }

  Shared& shared;
  asio::io_context ioc;
  Rng rng;
  Stats stats;
  bool measuring = false;
  std::vector<CallRecord> records;

 private:
  asio::steady_timer warmup_timer, stop_timer;
  std::vector<std::unique_ptr<Caller>> callers_;
};

Caller::Caller(Worker& w, asio::io_context& ioc)
    : w_(w), socket_(ioc), backoff_(ioc), requests_(w.shared.scenario), buf_(16 * 1024) {}

void Caller::connect() {
  if (w_.shared.stopping) return;
  asio::async_connect(socket_, w_.shared.endpoints, [this](boost::system::error_code ec, const tcp::endpoint&) {
    if (ec) {
      w_.stats.note(w_.stats.connect_errors, "connect: " + ec.message());
      retry_later();
      return;
    }
    socket_.set_option(tcp::no_delay(true));
    if (!in_call_) new_call();
    send();
  });
}

// A dead server must not turn the generator into a busy loop of refused connects.
void Caller::retry_later() {
  boost::system::error_code ignored;
  socket_.close(ignored);
  backoff_.expires_after(std::chrono::milliseconds(50));
  backoff_.async_wait([this](auto ec) { if (!ec) connect(); });
}

void Caller::new_call() {
  static constexpr char hex[] = "0123456789abcdef";
  std::array<char, kSidLen> sid;
  sid[0] = 'C'; sid[1] = 'A';
  std::uint64_t a = w_.rng.next(), b = w_.rng.next();
  for (int i = 0; i < 16; ++i) {
    sid[2 + i] = hex[(a >> (i * 4)) & 15];
    sid[18 + i] = hex[(b >> (i * 4)) & 15];
  }
  std::uint64_t from = w_.rng.next() % 100000000;
  char digits[9];
  std::snprintf(digits, sizeof digits, "%08" PRIu64, from);
  const std::string& token = w_.shared.options.auth_token;
  for (auto& r : requests_) {
    for (auto at : r.sid_at) std::memcpy(r.bytes.data() + at, sid.data(), kSidLen);
    for (auto at : r.from_at) std::memcpy(r.bytes.data() + at, digits, 8);
    if (token.empty()) continue;
    for (auto i : r.sid_param) r.form.pairs[i].second.assign(sid.data(), kSidLen);
    for (auto i : r.from_param) r.form.pairs[i].second.replace(4, 8, digits, 8);
    const std::string sig = twilio::compute_signature(token, r.url, r.form);
    if (sig.size() != kSigLen) {  // cannot happen with HMAC-SHA1; a short write would corrupt
      std::fprintf(stderr, "call_load: unexpected signature length %zu\n", sig.size());
      std::exit(2);
    }
    std::memcpy(r.bytes.data() + r.sig_at, sig.data(), kSigLen);
  }
  step_ = 0;
  answered_ = 0;
  in_call_ = true;
}

void Caller::end_call() {
  if (in_call_ && answered_ > 0 && !w_.shared.options.record_file.empty()) {
    CallRecord r{};
    std::memcpy(r.sid.data(), requests_[0].bytes.data() + requests_[0].sid_at.at(0), kSidLen);
    r.answered = answered_;
    r.completed = step_ >= requests_.size();
    w_.records.push_back(r);
  }
  in_call_ = false;
}

void Caller::flush_record() { end_call(); }

void Caller::send() {
  sent_at_ = Clock::now();
  const std::string& req = requests_[step_].bytes;
  asio::async_write(socket_, asio::buffer(req), [this](boost::system::error_code ec, std::size_t) {
    if (ec) return fail(&Stats::io_errors, "write: " + ec.message());
    have_ = 0;
    read();
  });
}

void Caller::read() {
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

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Minimal HTTP/1.1 response parsing: status line, the few headers that matter, and a
// Content-Length body. Chunked bodies are reported as protocol errors, not decoded.
void Caller::on_bytes(std::size_t n) {
  have_ += n;
  std::string_view data(buf_.data(), have_);
  auto head_end = data.find("\r\n\r\n");
  if (head_end == std::string_view::npos) {
    if (have_ > 64 * 1024) return fail(&Stats::protocol_errors, "response head over 64 KiB");
    return read();
  }
  std::string_view head = data.substr(0, head_end);
  auto eol = head.find("\r\n");
  std::string_view status_line = head.substr(0, eol);
  if (status_line.size() < 12 || status_line.substr(0, 7) != "HTTP/1.")
    return fail(&Stats::protocol_errors, "bad status line: " + std::string(status_line.substr(0, 80)));
  int status = std::atoi(std::string(status_line.substr(9, 3)).c_str());

  std::optional<std::size_t> length;
  std::string_view content_type;
  bool close = status_line.substr(0, 8) == "HTTP/1.0";
  while (eol != std::string_view::npos) {
    auto next = head.find("\r\n", eol + 2);
    std::string_view line = head.substr(eol + 2, next == std::string_view::npos ? next : next - eol - 2);
    eol = next;
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view name = line.substr(0, colon), value = trim(line.substr(colon + 1));
    if (iequals(name, "content-length")) length = std::strtoull(std::string(value).c_str(), nullptr, 10);
    else if (iequals(name, "content-type")) content_type = value;
    else if (iequals(name, "connection")) close = iequals(value, "close");
    else if (iequals(name, "transfer-encoding"))
      return fail(&Stats::protocol_errors, "unsupported Transfer-Encoding: " + std::string(value));
  }
  if (!length) return fail(&Stats::protocol_errors, "response without Content-Length");
  std::size_t total = head_end + 4 + *length;
  if (have_ < total) {
    if (buf_.size() < total) buf_.resize(total);
    return read();
  }
  if (have_ > total) return fail(&Stats::protocol_errors, "bytes after the response");
  if (!on_response(status, content_type, data.substr(head_end + 4, *length))) return;
  if (close) {
    // The server ended keep-alive after a full answer: not an error, and since webhooks are
    // independent requests (Twilio opens connections as it likes) the call goes on.
    ++w_.stats.reconnects;
    boost::system::error_code ignored;
    socket_.close(ignored);
    return connect();
  }
  send();
}

// Accounts for one response and moves the call on. False: this caller is done.
bool Caller::on_response(int status, std::string_view content_type, std::string_view body) {
  auto latency = Clock::now() - sent_at_;
  const auto& path = requests_[step_].bytes;
  std::string_view what(path.data() + 5, path.find(' ', 5) - 5);  // "/twilio/voice"
  if (status != 200) {
    std::string msg = std::string(what) + ": HTTP " + std::to_string(status) + " " +
                      std::string(body.substr(0, 200));
    w_.stats.note(w_.stats.status_errors, msg);
    end_call();  // the server refused a step: start over with a fresh call
    new_call();
    return true;
  }
  // Answered 200: the engine has made this step's events durable, whatever the body says.
  ++answered_;
  if (body.find("<Response") == std::string_view::npos ||
      content_type.find("xml") == std::string_view::npos) {
    w_.stats.note(w_.stats.body_errors, std::string(what) + ": not TwiML (" + std::string(content_type) +
                                            "): " + std::string(body.substr(0, 200)));
  } else if (w_.measuring) {  // only good responses count as throughput
    ++w_.stats.requests;
    w_.stats.latency_ns.record(static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(latency).count()));
  }

  if (++step_ < requests_.size()) return true;
  // The call is over: its status webhook was answered.
  end_call();
  if (w_.measuring) {
    ++w_.stats.calls;
    const auto& o = w_.shared.options;
    if (o.calls > 0 && w_.shared.measured_calls.fetch_add(1) + 1 >= o.calls) w_.shared.stop_all();
  }
  if (w_.shared.stopping) return false;
  new_call();
  return true;
}

void Caller::fail(std::uint64_t Stats::*counter, const std::string& what) {
  if (w_.shared.stopping) return;
  w_.stats.note(w_.stats.*counter, what);
  ++w_.stats.reconnects;
  // The request's fate is unknown, so the call is abandoned rather than resumed half-known.
  end_call();
  boost::system::error_code ignored;
  socket_.close(ignored);
  // Reconnect at once: a server that closed an idle keep-alive is usually still there.
  connect();
}

// ---------------------------------------------------------------------------------------------

std::string json_escape(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') { out += '\\'; out += static_cast<char>(c); }
    else if (c < 0x20) { char b[8]; std::snprintf(b, sizeof b, "\\u%04x", c); out += b; }
    else out += static_cast<char>(c);
  }
  return out;
}

bool write_records(const std::string& file, const std::vector<CallRecord>& records) {
  std::ofstream completed(file), answered(file + ".answered");
  for (const auto& r : records) {
    std::string_view sid(r.sid.data(), kSidLen);
    if (r.completed) completed << sid << '\n';
    answered << sid << ' ' << static_cast<int>(r.answered) << '\n';
  }
  completed.flush();
  answered.flush();
  return completed.good() && answered.good();
}

}  // namespace

int main(int argc, char** argv) {
  auto parsed = parse_args(argc, argv);
  if (!parsed) return 2;
  const Options& o = *parsed;

  std::vector<std::string> lines = default_lines(o.lang);
  if (!o.lines_file.empty()) {
    std::ifstream in(o.lines_file);
    if (!in) {
      std::fprintf(stderr, "call_load: cannot read %s\n", o.lines_file.c_str());
      return 2;
    }
    lines.clear();
    for (std::string l; std::getline(in, l);) {
      if (!l.empty() && l.back() == '\r') l.pop_back();
      if (!l.empty()) lines.push_back(l);
    }
  }
  const std::vector<Template> scenario = make_scenario(o, lines);

  Shared shared{o, scenario, {}, {}};
  {
    asio::io_context resolve_ioc;
    tcp::resolver resolver(resolve_ioc);
    boost::system::error_code ec;
    for (const auto& e : resolver.resolve(o.host, o.port, ec)) shared.endpoints.push_back(e.endpoint());
    if (ec || shared.endpoints.empty()) {
      std::fprintf(stderr, "call_load: cannot resolve %s:%s: %s\n", o.host.c_str(), o.port.c_str(),
                   ec.message().c_str());
      return 2;
    }
  }

  std::random_device rd;
  std::vector<std::unique_ptr<Worker>> workers;
  for (std::size_t t = 0; t < o.threads; ++t) {
    std::size_t callers = o.concurrency / o.threads + (t < o.concurrency % o.threads ? 1 : 0);
    std::uint64_t seed = (static_cast<std::uint64_t>(rd()) << 32) ^ rd() ^ (t * 0x9e3779b97f4a7c15ull);
    workers.push_back(std::make_unique<Worker>(shared, callers, seed));
    shared.iocs.push_back(&workers.back()->ioc);
  }

  auto seconds = [](double s) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
  };
  const auto started = Clock::now();
  const auto measure_from = started + seconds(o.warmup);
  const auto stop_at = o.duration > 0 ? measure_from + seconds(o.duration) : Clock::time_point::max();
  if (!o.json) {
    std::string until = o.calls ? "until " + std::to_string(o.calls) + " calls" : "";
    char secs[32];
    std::snprintf(secs, sizeof secs, "%g s", o.duration);
    if (o.duration > 0) until += (until.empty() ? "for " : " or ") + std::string(secs);
    std::fprintf(stderr, "call_load: %s:%s, %zu callers on %zu thread(s), %zu %s webhooks per call, "
                 "warm-up %.1f s, then measuring %s\n", o.host.c_str(), o.port.c_str(), o.concurrency,
                 o.threads, scenario.size(), o.auth_token.empty() ? "unsigned" : "signed", o.warmup,
                 until.c_str());
  }

  std::vector<std::thread> threads;
  for (std::size_t t = 1; t < workers.size(); ++t)
    threads.emplace_back([&, t] { workers[t]->run(measure_from, stop_at); });
  workers[0]->run(measure_from, stop_at);
  for (auto& t : threads) t.join();
  const auto ended = Clock::now();

  Stats total;
  std::vector<CallRecord> records;
  for (auto& w : workers) {
    const Stats& s = w->stats;
    total.latency_ns.merge(s.latency_ns);
    total.requests += s.requests;
    total.calls += s.calls;
    total.connect_errors += s.connect_errors;
    total.io_errors += s.io_errors;
    total.status_errors += s.status_errors;
    total.body_errors += s.body_errors;
    total.protocol_errors += s.protocol_errors;
    total.reconnects += s.reconnects;
    for (const auto& e : s.first_errors)
      if (total.first_errors.size() < 5) total.first_errors.push_back(e);
    records.insert(records.end(), w->records.begin(), w->records.end());
  }

  bool record_ok = true;
  std::size_t completed_records = 0;
  if (!o.record_file.empty()) {
    record_ok = write_records(o.record_file, records);
    completed_records = std::count_if(records.begin(), records.end(), [](auto& r) { return r.completed; });
    if (!record_ok) std::fprintf(stderr, "call_load: cannot write %s\n", o.record_file.c_str());
  }

  // The window is what was actually measured: --calls may end early, a timer may end late.
  double window = ended > measure_from ? std::chrono::duration<double>(ended - measure_from).count() : 0;
  const double calls_per_s = window > 0 ? total.calls / window : 0;
  const double requests_per_s = window > 0 ? total.requests / window : 0;
  auto us = [](std::uint64_t ns) { return ns / 1000.0; };
  const auto& h = total.latency_ns;

  if (o.json) {
    std::printf("{\"url\":\"http://%s:%s%s\",\"concurrency\":%zu,\"threads\":%zu,"
                "\"webhooks_per_call\":%zu,\"signed\":%s,\"warmup_s\":%.3f,\"window_s\":%.3f,"
                "\"calls\":%" PRIu64 ",\"calls_per_s\":%.1f,\"requests\":%" PRIu64 ",\"requests_per_s\":%.1f,"
                "\"latency_us\":{\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"max\":%.1f},"
                "\"errors\":%" PRIu64 ",\"errors_by_kind\":{\"connect\":%" PRIu64 ",\"io\":%" PRIu64
                ",\"http_status\":%" PRIu64 ",\"not_twiml\":%" PRIu64 ",\"protocol\":%" PRIu64 "},"
                "\"reconnects\":%" PRIu64 ",\"first_errors\":[",
                json_escape(o.host).c_str(), o.port.c_str(), json_escape(o.base_path).c_str(),
                o.concurrency, o.threads, scenario.size(), o.auth_token.empty() ? "false" : "true",
                o.warmup, window, total.calls, calls_per_s,
                total.requests, requests_per_s, us(h.quantile(0.5)), us(h.quantile(0.9)),
                us(h.quantile(0.99)), us(h.max()), total.errors(), total.connect_errors, total.io_errors,
                total.status_errors, total.body_errors, total.protocol_errors, total.reconnects);
    for (std::size_t i = 0; i < total.first_errors.size(); ++i)
      std::printf("%s\"%s\"", i ? "," : "", json_escape(total.first_errors[i]).c_str());
    std::printf("]");
    if (!o.record_file.empty())
      std::printf(",\"recorded_calls\":%zu,\"recorded_completed\":%zu", records.size(), completed_records);
    std::printf("}\n");
  } else {
    std::printf("window        %.2f s (after %.1f s warm-up), %zu callers, %zu thread(s)\n", window,
                o.warmup, o.concurrency, o.threads);
    std::printf("calls         %" PRIu64 " completed, %.1f calls/s\n", total.calls, calls_per_s);
    std::printf("webhooks      %" PRIu64 " answered, %.1f requests/s\n", total.requests, requests_per_s);
    std::printf("latency       p50 %.0f us, p90 %.0f us, p99 %.0f us, max %.0f us\n",
                us(h.quantile(0.5)), us(h.quantile(0.9)), us(h.quantile(0.99)), us(h.max()));
    std::printf("errors        %" PRIu64 " (connect %" PRIu64 ", io %" PRIu64 ", http status %" PRIu64
                ", not TwiML %" PRIu64 ", protocol %" PRIu64 "), reconnects %" PRIu64 "\n",
                total.errors(), total.connect_errors, total.io_errors, total.status_errors,
                total.body_errors, total.protocol_errors, total.reconnects);
    for (const auto& e : total.first_errors) std::printf("  error: %s\n", e.c_str());
    if (!o.record_file.empty())
      std::printf("recorded      %zu calls with an answered webhook, %zu completed -> %s(.answered)\n",
                  records.size(), completed_records, o.record_file.c_str());
  }
  if (!record_ok) return 3;
  return total.errors() > 0 || total.calls == 0 ? 1 : 0;
}
