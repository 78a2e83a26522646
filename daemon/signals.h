#pragma once
// Signals as events of the main loop: SIGTERM/SIGINT (stop) and SIGHUP (reload) are blocked and
// read from a signalfd, so no handler runs in the middle of a transaction and the loop decides
// when to act (after the article in hand).
#include <chrono>

#include "common/result.h"

namespace mw {

enum class SignalEvent { kNone, kStop, kReload };

class SignalWatcher {
 public:
  // Blocks SIGTERM, SIGINT and SIGHUP in the calling thread (call before starting threads so
  // they inherit the mask) and opens the signalfd.
  static Result<SignalWatcher> create();
  SignalWatcher(SignalWatcher&& other) noexcept;
  SignalWatcher& operator=(SignalWatcher&&) = delete;
  ~SignalWatcher();

  // Waits up to `timeout` for a signal; kNone when none arrived.
  SignalEvent wait(std::chrono::milliseconds timeout);
  int fd() const { return fd_; }

 private:
  explicit SignalWatcher(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace mw
