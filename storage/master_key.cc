#include "storage/master_key.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

namespace webox {
namespace {

Error file_error(const std::string& path, const std::string& what) {
  return Error{Errc::io, "master key " + path + ": " + what, "master_key"};
}

// Writes a fresh key; nullopt when the file appeared meanwhile (then read that one instead).
std::optional<Result<SecretKey>> create(const std::string& path) {
  auto key = SecretKey::random();
  // O_EXCL: two engines starting on one data directory must not each write their own key.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST) return std::nullopt;
  if (fd < 0) return file_error(path, std::strerror(errno));
  std::string text = key.hex() + "\n";
  bool ok = ::write(fd, text.data(), text.size()) == ssize_t(text.size()) && ::fsync(fd) == 0;
  int err = errno;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    return file_error(path, std::strerror(err));
  }
  return key;
}

}  // namespace

Result<SecretKey> load_or_create_master_key(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) return file_error(path, std::strerror(errno));
    if (auto made = create(path)) return std::move(*made);
    if (::stat(path.c_str(), &st) != 0) return file_error(path, std::strerror(errno));
  }
  if ((st.st_mode & 077) != 0)
    return file_error(path, "readable by others (mode " +
                                std::to_string((st.st_mode >> 6) & 7) +
                                std::to_string((st.st_mode >> 3) & 7) + std::to_string(st.st_mode & 7) +
                                "); chmod 600 it");
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return file_error(path, "cannot be read");
  std::string hex = text.str();
  while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r' || hex.back() == ' '))
    hex.pop_back();
  auto key = SecretKey::from_hex(hex);
  if (!key) return file_error(path, "does not hold 64 hex digits");
  return key;
}

}  // namespace webox
