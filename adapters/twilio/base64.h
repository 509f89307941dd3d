// Base64 (RFC 4648 §4, the standard alphabet with '=' padding), for Media Streams payloads:
// every 20 ms of a call's audio arrives and leaves as base64 μ-law, so decoding writes into a
// buffer the caller reuses and neither direction allocates beyond growing `out`.
//
//   std::vector<std::uint8_t> audio(base64_decoded_capacity(payload.size()));  // reused
//   auto n = base64_decode(payload, audio);        // Result<std::size_t>: bytes written
//   if (!n) return n.error();                      // Error::invalid("base64", "bad character ...")
//   std::string out;
//   base64_append(out, {audio, *n});               // appends the canonical text back
//
//   base64_decode("Zm9vYg==") -> "foob"
//   base64_decode("Zm9vYg")   -> error: length 6 is not a multiple of 4
//   base64_decode("Zm9vYh==") -> error: non-zero bits after the last byte (not canonical)
//
// Contract (strict: a payload we cannot read exactly is one we must not play or transcribe):
// - Input length is a multiple of 4; '=' appears only as the last one or two characters of the
//   input; the bits a padded quantum leaves unused are zero, so exactly one text decodes to each
//   byte string and base64_append(decode(t)) == t for every accepted t.
// - No whitespace, no line breaks, no URL-safe alphabet ('-', '_').
// - An error is Error::invalid("base64", ...) naming the offset and the character; callers
//   re-label the field ("media.payload"). `out` may have been partly written on error.
// - `out` must hold base64_decoded_capacity(text.size()) bytes; if it is smaller, the call is
//   refused before anything is written.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "events/result.h"

namespace webox::twilio {

// Bytes base64_decode may write for a text of `text_size` characters (before subtracting padding).
constexpr std::size_t base64_decoded_capacity(std::size_t text_size) { return text_size / 4 * 3; }

// Characters base64_append writes for `size` bytes.
constexpr std::size_t base64_encoded_size(std::size_t size) { return (size + 2) / 3 * 4; }

[[nodiscard]] Result<std::size_t> base64_decode(std::string_view text, std::span<std::uint8_t> out);

// Appends the padded base64 text of `bytes` to `out`.
void base64_append(std::string& out, std::span<const std::uint8_t> bytes);

}  // namespace webox::twilio
