// qm::Error — the one error vocabulary of Quartermaster.
//
// Every layer throws qm::Error for failures a person must act on. Its kind maps one to one
// onto qmctl's exit codes (DESIGN.md §7) and its message is a single sentence fit to show a
// desk user: it names the field or thing involved and says why. SQLSTATEs and HTTP statuses are
// translated into an Error once, at the edge (db/, services/mdm), never further in.
#pragma once

#include <stdexcept>
#include <string>

namespace qm {

enum class ErrorKind {
    Other = 1,        // anything else
    Usage = 2,        // the command line itself is wrong
    Invalid = 3,      // a value is not acceptable (names the field and why)
    Conflict = 4,     // the register's state or a concurrent change is in the way
    Permission = 5,   // the login may not do this
    Unavailable = 6,  // database or MDM cannot be reached
};

// The qmctl exit code for an error kind.
constexpr int exitCode(ErrorKind kind) { return static_cast<int>(kind); }

class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, std::string sentence, std::string field = {})
        : std::runtime_error(std::move(sentence)), kind_(kind), field_(std::move(field)) {}

    ErrorKind kind() const noexcept { return kind_; }
    // Machine name of the field at fault ("imei", "serial"), empty when not about one field.
    const std::string& field() const noexcept { return field_; }

private:
    ErrorKind kind_;
    std::string field_;
};

// Shorthands used throughout: throw invalid("imei", "IMEI 123 is too short: ...").
inline Error invalid(std::string field, std::string sentence) {
    return Error(ErrorKind::Invalid, std::move(sentence), std::move(field));
}
inline Error conflict(std::string sentence) { return Error(ErrorKind::Conflict, std::move(sentence)); }
inline Error denied(std::string sentence) { return Error(ErrorKind::Permission, std::move(sentence)); }
inline Error unavailable(std::string sentence) { return Error(ErrorKind::Unavailable, std::move(sentence)); }

}  // namespace qm
