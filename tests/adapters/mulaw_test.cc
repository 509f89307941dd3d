// G.711 μ-law against the shared protocol notes' table (§11.4) and against CPython's audioop for
// every code and every non-negative input (tests/data/audio/*.tsv say how they were made).
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "adapters/audio/mulaw.h"

using namespace webox::audio;

namespace {

std::vector<std::vector<std::string>> load_tsv(const std::string& name) {
  std::ifstream in(std::string(WEBOX_TEST_DATA_DIR) + "/audio/" + name);
  REQUIRE(in.good());
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

std::uint8_t hex_byte(const std::string& s) { return std::uint8_t(std::stoi(s, nullptr, 16)); }

}  // namespace

TEST_CASE("μ-law encodes and decodes the protocol notes' table", "[audio][mulaw]") {
  const auto rows = load_tsv("mulaw_notes_table.tsv");
  REQUIRE(rows.size() == 26);
  for (const auto& r : rows) {
    REQUIRE(r.size() == 3);
    INFO(r[0] << " " << r[1] << " " << r[2]);
    const std::uint8_t code = hex_byte(r[1]);
    if (r[0] != "-") {
      CHECK(int(mulaw_from_linear(std::int16_t(std::stoi(r[0])))) == int(code));
    }
    CHECK(linear_from_mulaw(code) == std::stoi(r[2]));
  }
}

TEST_CASE("μ-law decodes all 256 codes as audioop does", "[audio][mulaw]") {
  const auto rows = load_tsv("mulaw_decode.tsv");
  REQUIRE(rows.size() == 256);
  for (const auto& r : rows) {
    INFO("code " << r[0]);
    CHECK(linear_from_mulaw(hex_byte(r[0])) == std::stoi(r[1]));
  }
}

TEST_CASE("μ-law encodes every input as the bias-0x84 form", "[audio][mulaw]") {
  const auto steps = load_tsv("mulaw_encode_steps.tsv");
  REQUIRE(steps.size() == 128);  // one step per positive code
  // Every non-negative input against audioop's steps.
  std::size_t next = 0;
  std::uint8_t expected = 0;
  for (int x = 0; x <= 32767; ++x) {
    if (next < steps.size() && x == std::stoi(steps[next][0])) expected = hex_byte(steps[next++][1]);
    if (mulaw_from_linear(std::int16_t(x)) != expected) FAIL("input " << x);
  }
  CHECK(next == steps.size());
  // The bias form is symmetric: -x differs from x by the sign bit only (audioop is not, §11.4).
  for (int x = 1; x <= 32767; ++x) {
    const auto pos = mulaw_from_linear(std::int16_t(x));
    if (mulaw_from_linear(std::int16_t(-x)) != (pos & 0x7F)) FAIL("input " << -x);
  }
  CHECK(mulaw_from_linear(-32768) == 0x00);
}

TEST_CASE("μ-law quantises to the middle of each step and round-trips its codes",
          "[audio][mulaw]") {
  for (int code = 0; code < 256; ++code) {
    INFO("code " << code);
    const std::uint8_t c = std::uint8_t(code);
    // -0 (0x7F) comes back as +0 (0xFF): both are silence.
    CHECK(int(mulaw_from_linear(linear_from_mulaw(c))) == (code == 0x7F ? 0xFF : code));
  }
  for (int x = -32635; x <= 32635; ++x) {
    const std::uint8_t c = mulaw_from_linear(std::int16_t(x));
    const int segment = (~c & 0x70) >> 4;
    const int error = std::abs(linear_from_mulaw(c) - x);
    if (error > (4 << segment)) FAIL("input " << x << " error " << error);
  }
}

TEST_CASE("μ-law converts whole frames into the caller's buffers", "[audio][mulaw]") {
  std::array<std::int16_t, kFrameSamples> pcm{};
  for (std::size_t i = 0; i < pcm.size(); ++i) pcm[i] = std::int16_t((int(i) - 80) * 397);
  std::array<std::uint8_t, kFrameSamples> wire{};
  REQUIRE(mulaw_encode(pcm, wire) == kFrameSamples);
  std::array<std::int16_t, kFrameSamples> back{};
  REQUIRE(mulaw_decode(wire, back) == kFrameSamples);
  for (std::size_t i = 0; i < pcm.size(); ++i) {
    CHECK(wire[i] == mulaw_from_linear(pcm[i]));
    CHECK(back[i] == linear_from_mulaw(wire[i]));
  }
  // A short output buffer bounds the work; nothing past it is written.
  std::array<std::int16_t, 10> small{};
  small.fill(7);
  CHECK(mulaw_decode(std::span(wire).first(4), small) == 4);
  CHECK(small[4] == 7);
}
