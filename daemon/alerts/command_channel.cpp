#include "daemon/alerts/command_channel.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include <fmt/format.h>

#include "daemon/alerts/alert_message.h"

extern char** environ;

namespace mw::alerts {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kKeepOutput = 400;

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

// Writing to a program that exits without reading its input must not kill the daemon with
// SIGPIPE: block it on this thread while the child runs, discard any that arrived, restore.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeGuard() {
    if (sigismember(&old_, SIGPIPE) == 0) {
      timespec zero{0, 0};
      while (sigtimedwait(&pipe_, nullptr, &zero) > 0) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }

 private:
  sigset_t pipe_{}, old_{};
};

std::string exit_description(int status) {
  if (WIFEXITED(status)) return fmt::format("exit status {}", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return fmt::format("killed by signal {}", WTERMSIG(status));
  return "ended abnormally";
}

std::string tail_of(const std::string& output) {
  std::string t =
      output.size() > kKeepOutput ? "…" + output.substr(output.size() - kKeepOutput) : output;
  for (char& c : t) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  while (!t.empty() && t.back() == ' ') t.pop_back();
  return t;
}

}  // namespace

DeliveryOutcome CommandSender::send(const OutgoingMessage& message, TimePoint now) {
  const std::string where =
      fmt::format("command {} ({})", name(), channel_.command.empty() ? "" : channel_.command[0]);
  if (channel_.command.empty()) return DeliveryOutcome::permanent(where + ": no command");
  const std::string input = standard_body(message, now);

  int in[2], out[2];
  if (::pipe2(in, O_CLOEXEC) != 0) {
    return DeliveryOutcome::retry(where + ": pipe: " + std::strerror(errno));
  }
  Fd in_read(in[0]), in_write(in[1]);
  if (::pipe2(out, O_CLOEXEC) != 0) {
    return DeliveryOutcome::retry(where + ": pipe: " + std::strerror(errno));
  }
  Fd out_read(out[0]), out_write(out[1]);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_read.get(), 0);
  posix_spawn_file_actions_adddup2(&actions, out_write.get(), 1);
  posix_spawn_file_actions_adddup2(&actions, out_write.get(), 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Own process group (so a timeout kills what it started too), no blocked signals (the
  // service blocks SIGTERM & co. for its signalfd) and default dispositions.
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  for (int s : {SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD}) sigaddset(&defaults, s);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> env_strings;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    if (std::strncmp(*e, "MW_", 3) != 0) env_strings.emplace_back(*e);
  }
  env_strings.push_back("MW_ALERT_ID=" + (message.digest
                                              ? std::string()
                                              : std::to_string(message.alerts[0].alert.id)));
  env_strings.push_back("MW_ALERT_KIND=" +
                        (message.digest ? std::string("digest") : message.alerts[0].alert.kind));
  env_strings.push_back("MW_MESSAGE_ID=" + message.message_id);
  env_strings.push_back("MW_CHANNEL=" + channel_.name);
  std::vector<char*> envp;
  for (std::string& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  std::vector<std::string> args_strings = channel_.command;
  std::vector<char*> argv;
  for (std::string& s : args_strings) argv.push_back(s.data());
  argv.push_back(nullptr);

  SigpipeGuard sigpipe;
  pid_t pid = -1;
  int spawn_error = ::posix_spawnp(&pid, argv[0], &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  in_read.reset();
  out_write.reset();
  if (spawn_error != 0) {
    return DeliveryOutcome::retry(
        fmt::format("{}: cannot start: {}", where, std::strerror(spawn_error)));
  }

  ::fcntl(in_write.get(), F_SETFL, ::fcntl(in_write.get(), F_GETFL) | O_NONBLOCK);
  ::fcntl(out_read.get(), F_SETFL, ::fcntl(out_read.get(), F_GETFL) | O_NONBLOCK);
  std::string_view pending_input = input;
  std::string output;
  const auto deadline = Clock::now() + channel_.rules.timeout;
  int status = 0;
  bool exited = false;
  bool timed_out = false;
  bool output_open = true;

  while (!exited) {
    if (pending_input.empty()) in_write.reset();
    pollfd fds[2];
    int n = 0;
    if (in_write.get() >= 0) fds[n++] = {in_write.get(), POLLOUT, 0};
    if (output_open) fds[n++] = {out_read.get(), POLLIN, 0};
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    int wait_ms = static_cast<int>(std::min<std::int64_t>(left.count(), 20));
    int ready = n > 0 ? ::poll(fds, n, wait_ms)
                      : (std::this_thread::sleep_for(std::chrono::milliseconds(wait_ms)), 0);
    if (ready > 0) {
      for (int i = 0; i < n; ++i) {
        if (fds[i].revents == 0) continue;
        if (fds[i].fd == in_write.get()) {
          ssize_t w = ::write(in_write.get(), pending_input.data(), pending_input.size());
          if (w > 0) {
            pending_input.remove_prefix(static_cast<std::size_t>(w));
          } else if (w < 0 && errno != EAGAIN && errno != EINTR) {
            pending_input = {};  // the program closed its input: it has what it wanted
          }
        } else {
          char buffer[4096];
          ssize_t r = ::read(out_read.get(), buffer, sizeof buffer);
          if (r > 0) {
            output.append(buffer, static_cast<std::size_t>(r));
            if (output.size() > 4 * kKeepOutput) output.erase(0, output.size() - kKeepOutput);
          } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
            output_open = false;
          }
        }
      }
    }
    pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid) exited = true;
  }

  if (timed_out) {
    ::kill(-pid, SIGTERM);
    const auto grace = Clock::now() + std::chrono::seconds(2);
    while (Clock::now() < grace) {
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        exited = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (!exited) {
      ::kill(-pid, SIGKILL);
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
    return DeliveryOutcome::retry(fmt::format("{}: timed out after {} ms and was stopped", where,
                                              channel_.rules.timeout.count()));
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return DeliveryOutcome::delivered();
  // What the program wrote just before exiting (a background child of it may keep the pipe
  // open: take what is there, do not wait for EOF).
  char buffer[4096];
  for (ssize_t r; output_open && (r = ::read(out_read.get(), buffer, sizeof buffer)) > 0;) {
    output.append(buffer, static_cast<std::size_t>(r));
  }
  std::string detail = where + ": " + exit_description(status);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && output.empty()) {
    detail += " (program not found?)";
  }
  std::string tail = tail_of(output);
  if (!tail.empty()) detail += ": " + tail;
  return DeliveryOutcome::retry(detail);
}

}  // namespace mw::alerts
