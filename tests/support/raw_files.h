// Every byte of every file under a directory, for tests that prove something is NOT stored in
// clear (a secret, a caller's words): search the result with find().
//
//   auto raw = raw_bytes(dir.path / "events");
//   CHECK(raw.find("sEcReT") == std::string::npos);
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace webox::testing {

inline std::string raw_bytes(const std::filesystem::path& dir) {
  std::string all;
  for (auto& f : std::filesystem::recursive_directory_iterator(dir)) {
    if (!f.is_regular_file()) continue;
    std::ifstream in(f.path(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    all += s.str();
  }
  return all;
}

}  // namespace webox::testing
