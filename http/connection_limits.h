// How many connections the server holds: in total, and per client address.
//
//   ConnectionLimits limits({.max_total = 10'000, .max_per_address = 256});
//   std::string key = address_key(bytes);   // 16 bytes, IPv4 mapped: "203.0.113.7"
//   switch (limits.open(key)) {
//     case ConnectionLimits::Verdict::ok: break;               // later: limits.close(key)
//     case ConnectionLimits::Verdict::too_many_total: ...      // the server closes at once
//     case ConnectionLimits::Verdict::too_many_from_address: ...  // 503 + Retry-After, close
//   }
//
// Contract: open() and close() pair up per accepted connection (http/server.cc ties close() to
// the session's destructor); thread-safe; memory is one map entry per address with an open
// connection, so it is bounded by max_total. A limit of 0 means none.
//
// Addresses are keys made by address_key(): an IPv4 address as dotted text, and an IPv6
// address by its /64 prefix ("2001:db8:1:2::/64"), because one IPv6 host usually holds a whole
// /64 and could otherwise count as 2^64 clients. IPv4-mapped IPv6 addresses count as IPv4.
#pragma once

#include <array>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace webox::http {

// The 16 bytes of an IPv6 address (IPv4 as ::ffff:a.b.c.d) -> the key limits are counted by.
std::string address_key(const std::array<unsigned char, 16>& v6);

class ConnectionLimits {
 public:
  struct Options {
    std::size_t max_total = 10'000;
    std::size_t max_per_address = 256;
  };
  enum class Verdict { ok, too_many_total, too_many_from_address };

  explicit ConnectionLimits(Options options) : options_(options) {}

  // Counts the connection when the verdict is ok; a refused one must not be close()d.
  Verdict open(std::string_view address);
  void close(std::string_view address);

  std::size_t total() const;

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  const Options options_;
  mutable std::mutex mutex_;
  std::size_t total_ = 0;
  std::unordered_map<std::string, std::size_t, Hash, std::equal_to<>> per_address_;
};

}  // namespace webox::http
