// What Twilio posts during a call, for the end-to-end tests: the webhook parameters, and a
// whole booking call at the restaurant (tests/support/restaurant.h) driven over HTTP.
//
//   Server s(dir);
//   s.api("POST", "/api/v1/assistants", create_assistant_json("+33123456789", "fr"));
//   run_booking_call(s, "CA01...", "+33123456789", {"Bonjour ...", "Au nom de Dupont", "Oui"},
//                    "Chez Marcel");
#pragma once

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "adapters/twilio/form.h"
#include "tests/e2e/harness.h"
#include "tests/support/restaurant.h"

namespace webox::testing::e2e {

inline twilio::FormParams twilio_params(const std::string& sid, const std::string& to) {
  return {{{"AccountSid", "AC9a9f9392d6e84bb3a0a2d1c5e5e2a1b0"},
           {"ApiVersion", "2010-04-01"},
           {"CallSid", sid},
           {"CallStatus", "in-progress"},
           {"Called", to},
           {"Caller", "+33611223344"},
           {"Direction", "inbound"},
           {"From", "+33611223344"},
           {"To", to}}};
}

// The same params with `extra` set (replacing a key already there).
inline twilio::FormParams with(twilio::FormParams p, std::vector<std::pair<std::string, std::string>> extra) {
  for (auto& kv : extra) {
    auto it = std::find_if(p.pairs.begin(), p.pairs.end(),
                           [&](const auto& x) { return x.first == kv.first; });
    if (it != p.pairs.end()) it->second = std::move(kv.second);
    else p.pairs.push_back(std::move(kv));
  }
  return p;
}

// What the caller hears: the TwiML with XML's escapes undone.
inline std::string heard(std::string twiml) {
  for (auto [from, to] : {std::pair{"&apos;", "'"}, {"&quot;", "\""}, {"&lt;", "<"}, {"&gt;", ">"},
                          {"&amp;", "&"}})
    for (auto at = twiml.find(from); at != std::string::npos; at = twiml.find(from, at))
      twiml.replace(at, std::string_view(from).size(), to);
  return twiml;
}

inline std::string create_assistant_json(const std::string& phone, const std::string& lang) {
  return R"({"name":"Chez Marcel","phone_number":")" + phone + R"(","language":")" + lang +
         R"(","context_data":)" + webox::testing::restaurant_context() + "}";
}

inline void run_booking_call(Server& r, const std::string& sid, const std::string& to,
                      const std::vector<std::string>& lines, const std::string& expect_greeting) {
  auto base = twilio_params(sid, to);
  auto hello = r.form("/twilio/voice", with(base, {{"CallStatus", "ringing"}}));
  REQUIRE(hello.status == 200);
  CHECK(hello.content_type.find("text/xml") == 0);
  CHECK(hello.body.find(expect_greeting) != std::string::npos);
  for (auto& line : lines) {
    auto res = r.form("/twilio/gather", with(base, {{"SpeechResult", line}, {"Confidence", "0.92"}}));
    REQUIRE(res.status == 200);
    CHECK(res.body.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>", 0) == 0);
  }
  auto done = r.form("/twilio/status",
                     with(base, {{"CallStatus", "completed"}, {"CallDuration", "57"}}));
  REQUIRE(done.status == 200);
}

}  // namespace webox::testing::e2e
