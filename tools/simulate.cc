#include "tools/simulate.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <optional>
#include <random>

#include "adapters/twilio/form.h"
#include "adapters/twilio/signature.h"
#include "tools/http_client.h"
#include "tools/twiml_reader.h"

namespace webox::tools {
namespace {

using twilio::FormParams;

// More documents than this without the caller being asked anything is a redirect loop.
constexpr int kMaxDocumentsWithoutInput = 20;

// Twilio fills *Country from the number; a handful of prefixes is enough for a simulation.
std::string country_of(std::string_view number) {
  static constexpr std::pair<std::string_view, std::string_view> kPrefixes[] = {
      {"+1", "US"},  {"+33", "FR"}, {"+32", "BE"}, {"+41", "CH"}, {"+44", "GB"},
      {"+49", "DE"}, {"+34", "ES"}, {"+39", "IT"}, {"+352", "LU"}};
  std::string_view best;
  std::string_view country;
  for (const auto& [prefix, code] : kPrefixes) {
    if (number.substr(0, prefix.size()) == prefix && prefix.size() > best.size()) {
      best = prefix;
      country = code;
    }
  }
  return std::string(country);
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool is_keypad(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789*#") == std::string_view::npos;
}

// The next request Twilio makes, as a document asked for it.
struct Request {
  Url url{};
  std::string method = "POST";
  std::vector<std::pair<std::string, std::string>> extra{};  // on top of the standard params
  bool caller_spoke = false;
};

class Call {
 public:
  Call(const SimulateOptions& o, Url base, std::istream& in, bool interactive, std::ostream& out,
       std::ostream& err)
      : o_(o), base_(std::move(base)), in_(in), interactive_(interactive), out_(out), err_(err) {
    call_sid_ = o.call_sid.empty() ? "CA" + random_hex(32) : o.call_sid;
    account_sid_ = "AC" + random_hex(32);
  }

  int run() {
    const auto started = std::chrono::steady_clock::now();
    Status played = play_call();
    if (!played) err_ << "webox simulate: " << played.error().message << '\n';
    if (!answered_) return 2;  // no call to close on the engine's side
    const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
    const long seconds = std::max(1L, static_cast<long>(std::ceil(elapsed.count())));
    auto status = fetch({.url = under_base("twilio/status"),
                         .extra = {{"CallDuration", std::to_string(seconds)},
                                   {"CallbackSource", "call-progress-events"},
                                   {"SequenceNumber", "0"},
                                   {"Timestamp", rfc2822_now()}}},
                        "completed");
    if (!status) {
      err_ << "webox simulate: status callback: " << status.error().message << '\n';
      return 2;
    }
    if (rejected_) return 1;  // nothing was recorded: there are no events to point at
    // On stderr, so that stdout stays the conversation alone.
    Url events = base_;
    events.target = "/api/v1/calls/" + call_sid_ + "/events";
    err_ << "webox simulate: call " << call_sid_ << " ended after " << seconds
         << " s; its events: curl -H 'Authorization: Bearer $WEBOX_KEY' " << events.str()
         << '\n';
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

  FormParams standard_params(std::string_view status) const {
    return twilio_call_params(o_.from, o_.to, call_sid_, account_sid_, status);
  }

  // One webhook request; anything but 200 is an error carrying the status and the body.
  Result<std::string> fetch(const Request& r, std::string_view call_status) {
    FormParams params = standard_params(call_status);
    params.pairs.insert(params.pairs.end(), r.extra.begin(), r.extra.end());
    std::string body = twilio::form_encode(params);
    Url url = r.url;
    const bool get = iequals(r.method, "GET");
    if (get) {
      url.target += (url.target.find('?') == std::string::npos ? '?' : '&') + body;
      body.clear();
    }
    // Signed as Twilio signs: the URL as requested, plus the form for a POST.
    std::vector<std::pair<std::string, std::string>> headers;
    if (!o_.auth_token.empty())
      headers.emplace_back("X-Twilio-Signature",
                           twilio::compute_signature(o_.auth_token, url.str(),
                                                     get ? FormParams{} : params));
    auto res = client_.request(get ? "GET" : "POST", url, std::move(body), kFormContentType,
                               headers);
    if (!res) return std::move(res).error();
    if (res->status != 200) {
      return Error::make(Errc::unavailable, r.method + " " + url.str() + " answered " +
                                                std::to_string(res->status) + " " + res->reason +
                                                (res->body.empty() ? "" : ":\n" + res->body));
    }
    return std::move(res->body);
  }

  Status play_call() {
    Request next{.url = under_base("twilio/voice")};
    std::string call_status = "ringing";
    int documents_without_input = 0;
    for (;;) {
      auto document = fetch(next, call_status);
      if (!document) return std::move(document).error();
      answered_ = true;
      call_status = "in-progress";
      auto root = read_xml(*document);
      if (!root)
        return Error::make(Errc::invalid_argument,
                           "not TwiML from " + next.url.str() + ": " + root.error().message);
      if (root->name != "Response") {
        return Error::make(Errc::invalid_argument, "not TwiML from " + next.url.str() +
                                                       ": the root is <" + root->name + ">");
      }
      auto following = play_document(*root, next.url);
      if (!following) return std::move(following).error();
      if (!*following) return {};  // the call ended
      next = std::move(**following);
      documents_without_input = next.caller_spoke ? 0 : documents_without_input + 1;
      if (documents_without_input > kMaxDocumentsWithoutInput) {
        return Error::make(
            Errc::invalid_argument,
            std::to_string(kMaxDocumentsWithoutInput) +
                " documents in a row without asking the caller anything: a redirect loop?");
      }
    }
  }

  // Plays the verbs; the next request when a verb asks for one, nullopt when the call ends.
  Result<std::optional<Request>> play_document(const XmlElement& root, const Url& here) {
    for (const XmlElement& verb : root.children) {
      if (verb.name == "Say" || verb.name == "Play") {
        speak(verb);
      } else if (verb.name == "Pause") {
        continue;  // silence takes no time in a simulation
      } else if (verb.name == "Gather") {
        auto request = gather(verb, here);
        if (!request) return std::move(request).error();
        if (*request) return request;
        if (in_ended_) return std::optional<Request>();
      } else if (verb.name == "Redirect") {
        auto url = resolve(here, squish(verb.text));
        if (!url) return std::move(url).error();
        return std::optional<Request>(
            Request{.url = *url, .method = verb.attribute_or("method", "POST")});
      } else if (verb.name == "Dial") {
        out_ << "assistant transfers the call to " << squish(verb.text) << std::endl;
        return std::optional<Request>();
      } else if (verb.name == "Hangup") {
        return std::optional<Request>();
      } else if (verb.name == "Reject") {
        // The engine rejects calls to numbers no active assistant answers: say so, since
        // otherwise the caller would see nothing at all.
        out_ << "the call was rejected (" << verb.attribute_or("reason", "rejected")
             << "): no active assistant answers " << o_.to << "?" << std::endl;
        rejected_ = true;
        return std::optional<Request>();
      } else {
        err_ << "webox simulate: skipping <" << verb.name
             << ">, which the simulator does not play\n";
      }
    }
    return std::optional<Request>();  // out of verbs: Twilio hangs up
  }

  void speak(const XmlElement& verb) {
    const std::string text = squish(verb.text);
    if (verb.name == "Play") {
      out_ << "assistant plays " << text << std::endl;
    } else if (!text.empty()) {
      out_ << "assistant: " << text << std::endl;
    }
  }

  // The request the Gather's answer makes; nullopt when the document goes on (or input ended).
  Result<std::optional<Request>> gather(const XmlElement& g, const Url& here) {
    for (const XmlElement& prompt : g.children) {
      if (prompt.name == "Say" || prompt.name == "Play") speak(prompt);
    }
    const std::string language = g.attribute_or("language", "en-US");
    if (!o_.language.empty() && !iequals(language, o_.language) && !warned_language_) {
      warned_language_ = true;
      err_ << "webox simulate: note: the engine listens in " << language
           << " but the caller speaks " << o_.language << "; Twilio would transcribe poorly\n";
    }
    auto line = next_line();
    if (!line) return std::optional<Request>();

    const std::string input = g.attribute_or("input", "dtmf");  // Twilio's default
    const bool speech = input.find("speech") != std::string::npos;
    const bool dtmf = input.find("dtmf") != std::string::npos;
    std::vector<std::pair<std::string, std::string>> extra;
    if (!line->empty()) {
      if (dtmf && (!speech || is_keypad(*line))) {
        std::string digits;
        for (const char c : *line) {
          if (is_keypad(std::string_view(&c, 1))) digits.push_back(c);
        }
        if (digits.size() != line->size()) {
          err_ << "webox simulate: this <Gather> takes keypad digits only; sending \"" << digits
               << "\"\n";
        }
        if (!digits.empty()) extra = {{"Digits", digits}};
      } else {
        extra = {{"SpeechResult", *line}, {"Confidence", "0.9"}};
      }
    }
    if (extra.empty() && g.attribute_or("actionOnEmptyResult") != "true") {
      return std::optional<Request>();  // Twilio goes on with the verb after </Gather>
    }
    auto url = resolve(here, g.attribute_or("action"));
    if (!url) return std::move(url).error();
    return std::optional<Request>(Request{.url = *url,
                                          .method = g.attribute_or("method", "POST"),
                                          .extra = std::move(extra),
                                          .caller_spoke = true});
  }

  // The caller's next line; nullopt when they hang up (end of input).
  std::optional<std::string> next_line() {
    if (interactive_) out_ << "you: " << std::flush;
    std::string line;
    if (!std::getline(in_, line)) {
      in_ended_ = true;
      if (interactive_) out_ << std::endl;
      return std::nullopt;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!interactive_) out_ << "caller: " << (line.empty() ? "(silence)" : line) << std::endl;
    return line;
  }

  const SimulateOptions& o_;
  Url base_;
  std::istream& in_;
  bool interactive_;
  std::ostream& out_;
  std::ostream& err_;
  HttpClient client_;
  std::string call_sid_, account_sid_;
  bool answered_ = false;
  bool rejected_ = false;  // the engine answered <Reject />
  bool in_ended_ = false;
  bool warned_language_ = false;
};

bool valid_sid_tail(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool valid_language(std::string_view s) {
  if (s.empty() || s.front() == '-' || s.back() == '-') return false;
  for (const char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return true;
}

bool printable(std::string_view s) {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) < 0x20) return false;
  }
  return !s.empty();
}

}  // namespace

std::string random_hex(std::size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device seed;
  std::mt19937_64 rng((static_cast<std::uint64_t>(seed()) << 32) ^ seed());
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(kHex[rng() & 0xF]);
  return out;
}

std::string rfc2822_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[tm.tm_wday],
                tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                tm.tm_sec);
  return buf;
}

twilio::FormParams twilio_call_params(std::string_view from, std::string_view to,
                                      std::string_view call_sid, std::string_view account_sid,
                                      std::string_view status) {
  const std::string from_country = country_of(from), to_country = country_of(to);
  twilio::FormParams p;
  p.pairs = {{"AccountSid", std::string(account_sid)},
             {"ApiVersion", "2010-04-01"},
             {"CallSid", std::string(call_sid)},
             {"CallStatus", std::string(status)},
             {"Called", std::string(to)},
             {"CalledCity", ""},
             {"CalledCountry", to_country},
             {"CalledState", ""},
             {"CalledZip", ""},
             {"Caller", std::string(from)},
             {"CallerCity", ""},
             {"CallerCountry", from_country},
             {"CallerState", ""},
             {"CallerZip", ""},
             {"Direction", "inbound"},
             {"From", std::string(from)},
             {"FromCity", ""},
             {"FromCountry", from_country},
             {"FromState", ""},
             {"FromZip", ""},
             {"To", std::string(to)},
             {"ToCity", ""},
             {"ToCountry", to_country},
             {"ToState", ""},
             {"ToZip", ""}};
  return p;
}

std::string simulate_usage() {
  return "usage: webox simulate --to NUMBER [options]\n"
         "\n"
         "Plays one phone call against a running engine, exactly as Twilio would: the\n"
         "incoming-call webhook, each <Gather> answered with the next caller line, then the\n"
         "status callback.\n"
         "\n"
         "  --to NUMBER        the number called, which picks the assistant (required)\n"
         "  --from NUMBER      the caller (default +15005550006)\n"
         "  --url URL          the engine, http only (default http://127.0.0.1:8080)\n"
         "  --file PATH        caller lines, one per turn; an empty line is silence\n"
         "                     (default: stdin, with a `you: ` prompt on a terminal)\n"
         "  --call-sid SID     the CallSid to use (default CA + 32 random hex digits)\n"
         "  --language TAG     the caller's language, e.g. fr-FR; warns when the engine\n"
         "                     listens in another\n"
         "  --auth-token TOKEN the tenant's Twilio auth token, to sign each request as\n"
         "                     Twilio does (default: $WEBOX_TWILIO_AUTH_TOKEN)\n"
         "  --help             this text\n"
         "\n"
         "Exit status: 0 when the call ran to its end, 1 when the engine rejected it (no active\n"
         "assistant answers the number), 2 on a bad option, an unreachable engine, an answer\n"
         "other than 200 or a document that is not TwiML.\n";
}

Result<SimulateOptions> parse_simulate_args(int argc, char** argv) {
  SimulateOptions o;
  int i = 1;
  if (i < argc && std::string_view(argv[i]) == "simulate") ++i;
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
    std::string* target = flag == "--to"         ? &o.to
                          : flag == "--from"     ? &o.from
                          : flag == "--url"      ? &o.url
                          : flag == "--file"     ? &o.file
                          : flag == "--call-sid" ? &o.call_sid
                          : flag == "--language" ? &o.language
                          : flag == "--auth-token" ? &o.auth_token
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
  if (!o.call_sid.empty() &&
      (o.call_sid.substr(0, 2) != "CA" || !valid_sid_tail(o.call_sid.substr(2)))) {
    return Error::invalid(
        "--call-sid",
        "--call-sid must be CA followed by letters or digits, e.g. CA" + std::string(32, '0'));
  }
  if (!o.language.empty() && !valid_language(o.language)) {
    return Error::invalid("--language", "--language must be a language tag such as fr-FR");
  }
  return o;
}

int simulate_call(const SimulateOptions& options, std::istream& in, bool interactive,
                  std::ostream& out, std::ostream& err) {
  auto base = parse_url(options.url);
  if (!base) {
    err << "webox simulate: --url: " << base.error().message << '\n';
    return 2;
  }
  return Call(options, std::move(*base), in, interactive, out, err).run();
}

}  // namespace webox::tools

namespace webox {

int run_simulate(int argc, char** argv) {
  auto options = tools::parse_simulate_args(argc, argv);
  if (!options) {
    std::cerr << "webox simulate: " << options.error().message
              << "\n(webox simulate --help lists the options)\n";
    return 2;
  }
  if (options->help) {
    std::cout << tools::simulate_usage();
    return 0;
  }
  if (options->auth_token.empty())
    if (const char* env = std::getenv("WEBOX_TWILIO_AUTH_TOKEN")) options->auth_token = env;
  if (options->auth_token.empty())
    std::cerr << "webox simulate: no --auth-token (nor WEBOX_TWILIO_AUTH_TOKEN): requests go "
                 "unsigned, and an engine that checks signatures answers 403\n";
  if (options->file.empty()) {
    return tools::simulate_call(*options, std::cin, ::isatty(STDIN_FILENO) == 1, std::cout,
                                std::cerr);
  }
  std::ifstream file(options->file);
  if (!file) {
    std::cerr << "webox simulate: --file: cannot open " << options->file << ": "
              << std::strerror(errno) << '\n';
    return 2;
  }
  return tools::simulate_call(*options, file, /*interactive=*/false, std::cout, std::cerr);
}

}  // namespace webox
