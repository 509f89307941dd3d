// Reads the local brain's extractor tables (tests/data/brain/extractors/*.tsv): one row per line,
// tab-separated columns, '#' comments. Each extractor's test walks its table and checks a row at
// a time, so a failure names the utterance.
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace webox::brain::testing {

inline std::vector<std::vector<std::string>> table(const std::string& name, std::size_t columns) {
  const auto path = std::filesystem::path(WEBOX_TEST_DATA_DIR) / "brain" / "extractors" / name;
  std::ifstream in(path);
  REQUIRE(in.good());
  std::vector<std::vector<std::string>> rows;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    for (std::size_t pos = 0;;) {
      const auto tab = line.find('\t', pos);
      cols.push_back(line.substr(pos, tab == std::string::npos ? std::string::npos : tab - pos));
      if (tab == std::string::npos) break;
      pos = tab + 1;
    }
    INFO(name << ": " << line);
    REQUIRE(cols.size() == columns);
    rows.push_back(std::move(cols));
  }
  REQUIRE(rows.size() >= 5);
  return rows;
}

// "-" in a table means "nothing found".
inline std::string shown(const std::optional<std::string>& s) { return s.value_or("-"); }

}  // namespace webox::brain::testing
