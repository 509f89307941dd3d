// `webox simulate` against a scripted fake engine on loopback: what goes over the wire, what the
// transcript says, and how each failure ends. Also the URL helpers and the flags.
#include <catch2/catch.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <atomic>
#include <functional>
#include <mutex>
#include <regex>
#include <sstream>
#include <thread>

#include "adapters/twilio/form.h"
#include "adapters/twilio/signature.h"
#include "tools/http_client.h"
#include "tools/simulate.h"

using webox::tools::parse_simulate_args;
using webox::tools::parse_url;
using webox::tools::resolve;
using webox::tools::simulate_call;
using webox::tools::SimulateOptions;
using webox::twilio::FormParams;
using webox::twilio::parse_form;

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct Seen {
  std::string method, path, query, body;
  std::string host, signature;  // Host and X-Twilio-Signature as received
  FormParams form;  // the body's, or the query string's for a GET
};

struct Answer {
  unsigned status = 200;
  std::string body;
};

std::string twiml(std::string_view inner) {
  return R"(<?xml version="1.0" encoding="UTF-8"?><Response>)" + std::string(inner) + "</Response>";
}

// A one-connection-at-a-time HTTP/1.1 server that answers from a script and records requests.
class FakeEngine {
 public:
  using Script = std::function<Answer(const Seen&)>;

  explicit FakeEngine(Script script, bool close_every_time = false)
      : script_(std::move(script)), close_every_time_(close_every_time) {
    acceptor_.open(tcp::v4());
    acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    thread_ = std::thread([this] { serve(); });
  }

  ~FakeEngine() {
    stop_ = true;
    beast::error_code ec;
    tcp::socket wake(ioc_);
    wake.connect(acceptor_.local_endpoint(), ec);  // unblocks accept()
    thread_.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()); }

  std::vector<Seen> seen() const {
    std::lock_guard lock(mutex_);
    return seen_;
  }
  int connections() const { return connections_; }

 private:
  void serve() {
    while (!stop_) {
      tcp::socket socket(ioc_);
      beast::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stop_) return;
      ++connections_;
      session(socket);
    }
  }

  void session(tcp::socket& socket) {
    beast::flat_buffer buffer;
    for (;;) {
      http::request<http::string_body> req;
      beast::error_code ec;
      http::read(socket, buffer, req, ec);
      if (ec) return;
      Seen s;
      s.method = std::string(req.method_string());
      const std::string target(req.target());
      s.path = target.substr(0, target.find('?'));
      s.query = target.find('?') == std::string::npos ? "" : target.substr(target.find('?') + 1);
      s.body = req.body();
      s.host = std::string(req[http::field::host]);
      s.signature = std::string(req["X-Twilio-Signature"]);
      // No REQUIRE here: Catch's assertions belong to the test thread. A bad body shows up
      // there as a missing field.
      if (auto form = parse_form(s.method == "GET" ? s.query : s.body)) s.form = *form;
      {
        std::lock_guard lock(mutex_);
        seen_.push_back(s);
      }
      const Answer a = script_(s);
      http::response<http::string_body> res{static_cast<http::status>(a.status), 11};
      res.set(http::field::content_type, "text/xml");
      res.body() = a.body;
      res.keep_alive(req.keep_alive());
      res.prepare_payload();
      http::write(socket, res, ec);
      // A server that drops idle keep-alive connections without saying so.
      if (ec || !res.keep_alive() || close_every_time_) return;
    }
  }

  Script script_;
  bool close_every_time_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_{ioc_};
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mutex_;
  std::vector<Seen> seen_;
};

struct Run {
  int code = -1;
  std::string out, err;
};

Run simulate(const FakeEngine& engine, std::string lines, SimulateOptions o = {}) {
  if (o.to.empty()) o.to = "+33198765432";
  o.url = engine.url();
  std::istringstream in(lines);
  std::ostringstream out, err;
  Run r;
  r.code = simulate_call(o, in, /*interactive=*/false, out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

// The booking conversation of a restaurant assistant, as the engine's TwiML would drive it.
Answer restaurant(const Seen& s) {
  const std::string gather_open =
      R"(<Gather action="/twilio/gather" actionOnEmptyResult="true" input="speech" language="fr-FR" )"
      R"(method="POST" speechTimeout="auto" timeout="5">)";
  if (s.path == "/twilio/voice") {
    return {200, twiml(gather_open + "<Say>Bonjour, restaurant Chez Marcel, que puis-je faire pour vous ?</Say></Gather>")};
  }
  if (s.path == "/twilio/gather" && s.form.has("SpeechResult")) {
    return {200, twiml(gather_open + "<Say>C&apos;est not\xC3\xA9. \xC3\x80 quel nom ?</Say></Gather>")};
  }
  if (s.path == "/twilio/gather") return {200, twiml("<Say>Au revoir.</Say><Hangup />")};
  if (s.path == "/twilio/status") return {200, R"(<?xml version="1.0" encoding="UTF-8"?><Response />)"};
  return {404, "no route"};
}

}  // namespace

TEST_CASE("a whole call: voice, gathers with speech and silence, hangup, status", "[tools][simulate]") {
  FakeEngine engine(restaurant);
  const Run r = simulate(engine, "une table pour quatre demain \xC3\xA0 20h\n\n");
  INFO(r.err);
  CHECK(r.code == 0);
  // stderr holds only where to read the call back.
  CHECK_THAT(r.err, Catch::StartsWith("webox simulate: call CA") &&
                        Catch::Contains("/api/v1/calls/CA") && Catch::EndsWith("/events\n"));
  CHECK(r.out ==
        "assistant: Bonjour, restaurant Chez Marcel, que puis-je faire pour vous ?\n"
        "caller: une table pour quatre demain \xC3\xA0 20h\n"
        "assistant: C'est not\xC3\xA9. \xC3\x80 quel nom ?\n"
        "caller: (silence)\n"
        "assistant: Au revoir.\n");

  const auto seen = engine.seen();
  REQUIRE(seen.size() == 4);
  CHECK(engine.connections() == 1);  // keep-alive, as Twilio does

  const FormParams& voice = seen[0].form;
  CHECK(seen[0].method == "POST");
  CHECK(seen[0].path == "/twilio/voice");
  CHECK(std::regex_match(voice.value_or("CallSid"), std::regex("CA[0-9a-f]{32}")));
  CHECK(std::regex_match(voice.value_or("AccountSid"), std::regex("AC[0-9a-f]{32}")));
  CHECK(voice.value_or("From") == "+15005550006");
  CHECK(voice.value_or("Caller") == "+15005550006");
  CHECK(voice.value_or("To") == "+33198765432");
  CHECK(voice.value_or("Called") == "+33198765432");
  CHECK(voice.value_or("ToCountry") == "FR");
  CHECK(voice.value_or("FromCountry") == "US");
  CHECK(voice.value_or("CallStatus") == "ringing");
  CHECK(voice.value_or("ApiVersion") == "2010-04-01");
  CHECK(voice.value_or("Direction") == "inbound");
  CHECK(voice.has("ToCity"));
  CHECK_FALSE(voice.has("SpeechResult"));

  const FormParams& heard = seen[1].form;
  CHECK(seen[1].path == "/twilio/gather");
  CHECK(heard.value_or("CallSid") == voice.value_or("CallSid"));
  CHECK(heard.value_or("AccountSid") == voice.value_or("AccountSid"));
  CHECK(heard.value_or("CallStatus") == "in-progress");
  CHECK(heard.value_or("SpeechResult") == "une table pour quatre demain \xC3\xA0 20h");
  CHECK(heard.value_or("Confidence") == "0.9");

  const FormParams& silence = seen[2].form;
  CHECK(seen[2].path == "/twilio/gather");
  CHECK_FALSE(silence.has("SpeechResult"));
  CHECK_FALSE(silence.has("Confidence"));
  CHECK(silence.value_or("CallStatus") == "in-progress");

  const FormParams& status = seen[3].form;
  CHECK(seen[3].path == "/twilio/status");
  CHECK(status.value_or("CallSid") == voice.value_or("CallSid"));
  CHECK(status.value_or("CallStatus") == "completed");
  CHECK(std::stoi(status.value_or("CallDuration", "0")) >= 1);
  CHECK(status.value_or("CallbackSource") == "call-progress-events");
}

TEST_CASE("the caller hanging up (end of input) still closes the call", "[tools][simulate]") {
  FakeEngine engine(restaurant);
  const Run r = simulate(engine, "");
  CHECK(r.code == 0);
  CHECK(r.out == "assistant: Bonjour, restaurant Chez Marcel, que puis-je faire pour vous ?\n");
  const auto seen = engine.seen();
  REQUIRE(seen.size() == 2);
  CHECK(seen[1].path == "/twilio/status");
  CHECK(seen[1].form.value_or("CallStatus") == "completed");
}

TEST_CASE("a given CallSid, a GET redirect, a relative action, a transfer", "[tools][simulate]") {
  FakeEngine engine([](const Seen& s) -> Answer {
    if (s.path == "/twilio/voice") return {200, twiml(R"(<Redirect method="GET">next?step=2</Redirect>)")};
    if (s.path == "/twilio/next") {
      return {200, twiml(R"(<Gather input="speech" action="gather/here"><Say>Question ?</Say></Gather>)")};
    }
    if (s.path == "/twilio/gather/here") {
      return {200, twiml("<Say>Je vous passe un coll\xC3\xA8gue.</Say><Dial>+33100000000</Dial><Say>never</Say>")};
    }
    return {200, twiml("")};
  });
  SimulateOptions o;
  o.call_sid = "CA0123456789abcdef0123456789abcdef";
  const Run r = simulate(engine, "un humain svp\n", o);
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(r.out ==
        "assistant: Question ?\n"
        "caller: un humain svp\n"
        "assistant: Je vous passe un coll\xC3\xA8gue.\n"
        "assistant transfers the call to +33100000000\n");
  const auto seen = engine.seen();
  REQUIRE(seen.size() == 4);
  CHECK(seen[1].method == "GET");
  CHECK(seen[1].path == "/twilio/next");
  CHECK(seen[1].form.value_or("step") == "2");
  CHECK(seen[1].form.value_or("CallSid") == o.call_sid);
  CHECK(seen[2].method == "POST");
  CHECK(seen[2].form.value_or("SpeechResult") == "un humain svp");
  CHECK(seen[3].path == "/twilio/status");
  CHECK(seen[3].form.value_or("CallSid") == o.call_sid);
}

TEST_CASE("silence without actionOnEmptyResult goes on with the next verb", "[tools][simulate]") {
  FakeEngine engine([](const Seen& s) -> Answer {
    if (s.path == "/twilio/voice") {
      return {200, twiml(R"(<Gather input="speech" action="/g"><Say>Allo ?</Say></Gather>)"
                         R"(<Pause length="1"/><Say>Personne ?</Say>)")};
    }
    return {200, twiml("")};
  });
  const Run r = simulate(engine, "\n");
  CHECK(r.code == 0);
  CHECK(r.out == "assistant: Allo ?\ncaller: (silence)\nassistant: Personne ?\n");
  const auto seen = engine.seen();
  REQUIRE(seen.size() == 2);  // no request to /g
  CHECK(seen[1].path == "/twilio/status");
}

TEST_CASE("a rejected call says so and exits 1", "[tools][simulate]") {
  FakeEngine engine([](const Seen& s) -> Answer {
    if (s.path == "/twilio/voice") return {200, twiml(R"(<Reject reason="rejected" />)")};
    return {200, twiml("")};
  });
  const Run r = simulate(engine, "");
  CHECK(r.code == 1);
  CHECK_THAT(r.out, Catch::Contains("the call was rejected") && Catch::Contains("no active assistant"));
  CHECK(r.err.find("its events") == std::string::npos);
}

TEST_CASE("a dtmf-only Gather gets Digits", "[tools][simulate]") {
  FakeEngine engine([](const Seen& s) -> Answer {
    if (s.path == "/twilio/voice") return {200, twiml(R"(<Gather action="/keys" numDigits="1"/>)")};
    if (s.path == "/keys") return {200, twiml("<Hangup />")};
    return {200, twiml("")};
  });
  const Run r = simulate(engine, "1#\n");
  CHECK(r.code == 0);
  const auto seen = engine.seen();
  REQUIRE(seen.size() == 3);
  CHECK(seen[1].form.value_or("Digits") == "1#");
  CHECK_FALSE(seen[1].form.has("SpeechResult"));
}

TEST_CASE("a server that silently drops keep-alive connections is retried", "[tools][simulate]") {
  FakeEngine engine(restaurant, /*close_every_time=*/true);
  const Run r = simulate(engine, "oui\n\n");
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(engine.seen().size() == 4);
  CHECK(engine.connections() == 4);
}

TEST_CASE("the caller's --language is checked against the Gather's", "[tools][simulate]") {
  FakeEngine engine(restaurant);
  SimulateOptions o;
  o.language = "en-US";
  const Run r = simulate(engine, "", o);
  CHECK(r.code == 0);
  CHECK_THAT(r.err, Catch::Contains("listens in fr-FR") && Catch::Contains("speaks en-US"));
}

TEST_CASE("an answer other than 200 exits 2 with status and body", "[tools][simulate]") {
  SECTION("on the incoming call: nothing to close") {
    FakeEngine engine([](const Seen&) { return Answer{500, "boom: no assistant"}; });
    const Run r = simulate(engine, "");
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("500") && Catch::Contains("boom: no assistant"));
    CHECK(engine.seen().size() == 1);
  }
  SECTION("mid-call: the status callback still closes the call") {
    FakeEngine engine([](const Seen& s) -> Answer {
      if (s.path == "/twilio/gather") return {503, "overloaded"};
      return restaurant(s);
    });
    const Run r = simulate(engine, "bonjour\n");
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("503") && Catch::Contains("overloaded"));
    const auto seen = engine.seen();
    REQUIRE(seen.size() == 3);
    CHECK(seen[2].path == "/twilio/status");
  }
}

TEST_CASE("documents that are not TwiML, and redirect loops, exit 2", "[tools][simulate]") {
  SECTION("not XML") {
    FakeEngine engine([](const Seen& s) -> Answer {
      if (s.path == "/twilio/voice") return {200, "{\"json\": true}"};
      return {200, twiml("")};
    });
    const Run r = simulate(engine, "");
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("not TwiML"));
  }
  SECTION("another root") {
    FakeEngine engine([](const Seen& s) -> Answer { return {200, "<html><body/></html>"}; });
    const Run r = simulate(engine, "");
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("<html>"));
  }
  SECTION("a loop") {
    FakeEngine engine([](const Seen& s) -> Answer {
      if (s.path == "/twilio/status") return {200, twiml("")};
      return {200, twiml("<Redirect>/twilio/voice</Redirect>")};
    });
    const Run r = simulate(engine, "");
    CHECK(r.code == 2);
    CHECK_THAT(r.err, Catch::Contains("redirect loop"));
    CHECK(engine.seen().back().path == "/twilio/status");
  }
}

TEST_CASE("an unreachable engine exits 2", "[tools][simulate]") {
  std::string closed_url;
  {
    asio::io_context ioc;
    tcp::acceptor a(ioc, {asio::ip::make_address("127.0.0.1"), 0});
    closed_url = "http://127.0.0.1:" + std::to_string(a.local_endpoint().port());
  }  // closed again: nothing listens there now
  SimulateOptions o;
  o.to = "+33198765432";
  o.url = closed_url;
  std::istringstream in;
  std::ostringstream out, err;
  CHECK(simulate_call(o, in, false, out, err) == 2);
  CHECK_THAT(err.str(), Catch::Contains("cannot connect to 127.0.0.1"));
}

TEST_CASE("flags", "[tools][simulate]") {
  auto parse = [](std::vector<std::string> words) {
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    return parse_simulate_args(static_cast<int>(argv.size()), argv.data());
  };
  auto ok = parse({"simulate", "--to", "+33198765432", "--from=+33612345678", "--file", "calls.txt",
                   "--url", "http://[::1]:9000", "--call-sid", "CA01", "--language", "fr-FR"});
  REQUIRE(ok);
  CHECK(ok->to == "+33198765432");
  CHECK(ok->from == "+33612345678");
  CHECK(ok->file == "calls.txt");
  CHECK(ok->url == "http://[::1]:9000");
  CHECK(ok->call_sid == "CA01");
  CHECK(ok->language == "fr-FR");
  // main() may pass its own argv: "webox simulate ..." reads the same.
  auto whole = parse({"webox", "simulate", "--to", "+1"});
  REQUIRE(whole);
  CHECK(whole->to == "+1");
  CHECK(whole->url == "http://127.0.0.1:8080");
  auto help = parse({"simulate", "--help"});
  REQUIRE(help);
  CHECK(help->help);

  const std::pair<std::vector<std::string>, std::string> bad[] = {
      {{"simulate"}, "--to"},
      {{"simulate", "--from", "+1"}, "--to"},
      {{"simulate", "--to"}, "--to"},
      {{"simulate", "--to", "+1", "--bogus", "x"}, "--bogus"},
      {{"simulate", "--to", "+1", "extra"}, "extra"},
      {{"simulate", "--to", "+1", "--url", "https://example.com"}, "--url"},
      {{"simulate", "--to", "+1", "--url", "127.0.0.1:8080"}, "--url"},
      {{"simulate", "--to", "+1", "--url", "http://127.0.0.1:99999"}, "--url"},
      {{"simulate", "--to", "+1", "--call-sid", "XX123"}, "--call-sid"},
      {{"simulate", "--to", "+1", "--call-sid", "CA"}, "--call-sid"},
      {{"simulate", "--to", "+1", "--language", "fr FR"}, "--language"},
      {{"simulate", "--to", "+1", "--from="}, "--from"},
  };
  for (const auto& [words, field] : bad) {
    INFO(field);
    auto r = parse(words);
    REQUIRE_FALSE(r);
    CHECK(r.error().field == field);
    CHECK_THAT(r.error().message, Catch::Contains(field));
  }
}

TEST_CASE("URLs: parse and resolve as a TwiML document's links need", "[tools][http]") {
  auto u = parse_url("http://127.0.0.1:8080");
  REQUIRE(u);
  CHECK(u->host == "127.0.0.1");
  CHECK(u->port == 8080);
  CHECK(u->target == "/");
  CHECK(u->str() == "http://127.0.0.1:8080/");
  auto v6 = parse_url("HTTP://[::1]:9000/a/b?x=1#frag");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->authority() == "[::1]:9000");
  CHECK(v6->target == "/a/b?x=1");
  auto plain = parse_url("http://localhost?q");
  REQUIRE(plain);
  CHECK(plain->port == 80);
  CHECK(plain->target == "/?q");
  for (const char* bad : {"https://x", "ftp://x", "http://", "http://:80", "http://x:0", "http://x:8o",
                          "http://u:p@x/", "http://[::1"}) {
    INFO(bad);
    auto r = parse_url(bad);
    REQUIRE_FALSE(r);
    CHECK(r.error().field == "url");
  }

  const auto base = *parse_url("http://127.0.0.1:8080/twilio/voice?a=1");
  auto at = [&](std::string_view ref) {
    auto r = resolve(base, ref);
    REQUIRE(r);
    return r->str();
  };
  CHECK(at("") == "http://127.0.0.1:8080/twilio/voice?a=1");
  CHECK(at("/twilio/gather") == "http://127.0.0.1:8080/twilio/gather");
  CHECK(at("gather?turn=2") == "http://127.0.0.1:8080/twilio/gather?turn=2");
  CHECK(at("?b=2") == "http://127.0.0.1:8080/twilio/voice?b=2");
  CHECK(at("http://localhost:9/x") == "http://localhost:9/x");
  CHECK(at("//other:81/y") == "http://other:81/y");
  CHECK(at("#top") == "http://127.0.0.1:8080/twilio/voice?a=1");
  CHECK_FALSE(resolve(base, "https://api.example.com/hook"));
  CHECK_FALSE(resolve(base, "tel:+33100000000"));
}

TEST_CASE("every webhook is signed as Twilio signs it, over the URL it was sent to",
          "[tools][simulate]") {
  FakeEngine engine(restaurant);
  SimulateOptions o;
  o.auth_token = "simulate-token-123";
  const Run r = simulate(engine, "une table pour quatre\n", o);
  INFO(r.err);
  REQUIRE(r.code == 0);
  auto seen = engine.seen();
  REQUIRE(seen.size() >= 3);
  for (const auto& s : seen) {
    std::string url = "http://" + s.host + s.path + (s.query.empty() ? "" : "?" + s.query);
    INFO(url);
    CHECK(webox::twilio::validate_signature("simulate-token-123", url,
                                            s.method == "GET" ? FormParams{} : s.form,
                                            s.signature));
    CHECK_FALSE(webox::twilio::validate_signature("another-token", url, s.form, s.signature));
  }
}

TEST_CASE("without a token nothing is signed", "[tools][simulate]") {
  FakeEngine engine(restaurant);
  const Run r = simulate(engine, "\n");
  REQUIRE(r.code == 0);
  for (const auto& s : engine.seen()) CHECK(s.signature.empty());
}
