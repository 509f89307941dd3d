// Latency histogram of the HTTP load generators: log buckets with 64 linear sub-buckets per
// power of two (HdrHistogram's idea, ~1.6% precision), so recording is an increment and
// threads merge by addition.
//
//   Histogram h;  h.record(ns);  h.merge(other);  h.quantile(0.99);   // never below the truth
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>

namespace webox::bench {

class Histogram {
 public:
  static constexpr int kSubBits = 6;
  static constexpr std::size_t kBuckets = (64 - kSubBits) * (1u << kSubBits) + (2u << kSubBits);

  void record(std::uint64_t v) {
    ++counts_[index(v)];
    ++total_;
    max_ = std::max(max_, v);
  }
  void merge(const Histogram& h) {
    for (std::size_t i = 0; i < kBuckets; ++i) counts_[i] += h.counts_[i];
    total_ += h.total_;
    max_ = std::max(max_, h.max_);
  }
  std::uint64_t total() const { return total_; }
  std::uint64_t max() const { return max_; }
  // The upper edge of the bucket holding the q-quantile (never below the truth).
  std::uint64_t quantile(double q) const {
    if (total_ == 0) return 0;
    auto rank = static_cast<std::uint64_t>(q * static_cast<double>(total_ - 1)) + 1;
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < kBuckets; ++i) {
      seen += counts_[i];
      if (seen >= rank) return std::min(upper(i), max_);
    }
    return max_;
  }

 private:
  static std::size_t index(std::uint64_t v) {
    if (v < (2u << kSubBits)) return v;
    int shift = std::bit_width(v) - 1 - kSubBits;  // keeps the top kSubBits+1 bits
    return static_cast<std::size_t>(shift) * (1u << kSubBits) + (v >> shift);
  }
  static std::uint64_t upper(std::size_t i) {
    if (i < (2u << kSubBits)) return i;
    std::size_t shift = i / (1u << kSubBits) - 1;
    std::uint64_t mantissa = i - shift * (1u << kSubBits);
    return ((mantissa + 1) << shift) - 1;
  }
  std::array<std::uint64_t, kBuckets> counts_{};
  std::uint64_t total_ = 0, max_ = 0;
};

}  // namespace webox::bench
