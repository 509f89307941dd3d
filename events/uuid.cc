#include "events/uuid.h"

#include "events/utf8.h"

#include <openssl/evp.h>

#include <random>

namespace webox {
namespace {

Uuid constant(const char* text) {
  auto r = Uuid::parse(text);
  assert(r.ok());
  return *r;
}

}  // namespace

const Uuid kCallEventNamespace = constant("6f1c6a64-3a57-4f7e-9b43-7d0c2f3e9a01");
const Uuid kAssistantNamespace = constant("1d7f3e62-8a0b-4d5c-a3e2-5b9c8d7e6f02");
const Uuid kBookingNamespace = constant("a2c4e6f8-0b1d-4f3a-8c5e-7a9b1c3d5e03");

Uuid Uuid::random() {
  thread_local std::mt19937_64 gen{std::random_device{}() ^
                                   (std::uint64_t(std::random_device{}()) << 32)};
  std::array<std::uint8_t, 16> b;
  for (int i = 0; i < 16; i += 8) {
    auto x = gen();
    for (int j = 0; j < 8; ++j) b[i + j] = std::uint8_t(x >> (8 * j));
  }
  b[6] = (b[6] & 0x0F) | 0x40;  // version 4
  b[8] = (b[8] & 0x3F) | 0x80;  // RFC 4122 variant
  return Uuid(b);
}

Uuid Uuid::from_name(const Uuid& ns, std::string_view name) {
  // Fetched once: OpenSSL 3 otherwise looks SHA-1 up by name, under a lock, on every digest,
  // and every event of a call derives its id here.
  static const EVP_MD* const kSha1 = [] {
    const EVP_MD* md = EVP_MD_fetch(nullptr, "SHA1", nullptr);
    return md ? md : EVP_sha1();
  }();
  std::string input(reinterpret_cast<const char*>(ns.b_.data()), ns.b_.size());
  input.append(name);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(input.data(), input.size(), digest, &len, kSha1, nullptr);
  std::array<std::uint8_t, 16> b;
  for (int i = 0; i < 16; ++i) b[i] = digest[i];
  b[6] = (b[6] & 0x0F) | 0x50;  // version 5
  b[8] = (b[8] & 0x3F) | 0x80;
  return Uuid(b);
}

Result<Uuid> Uuid::parse(std::string_view text) {
  if (text.size() != 36) return Error::invalid("id", "a UUID has 36 characters");
  std::array<std::uint8_t, 16> b{};
  int n = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') return Error::invalid("id", "a UUID has dashes at 8, 13, 18, 23");
      ++i;
      continue;
    }
    int hi = hex_value(text[i]), lo = hex_value(text[i + 1]);
    if (hi < 0 || lo < 0) return Error::invalid("id", "a UUID is written in hexadecimal");
    b[n++] = std::uint8_t(hi << 4 | lo);
    i += 2;
  }
  return Uuid(b);
}

std::string Uuid::str() const {
  static const char* digits = "0123456789abcdef";
  std::string s;
  s.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s.push_back('-');
    s.push_back(digits[b_[i] >> 4]);
    s.push_back(digits[b_[i] & 0xF]);
  }
  return s;
}

bool Uuid::is_nil() const {
  for (auto x : b_)
    if (x) return false;
  return true;
}

}  // namespace webox
