#pragma once
// The command line: `missionwatch <command> [options]`. Each command lives in its own
// daemon/cmd_<name>.cpp and registers itself through commands.h; this file wires them together.
//
// Exit codes (documented in the README): 0 ok, 1 runtime failure, 2 usage or config error.
namespace mw {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

int run_cli(int argc, char** argv);

}  // namespace mw
