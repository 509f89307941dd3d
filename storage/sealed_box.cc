#include "storage/sealed_box.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>
#include <stdexcept>

#include "events/digest.h"
#include "events/utf8.h"

namespace webox {
namespace {

constexpr unsigned char kVersion = 1;
constexpr int kNonce = 12, kTag = 16;

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherCtx new_ctx() {
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  if (!ctx) throw std::bad_alloc();
  return ctx;
}

// AES-256-GCM fetched once: given EVP_aes_256_gcm(), OpenSSL 3 looks the algorithm up in its
// providers on every init (as its one-shot HMAC() did, docs/BENCHMARKS.md section 1), and a
// page of the call list opens fifty boxes. Kept for the process's life.
const EVP_CIPHER* gcm() {
  static const EVP_CIPHER* cipher = [] {
    EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
    if (!c) throw std::runtime_error("AES-256-GCM is not available");
    return c;
  }();
  return cipher;
}

// One context per thread, initialised afresh (key and nonce) for every box: no allocation
// per open. A context that failed is replaced rather than trusted again.
EVP_CIPHER_CTX* thread_ctx() {
  thread_local CipherCtx ctx = new_ctx();
  return ctx.get();
}
void drop_thread_ctx() {
  EVP_CIPHER_CTX_reset(thread_ctx());
}

std::string base64(std::string_view raw) {
  std::string out(4 * ((raw.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(raw.data()), int(raw.size()));
  out.resize(std::size_t(n));
  return out;
}

Result<std::string> unbase64(std::string_view text) {
  if (text.size() % 4 != 0 || text.empty())
    return Error::make(Errc::corrupt, "sealed secret is not base64");
  std::string out(text.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()), int(text.size()));
  if (n < 0) return Error::make(Errc::corrupt, "sealed secret is not base64");
  // EVP_DecodeBlock counts the padding as zero bytes: drop them.
  std::size_t pad = text.ends_with("==") ? 2 : text.ends_with('=') ? 1 : 0;
  out.resize(std::size_t(n) - pad);
  return out;
}

}  // namespace

SecretKey SecretKey::random() {
  SecretKey k;
  // Without entropy nothing secret can be made: a bug in the platform, not an input error.
  if (RAND_bytes(k.bytes_.data(), int(kBytes)) != 1)
    throw std::runtime_error("RAND_bytes failed");
  return k;
}

Result<SecretKey> SecretKey::from_hex(std::string_view hex) {
  if (hex.size() != 2 * kBytes)
    return Error::invalid("master_key", "expected 64 hex digits, got " +
                                            std::to_string(hex.size()) + " characters");
  SecretKey k;
  for (std::size_t i = 0; i < kBytes; ++i) {
    int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return Error::invalid("master_key", "expected 64 hex digits");
    k.bytes_[i] = std::uint8_t(hi << 4 | lo);
  }
  return k;
}

std::string SecretKey::hex() const { return lower_hex(bytes_.data(), bytes_.size()); }

std::string seal(const SecretKey& key, std::string_view plaintext, std::string_view bound_to) {
  std::string raw(1 + kNonce + plaintext.size() + kTag, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  out[0] = kVersion;
  if (RAND_bytes(out + 1, kNonce) != 1) throw std::runtime_error("RAND_bytes failed");
  EVP_CIPHER_CTX* ctx = thread_ctx();
  int len = 0;
  bool ok =
      EVP_EncryptInit_ex(ctx, gcm(), nullptr, key.bytes().data(), out + 1) == 1 &&
      EVP_EncryptUpdate(ctx, nullptr, &len,
                        reinterpret_cast<const unsigned char*>(bound_to.data()),
                        int(bound_to.size())) == 1 &&
      EVP_EncryptUpdate(ctx, out + 1 + kNonce, &len,
                        reinterpret_cast<const unsigned char*>(plaintext.data()),
                        int(plaintext.size())) == 1 &&
      EVP_EncryptFinal_ex(ctx, out + 1 + kNonce + len, &len) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, kTag,
                          out + 1 + kNonce + plaintext.size()) == 1;
  if (!ok) drop_thread_ctx();
  if (!ok) throw std::runtime_error("AES-256-GCM encryption failed");  // only on OpenSSL bugs
  return base64(raw);
}

Result<std::string> unseal(const SecretKey& key, std::string_view box, std::string_view bound_to) {
  auto raw = unbase64(box);
  if (!raw) return std::move(raw).error();
  if (raw->size() < std::size_t(1 + kNonce + kTag))
    return Error::make(Errc::corrupt, "sealed secret is too short");
  auto* in = reinterpret_cast<unsigned char*>(raw->data());
  if (in[0] != kVersion)
    return Error::make(Errc::corrupt, "sealed secret has unknown version " + std::to_string(in[0]));
  const std::size_t n = raw->size() - 1 - kNonce - kTag;
  std::string plain(n, '\0');
  auto* out = reinterpret_cast<unsigned char*>(plain.data());
  EVP_CIPHER_CTX* ctx = thread_ctx();
  int len = 0;
  bool ok =
      EVP_DecryptInit_ex(ctx, gcm(), nullptr, key.bytes().data(), in + 1) == 1 &&
      EVP_DecryptUpdate(ctx, nullptr, &len,
                        reinterpret_cast<const unsigned char*>(bound_to.data()),
                        int(bound_to.size())) == 1 &&
      EVP_DecryptUpdate(ctx, out, &len, in + 1 + kNonce, int(n)) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, kTag, in + 1 + kNonce + n) == 1 &&
      EVP_DecryptFinal_ex(ctx, out + len, &len) == 1;
  if (!ok) drop_thread_ctx();  // a wrong key or a damaged box: expected, and answered below
  if (!ok) return Error::make(Errc::corrupt, "sealed secret does not open with this key");
  return plain;
}

}  // namespace webox
