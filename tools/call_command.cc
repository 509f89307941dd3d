#include "tools/call_command.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <future>
#include <iostream>
#include <mutex>
#include <optional>
#include <sstream>

#include "adapters/audio/mulaw.h"
#include "adapters/audio/resampler.h"
#include "adapters/audio/wav.h"
#include "adapters/speech/local/espeak_tts.h"
#include "adapters/twilio/signature.h"
#include "tools/http_client.h"
#include "tools/simulate.h"
#include "tools/softphone_line.h"
#include "tools/softphone_wire.h"

namespace webox::tools {
namespace {

using namespace softphone;

constexpr std::string_view kName = "webox call: ";
constexpr std::chrono::milliseconds kSettle{250};

bool is_keypad(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789*#") == std::string_view::npos;
}

std::int64_t ms_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(to - from).count();
}

// 16-bit PCM at any supported rate -> 8 kHz μ-law, the filter's tail included.
std::vector<std::uint8_t> to_line(std::span<const std::int16_t> pcm, int rate) {
  std::vector<std::int16_t> narrow;
  if (rate == audio::kTwilioRate) {
    narrow.assign(pcm.begin(), pcm.end());
  } else {
    audio::Resampler down(rate, audio::kTwilioRate);
    down.process(pcm, narrow);
    down.flush(narrow);
  }
  std::vector<std::uint8_t> mulaw(narrow.size());
  audio::mulaw_encode(narrow, mulaw);
  return mulaw;
}

// espeak-ng, started on first use and kept for the process: espeak-ng hangs in its terminate
// when started again after one (adapters/speech/local/espeak_tts.h allows one at a time anyway),
// and a process placing several calls (the tests) would otherwise stop and start it per call.
Result<speech::EspeakTts*> process_espeak() {
  static std::mutex mutex;
  static speech::EspeakTts* tts = nullptr;  // never destroyed, on purpose
  std::lock_guard lock(mutex);
  if (!tts) {
    auto started = speech::EspeakTts::start();
    if (!started) return std::move(started).error();
    tts = started->release();
  }
  return tts;
}

class Voice {
 public:
  explicit Voice(std::string language) : language_(std::move(language)) {}

  Result<std::vector<std::uint8_t>> speak(const std::string& text) {
    auto tts = process_espeak();
    if (!tts) return std::move(tts).error();
    auto done = std::make_shared<std::promise<Status>>();
    auto pcm = std::make_shared<std::vector<std::int16_t>>();
    auto rate = std::make_shared<int>(speech::EspeakTts::kSampleRate);
    auto result = done->get_future();
    (*tts)->speak({.text = text, .language = language_},
                [done, pcm, rate](Result<speech::SpokenSentence> s) {
                  if (!s) return done->set_value(std::move(s).error());
                  *rate = s->sample_rate_hz;
                  pcm->insert(pcm->end(), s->pcm.begin(), s->pcm.end());
                  if (s->last) done->set_value(Status{});
                });
    // A reply with no words gives no sentence: never wait forever on it.
    if (result.wait_for(std::chrono::seconds(10)) != std::future_status::ready)
      return Error::make(Errc::unavailable, "espeak-ng made no audio for \"" + text + "\"");
    if (Status s = result.get(); !s) return s.error();
    return to_line(*pcm, *rate);
  }

 private:
  std::string language_;
};

class PhoneCall {
 public:
  PhoneCall(const CallOptions& o, Url base, std::istream& in, bool interactive,
            std::ostream& out, std::ostream& err)
      : o_(o), base_(std::move(base)), in_(in), interactive_(interactive), out_(out),
        err_(err), voice_(o.language) {
    call_sid_ = o.call_sid.empty() ? "CA" + random_hex(32) : o.call_sid;
    account_sid_ = "AC" + random_hex(32);
  }

  int run() {
    const auto began = Clock::now();
    Status played = play();
    if (!played) err_ << kName << played.error().message << '\n';
    // The engine closed the stream (not us): Twilio would now run the <Connect action>.
    if (played && line_ && line_->closed()) played = after_stream();
    if (line_) line_->hang_up();
    if (!answered_) return rejected_ ? 1 : 2;
    const long seconds =
        std::max(1L, static_cast<long>(std::ceil(ms_between(began, Clock::now()) / 1000.0)));
    auto status = webhook("twilio/status", "completed",
                          {{"CallDuration", std::to_string(seconds)},
                           {"CallbackSource", "call-progress-events"},
                           {"SequenceNumber", "0"},
                           {"Timestamp", rfc2822_now()}});
    if (!status) {
      err_ << kName << "status callback: " << status.error().message << '\n';
      return 2;
    }
    if (rejected_) return 1;
    err_ << kName << "call " << call_sid_ << " ended after " << seconds << " s ("
         << (line_ ? line_->close_reason() : std::string("no stream")) << ")\n";
    return played ? 0 : 2;
  }

 private:
  Url under_base(std::string_view path) const {
    Url url = base_;
    std::string dir = url.target.substr(0, url.target.find('?'));
    if (dir.empty() || dir.back() != '/') dir.push_back('/');
    url.target = dir + std::string(path);
    return url;
  }

  Result<std::string> webhook(std::string_view path, std::string_view call_status,
                              std::vector<std::pair<std::string, std::string>> extra = {}) {
    const Url url = under_base(path);
    return post(url, url.str(), call_status, std::move(extra));
  }

  // Posts the call's parameters to `url`, signed over `signed_url` (the URL Twilio would post
  // to: the same, or the public one a <Connect action> names).
  Result<std::string> post(const Url& url, const std::string& signed_url,
                           std::string_view call_status,
                           std::vector<std::pair<std::string, std::string>> extra = {}) {
    twilio::FormParams params = twilio_call_params(o_.from, o_.to, call_sid_, account_sid_,
                                                   call_status);
    params.pairs.insert(params.pairs.end(), extra.begin(), extra.end());
    std::vector<std::pair<std::string, std::string>> headers;
    if (!o_.auth_token.empty())
      headers.emplace_back("X-Twilio-Signature",
                           twilio::compute_signature(o_.auth_token, signed_url, params));
    auto res = client_.request("POST", url, twilio::form_encode(params), kFormContentType,
                               headers);
    if (!res) return std::move(res).error();
    if (res->status != 200)
      return Error::make(Errc::unavailable, "POST " + url.str() + " answered " +
                                                std::to_string(res->status) + " " + res->reason +
                                                (res->body.empty() ? "" : ":\n" + res->body));
    return std::move(res->body);
  }

  // What Twilio does when the engine closes the stream: posts the <Connect action> (to --url's
  // host, signed over the action as written) and follows its answer. Without an action the call
  // ends with the stream.
  Status after_stream() {
    if (answer_.action.empty()) {
      out_ << "the assistant hung up" << std::endl;
      return {};
    }
    Url url = base_;
    url.target = answer_.action_path;
    auto twiml = post(url, answer_.action, "in-progress");
    if (!twiml) return Error::make(twiml.error().code, "<Connect action>: " + twiml.error().message);
    auto next = read_stream_ended(*twiml);
    if (!next) return Error::make(next.error().code, "<Connect action>: " + next.error().message);
    if (next->dial.empty()) out_ << "the assistant hung up" << std::endl;
    else out_ << "transferred to " << next->dial << std::endl;
    return {};
  }

  Status play() {
    // A recording is read before the call is placed: a bad file makes no call.
    std::optional<audio::Wav> recording;
    if (!o_.wav.empty()) {
      auto wav = audio::read_wav(o_.wav);
      if (!wav) return Error::invalid("--wav", "--wav " + o_.wav + ": " + wav.error().message);
      if (!audio::Resampler::supported(wav->sample_rate, audio::kTwilioRate))
        return Error::invalid("--wav", "--wav " + o_.wav + ": " +
                                           std::to_string(wav->sample_rate) +
                                           " Hz cannot be resampled to 8 kHz (8, 16, 22.05, "
                                           "24, 44.1 or 48 kHz can)");
      recording = std::move(*wav);
    }
    auto twiml = webhook("twilio/voice", "ringing");
    if (!twiml) return std::move(twiml).error();
    answered_ = true;
    auto answer = read_stream_answer(*twiml);
    if (!answer) {
      rejected_ = twiml->find("<Reject") != std::string::npos;
      if (rejected_) answered_ = false;  // nothing was recorded: no status callback either
      return std::move(answer).error();
    }
    answer_ = *answer;
    auto line = StreamLine::open(base_, *answer, o_.auth_token,
                                 {.stream_sid = "MZ" + random_hex(32),
                                  .account_sid = account_sid_,
                                  .call_sid = call_sid_,
                                  .parameters = answer->parameters},
                                 o_.speed);
    if (!line) return std::move(line).error();
    line_ = std::move(*line);

    if (Status s = await_reply(line_->started(), "the greeting"); !s) return s;
    if (recording) {
      const audio::Wav* wav = &*recording;
      out_ << "caller: (" << o_.wav << ", " << wav->samples.size() * 1000 / wav->sample_rate
           << " ms)" << std::endl;
      line_->say(to_line(wav->samples, wav->sample_rate));
      return speak_and_listen("the recording");
    }
    for (;;) {
      if (line_->closed()) return {};  // the engine ended the stream
      auto text = next_line();
      if (!text) return {};
      if (text->empty()) continue;
      if (is_keypad(*text)) {
        line_->press(*text);
      } else {
        auto mulaw = voice_.speak(*text);
        if (!mulaw) return Error::make(mulaw.error().code,
                                       "espeak-ng (--language " + o_.language +
                                           "): " + mulaw.error().message);
        line_->say(*mulaw);
      }
      if (Status s = speak_and_listen("\"" + *text + "\""); !s) return s;
    }
  }

  // Sends what is queued, then waits for the reply to it.
  Status speak_and_listen(const std::string& what) {
    // The caller's own audio takes its time on the line; the timeout starts after it.
    line_->wait([&] { return line_->spoken(); }, Clock::time_point::max());
    if (line_->closed()) return {};
    return await_reply(line_->speech_ended(), "the reply to " + what);
  }

  // Waits for the reply to what the caller just did, prints it and any reply that follows it
  // (a key may be a turn of its own, a reply may come in parts), until the line has been quiet
  // for kSettle: an engine hangs up right after its goodbye, so its close is seen here too.
  Status await_reply(Clock::time_point since, const std::string& what) {
    const auto timeout = std::chrono::seconds(o_.timeout_seconds);
    const std::size_t want = replies_seen_ + 1;
    const bool got = line_->wait([&] { return line_->replies().size() >= want; },
                                 Clock::now() + timeout);
    if (!got) {
      if (!line_->closed())
        return Error::make(Errc::unavailable, "no reply within " +
                                                  std::to_string(o_.timeout_seconds) +
                                                  " s (--timeout) for " + what);
      if (replies_seen_ == 0)
        return Error::make(Errc::unavailable,
                           "the stream ended before the greeting: " + line_->close_reason());
    }
    auto changed = Clock::now();
    for (;;) {
      while (replies_seen_ < line_->replies().size())
        print(line_->replies()[replies_seen_++], since);
      if (line_->closed()) return {};  // the engine ended the stream: after_stream()
      const auto now = Clock::now();
      if (!line_->hearing() && now - changed >= kSettle) return {};
      if (line_->hearing() && now - changed >= timeout)
        return Error::make(Errc::unavailable,
                           "a reply began but its mark never came back within " +
                               std::to_string(o_.timeout_seconds) + " s (--timeout)");
      const std::size_t seen = line_->replies().size();
      const bool was_hearing = line_->hearing();
      const auto moved = [&] {
        return line_->closed() || line_->replies().size() != seen ||
               line_->hearing() != was_hearing;
      };
      line_->wait(moved, now + std::chrono::milliseconds(20));
      if (moved()) changed = Clock::now();
    }
  }

  void print(const Reply& r, Clock::time_point since) {
    std::string more;
    if (r.first_audio)
      more += ", first audio after " +
              std::to_string(std::max<std::int64_t>(0, ms_between(since, *r.first_audio))) +
              " ms";
    if (r.interrupted) more += ", interrupted";
    // A goodbye cut by the engine's close has no echoed mark: it is the turn after the last.
    const int turn = r.mark.empty() ? last_turn_ + 1 : turn_of_mark(r.mark);
    if (turn >= 0) last_turn_ = turn;
    if (o_.api_key.empty() || turn < 0) {
      out_ << "assistant: (" << r.audio_ms() << " ms of audio" << more << ")" << std::endl;
      return;
    }
    auto text = reply_text(turn);
    out_ << "assistant: " << (text ? *text : "(" + text.error().message + ")") << " ("
         << r.audio_ms() << " ms" << more << ")" << std::endl;
  }

  Result<std::string> reply_text(int turn) {
    Url url = base_;
    url.target = "/api/v1/calls/" + call_sid_ + "/events";
    auto res = client_.request("GET", url, {}, "application/json",
                               {{"Authorization", "Bearer " + o_.api_key}});
    if (!res) return std::move(res).error();
    if (res->status != 200)
      return Error::make(Errc::unavailable, "GET " + url.target + " answered " +
                                                std::to_string(res->status));
    auto texts = reply_texts(res->body);
    if (!texts) return std::move(texts).error();
    auto it = texts->find(turn);
    if (it == texts->end())
      return Error::make(Errc::not_found, "no ReplyGenerated for turn " + std::to_string(turn));
    return it->second;
  }

  // The caller's next line, read beside the running line so that its frames keep flowing
  // while a person types; nullopt at the end of the input.
  std::optional<std::string> next_line() {
    if (interactive_) out_ << "you: " << std::flush;
    auto read = std::async(std::launch::async, [this]() -> std::optional<std::string> {
      std::string l;
      if (!std::getline(in_, l)) return std::nullopt;
      if (!l.empty() && l.back() == '\r') l.pop_back();
      return l;
    });
    line_->wait([&] { return read.wait_for(std::chrono::seconds(0)) ==
                             std::future_status::ready; },
                Clock::time_point::max());
    auto line = read.get();  // the engine hung up meanwhile: the line is not said
    if (!line) {
      if (interactive_) out_ << std::endl;
      return std::nullopt;
    }
    if (!interactive_ && !line->empty()) out_ << "caller: " << *line << std::endl;
    return line;
  }

  const CallOptions& o_;
  Url base_;
  std::istream& in_;
  bool interactive_;
  std::ostream& out_;
  std::ostream& err_;
  Voice voice_;
  HttpClient client_;
  std::unique_ptr<StreamLine> line_;
  StreamAnswer answer_;
  std::string call_sid_, account_sid_;
  std::size_t replies_seen_ = 0;
  int last_turn_ = -1;
  bool answered_ = false;
  bool rejected_ = false;
};

bool printable(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) < 0x20) return false;
  }
  return !s.empty();
}

bool valid_language(std::string_view s) {
  if (s.empty() || s.front() == '-' || s.back() == '-') return false;
  for (const char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return true;
}

}  // namespace

std::string call_usage() {
  return "usage: webox call --to NUMBER [options]\n"
         "\n"
         "A softphone: calls a running engine whose assistant is in mode \"stream\" exactly\n"
         "as Twilio would (the incoming-call webhook, then a Media Stream WebSocket), speaks\n"
         "each caller line with espeak-ng and prints the assistant's replies with their\n"
         "length and latency.\n"
         "\n"
         "  --to NUMBER        the number called, which picks the assistant (required)\n"
         "  --from NUMBER      the caller (default +15005550006)\n"
         "  --url URL          the engine, http only (default http://127.0.0.1:8080); the\n"
         "                     stream connects to its host, on the path the TwiML gives\n"
         "  --file PATH        caller lines, one per turn; a line of keypad keys (0-9 * #)\n"
         "                     is sent as dtmf, an empty line is skipped\n"
         "                     (default: stdin, with a `you: ` prompt on a terminal)\n"
         "  --wav PATH         send this recording instead of lines (16-bit mono WAV,\n"
         "                     8, 16, 22.05 or 24 kHz) and wait for the reply\n"
         "  --language CODE    espeak-ng's language for the lines (default en; fr works too)\n"
         "  --speed N          send N times faster than real time (default 1); above 1 the\n"
         "                     assistant's audio also counts as played at once\n"
         "  --timeout SECONDS  how long to wait for each reply (default 20)\n"
         "  --call-sid SID     the CallSid to use (default CA + 32 random hex digits)\n"
         "  --auth-token TOKEN the tenant's Twilio auth token, to sign the webhooks and the\n"
         "                     stream's handshake (default: $WEBOX_TWILIO_AUTH_TOKEN)\n"
         "  --api-key KEY      an API key of the tenant, to print what each reply said\n"
         "                     (default: $WEBOX_API_KEY; without one, only its length)\n"
         "  --help             this text\n"
         "\n"
         "Exit status: 0 when the call ran to its end, 1 when the engine rejected it (no active\n"
         "assistant answers the number), 2 on a bad option, an unreachable engine, an answer\n"
         "that is not <Connect><Stream>, a refused handshake or no reply in time.\n";
}

Result<CallOptions> parse_call_args(int argc, char** argv) {
  CallOptions o;
  std::string speed, timeout;
  int i = 1;
  if (i < argc && std::string_view(argv[i]) == "call") ++i;
  for (; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      o.help = true;
      continue;
    }
    if (arg.substr(0, 2) != "--")
      return Error::invalid(std::string(arg), "unexpected argument " + std::string(arg));
    const std::size_t eq = arg.find('=');
    const std::string flag(arg.substr(0, eq));
    std::string* target = flag == "--to"           ? &o.to
                          : flag == "--from"       ? &o.from
                          : flag == "--url"        ? &o.url
                          : flag == "--file"       ? &o.file
                          : flag == "--wav"        ? &o.wav
                          : flag == "--call-sid"   ? &o.call_sid
                          : flag == "--language"   ? &o.language
                          : flag == "--auth-token" ? &o.auth_token
                          : flag == "--api-key"    ? &o.api_key
                          : flag == "--speed"      ? &speed
                          : flag == "--timeout"    ? &timeout
                                                   : nullptr;
    if (!target) return Error::invalid(flag, "unknown option " + flag);
    if (eq != std::string_view::npos) {
      *target = std::string(arg.substr(eq + 1));
    } else if (i + 1 < argc) {
      *target = argv[++i];
    } else {
      return Error::invalid(flag, flag + " needs a value");
    }
  }
  if (o.help) return o;
  if (o.to.empty())
    return Error::invalid("--to", "--to NUMBER is required: the number the assistant answers");
  if (!printable(o.to))
    return Error::invalid("--to", "--to must be a phone number, e.g. +33198765432");
  if (!printable(o.from))
    return Error::invalid("--from", "--from must be a phone number, e.g. +33612345678");
  if (auto url = parse_url(o.url); !url)
    return Error::invalid("--url", "--url: " + url.error().message);
  if (!o.call_sid.empty() && (o.call_sid.size() < 3 || o.call_sid.substr(0, 2) != "CA" ||
                              !std::all_of(o.call_sid.begin() + 2, o.call_sid.end(), [](char c) {
                                return std::isalnum(static_cast<unsigned char>(c));
                              }))) {
    return Error::invalid(
        "--call-sid",
        "--call-sid must be CA followed by letters or digits, e.g. CA" + std::string(32, '0'));
  }
  if (!valid_language(o.language))
    return Error::invalid("--language", "--language must be a language code such as en or fr");
  if (!o.file.empty() && !o.wav.empty())
    return Error::invalid("--wav", "--wav and --file both say what the caller says: pick one");
  if (!speed.empty()) {
    char* end = nullptr;
    errno = 0;
    o.speed = std::strtod(speed.c_str(), &end);
    if (errno != 0 || end != speed.c_str() + speed.size() || !(o.speed >= 1.0) ||
        o.speed > 100.0)
      return Error::invalid("--speed", "--speed must be a number from 1 to 100 (times real "
                                       "time), not \"" + speed + "\"");
  }
  if (!timeout.empty()) {
    auto [at, ec] = std::from_chars(timeout.data(), timeout.data() + timeout.size(),
                                    o.timeout_seconds);
    if (ec != std::errc() || at != timeout.data() + timeout.size() || o.timeout_seconds < 1 ||
        o.timeout_seconds > 3600)
      return Error::invalid("--timeout", "--timeout must be whole seconds from 1 to 3600, not \"" +
                                             timeout + "\"");
  }
  return o;
}

int place_call(const CallOptions& options, std::istream& in, bool interactive, std::ostream& out,
               std::ostream& err) {
  auto base = parse_url(options.url);
  if (!base) {
    err << kName << "--url: " << base.error().message << '\n';
    return 2;
  }
  return PhoneCall(options, std::move(*base), in, interactive, out, err).run();
}

}  // namespace webox::tools

namespace webox {

int run_call(int argc, char** argv) {
  auto options = tools::parse_call_args(argc, argv);
  if (!options) {
    std::cerr << "webox call: " << options.error().message
              << "\n(webox call --help lists the options)\n";
    return 2;
  }
  if (options->help) {
    std::cout << tools::call_usage();
    return 0;
  }
  if (options->auth_token.empty())
    if (const char* env = std::getenv("WEBOX_TWILIO_AUTH_TOKEN")) options->auth_token = env;
  if (options->api_key.empty())
    if (const char* env = std::getenv("WEBOX_API_KEY")) options->api_key = env;
  if (options->auth_token.empty())
    std::cerr << "webox call: no --auth-token (nor WEBOX_TWILIO_AUTH_TOKEN): requests go "
                 "unsigned, and an engine that checks signatures answers 403\n";
  if (!options->wav.empty()) {
    std::istringstream none;
    return tools::place_call(*options, none, /*interactive=*/false, std::cout, std::cerr);
  }
  if (options->file.empty())
    return tools::place_call(*options, std::cin, ::isatty(STDIN_FILENO) == 1, std::cout,
                             std::cerr);
  std::ifstream file(options->file);
  if (!file) {
    std::cerr << "webox call: --file: cannot open " << options->file << ": "
              << std::strerror(errno) << '\n';
    return 2;
  }
  return tools::place_call(*options, file, /*interactive=*/false, std::cout, std::cerr);
}

}  // namespace webox
