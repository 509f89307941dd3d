#include "adapters/audio/wav.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <optional>

namespace webox::audio {

namespace {

constexpr std::uint16_t kFormatPcm = 1;
constexpr std::uint16_t kFormatExtensible = 0xFFFE;
constexpr std::uint32_t kSizeUnknown = 0xFFFFFFFF;

std::uint16_t u16(std::string_view b, std::size_t at) {
  return std::uint16_t(std::uint8_t(b[at]) | std::uint8_t(b[at + 1]) << 8);
}

std::uint32_t u32(std::string_view b, std::size_t at) {
  return std::uint32_t(u16(b, at)) | std::uint32_t(u16(b, at + 2)) << 16;
}

void put16(std::string& out, std::uint16_t v) {
  out.push_back(char(v & 0xFF));
  out.push_back(char(v >> 8));
}

void put32(std::string& out, std::uint32_t v) {
  put16(out, std::uint16_t(v & 0xFFFF));
  put16(out, std::uint16_t(v >> 16));
}

// What the `fmt ` chunk must say for us to read the file; the first fault found.
std::optional<Error> check_format(std::string_view fmt) {
  if (fmt.size() < 16) return Error::invalid("fmt", "fmt chunk shorter than 16 bytes");
  std::uint16_t tag = u16(fmt, 0);
  if (tag == kFormatExtensible) {
    if (fmt.size() < 26) return Error::invalid("fmt", "extensible fmt chunk too short");
    tag = u16(fmt, 24);  // the sub-format GUID starts with the format tag
  }
  if (tag != kFormatPcm)
    return Error::invalid("format", "format tag " + std::to_string(tag) +
                                        "; only PCM (1) is read (6: A-law, 7: μ-law, 3: float)");
  if (const auto channels = u16(fmt, 2); channels != 1)
    return Error::invalid("channels", std::to_string(channels) + " channels; only mono is read");
  if (const auto bits = u16(fmt, 14); bits != 16)
    return Error::invalid("bits_per_sample", std::to_string(bits) + "-bit; only 16-bit is read");
  if (const auto rate = u32(fmt, 4); rate == 0 || rate > 192000)
    return Error::invalid("sample_rate", "sample rate " + std::to_string(rate) + " Hz");
  return std::nullopt;
}

}  // namespace

Result<Wav> parse_wav(std::string_view b) {
  if (b.size() < 12 || b.substr(0, 4) != "RIFF" || b.substr(8, 4) != "WAVE")
    return Error::invalid("riff", "not a RIFF/WAVE file");
  std::optional<std::string_view> fmt;
  std::size_t at = 12;
  while (at + 8 <= b.size()) {
    const std::string_view id = b.substr(at, 4);
    std::uint32_t size = u32(b, at + 4);
    at += 8;
    if (id == "data") {
      if (!fmt) return Error::invalid("fmt", "data chunk before any fmt chunk");
      if (auto fault = check_format(*fmt)) return std::move(*fault);
      const std::size_t left = b.size() - at;
      if (size == kSizeUnknown)
        size = std::uint32_t(std::min<std::size_t>(left, kSizeUnknown)) & ~1u;
      if (size > left)
        return Error::invalid("data", "data chunk says " + std::to_string(size) + " bytes, " +
                                          std::to_string(left) + " are there");
      if (size % 2 != 0) return Error::invalid("data", "odd byte count in 16-bit data");
      Wav wav;
      wav.sample_rate = int(u32(*fmt, 4));
      wav.samples.resize(size / 2);
      for (std::size_t i = 0; i < wav.samples.size(); ++i)
        wav.samples[i] = std::int16_t(u16(b, at + 2 * i));
      return wav;
    }
    if (size > b.size() - at)
      return Error::invalid(id == "fmt " ? "fmt" : "riff", "chunk '" + std::string(id) +
                                                               "' runs past the end of the file");
    if (id == "fmt ") fmt = b.substr(at, size);
    at += size + (size & 1);  // chunks are padded to an even length
  }
  return Error::invalid("data", fmt ? "no data chunk" : "no fmt chunk");
}

Result<Wav> read_wav(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::make(Errc::io, "cannot open " + path.string());
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return Error::make(Errc::io, "cannot read " + path.string());
  auto wav = parse_wav(bytes);
  if (!wav) {
    Error e = std::move(wav).error();
    e.message = path.string() + ": " + e.message;
    return e;
  }
  return wav;
}

std::string wav_bytes(const Wav& wav) {
  const auto data = std::uint32_t(wav.samples.size() * 2);
  const auto rate = std::uint32_t(wav.sample_rate);
  std::string out;
  out.reserve(44 + data);
  out += "RIFF";
  put32(out, 36 + data);
  out += "WAVEfmt ";
  put32(out, 16);
  put16(out, kFormatPcm);
  put16(out, 1);         // channels
  put32(out, rate);
  put32(out, rate * 2);  // bytes per second
  put16(out, 2);         // block align
  put16(out, 16);        // bits per sample
  out += "data";
  put32(out, data);
  for (std::int16_t s : wav.samples) put16(out, std::uint16_t(s));
  return out;
}

Status write_wav(const std::filesystem::path& path, const Wav& wav) {
  if (wav.sample_rate <= 0 || wav.sample_rate > 192000)
    return Error::invalid("sample_rate", "sample rate " + std::to_string(wav.sample_rate) + " Hz");
  if (wav.samples.size() > (0xFFFFFFFFu - 36) / 2)
    return Error::invalid("data", "too long for a WAV file");
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Error::make(Errc::io, "cannot create " + path.string());
  const std::string bytes = wav_bytes(wav);
  out.write(bytes.data(), std::streamsize(bytes.size()));
  out.close();
  if (!out) return Error::make(Errc::io, "cannot write " + path.string());
  return {};
}

}  // namespace webox::audio
