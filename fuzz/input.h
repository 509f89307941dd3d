// Splits one fuzz input into the several values a structured target needs (texts, numbers,
// choices), the way libFuzzer's FuzzedDataProvider does, in a header that also builds with g++
// so the corpus replay (replay_main.cc) runs in the ordinary build, where clang's header is not
// on the include path.
//
//   Input in(data, size);
//   std::string url = in.text(256);          // up to 256 bytes, ends at "\" + another byte
//   int verb = in.in_range(0, 6);
//   std::string rest = in.rest();
//
// A text ends where the input has a backslash followed by any other byte ("\\" is one
// backslash), as in FuzzedDataProvider: mutations that insert or remove bytes inside one text
// leave the others in place. Past the end, everything reads as zero or empty.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <type_traits>

namespace webox::fuzz {

class Input {
 public:
  Input(const std::uint8_t* data, std::size_t size) : p_(data), n_(size) {}

  std::size_t remaining() const { return n_ - i_; }

  std::uint8_t byte() { return i_ < n_ ? p_[i_++] : 0; }

  template <class T>
  T integral() {
    static_assert(std::is_integral_v<T>);
    std::make_unsigned_t<T> v = 0;
    for (std::size_t k = 0; k < sizeof(T) && i_ < n_; ++k)
      v = static_cast<std::make_unsigned_t<T>>(v | (std::make_unsigned_t<T>(p_[i_++]) << (8 * k)));
    T out;
    std::memcpy(&out, &v, sizeof out);
    return out;
  }

  int in_range(int lo, int hi) { return lo + int(byte() % unsigned(hi - lo + 1)); }
  bool boolean() { return byte() & 1; }

  std::string text(std::size_t max) {
    std::string out;
    while (out.size() < max && i_ < n_) {
      char c = char(p_[i_++]);
      if (c == '\\' && i_ < n_) {
        if (p_[i_] != '\\') {
          ++i_;
          break;
        }
        ++i_;
      }
      out += c;
    }
    return out;
  }

  std::string rest() {
    std::string out(reinterpret_cast<const char*>(p_) + i_, n_ - i_);
    i_ = n_;
    return out;
  }

 private:
  const std::uint8_t* p_;
  std::size_t n_;
  std::size_t i_ = 0;
};

}  // namespace webox::fuzz
