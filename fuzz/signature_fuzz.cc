// Fuzzes X-Twilio-Signature (adapters/twilio/signature.h): the check that will decide whether a
// webhook came from Twilio, so it must never crash on what an attacker sends and must never
// accept what was not signed.
//
// The input gives an auth token, a URL, parameters, a claimed signature and where to change one
// byte. Properties, besides "no crash, no leak, no UB":
// - compute_signature is base64(HMAC-SHA1(token, url + params sorted by name then value)),
//   checked against that rule written here with OpenSSL directly;
// - a computed signature validates, also from the URL's port variants;
// - a one-byte change of the signature, the URL, a parameter or the form body never validates,
//   unless the change leaves the signed string the same (a duplicate value merging, which the
//   scheme allows): that case is recognised with this file's own signed-string rule;
// - validate_json_signature accepts a body whose SHA-256 the URL carries and refuses the body
//   with one byte changed.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "adapters/twilio/signature.h"
#include "fuzz/check.h"
#include "fuzz/input.h"

using namespace webox;
using namespace webox::fuzz;
using namespace webox::twilio;

namespace {

// The parameters as the signed string carries them: names in byte order, each name's distinct
// values in byte order.
std::string signed_params(const FormParams& p) {
  std::map<std::string, std::set<std::string>> sorted;
  for (const auto& [k, v] : p.pairs) sorted[k].insert(v);
  std::string out;
  for (const auto& [k, values] : sorted)
    for (const auto& v : values) out += k + v;
  return out;
}

std::string reference_signature(std::string_view token, std::string_view url, const FormParams& p) {
  const std::string data = std::string(url) + signed_params(p);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha1(), token.data(), int(token.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &len);
  std::string b64(4 * ((len + 2) / 3) + 1, '\0');
  b64.resize(std::size_t(EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()), mac, int(len))));
  return b64;
}

// Would a request with (url, changed) carry the same signed string as (url, original)? Then a
// signature for one is a signature for the other, and accepting it is no bug.
bool same_signed_string(std::string_view url, const FormParams& original, const FormParams& changed) {
  const std::string before = std::string(url) + signed_params(original);
  const std::string after = signed_params(changed);
  for (const std::string& candidate :
       {std::string(url), url_with_default_port(url), url_without_port(url)})
    if (candidate + after == before) return true;
  return false;
}

void flip(std::string& s, std::size_t at, std::uint8_t mask) {
  s[at % s.size()] = char(static_cast<unsigned char>(s[at % s.size()]) ^ (mask | 1));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Input in(data, size);
  const std::string token = in.text(64);
  const std::string url = in.text(256);
  FormParams params;
  for (int n = in.in_range(0, 6); n > 0; --n) {
    std::string k = in.text(32);
    params.pairs.emplace_back(std::move(k), in.text(64));
  }
  const std::string claimed = in.text(64);
  const auto at = in.integral<std::size_t>();
  const auto mask = in.byte();
  const std::string json_body = in.rest();

  // Whatever is claimed, checking it is safe (and true only if it is one of the candidates).
  const bool claimed_ok = validate_signature(token, url, params, claimed);
  (void)validate_json_signature(token, url, json_body, claimed);

  const std::string sig = compute_signature(token, url, params);
  FUZZ_CHECK(sig == reference_signature(token, url, params), "the signature follows Twilio's rule");
  FUZZ_CHECK(sig.size() == 28, "base64 of a 20-byte HMAC-SHA1 is 28 characters");
  FUZZ_CHECK(validate_signature(token, url, params, sig), "a computed signature validates");
  FUZZ_CHECK(claimed_ok == (claimed == sig || claimed == compute_signature(token, url_with_default_port(url), params) ||
                            claimed == compute_signature(token, url_without_port(url), params)),
             "a claimed signature validates exactly when it is one of the candidates");
  FUZZ_CHECK(validate_signature(token, url, params,
                                compute_signature(token, url_with_default_port(url), params)),
             "a signature over the URL with its default port validates");
  FUZZ_CHECK(validate_signature(token, url, params,
                                compute_signature(token, url_without_port(url), params)),
             "a signature over the URL without its port validates");

  std::string bad_sig = sig;
  flip(bad_sig, at, mask);
  FUZZ_CHECK(!validate_signature(token, url, params, bad_sig), "a changed signature never validates");

  if (!url.empty()) {
    // A substitution keeps the URL's length while each port variant changes it, so no candidate
    // of the changed URL can be the signed URL.
    std::string bad_url = url;
    flip(bad_url, at, mask);
    FUZZ_CHECK(!validate_signature(token, bad_url, params, sig), "a changed URL never validates");
  }

  if (!params.pairs.empty()) {
    FormParams changed = params;
    auto& [k, v] = changed.pairs[at % changed.pairs.size()];
    std::string& target = (mask & 0x80) && !k.empty() ? k : v;
    if (!target.empty()) {
      flip(target, at / 7, mask);
      if (!same_signed_string(url, params, changed))
        FUZZ_CHECK(!validate_signature(token, url, changed, sig), "a changed parameter never validates");
    }
  }

  // The same through the wire format: a one-byte change of the form body.
  std::string body = form_encode(params);
  if (!body.empty()) {
    flip(body, at, mask);
    if (auto changed = parse_form(body); changed && !same_signed_string(url, params, *changed))
      FUZZ_CHECK(!validate_signature(token, url, *changed, sig), "a changed body never validates");
  }

  // JSON bodies: the URL carries the body's SHA-256. Only for URLs where the appended query
  // value is the first bodySHA256 a reader finds.
  if (url.find('#') == std::string::npos && url.find("bodySHA256") == std::string::npos) {
    const std::string json_url = url + (url.find('?') == std::string::npos ? "?" : "&") +
                                 "bodySHA256=" + sha256_hex(json_body);
    const std::string json_sig = compute_signature(token, json_url, FormParams{});
    FUZZ_CHECK(validate_json_signature(token, json_url, json_body, json_sig),
               "a signed JSON request validates");
    std::string bad_body = json_body.empty() ? std::string("x") : json_body;
    if (!json_body.empty()) flip(bad_body, at, mask);
    FUZZ_CHECK(!validate_json_signature(token, json_url, bad_body, json_sig),
               "a changed JSON body never validates");
  }
  return 0;
}
