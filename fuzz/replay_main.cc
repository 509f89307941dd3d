// A main() for the fuzz targets outside libFuzzer: feeds each file named on the command line
// (directories: every file in them, in name order) to LLVMFuzzerTestOneInput once.
//
//   build/fuzz/form_fuzz_replay fuzz/corpus/form_fuzz      # what ctest runs
//
// The ordinary build (g++, no libFuzzer) links every target with this file, so the corpus and
// the properties the targets check run with every `tools/dev test` and under the sanitizers in
// `tools/dev sanitize`: a crash fixed once stays fixed without anyone running the fuzzer.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    fs::path p = argv[i];
    if (fs::is_directory(p)) {
      for (const auto& entry : fs::directory_iterator(p))
        if (entry.is_regular_file()) inputs.push_back(entry.path());
    } else {
      inputs.push_back(p);
    }
  }
  std::sort(inputs.begin(), inputs.end());
  if (inputs.empty()) {
    std::fprintf(stderr, "replay: no inputs (give files or corpus directories)\n");
    return 2;
  }
  for (const auto& p : inputs) {
    std::ifstream in(p, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "replay: cannot read %s\n", p.c_str());
      return 2;
    }
    std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    // The file name first: if the target aborts, the last line printed names the input.
    std::fprintf(stderr, "replay: %s\n", p.c_str());
    // A copy in its own allocation, so ASan sees reads past the end as libFuzzer would.
    std::vector<std::uint8_t> data(bytes.begin(), bytes.end());
    LLVMFuzzerTestOneInput(data.data(), data.size());
  }
  std::printf("replay: %zu inputs, every property held\n", inputs.size());
  return 0;
}
