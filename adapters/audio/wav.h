// 16-bit PCM mono WAV files: what the softphone plays with --wav FILE, and where it can record.
//
//   auto wav = audio::read_wav("hello.wav");          // Result<Wav>
//   if (!wav) std::cerr << wav.error().message;        // "channels: 2 channels; only mono is read"
//   Resampler to8k(wav->sample_rate, 8000); ...
//   auto bytes = audio::wav_bytes({.sample_rate = 8000, .samples = pcm});  // 44-byte header
//   Status s = audio::write_wav("out.wav", {.sample_rate = 8000, .samples = pcm});
//
// Contract:
// - Reading walks the RIFF chunks: `fmt ` must come before `data`, other chunks (LIST, fact, ...)
//   are skipped, odd-sized chunks are padded as RIFF says. Accepted: format tag 1 (PCM), or
//   0xFFFE (extensible) whose sub-format is PCM, 1 channel, 16 bits, 1..192000 Hz.
// - Anything else is an Error, never an exception: not RIFF/WAVE, truncated chunks, a data
//   chunk shorter than it says, stereo, 8/24/32-bit, μ-law (7), A-law (6), float (3). The
//   error's field names what is wrong ("riff", "fmt", "format", "channels", "bits_per_sample",
//   "sample_rate", "data"); unreadable or unwritable files are Errc::io.
// - A data size of 0xFFFFFFFF (written by streaming tools that cannot seek back) means "up to
//   the end of the file".
// - Writing gives the canonical 44-byte header, little-endian, as every tool reads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "events/result.h"

namespace webox::audio {

struct Wav {
  int sample_rate = 8000;
  std::vector<std::int16_t> samples;
};

[[nodiscard]] Result<Wav> parse_wav(std::string_view bytes);
[[nodiscard]] Result<Wav> read_wav(const std::filesystem::path& path);

[[nodiscard]] std::string wav_bytes(const Wav& wav);
[[nodiscard]] Status write_wav(const std::filesystem::path& path, const Wav& wav);

}  // namespace webox::audio
