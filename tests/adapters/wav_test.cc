// WAV files: what CPython's `wave` module writes is read sample for sample, what we write is
// byte for byte what it writes, and every file we cannot read is an Error naming why.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "adapters/audio/wav.h"

using namespace webox;
using namespace webox::audio;

namespace {

constexpr double kPi = 3.14159265358979323846;
const std::filesystem::path kData = std::filesystem::path(WEBOX_TEST_DATA_DIR) / "audio";

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  REQUIRE(in.good());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The samples tests/data/audio/README.md says the fixture holds.
std::vector<std::int16_t> tone(std::size_t n, int rate) {
  std::vector<std::int16_t> s(n);
  for (std::size_t i = 0; i < n; ++i)
    s[i] = std::int16_t(std::lround(12000 * std::sin(2 * kPi * 440 * double(i) / rate)));
  return s;
}

void put32(std::string& b, std::size_t at, std::uint32_t v) {
  for (int k = 0; k < 4; ++k) b[at + std::size_t(k)] = char((v >> (8 * k)) & 0xFF);
}

std::string field_of(std::string_view bytes) {
  auto wav = parse_wav(bytes);
  REQUIRE_FALSE(wav.ok());
  return wav.error().field;
}

}  // namespace

TEST_CASE("a WAV file written by another tool is read sample for sample", "[audio][wav]") {
  auto wav = read_wav(kData / "tone_440hz_8k.wav");
  REQUIRE(wav.ok());
  CHECK(wav->sample_rate == 8000);
  CHECK(wav->samples == tone(400, 8000));
}

TEST_CASE("what we write is the canonical file, and reads back", "[audio][wav]") {
  const Wav tone8k{8000, tone(400, 8000)};
  CHECK(wav_bytes(tone8k) == slurp(kData / "tone_440hz_8k.wav"));

  const auto path = std::filesystem::temp_directory_path() / "webox_wav_test.wav";
  const Wav odd{22050, {-32768, -1, 0, 1, 32767}};
  REQUIRE(write_wav(path, odd).ok());
  auto back = read_wav(path);
  std::filesystem::remove(path);
  REQUIRE(back.ok());
  CHECK(back->sample_rate == 22050);
  CHECK(back->samples == odd.samples);
  CHECK(write_wav(path, {0, {}}).error().field == "sample_rate");
  CHECK(write_wav("/nonexistent-dir/x.wav", odd).error().code == Errc::io);
}

TEST_CASE("chunks other than fmt and data are skipped, odd ones padded", "[audio][wav]") {
  std::string b = wav_bytes({16000, {1, 2, 3}});
  // A LIST chunk of odd size (5 bytes + 1 pad) between fmt and data.
  b.insert(36, std::string("LIST\x05\0\0\0abcde\0", 14));
  put32(b, 4, std::uint32_t(b.size() - 8));
  auto wav = parse_wav(b);
  REQUIRE(wav.ok());
  CHECK(wav->sample_rate == 16000);
  CHECK(wav->samples == std::vector<std::int16_t>{1, 2, 3});

  // A streaming tool's "unknown" data size reads to the end of the file.
  std::string streamed = wav_bytes({8000, {7, 8}});
  put32(streamed, 40, 0xFFFFFFFF);
  auto s = parse_wav(streamed);
  REQUIRE(s.ok());
  CHECK(s->samples == std::vector<std::int16_t>{7, 8});

  // WAVE_FORMAT_EXTENSIBLE with a PCM sub-format is PCM.
  std::string ext = wav_bytes({8000, {5}});
  std::string fmt(40, '\0');
  fmt.replace(0, 16, ext.substr(20, 16));
  fmt[0] = '\xFE', fmt[1] = '\xFF', fmt[16] = 22, fmt[24] = 1;
  ext.replace(20, 16, fmt);
  put32(ext, 16, 40);
  put32(ext, 4, std::uint32_t(ext.size() - 8));
  auto e = parse_wav(ext);
  REQUIRE(e.ok());
  CHECK(e->samples == std::vector<std::int16_t>{5});
}

TEST_CASE("files we cannot read are errors naming the fault", "[audio][wav]") {
  CHECK(field_of("") == "riff");
  CHECK(field_of("RIFX\0\0\0\0WAVE") == "riff");
  CHECK(read_wav(kData / "tone_440hz_16k_stereo.wav").error().field == "channels");
  CHECK(read_wav(kData / "tone_8bit.wav").error().field == "bits_per_sample");
  CHECK(read_wav(kData / "missing.wav").error().code == Errc::io);

  const std::string good = wav_bytes({8000, {1, 2, 3, 4}});
  std::string mulaw = good;
  mulaw[20] = 7;  // format tag 7: μ-law
  CHECK(field_of(mulaw) == "format");
  std::string rate0 = good;
  put32(rate0, 24, 0);
  CHECK(field_of(rate0) == "sample_rate");
  CHECK(field_of(good.substr(0, good.size() - 1)) == "data");  // shorter than it says
  CHECK(field_of(good.substr(0, 30)) == "fmt");                // fmt cut off
  CHECK(field_of(good.substr(0, 36)) == "data");               // no data chunk
  std::string odd = good;
  put32(odd, 40, 7);
  CHECK(field_of(odd) == "data");
  std::string no_fmt = good;
  no_fmt.replace(12, 4, "junk");
  CHECK(field_of(no_fmt) == "fmt");  // data before any fmt
}
