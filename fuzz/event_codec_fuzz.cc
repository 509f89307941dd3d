// Fuzzes the envelope codec (events/codec.h): decode() reads every row of the RocksDB log and
// every event the API shows, so it must refuse bad bytes cleanly and never lose what it accepts.
//
// Properties, besides "no crash, no leak, no UB":
// - a refusal carries a code codec.h documents (corrupt, invalid_argument, unknown_type,
//   unsupported_version); corrupt has an empty field, invalid_argument names one;
// - whatever decode() accepts re-encodes to JSON that decode() accepts again, giving an equal
//   envelope (NaN confidence, which JSON writes as null, counts as equal to itself), and
//   encode() is then a fixed point: encode(decode(encode(e))) == encode(e);
// - encode() writes valid UTF-8 (checked with fuzz/check.h's own reader);
// - canonical_json() of any text either refuses it or gives text that is its own canonical form.
#include <cmath>
#include <cstdint>
#include <string>
#include <variant>

#include "events/codec.h"
#include "fuzz/check.h"

using namespace webox;
using namespace webox::fuzz;

namespace {

// Envelope equality where two NaN confidences are equal (the only double in the catalogue).
bool same(Envelope a, Envelope b) {
  auto* ua = std::get_if<UtteranceTranscribed>(&a.data);
  auto* ub = std::get_if<UtteranceTranscribed>(&b.data);
  if (ua && ub && std::isnan(ua->confidence) && std::isnan(ub->confidence))
    ua->confidence = ub->confidence = 0;
  return a == b;
}

void check_decode(std::string_view json) {
  auto first = decode(json);
  if (!first) {
    const Error& e = first.error();
    switch (e.code) {
      case Errc::corrupt:
        FUZZ_CHECK(e.field.empty(), "corrupt names no field");
        break;
      case Errc::invalid_argument:
        FUZZ_CHECK(!e.field.empty(), "invalid_argument names the field at fault");
        break;
      case Errc::unknown_type:
      case Errc::unsupported_version:
        break;
      default:
        FUZZ_CHECK(false, "decode refuses only with the codes codec.h documents");
    }
    return;
  }
  const std::string written = encode(*first);
  FUZZ_CHECK(valid_utf8(written), "encode writes valid UTF-8");
  auto second = decode(written);
  if (!second)
    std::fprintf(stderr, "re-decode failed: %s (%s)\nwritten: %s\n", second.error().message.c_str(),
                 second.error().field.c_str(), written.c_str());
  FUZZ_CHECK(second.ok(), "what encode writes decodes");
  FUZZ_CHECK(same(*first, *second), "decode(encode(decode(x))) == decode(x)");
  const std::string rewritten = encode(*second);
  if (rewritten != written)
    std::fprintf(stderr, "first:  %s\nsecond: %s\n", written.c_str(), rewritten.c_str());
  FUZZ_CHECK(rewritten == written, "encode is a fixed point after one round");
  FUZZ_CHECK(second->type() == first->type(), "the type survives");
}

void check_canonical(std::string_view text) {
  auto canonical = canonical_json(text);
  if (!canonical) {
    FUZZ_CHECK(canonical.error().field == "json", "a refused text names \"json\"");
    return;
  }
  auto again = canonical_json(*canonical);
  FUZZ_CHECK(again.ok(), "canonical JSON is JSON");
  FUZZ_CHECK(*again == *canonical, "canonical_json is idempotent");
  FUZZ_CHECK(valid_utf8(*canonical), "canonical JSON is valid UTF-8");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = as_text(data, size);
  check_decode(text);
  check_canonical(text);
  return 0;
}
