#include "cli/terminal_guard.hpp"

#include "model/text.hpp"

namespace qm::cli {

TerminalGuard::TerminalGuard(std::ostream& stream) : stream_(stream), original_(stream.rdbuf(this)) {}

TerminalGuard::~TerminalGuard() {
    forward(true);
    original_->pubsync();
    stream_.rdbuf(original_);
}

TerminalGuard::int_type TerminalGuard::overflow(int_type c) {
    if (traits_type::eq_int_type(c, traits_type::eof())) return traits_type::not_eof(c);
    pending_ += traits_type::to_char_type(c);
    if (c == '\n') forward(false);
    return c;
}

std::streamsize TerminalGuard::xsputn(const char* s, std::streamsize n) {
    pending_.append(s, static_cast<std::size_t>(n));
    if (pending_.find('\n') != std::string::npos || pending_.size() > 4096) forward(false);
    return n;
}

int TerminalGuard::sync() {
    forward(false);
    return original_->pubsync();
}

// Sends what is whole: a character split across two writes waits for its last byte.
void TerminalGuard::forward(bool all) {
    // A CR at the very end may be half of a CSV line end whose LF has not arrived yet.
    const std::size_t keep = all ? 0 : !pending_.empty() && pending_.back() == '\r' ? 1 : incompleteUtf8Tail(pending_);
    const std::string safe = terminalSafe(std::string_view(pending_).substr(0, pending_.size() - keep), true);
    original_->sputn(safe.data(), static_cast<std::streamsize>(safe.size()));
    pending_.erase(0, pending_.size() - keep);
}

}  // namespace qm::cli
