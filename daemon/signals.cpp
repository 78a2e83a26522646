#include "daemon/signals.h"

#include <poll.h>
#include <sys/signalfd.h>
#include <unistd.h>
#include <cerrno>
#include <csignal>
#include <cstring>

#include <fmt/format.h>

namespace mw {

Result<SignalWatcher> SignalWatcher::create() {
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGTERM);
  sigaddset(&mask, SIGINT);
  sigaddset(&mask, SIGHUP);
  if (pthread_sigmask(SIG_BLOCK, &mask, nullptr) != 0) {
    return fail(ErrorCode::kInternal, "signals: cannot block SIGTERM/SIGINT/SIGHUP");
  }
  int fd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  if (fd < 0) {
    return fail(ErrorCode::kInternal,
                fmt::format("signals: signalfd failed: {}", std::strerror(errno)));
  }
  return SignalWatcher(fd);
}

SignalWatcher::SignalWatcher(SignalWatcher&& other) noexcept : fd_(other.fd_) {
  other.fd_ = -1;
}

SignalWatcher::~SignalWatcher() {
  if (fd_ >= 0) ::close(fd_);
}

SignalEvent SignalWatcher::wait(std::chrono::milliseconds timeout) {
  pollfd p{fd_, POLLIN, 0};
  int n = ::poll(&p, 1, static_cast<int>(timeout.count()));
  if (n <= 0) return SignalEvent::kNone;
  signalfd_siginfo info{};
  SignalEvent result = SignalEvent::kNone;
  // Drain every queued signal; a stop wins over a reload.
  while (::read(fd_, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
    if (info.ssi_signo == SIGHUP) {
      if (result == SignalEvent::kNone) result = SignalEvent::kReload;
    } else {
      result = SignalEvent::kStop;
    }
  }
  return result;
}

}  // namespace mw
