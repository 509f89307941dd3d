#include "adapters/twilio/signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "events/digest.h"

namespace webox::twilio {
namespace {

std::string base64(const unsigned char* data, std::size_t n) {
  std::string out(4 * ((n + 2) / 3), '\0');
  int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, int(n));
  out.resize(std::size_t(len));
  return out;
}

bool same(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// Where the authority's host:port part of a URL is: [begin, end) after "scheme://" and any
// "user:pass@", before the path. Returns false for a URL without "://".
bool authority(std::string_view url, std::size_t& begin, std::size_t& end) {
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return false;
  begin = scheme_end + 3;
  end = url.find_first_of("/?#", begin);
  if (end == std::string_view::npos) end = url.size();
  auto at = url.substr(begin, end - begin).rfind('@');
  if (at != std::string_view::npos) begin += at + 1;
  return true;
}

// Position of the ':' that starts the port inside [begin, end), or npos ([::1] aware).
std::size_t port_colon(std::string_view url, std::size_t begin, std::size_t end) {
  auto host = url.substr(begin, end - begin);
  auto bracket = host.rfind(']');
  auto colon = host.rfind(':');
  if (colon == std::string_view::npos) return colon;
  if (bracket != std::string_view::npos && colon < bracket) return std::string_view::npos;
  return begin + colon;
}

std::string_view query_value(std::string_view url, std::string_view name) {
  auto q = url.find('?');
  if (q == std::string_view::npos) return {};
  auto query = url.substr(q + 1, url.find('#') == std::string_view::npos
                                     ? std::string_view::npos
                                     : url.find('#') - q - 1);
  while (!query.empty()) {
    auto amp = query.find('&');
    auto part = query.substr(0, amp);
    auto eq = part.find('=');
    if (part.substr(0, eq) == name) return eq == std::string_view::npos ? "" : part.substr(eq + 1);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

// "name" + "value" for each name in byte order and each of its distinct values in byte order
// (the SDKs' rule for repeated keys), as one string appended to the URL.
std::string sorted_params(const FormParams& params) {
  std::vector<std::pair<std::string_view, std::string_view>> pairs;
  pairs.reserve(params.pairs.size());
  std::size_t bytes = 0;
  for (const auto& [k, v] : params.pairs) {
    pairs.emplace_back(k, v);
    bytes += k.size() + v.size();
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  std::string out;
  out.reserve(bytes);
  for (const auto& [k, v] : pairs) out.append(k).append(v);
  return out;
}

// HMAC-SHA1 (RFC 2104) over url + suffix, from a SHA-1 fetched once and a per-thread digest
// context: OpenSSL 3's one-shot HMAC() looks the algorithm up by name and allocates a context
// on every call, which cost more than the hashing itself for a webhook.
std::string hmac_sha1_base64(std::string_view key, std::string_view url, std::string_view suffix) {
  static const EVP_MD* const kSha1 = [] {
    const EVP_MD* md = EVP_MD_fetch(nullptr, "SHA1", nullptr);
    return md ? md : EVP_sha1();
  }();
  thread_local std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                            &EVP_MD_CTX_free);
  constexpr std::size_t kBlock = 64;
  unsigned char k[kBlock] = {};
  unsigned int n = 0;
  if (key.size() > kBlock) {
    EVP_Digest(key.data(), key.size(), k, &n, kSha1, nullptr);
  } else {
    std::memcpy(k, key.data(), key.size());
  }
  unsigned char pad[kBlock], inner[EVP_MAX_MD_SIZE], mac[EVP_MAX_MD_SIZE];
  for (std::size_t i = 0; i < kBlock; ++i) pad[i] = k[i] ^ 0x36;
  EVP_DigestInit_ex(ctx.get(), kSha1, nullptr);
  EVP_DigestUpdate(ctx.get(), pad, kBlock);
  EVP_DigestUpdate(ctx.get(), url.data(), url.size());
  EVP_DigestUpdate(ctx.get(), suffix.data(), suffix.size());
  EVP_DigestFinal_ex(ctx.get(), inner, &n);
  for (std::size_t i = 0; i < kBlock; ++i) pad[i] = k[i] ^ 0x5c;
  EVP_DigestInit_ex(ctx.get(), kSha1, nullptr);
  EVP_DigestUpdate(ctx.get(), pad, kBlock);
  EVP_DigestUpdate(ctx.get(), inner, n);
  EVP_DigestFinal_ex(ctx.get(), mac, &n);
  OPENSSL_cleanse(k, sizeof k);
  OPENSSL_cleanse(pad, sizeof pad);
  return base64(mac, n);
}

}  // namespace

std::string compute_signature(std::string_view auth_token, std::string_view url,
                              const FormParams& params) {
  return hmac_sha1_base64(auth_token, url, sorted_params(params));
}

std::string url_with_default_port(std::string_view url) {
  std::size_t begin, end;
  if (!authority(url, begin, end) || port_colon(url, begin, end) != std::string_view::npos)
    return std::string(url);
  std::string_view port = url.rfind("https://", 0) == 0 ? ":443" : ":80";
  std::string out(url.substr(0, end));
  out.append(port).append(url.substr(end));
  return out;
}

std::string url_without_port(std::string_view url) {
  std::size_t begin, end;
  if (!authority(url, begin, end)) return std::string(url);
  auto colon = port_colon(url, begin, end);
  if (colon == std::string_view::npos) return std::string(url);
  return std::string(url.substr(0, colon)) + std::string(url.substr(end));
}

bool validate_signature(std::string_view auth_token, std::string_view url,
                        const FormParams& params, std::string_view signature) {
  if (signature.empty()) return false;
  // The parameters are sorted once for the three URL candidates. A candidate equal to one
  // already tried is skipped: which ones differ depends only on the URL, which is public.
  const std::string suffix = sorted_params(params);
  const std::string candidates[] = {std::string(url), url_with_default_port(url),
                                    url_without_port(url)};
  bool ok = false;
  for (std::size_t i = 0; i < 3; ++i) {
    if ((i >= 1 && candidates[i] == candidates[0]) || (i == 2 && candidates[2] == candidates[1]))
      continue;
    // Every distinct candidate is computed and compared, so the time taken does not say which
    // one matched.
    ok |= same(hmac_sha1_base64(auth_token, candidates[i], suffix), signature);
  }
  return ok;
}

bool validate_json_signature(std::string_view auth_token, std::string_view url,
                             std::string_view body, std::string_view signature) {
  std::string_view claimed = query_value(url, "bodySHA256");
  bool body_ok = !claimed.empty() && same(sha256_hex(body), claimed);
  bool url_ok = validate_signature(auth_token, url, FormParams{}, signature);
  return body_ok && url_ok;
}

std::string sha256_hex(std::string_view data) { return webox::sha256_hex(data); }

}  // namespace webox::twilio
