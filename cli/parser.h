// The command line (CLI11): which command runs, with what.
#pragma once
#include <functional>

#include "cli/commands.h"

namespace stgvm::cli {

// Parses argv. On success sets `run` to the selected command and returns -1; otherwise the
// command line was fully handled here (--help and --version print to stdout: 0; a usage error
// is one line on stderr: 2) and that exit code is returned.
int parse_command_line(int argc, char** argv, std::function<int()>& run);

}  // namespace stgvm::cli
