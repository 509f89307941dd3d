// Key encoding for the event log's column families (layout documented in storage/event_log.h).
//
//   Be64 k(42);            // 8 bytes, big-endian: byte order == numeric order, so iterators
//   db->Put(wo, cf, k.slice(), value);   // walk positions and versions in order
//   std::uint64_t v = get_be64(slice.data());
//   std::string key = stream_key("call-CA01", 3);   // "call-CA01" 0x00 <be64 3>
//
// Private to storage/.
#pragma once

#include <rocksdb/slice.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace webox::storage {

inline constexpr std::string_view kLastPositionKey = "last_position";
// The on-disk layout this build reads and writes (storage/event_log.h draws it). Layout 1 had no
// such key and one streams entry per event; it is refused, not migrated.
inline constexpr std::string_view kFormatKey = "format_version";
inline constexpr std::uint64_t kFormatVersion = 2;

inline void put_be64(char* p, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) {
    p[i] = char(v & 0xFF);
    v >>= 8;
  }
}

inline std::uint64_t get_be64(const char* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | std::uint8_t(p[i]);
  return v;
}

// A big-endian u64 that owns its bytes, so a Slice of it can live in a WriteBatch call.
struct Be64 {
  explicit Be64(std::uint64_t v) { put_be64(bytes, v); }
  rocksdb::Slice slice() const { return {bytes, 8}; }
  char bytes[8];
};

// The 0x00 separator keeps a stream's keys contiguous and ordered by version: stream ids may not
// contain NUL (the log refuses them), so "ab" never interleaves with "a" 0x00 ...
inline std::string stream_key(std::string_view stream, std::uint64_t version) {
  std::string key;
  key.reserve(stream.size() + 9);
  key.append(stream);
  key.push_back('\0');
  key.resize(key.size() + 8);
  put_be64(key.data() + key.size() - 8, version);
  return key;
}

// A streams value: the append's first position and its number of events. The append's events
// hold versions first_version.. and positions first_position.. consecutively (one append is
// one run of positions under the write lock).
struct StreamRun {
  std::uint64_t first_position = 0;
  std::uint64_t count = 0;
};
inline constexpr std::size_t kStreamRunSize = 16;

struct StreamRunBytes {
  explicit StreamRunBytes(StreamRun r) {
    put_be64(bytes, r.first_position);
    put_be64(bytes + 8, r.count);
  }
  rocksdb::Slice slice() const { return {bytes, kStreamRunSize}; }
  char bytes[kStreamRunSize];
};

inline StreamRun get_stream_run(const char* p) { return {get_be64(p), get_be64(p + 8)}; }

// The smallest key after every key of `stream`: the iterate_upper_bound of a stream scan.
inline std::string stream_upper_bound(std::string_view stream) {
  std::string key(stream);
  key.push_back('\x01');
  return key;
}

}  // namespace webox::storage
