// RFC 4180 CSV reader and writer; see csv.hpp.
#include "services/import/csv.hpp"

#include "model/error.hpp"

#include <algorithm>
#include <cstdio>

namespace qm::services {

namespace {

constexpr std::size_t kChunk = 64 * 1024;
constexpr int kEof = EOF;

// Offset of the first byte that does not belong to well-formed UTF-8 (no overlong forms, no
// surrogates, nothing above U+10FFFF), or npos when the text is valid.
std::size_t firstInvalidUtf8(std::string_view s) {
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        if (b0 < 0x80) {
            ++i;
            continue;
        }
        std::size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            len = 2;
        } else if (b0 == 0xE0) {
            len = 3, lo = 0xA0;
        } else if (b0 == 0xED) {
            len = 3, hi = 0x9F;  // excludes UTF-16 surrogates
        } else if (b0 >= 0xE1 && b0 <= 0xEF) {
            len = 3;
        } else if (b0 == 0xF0) {
            len = 4, lo = 0x90;
        } else if (b0 >= 0xF1 && b0 <= 0xF3) {
            len = 4;
        } else if (b0 == 0xF4) {
            len = 4, hi = 0x8F;
        } else {
            return i;
        }
        if (i + len > n) return i;
        const auto b1 = static_cast<unsigned char>(s[i + 1]);
        if (b1 < lo || b1 > hi) return i;
        for (std::size_t k = 2; k < len; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            if (b < 0x80 || b > 0xBF) return i;
        }
        i += len;
    }
    return std::string_view::npos;
}

// Physical line breaks in `s` before `end`, counting CRLF once, as the reader does.
std::size_t lineBreaks(std::string_view s, std::size_t end) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < end; ++i) {
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 >= s.size() || s[i + 1] != '\n'))) ++count;
    }
    return count;
}

Error csvError(std::size_t line, const std::string& reason) {
    return invalid("csv", "Line " + std::to_string(line) + ": " + reason);
}

bool isSeparator(char c) { return c == ' ' || c == '-' || c == '_'; }

}  // namespace

// ---------------------------------------------------------------------------------------------
// CsvReader

CsvReader::CsvReader(std::istream& in) : source_(in.rdbuf()) {}

// Makes at least `atLeast` unread bytes available unless the input ends first.
bool CsvReader::fill(std::size_t atLeast) {
    if (end_ - pos_ >= atLeast) return true;
    if (eof_ || source_ == nullptr) return false;
    if (pos_ > 0) {  // keep the unread tail at the front of the buffer
        std::copy(buffer_.begin() + static_cast<std::ptrdiff_t>(pos_),
                  buffer_.begin() + static_cast<std::ptrdiff_t>(end_), buffer_.begin());
        end_ -= pos_;
        pos_ = 0;
    }
    if (buffer_.size() < kChunk) buffer_.resize(kChunk);
    while (end_ < atLeast) {
        const std::streamsize got =
            source_->sgetn(buffer_.data() + end_, static_cast<std::streamsize>(buffer_.size() - end_));
        if (got <= 0) {
            eof_ = true;
            break;
        }
        end_ += static_cast<std::size_t>(got);
    }
    return end_ - pos_ >= atLeast;
}

int CsvReader::peek() {
    if (pos_ == end_ && !fill(1)) return kEof;
    return static_cast<unsigned char>(buffer_[pos_]);
}

int CsvReader::get() {
    const int c = peek();
    if (c != kEof) {
        ++pos_;
        ++consumed_;
    }
    return c;
}

int CsvReader::take(CsvRecord& out) {
    const int c = get();
    if (c != kEof) {
        if (out.raw.size() >= kMaxRecordBytes) {
            throw csvError(out.line, "the record is longer than " +
                                         std::to_string(kMaxRecordBytes / (1024 * 1024)) +
                                         " MiB; a quoted field may have been left open.");
        }
        out.raw.push_back(static_cast<char>(c));
    }
    return c;
}

void CsvReader::skipBom() {
    if (fill(3) && buffer_[pos_] == '\xEF' && buffer_[pos_ + 1] == '\xBB' && buffer_[pos_ + 2] == '\xBF') {
        pos_ += 3;
        consumed_ += 3;
    }
}

void CsvReader::endLine() {
    if (get() == '\r' && peek() == '\n') get();
    ++line_;
}

bool CsvReader::next(CsvRecord& out) {
    if (!started_) {
        skipBom();
        started_ = true;
    }
    for (;;) {  // skip blank lines
        const int c = peek();
        if (c == kEof) return false;
        if (c != '\n' && c != '\r') break;
        endLine();
    }

    out.fields.clear();
    out.raw.clear();
    out.line = line_;
    std::string field;
    for (;;) {  // one field per pass
        field.clear();
        int c = peek();
        if (c == '"') {
            take(out);
            for (;;) {
                c = take(out);
                if (c == kEof) {
                    throw csvError(out.line, "the quoted field " + std::to_string(out.fields.size() + 1) +
                                                 " is not closed before the end of the file.");
                }
                if (c == '"') {
                    if (peek() != '"') break;  // closing quote
                    take(out);                 // "" is one literal quote
                } else if (c == '\n' || (c == '\r' && peek() != '\n')) {
                    ++line_;  // a newline inside the field; CRLF counts once, at its LF
                }
                field.push_back(static_cast<char>(c));
            }
            c = peek();
            if (c != ',' && c != '\n' && c != '\r' && c != kEof) {
                throw csvError(out.line, "field " + std::to_string(out.fields.size() + 1) +
                                             " has text after its closing quote; a quote inside a "
                                             "quoted field must be doubled (\"\").");
            }
        } else {
            // Unquoted: runs to the comma or line end; any quote in it is literal.
            while ((c = peek()) != ',' && c != '\n' && c != '\r' && c != kEof) {
                take(out);
                field.push_back(static_cast<char>(c));
            }
        }
        out.fields.push_back(field);
        if (c == ',') {
            take(out);
            continue;  // a comma before the line end means a trailing empty field follows
        }
        if (c != kEof) endLine();
        break;
    }

    // Checked on the whole record so the message can name the physical line of the bad byte.
    if (const auto bad = firstInvalidUtf8(out.raw); bad != std::string_view::npos) {
        const std::size_t line = out.line + lineBreaks(out.raw, bad);
        throw invalid("csv", "Line " + std::to_string(line) +
                                 " is not valid UTF-8 (in Excel, save the file as \"CSV UTF-8\").");
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// CsvHeader

std::string CsvHeader::normalise(std::string_view name) {
    const auto isSpace = [](char c) { return c == ' ' || c == '\t'; };
    while (!name.empty() && isSpace(name.front())) name.remove_prefix(1);
    while (!name.empty() && isSpace(name.back())) name.remove_suffix(1);
    std::string result;
    result.reserve(name.size());
    for (const char c : name) {
        if (isSeparator(c) || c == '\t') {
            if (result.empty() || result.back() != '_') result.push_back('_');
        } else if (c >= 'A' && c <= 'Z') {
            result.push_back(static_cast<char>(c - 'A' + 'a'));
        } else {
            result.push_back(c);
        }
    }
    return result;
}

CsvHeader::CsvHeader(const std::vector<std::string>& names) : names_(names) {
    for (std::size_t i = 0; i < names_.size(); ++i) {
        std::string key = normalise(names_[i]);
        if (key.empty()) continue;  // unnamed column: nothing can ask for it
        const auto [it, inserted] = index_.emplace(key, i);
        if (!inserted) {
            const std::string& first = names_[it->second];
            const std::string& second = names_[i];
            std::string sentence = "The header names column '" + key + "' twice";
            if (first != second) sentence += " (as '" + first + "' and '" + second + "')";
            throw invalid("csv", sentence + ".");
        }
    }
}

std::optional<std::size_t> CsvHeader::column(std::string_view name) const {
    const auto it = index_.find(normalise(name));
    if (it == index_.end()) return std::nullopt;
    return it->second;
}

std::vector<std::string> CsvHeader::unknown(const std::vector<std::string_view>& known) const {
    std::vector<std::string> knownKeys;
    knownKeys.reserve(known.size());
    for (const auto name : known) knownKeys.push_back(normalise(name));
    std::vector<std::string> result;
    for (const auto& name : names_) {
        const std::string key = normalise(name);
        if (key.empty()) continue;
        bool found = false;
        for (const auto& k : knownKeys) found = found || k == key;
        if (!found) result.push_back(name);
    }
    return result;
}

std::vector<std::string> CsvHeader::missing(const std::vector<std::string_view>& required) const {
    std::vector<std::string> result;
    for (const auto name : required) {
        if (!column(name)) result.emplace_back(name);
    }
    return result;
}

// ---------------------------------------------------------------------------------------------
// Writing

std::string csvQuote(std::string_view field) {
    const bool edgeSpace = !field.empty() && (field.front() == ' ' || field.front() == '\t' ||
                                              field.back() == ' ' || field.back() == '\t');
    if (!edgeSpace && field.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(field);
    std::string quoted;
    quoted.reserve(field.size() + 2);
    quoted.push_back('"');
    for (const char c : field) {
        if (c == '"') quoted.push_back('"');
        quoted.push_back(c);
    }
    quoted.push_back('"');
    return quoted;
}

void writeCsvRow(std::ostream& out, const std::vector<std::string>& fields) {
    if (fields.size() == 1 && fields.front().empty()) {
        out << "\"\"\r\n";
        return;
    }
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out << ',';
        out << csvQuote(fields[i]);
    }
    out << "\r\n";
}

std::string spreadsheetSafe(const std::string& cell) {
    if (cell.empty() || std::string_view("=+-@\t\r").find(cell[0]) == std::string_view::npos) return cell;
    const bool number = cell.size() > 1 && cell.find_first_not_of("0123456789.", 1) == std::string::npos &&
                        (cell[0] == '+' || cell[0] == '-');
    return number ? cell : "'" + cell;
}

std::string fromSpreadsheetSafe(const std::string& cell) {
    if (cell.size() > 1 && cell[0] == '\'' && std::string_view("=+-@\t\r").find(cell[1]) != std::string_view::npos)
        return cell.substr(1);
    return cell;
}

void writeSafeCsvRow(std::ostream& out, const std::vector<std::string>& fields) {
    std::vector<std::string> safe;
    safe.reserve(fields.size());
    for (const auto& f : fields) safe.push_back(spreadsheetSafe(f));
    writeCsvRow(out, safe);
}

}  // namespace qm::services
