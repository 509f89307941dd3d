// signature_check: what checking X-Twilio-Signature costs the server per webhook, and what
// signing costs call_load per request.
//
//   build/bench/signature_check                 # 20,000 rounds of each, best of 5 (~15 s)
//   build/bench/signature_check --rounds 100000 --repeat 3
//
// The bodies are the ones call_load sends (legacy duplicates such as Caller/Called included),
// so the parameter count and sizes are those of a real Twilio voice webhook: about 20
// parameters, 350-500 bytes. The URL is what the server rebuilds from the Host header when it
// has no public URL (the bench's case): it carries a port, so validate_signature's three
// candidates (as given, default port added, port removed) are two distinct URLs and three
// HMACs, all computed whatever matches (the comparison must not tell which one did).
//
// Best of N rather than mean: the machine is shared, and the minimum is the least disturbed.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/twilio/form.h"
#include "adapters/twilio/signature.h"

using namespace webox;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kCommon =
    "AccountSid=AC0123456789abcdef0123456789abcdef&ApiVersion=2010-04-01"
    "&CallSid=CA0123456789abcdef0123456789abcdef&Called=%2B33123456789&CalledCountry=FR"
    "&Caller=%2B33612345678&CallerCountry=FR&Direction=inbound&From=%2B33612345678"
    "&FromCity=&FromCountry=FR&FromState=&FromZip=&To=%2B33123456789"
    "&ToCity=&ToCountry=FR&ToState=&ToZip=";

struct Case {
  const char* name;
  std::string url, body;
};

// Keeps the optimiser from dropping work whose result is otherwise unused.
volatile std::size_t g_sink = 0;

// Nanoseconds per call of f, best of `repeat` timed loops of `rounds` calls.
template <class F>
double best_ns(std::size_t rounds, int repeat, F&& f) {
  double best = 1e300;
  for (int r = 0; r < repeat; ++r) {
    auto t0 = Clock::now();
    for (std::size_t i = 0; i < rounds; ++i) g_sink = g_sink + f();
    double ns = std::chrono::duration<double, std::nano>(Clock::now() - t0).count() / double(rounds);
    best = std::min(best, ns);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t rounds = 20000;
  int repeat = 5;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--rounds" && i + 1 < argc) rounds = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--repeat" && i + 1 < argc) repeat = std::atoi(argv[++i]);
    else {
      std::fprintf(stderr, "usage: signature_check [--rounds N] [--repeat R]\n");
      return 2;
    }
  }
  if (rounds == 0 || repeat <= 0) return 2;

  const std::string token = "0123456789abcdef0123456789abcdef";  // Twilio's are 32 hex digits
  const std::vector<Case> cases = {
      {"voice", "http://127.0.0.1:8080/twilio/voice", kCommon + "&CallStatus=ringing"},
      {"gather", "http://127.0.0.1:8080/twilio/gather?turn=1",
       kCommon + "&CallStatus=in-progress&Confidence=0.9123&Language=fr-FR&SpeechResult="
                 "Bonjour+je+voudrais+r%C3%A9server+une+table+pour+quatre+personnes+demain+soir"
                 "+%C3%A0+20h"},
      {"status", "http://127.0.0.1:8080/twilio/status",
       kCommon + "&CallStatus=completed&CallDuration=42&CallbackSource=call-progress-events"
                 "&SequenceNumber=0&Timestamp=Tue%2C+25+Nov+2025+08%3A41%3A07+%2B0000"},
  };

  std::printf("%-7s %6s %7s  %11s  %11s  %13s  %13s\n", "webhook", "params", "bytes",
              "parse_form", "compute_sig", "validate(ok)", "validate(bad)");
  for (const auto& c : cases) {
    auto form = twilio::parse_form(c.body);
    if (!form) {
      std::fprintf(stderr, "signature_check: %s: %s\n", c.name, form.error().message.c_str());
      return 1;
    }
    const std::string good = twilio::compute_signature(token, c.url, *form);
    std::string bad = good;
    bad[0] = bad[0] == 'A' ? 'B' : 'A';
    if (!twilio::validate_signature(token, c.url, *form, good) ||
        twilio::validate_signature(token, c.url, *form, bad)) {
      std::fprintf(stderr, "signature_check: %s: the checker disagrees with the signer\n", c.name);
      return 1;
    }
    double parse = best_ns(rounds, repeat, [&] { return twilio::parse_form(c.body)->pairs.size(); });
    double sign = best_ns(rounds, repeat,
                          [&] { return twilio::compute_signature(token, c.url, *form).size(); });
    double ok = best_ns(rounds, repeat, [&] {
      return std::size_t(twilio::validate_signature(token, c.url, *form, good));
    });
    double ko = best_ns(rounds, repeat, [&] {
      return std::size_t(twilio::validate_signature(token, c.url, *form, bad));
    });
    std::printf("%-7s %6zu %7zu  %8.2f us  %8.2f us  %10.2f us  %10.2f us\n", c.name,
                form->pairs.size(), c.body.size(), parse / 1000, sign / 1000, ok / 1000, ko / 1000);
  }
  std::printf("(best of %d x %zu rounds each; parse_form is paid with or without signatures)\n",
              repeat, rounds);
  return 0;
}
