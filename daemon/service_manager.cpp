#include "daemon/service_manager.h"

#include <cstdint>

#include <systemd/sd-daemon.h>

namespace mw {

SystemdServiceManager::SystemdServiceManager() {
  std::uint64_t usec = 0;
  // Keep the variables: alert commands inherit no NOTIFY_SOCKET anyway (they are exec'd with a
  // clean environment), and a re-exec after reload still needs them.
  if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
    watchdog_interval_ = std::chrono::milliseconds(usec / 2000);
  }
}

void SystemdServiceManager::ready() {
  sd_notify(0, "READY=1");
}
void SystemdServiceManager::reloading() {
  sd_notify(0, "RELOADING=1");
}
void SystemdServiceManager::stopping() {
  sd_notify(0, "STOPPING=1");
}
void SystemdServiceManager::status(const std::string& text) {
  sd_notify(0, ("STATUS=" + text).c_str());
}
void SystemdServiceManager::watchdog() {
  // Only when the watchdog is ours: WATCHDOG_USEC set and WATCHDOG_PID (if set) naming this
  // process. A child that inherited a parent's variables must not keep the parent alive.
  if (watchdog_interval_) sd_notify(0, "WATCHDOG=1");
}
std::optional<std::chrono::milliseconds> SystemdServiceManager::watchdog_interval() const {
  return watchdog_interval_;
}

}  // namespace mw
