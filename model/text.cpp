#include "model/text.hpp"

#include "model/error.hpp"
#include "model/identifiers.hpp"

#include <cstdio>

namespace qm {
namespace {

// Decodes the code point at text[i] and advances i; returns -1 for a byte that does not start
// a well-formed sequence (i then moves past that byte only).
long decode(std::string_view text, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char first = byte(i);
    if (first < 0x80) {
        ++i;
        return first;
    }
    std::size_t length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 0;
    if (length == 0 || first > 0xF4 || i + length > text.size()) {
        ++i;
        return -1;
    }
    long cp = first & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            ++i;
            return -1;
        }
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    static constexpr long smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < smallest[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return -1;
    }
    i += length;
    return cp;
}

bool isDirectionControl(long cp) { return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069); }

// Characters a terminal or a reader could act on rather than show.
bool isRefused(long cp, bool lines) {
    if (lines && (cp == '\n' || cp == '\t')) return false;
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || isDirectionControl(cp);
}

// Spaces, separators, zero-width and filler characters: what cannot be seen on its own.
bool isInvisible(long cp) {
    return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0xAD || cp == 0x34F ||
           cp == 0x61C || cp == 0x115F || cp == 0x1160 || cp == 0x17B4 || cp == 0x17B5 || cp == 0x180E ||
           (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x206F) ||
           cp == 0x3000 || cp == 0x3164 || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF || cp == 0xFFA0;
}

std::string codePoint(long cp) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04lX", cp);
    return buf;
}

std::string withThousands(std::size_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace

bool isValidUtf8(std::string_view text, std::size_t* badByte) {
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t at = i;
        if (decode(text, i) < 0) {
            if (badByte) *badByte = at;
            return false;
        }
    }
    return true;
}

std::size_t characterCount(std::string_view text) {
    std::size_t n = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::string textProblem(std::string_view text, const TextRule& rule) {
    std::size_t bad = 0;
    if (!isValidUtf8(text, &bad)) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "is not valid UTF-8 text (byte 0x%02X at byte %zu).",
                      static_cast<unsigned char>(text[bad]), bad + 1);
        return buf;
    }
    std::size_t characters = 0;
    bool shows = false;
    for (std::size_t i = 0; i < text.size();) {
        const long cp = decode(text, i);
        ++characters;
        if (cp == 0) return "holds a NUL byte at character " + std::to_string(characters) + ".";
        // CR LF is a line end where lines are allowed; only a lone CR can overwrite a line.
        if (cp == '\r' && rule.lines && i < text.size() && text[i] == '\n') continue;
        if (isRefused(cp, rule.lines))
            return "holds " + std::string(isDirectionControl(cp) ? "an invisible direction override" : "a control character") +
                   " (" + codePoint(cp) + ") at character " + std::to_string(characters) +
                   ", which can disguise what a reader sees; type it again as plain text.";
        shows = shows || !isInvisible(cp);
    }
    if (characters > rule.maxChars) return "is longer than " + withThousands(rule.maxChars) + " characters.";
    if (rule.mustShow && !shows) return "has no visible character.";
    return {};
}

std::string requireCleanText(std::string_view field, std::string_view text, const TextRule& rule) {
    std::string problem = textProblem(text, rule);
    if (!problem.empty()) throw invalid(std::string(field), fieldLabel(field) + " " + problem);
    return std::string(text);
}

std::string unixLineEnds(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string terminalSafe(std::string_view text, bool keepLayout) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t at = i;
        const long cp = decode(text, i);
        char buf[32];
        if (cp < 0) {
            std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(text[at]));
            out += buf;
        } else if ((cp == '\n' || cp == '\t') && keepLayout) {
            out += static_cast<char>(cp);
        } else if (cp == '\r' && keepLayout && i < text.size() && text[i] == '\n') {
            out += "\r\n";  // a CSV line end; only a lone CR can overwrite what was shown
            ++i;
        } else if (cp == '\n') {
            out += "\\n";
        } else if (cp == '\t') {
            out += "\\t";
        } else if (cp < 0x20 || cp == 0x7F) {
            std::snprintf(buf, sizeof buf, "\\x%02lx", cp);
            out += buf;
        } else if ((cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || isDirectionControl(cp)) {
            std::snprintf(buf, sizeof buf, "\\u%04lx", cp);
            out += buf;
        } else {
            out.append(text.substr(at, i - at));
        }
    }
    return out;
}

std::size_t incompleteUtf8Tail(std::string_view text) {
    // Look back over at most three continuation bytes for a lead byte whose sequence is longer
    // than what follows it.
    for (std::size_t back = 1; back <= 3 && back <= text.size(); ++back) {
        const auto c = static_cast<unsigned char>(text[text.size() - back]);
        if ((c & 0xC0) == 0x80) continue;  // a continuation byte: keep looking
        const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        return length > back ? back : 0;
    }
    return 0;
}

std::string jsonString(const std::string& text) {
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const auto next = [&](std::size_t k) { return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0; };
        // DEL, C1 controls (C2 80-9F), line and paragraph separators and direction controls
        // (E2 80 A8-AE, E2 81 A6-A9) are escaped too: valid JSON either way, but harmless when
        // a person pipes it to a terminal.
        long escape = -1;
        if (c == 0x7F) escape = 0x7F;
        else if (c == 0xC2 && next(1) >= 0x80 && next(1) <= 0x9F) escape = next(1);
        else if (c == 0xE2 && next(1) == 0x80 && next(2) >= 0xA8 && next(2) <= 0xAE) escape = 0x2000 + (next(2) - 0x80);
        else if (c == 0xE2 && next(1) == 0x81 && next(2) >= 0xA6 && next(2) <= 0xA9) escape = 0x2040 + (next(2) - 0x80);
        if (escape >= 0) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04lx", escape);
            out += buf;
            i += escape == 0x7F ? 0 : escape < 0x100 ? 1 : 2;
            continue;
        }
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    return out + "\"";
}

}  // namespace qm
