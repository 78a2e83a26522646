// missionwatch: entry point. Everything lives in mw_daemon; this file only hands over argv.
#include "daemon/cli.h"

int main(int argc, char** argv) { return mw::run_cli(argc, argv); }
