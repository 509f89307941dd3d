// Twilio signatures against every official vector (tests/data/twilio/signature_vectors.tsv).
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <vector>

#include "adapters/twilio/signature.h"

using namespace webox::twilio;

namespace {

constexpr const char* kAuthToken = "12345";  // the SDKs' test token

struct Vector {
  std::string name, kind, url, input, signature, expect;
};

std::vector<Vector> load_vectors() {
  std::ifstream in(std::string(WEBOX_TEST_DATA_DIR) + "/twilio/signature_vectors.tsv");
  REQUIRE(in.good());
  std::vector<Vector> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) f.push_back(cell);
    if (f.size() == 5) f.insert(f.begin() + 4, "");  // an empty signature column
    REQUIRE(f.size() == 6);
    out.push_back({f[0], f[1], f[2], f[3], f[4], f[5]});
  }
  return out;
}

}  // namespace

TEST_CASE("every official signature vector is computed and checked as the SDKs do",
          "[twilio][signature]") {
  auto vectors = load_vectors();
  REQUIRE(vectors.size() >= 20);
  for (const auto& v : vectors) {
    INFO(v.name << ": " << v.url);
    bool accepted;
    std::string computed;
    if (v.kind == "form") {
      auto params = parse_form(v.input);
      REQUIRE(params.ok());
      computed = compute_signature(kAuthToken, v.url, *params);
      accepted = validate_signature(kAuthToken, v.url, *params, v.signature);
    } else {
      REQUIRE(v.kind == "json");
      computed = compute_signature(kAuthToken, v.url, FormParams{});
      accepted = validate_json_signature(kAuthToken, v.url, v.input, v.signature);
    }
    if (v.expect == "match") CHECK(computed == v.signature);
    CHECK(accepted == (v.expect != "invalid"));
  }
}

TEST_CASE("the bodySHA256 of the official JSON bodies", "[twilio][signature]") {
  CHECK(sha256_hex(R"({"property": "value", "boolean": true})") ==
        "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620");
  CHECK(sha256_hex("{}") == "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
}

TEST_CASE("port variants of a URL", "[twilio][signature]") {
  CHECK(url_with_default_port("https://a.example/x?y=1") == "https://a.example:443/x?y=1");
  CHECK(url_with_default_port("http://a.example") == "http://a.example:80");
  CHECK(url_with_default_port("https://a.example:8443/x") == "https://a.example:8443/x");
  CHECK(url_without_port("https://a.example:8443/x") == "https://a.example/x");
  CHECK(url_without_port("https://u:p@a.example:443/x") == "https://u:p@a.example/x");
  CHECK(url_without_port("http://[::1]:8080/x") == "http://[::1]/x");
  CHECK(url_with_default_port("http://[::1]/x") == "http://[::1]:80/x");
  CHECK(url_without_port("not a url") == "not a url");
}

TEST_CASE("a JSON webhook without bodySHA256 in its URL is refused", "[twilio][signature]") {
  std::string url = "https://mycompany.com/myapp.php?foo=1&bar=2";
  auto sig = compute_signature(kAuthToken, url, FormParams{});
  CHECK_FALSE(validate_json_signature(kAuthToken, url, "{}", sig));
}
