// TerminalGuard — everything qmctl prints passes through terminalSafe() on its way out, so text
// stored in the register (a lost report's reference, a name, an imported cell) can never carry
// an escape sequence, a stray carriage return or a direction override to the reader's terminal,
// whatever command prints it. Line feeds and tabs pass; the output formats escape their own.
#pragma once

#include <ostream>
#include <streambuf>
#include <string>

namespace qm::cli {

class TerminalGuard : public std::streambuf {
public:
    explicit TerminalGuard(std::ostream& stream);  // installs itself on the stream
    ~TerminalGuard() override;                      // flushes and restores the stream
    TerminalGuard(const TerminalGuard&) = delete;
    TerminalGuard& operator=(const TerminalGuard&) = delete;

protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* s, std::streamsize n) override;
    int sync() override;

private:
    void forward(bool all);
    std::ostream& stream_;
    std::streambuf* original_;
    std::string pending_;
};

}  // namespace qm::cli
