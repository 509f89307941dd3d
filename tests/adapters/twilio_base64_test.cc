// Base64 for Media Streams payloads: RFC 4648's vectors, OpenSSL as an independent encoder, and
// the strictness the header promises.
#include <catch2/catch.hpp>

#include <openssl/evp.h>

#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "adapters/twilio/base64.h"

using namespace webox;
using namespace webox::twilio;

namespace {

std::span<const std::uint8_t> bytes_of(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string encode(std::string_view raw) {
  std::string out;
  base64_append(out, bytes_of(raw));
  return out;
}

Result<std::string> decode(std::string_view text) {
  std::vector<std::uint8_t> buf(base64_decoded_capacity(text.size()));
  auto n = base64_decode(text, buf);
  if (!n) return n.error();
  return std::string(reinterpret_cast<const char*>(buf.data()), *n);
}

std::string openssl_encode(const std::vector<std::uint8_t>& raw) {
  std::string out(base64_encoded_size(raw.size()) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), raw.data(),
                                static_cast<int>(raw.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

}  // namespace

TEST_CASE("base64: RFC 4648 section 10 vectors, both ways", "[twilio][base64]") {
  std::ifstream in(std::string(WEBOX_TEST_DATA_DIR) + "/twilio/media_stream/base64_vectors.tsv");
  REQUIRE(in.good());
  std::string line;
  int vectors = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    REQUIRE(tab != std::string::npos);
    const std::string raw = line.substr(0, tab), text = line.substr(tab + 1);
    INFO(raw);
    CHECK(encode(raw) == text);
    auto back = decode(text);
    REQUIRE(back.ok());
    CHECK(*back == raw);
    ++vectors;
  }
  CHECK(vectors == 7);
}

TEST_CASE("base64: any bytes round-trip, and agree with OpenSSL's encoder", "[twilio][base64]") {
  std::mt19937 rng(20240601);
  for (std::size_t size = 0; size < 400; ++size) {
    std::vector<std::uint8_t> raw(size);
    for (auto& b : raw) b = static_cast<std::uint8_t>(rng());
    std::string text;
    base64_append(text, raw);
    INFO("size " << size);
    REQUIRE(text.size() == base64_encoded_size(size));
    CHECK(text == openssl_encode(raw));
    std::vector<std::uint8_t> back(base64_decoded_capacity(text.size()));
    auto n = base64_decode(text, back);
    REQUIRE(n.ok());
    back.resize(*n);
    CHECK(back == raw);
  }
}

TEST_CASE("base64: appends after what the string holds", "[twilio][base64]") {
  std::string out = "payload:";
  base64_append(out, bytes_of("foob"));
  CHECK(out == "payload:Zm9vYg==");
}

TEST_CASE("base64: strict decoding", "[twilio][base64]") {
  struct Bad {
    std::string text, message;
  };
  const std::vector<Bad> bad = {
      {"Zg=", "length 3 is not a multiple of 4"},
      {"Zm9vY", "length 5 is not a multiple of 4"},
      {"Zm9v\nYmFy", "length 9"},
      {"Zm9vYmF\n", "bad character byte 0x0A at offset 7"},
      {"Zm 9", "bad character byte 0x20 at offset 2"},
      {"Zm-9", "bad character '-' at offset 2"},
      {"Zm_9", "bad character '_' at offset 2"},
      {std::string("Zm\x00" "9", 4), "bad character byte 0x00 at offset 2"},
      {"Zm\xC3\xA9", "bad character byte 0xC3 at offset 2"},
      {"Zg==Zg==", "padding '=' before the end, at offset 2"},
      {"Z===", "padding '=' before the end, at offset 1"},
      {"====", "padding '=' before the end, at offset 0"},
      {"Zg=a", "padding '=' before the end, at offset 2"},
      {"Zh==", "non-zero bits after the last byte at offset 0"},   // 'h' leaves 0b0001 over
      {"Zm9=", "non-zero bits after the last byte at offset 0"},   // '9' leaves 0b01 over
      {"Zm9vZn==", "non-zero bits after the last byte at offset 4"},
  };
  for (const Bad& b : bad) {
    INFO(b.text);
    auto r = decode(b.text);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == Errc::invalid_argument);
    CHECK(r.error().field == "base64");
    CHECK_THAT(r.error().message, Catch::Contains(b.message));
  }
}

TEST_CASE("base64: a too small output buffer is refused before writing", "[twilio][base64]") {
  std::uint8_t buf[3] = {7, 7, 7};
  auto r = base64_decode("Zm9vYg==", std::span<std::uint8_t>(buf, 3));  // needs 6
  REQUIRE_FALSE(r.ok());
  CHECK_THAT(r.error().message, Catch::Contains("too small"));
  CHECK((buf[0] == 7 && buf[1] == 7 && buf[2] == 7));
  auto ok = base64_decode("Zm9v", std::span<std::uint8_t>(buf, 3));
  REQUIRE(ok.ok());
  CHECK(*ok == 3);
  CHECK(std::string(reinterpret_cast<char*>(buf), 3) == "foo");
}

TEST_CASE("base64: every canonical 4-character quantum decodes, every other is refused",
          "[twilio][base64]") {
  // The full alphabet in each position of a padded quantum: exactly the encodings of 1 and 2
  // bytes are accepted, so there is one text per byte string.
  const std::string alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  int one = 0, two = 0;
  for (char a : alphabet) {
    for (char b : alphabet) {
      const std::string t1 = std::string{a, b, '=', '='};
      if (auto r = decode(t1); r.ok()) {
        ++one;
        CHECK(encode(*r) == t1);
      }
      for (char c : alphabet) {
        const std::string t2 = std::string{a, b, c, '='};
        if (auto r = decode(t2); r.ok()) {
          ++two;
          CHECK(encode(*r) == t2);
        }
      }
    }
  }
  CHECK(one == 256);
  CHECK(two == 65536);
}
