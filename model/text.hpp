// Small text helpers shared by every layer, and the register's rules for text (schema version
// 6): every text field has a length limit; single-line fields hold no control characters, line
// or paragraph separators or invisible direction overrides (U+202A-U+202E, U+2066-U+2069);
// fields of several lines may also hold line feeds, tabs and CR LF (never a lone CR); names
// must show something. The
// database enforces the same rules; checking here first lets the desk hear which field and why.
// Pure, standard library only.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace qm {

// Without leading and trailing spaces, tabs and line ends.
inline std::string trimmed(std::string_view s) {
    auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

// True when `text` is well-formed UTF-8 (shortest forms, no surrogates, at most U+10FFFF);
// otherwise *badByte, if given, is the offset of the first byte that is not.
bool isValidUtf8(std::string_view text, std::size_t* badByte = nullptr);

// Characters, not bytes (for valid UTF-8).
std::size_t characterCount(std::string_view text);

struct TextRule {
    std::size_t maxChars = 0;
    bool lines = false;     // line feeds, tabs and CR LF allowed
    bool mustShow = false;  // at least one visible character (names)
};

// Why `text` breaks the rule, written to follow the field's label ("holds a control character
// (U+001B) at character 5; type it again as plain text."), or "" when it keeps it.
std::string textProblem(std::string_view text, const TextRule& rule);

// The text, or qm::invalid(field, "<Label> <problem>") when it breaks the rule.
std::string requireCleanText(std::string_view field, std::string_view text, const TextRule& rule);

// "\r\n" and a lone "\r" become "\n", as text pasted from Windows or read from a CSV cell.
std::string unixLineEnds(std::string_view text);

// The text made harmless for a terminal: control characters, DEL, C1 controls, line and
// paragraph separators and direction controls are shown escaped (\x1b, \u202e), as are bytes
// that are not UTF-8 (\xff). Line feeds, tabs and CR LF pairs are kept when keepLayout, else
// shown as \n and \t (inside a table cell, where they would break the layout); a lone CR,
// which returns the cursor to overwrite what was shown, is always escaped.
std::string terminalSafe(std::string_view text, bool keepLayout = false);

// How many bytes at the end of `text` are the start of a UTF-8 sequence that is not complete
// yet (0 to 3): text arriving in pieces is escaped only once a character is whole.
std::size_t incompleteUtf8Tail(std::string_view text);

// A JSON string literal (quotes included). Controls, DEL, C1 controls, line separators and
// direction controls are \u-escaped: valid JSON, and harmless when printed to a terminal.
std::string jsonString(const std::string& text);

}  // namespace qm
