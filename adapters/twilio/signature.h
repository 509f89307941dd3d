// X-Twilio-Signature: computing and checking Twilio's webhook signatures.
//
//   FormParams params = *parse_form(body);
//   bool ok = validate_signature(auth_token, "https://voice.example.com/twilio/voice", params,
//                                request.header("X-Twilio-Signature"));
//   // JSON bodies: Twilio adds ?bodySHA256=<hex> to the URL and signs the URL alone
//   bool ok2 = validate_json_signature(auth_token, url_with_body_sha, raw_body, signature);
//
// Algorithm (shared protocol notes §2, checked against the official SDKs' test vectors):
//   signed = full URL + for each parameter name in byte order, for each of its distinct values
//            in byte order: name + value
//   signature = base64(HMAC-SHA1(key = auth token, signed))
// Twilio is inconsistent about the port, so a signature is accepted when it matches the URL as
// given, the URL with the scheme's default port added (":443"/":80") or the URL without its
// port. Comparisons are constant-time. Wiring this into the routes is the security issue's job.
#pragma once

#include <string>
#include <string_view>

#include "adapters/twilio/form.h"

namespace webox::twilio {

// base64(HMAC-SHA1(auth_token, url + sorted params)) for exactly this URL.
std::string compute_signature(std::string_view auth_token, std::string_view url,
                              const FormParams& params);

// Form-encoded POST (params = the decoded body) or GET (params empty, the query is in `url`).
bool validate_signature(std::string_view auth_token, std::string_view url,
                        const FormParams& params, std::string_view signature);

// application/json bodies: the URL's bodySHA256 query value must equal the SHA-256 of the raw
// body, and the signature must match the URL alone.
bool validate_json_signature(std::string_view auth_token, std::string_view url,
                             std::string_view body, std::string_view signature);

// Lowercase hex SHA-256, as Twilio writes bodySHA256.
std::string sha256_hex(std::string_view data);

// The URL with the scheme's default port made explicit, and the URL with no port at all.
std::string url_with_default_port(std::string_view url);
std::string url_without_port(std::string_view url);

}  // namespace webox::twilio
