// A fresh directory under /tmp for one test, removed afterwards.
#pragma once

#include <filesystem>
#include <string>

#include "events/uuid.h"

namespace webox::testing {

struct TempDir {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("webox-test-" + Uuid::random().str());
  TempDir() { std::filesystem::create_directories(path); }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string str() const { return path.string(); }
};

}  // namespace webox::testing
