// Errors as values at every boundary of the engine.
//
//   webox::Result<int> parse_port(std::string_view s) {
//     if (s.empty()) return webox::Error::invalid("port", "must not be empty");
//     return 8080;
//   }
//   auto port = parse_port(text);
//   if (!port) std::cerr << port.error().message << '\n';
//   else use(*port);
//
// `Status` is `Result<void>`. Exceptions are kept for bugs (broken invariants), never for input.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace webox {

// Stable codes: the HTTP layer maps them to status codes, the CLI to exit messages.
enum class Errc {
  invalid_argument,     // bad input; `field` names the offending field
  not_found,
  conflict,             // wrong expected version, phone number taken, ...
  unknown_type,         // an event type this build does not know
  unsupported_version,  // an event schema newer than this build
  corrupt,              // stored bytes that do not decode
  io,                   // the disk or the database refused
  unavailable,          // shutting down, overloaded
  unauthenticated,      // no credentials, or unknown, malformed or revoked ones (401)
  forbidden,            // known credentials without the right to do this (403)
  internal,
};

const char* to_string(Errc code) noexcept;

struct Error {
  Errc code = Errc::internal;
  std::string message;
  std::string field;  // the input field at fault, when there is one

  static Error invalid(std::string field, std::string message) {
    return {Errc::invalid_argument, std::move(message), std::move(field)};
  }
  static Error make(Errc code, std::string message) { return {code, std::move(message), {}}; }
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}          // NOLINT: implicit on purpose
  Result(Error error) : v_(std::move(error)) {}      // NOLINT

  // -- observers --
  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const& { assert(!ok()); return std::get<1>(v_); }
  Error&& error() && { assert(!ok()); return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : err_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }
  const Error& error() const& { assert(!ok_); return err_; }
  Error&& error() && { assert(!ok_); return std::move(err_); }

 private:
  Error err_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace webox
