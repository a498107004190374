// The terminal, for qmctl's prompts: whether standard input is a person at a terminal, and a
// line read without echo (passwords). POSIX uses termios; Windows would use the console API.
#pragma once

#include <string>

namespace qm::platform {

bool stdinIsTerminal();
// Whether standard error is a terminal (progress drawn in place) or a log (a line per step).
bool stderrIsTerminal();
// This process's id, to name a dispatcher in the outbox.
long processId();

// Shows `prompt` on stderr, reads one line from stdin with echo off, and ends the line.
std::string readHiddenLine(const std::string& prompt);

}  // namespace qm::platform
