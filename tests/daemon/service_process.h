#pragma once
// Test support for the service suites: the real `missionwatch run` as a child process that
// speaks sd_notify to the test's own datagram socket, the way systemd would see it.
//
//   NotifySocket notify(dir / "notify");
//   ServiceProcess svc({MW_BINARY, "run", "--config", cfg},
//                      {{"NOTIFY_SOCKET", notify.path()}, {"WATCHDOG_USEC", "200000"}},
//                      dir / "stderr.txt", /*watchdog_pid=*/true);
//   ASSERT_TRUE(notify.wait_for("READY=1", 30s)) << svc.log();
//   svc.signal(SIGTERM);
//   EXPECT_EQ(svc.wait_exit(10s), 0);
//
// Every wait is bounded; the destructor SIGKILLs a child that is still running.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/run_process.h"

extern char** environ;

namespace mw::testing {

// An AF_UNIX datagram socket bound to a path: what $NOTIFY_SOCKET names. Each datagram may
// hold several newline-separated assignments; messages() keeps them one per element, in
// arrival order.
class NotifySocket {
 public:
  using Clock = std::chrono::steady_clock;
  struct Message {
    std::string text;  // "READY=1", "STATUS=..."
    Clock::time_point at;
  };

  explicit NotifySocket(std::filesystem::path path) : path_(std::move(path)) {
    std::filesystem::remove(path_);
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    const std::string p = path_.string();
    if (fd_ < 0 || p.size() >= sizeof addr.sun_path) return;
    std::memcpy(addr.sun_path, p.c_str(), p.size() + 1);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~NotifySocket() {
    if (fd_ >= 0) ::close(fd_);
    std::filesystem::remove(path_);
  }
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;

  bool ok() const { return fd_ >= 0; }
  std::string path() const { return path_.string(); }

  // Reads whatever arrives within `timeout` (returns after the first batch or the timeout).
  void pump(std::chrono::milliseconds timeout) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return;
    char buf[4096];
    for (;;) {
      ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
      if (n <= 0) break;
      const auto now = Clock::now();
      std::string datagram(buf, static_cast<std::size_t>(n));
      std::size_t start = 0;
      while (start < datagram.size()) {
        std::size_t end = datagram.find('\n', start);
        if (end == std::string::npos) end = datagram.size();
        if (end > start) messages_.push_back({datagram.substr(start, end - start), now});
        start = end + 1;
      }
    }
  }

  // Pumps until a message satisfying `pred` (checked on every message from index `from` on)
  // has arrived, or `timeout` passed. Returns its index.
  std::optional<std::size_t> wait_until(const std::function<bool(const std::string&)>& pred,
                                        std::chrono::milliseconds timeout, std::size_t from = 0) {
    const auto end = Clock::now() + timeout;
    for (;;) {
      for (std::size_t i = from; i < messages_.size(); ++i) {
        if (pred(messages_[i].text)) return i;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now());
      if (left.count() <= 0) return std::nullopt;
      pump(std::min(left, std::chrono::milliseconds(50)));
    }
  }
  // Waits for a message exactly equal to `text`.
  std::optional<std::size_t> wait_for(const std::string& text, std::chrono::milliseconds timeout,
                                      std::size_t from = 0) {
    return wait_until([&](const std::string& m) { return m == text; }, timeout, from);
  }
  // Waits for a STATUS= message containing `part`.
  std::optional<std::size_t> wait_for_status(const std::string& part,
                                             std::chrono::milliseconds timeout,
                                             std::size_t from = 0) {
    return wait_until(
        [&](const std::string& m) {
          return m.rfind("STATUS=", 0) == 0 && m.find(part) != std::string::npos;
        },
        timeout, from);
  }

  const std::vector<Message>& messages() const { return messages_; }
  // All messages, one per line (for failure output).
  std::string dump() const {
    std::string s;
    for (const auto& m : messages_) s += "  " + m.text + "\n";
    return s;
  }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::vector<Message> messages_;
};

// A child process with stdout/stderr to one log file and a controlled environment: the test's
// variables replace any systemd variables inherited from whoever runs the tests (so the child
// logs to its stderr, not the journal, and notifies only the test's socket).
class ServiceProcess {
 public:
  ServiceProcess(const std::vector<std::string>& argv,
                 const std::map<std::string, std::string>& env, std::filesystem::path log,
                 bool set_watchdog_pid = false)
      : log_(std::move(log)) {
    static const char* const kDropped[] = {
        "NOTIFY_SOCKET",   "WATCHDOG_USEC", "WATCHDOG_PID", "INVOCATION_ID",
        "JOURNAL_STREAM",  "LISTEN_FDS",    "LISTEN_PID",   "CREDENTIALS_DIRECTORY",
        "STATE_DIRECTORY", "http_proxy",    "https_proxy",  "HTTP_PROXY",
        "HTTPS_PROXY",     "ALL_PROXY",     "all_proxy"};
    for (char** e = environ; *e; ++e) {
      std::string var(*e);
      std::string name = var.substr(0, var.find('='));
      bool dropped = env.count(name) > 0;
      for (const char* d : kDropped) dropped = dropped || name == d;
      if (!dropped) env_strings_.push_back(var);
    }
    for (const auto& [k, v] : env) env_strings_.push_back(k + "=" + v);
    // Everything the child needs is built before fork(): after it, only async-signal-safe
    // calls (open, dup2, getpid, execve) run in the child of this multi-threaded test.
    std::vector<char*> envp;
    for (auto& s : env_strings_) envp.push_back(s.data());
    char pid_var[64] = "WATCHDOG_PID=";
    if (set_watchdog_pid) envp.push_back(pid_var);
    envp.push_back(nullptr);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const std::string log_path = log_.string();

    pid_ = ::fork();
    if (pid_ == 0) {
      if (set_watchdog_pid) {
        char digits[24];
        int n = 0;
        for (pid_t p = ::getpid(); p > 0; p /= 10) digits[n++] = static_cast<char>('0' + p % 10);
        char* out = pid_var + std::strlen("WATCHDOG_PID=");
        while (n > 0) *out++ = digits[--n];
        *out = '\0';
      }
      int null_in = ::open("/dev/null", O_RDONLY);
      int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      if (null_in < 0 || fd < 0) ::_exit(126);
      ::dup2(null_in, 0);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::execve(args[0], args.data(), envp.data());
      ::_exit(127);
    }
  }
  ~ServiceProcess() {
    if (running()) {
      ::kill(pid_, SIGKILL);
      wait_exit(std::chrono::seconds(10));
    }
  }
  ServiceProcess(const ServiceProcess&) = delete;
  ServiceProcess& operator=(const ServiceProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool started() const { return pid_ > 0; }
  bool running() const { return pid_ > 0 && !exit_code_; }
  void signal(int sig) const {
    if (running()) ::kill(pid_, sig);
  }

  // The exit code (128+N when killed by signal N), or nullopt if it is still running after
  // `timeout`.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (!exit_code_ && pid_ > 0) {
      int status = 0;
      pid_t r = ::waitpid(pid_, &status, WNOHANG);
      if (r == pid_) {
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        break;
      }
      if (r < 0 && errno != EINTR) break;
      if (std::chrono::steady_clock::now() >= end) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return exit_code_;
  }

  // What the child printed so far (stdout and stderr together).
  std::string log() const { return slurp(log_); }

 private:
  std::filesystem::path log_;
  std::vector<std::string> env_strings_;
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
};

}  // namespace mw::testing
