// A real nats-server for one test: JetStream on, a free loopback port, its store in a directory.
//
//   TempDir dir;
//   NatsServer nats(dir.str() + "/nats");   // started and answering, or the test fails
//   nats.url();                               // "nats://127.0.0.1:40123"
//   nats.stop();                              // SIGTERM to its pid, waits until it has exited
//                                             // (a clean stop: nats-server 2.9 may lose what it
//                                             // acknowledged but had not yet written on SIGKILL)
//   nats.start();                             // again: same port, same store
//   NatsServer later(dir.str() + "/n2", NatsServer::stopped);   // a port reserved, not started
//
// The server's output goes to <store>/server.log. Stopped by its pid only (never by name):
// other tests and engineers run nats-servers on the same machine.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

extern char** environ;

namespace webox::testing {

class NatsServer {
 public:
  enum Start { running, stopped };

  explicit NatsServer(std::string store_dir, Start start_now = running)
      : store_(std::move(store_dir)), port_(free_port()) {
    std::filesystem::create_directories(store_);
    if (start_now == running) start();
  }
  ~NatsServer() { stop(); }
  NatsServer(const NatsServer&) = delete;
  NatsServer& operator=(const NatsServer&) = delete;

  std::string url() const { return "nats://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }
  bool is_running() const { return pid_ > 0; }

  void start() {
    REQUIRE(pid_ == 0);
    const std::string log = store_ + "/server.log";
    const std::string port = std::to_string(port_);
    const std::string bin =
        std::filesystem::exists("/usr/sbin/nats-server") ? "/usr/sbin/nats-server" : "nats-server";
    const char* argv[] = {bin.c_str(), "-js", "-a", "127.0.0.1", "-p", port.c_str(), "-sd",
                          store_.c_str(), nullptr};
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&files, 1, 2);
    int rc = posix_spawnp(&pid_, bin.c_str(), &files, nullptr, const_cast<char**>(argv), environ);
    posix_spawn_file_actions_destroy(&files);
    REQUIRE(rc == 0);
    wait_ready(log);
  }

  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = 0;
  }

 private:
  // The kernel picks a port that is free now; the server binds it a moment later.
  static int free_port() {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    ::close(fd);
    return ntohs(a.sin_port);
  }

  bool accepts() const {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(port_));
    bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return ok;
  }

  // Ready = it accepts connections and has said so in its log, after JetStream came up
  // (with a store to recover, that takes a moment longer than the listening socket).
  void wait_ready(const std::string& log) {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    std::size_t seen = ready_lines_;
    while (std::chrono::steady_clock::now() < until) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = 0;
        std::ifstream in(log);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        FAIL("nats-server exited at start:\n" << text);
      }
      std::ifstream in(log);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::size_t n = 0;
      for (auto p = text.find("Server is ready"); p != std::string::npos;
           p = text.find("Server is ready", p + 1))
        ++n;
      if (n > seen && accepts()) {
        ready_lines_ = n;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    FAIL("nats-server did not become ready on port " << port_);
  }

  std::string store_;
  int port_;
  pid_t pid_ = 0;
  std::size_t ready_lines_ = 0;  // "Server is ready" lines in the log from earlier starts
};

}  // namespace webox::testing
