#pragma once
// The seam between the daemon and its supervisor (systemd). The real implementation speaks the
// sd_notify protocol over $NOTIFY_SOCKET; without that variable every call is a no-op, so the
// same binary runs in a terminal, under systemd, and in tests that listen on their own socket.
#include <chrono>
#include <optional>
#include <string>

namespace mw {

class ServiceManager {
 public:
  virtual ~ServiceManager() = default;
  virtual void ready() = 0;                          // READY=1
  virtual void reloading() = 0;                      // RELOADING=1
  virtual void stopping() = 0;                       // STOPPING=1
  virtual void status(const std::string& text) = 0;  // STATUS=...
  virtual void watchdog() = 0;  // WATCHDOG=1, when the supervisor watches this process
  // How often the supervisor expects a watchdog ping (half of WatchdogSec), if it does.
  virtual std::optional<std::chrono::milliseconds> watchdog_interval() const = 0;
};

// sd_notify-backed implementation.
class SystemdServiceManager final : public ServiceManager {
 public:
  SystemdServiceManager();
  void ready() override;
  void reloading() override;
  void stopping() override;
  void status(const std::string& text) override;
  void watchdog() override;
  std::optional<std::chrono::milliseconds> watchdog_interval() const override;

 private:
  std::optional<std::chrono::milliseconds> watchdog_interval_;
};

}  // namespace mw
