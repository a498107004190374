// RFC 4180 CSV reading and writing for bulk import and export.
//
// Used by `qmctl device import` and `qmctl person import` to read the spreadsheets the desk
// receives from suppliers and HR, and by the exports to write files Excel opens cleanly. Pure
// standard library, no I/O of its own beyond the stream it is given, so it is unit tested
// without a database.
//
// Reading is streaming: a file of any size is read one record at a time, and a single record
// may not exceed CsvReader::kMaxRecordBytes (a guard against a stray quote swallowing the rest
// of the file). Malformed input throws qm::invalid("csv", "Line N: ...") naming the physical
// line, so a desk user can open the file and find it.
#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace qm::services {

// One logical CSV record. A record can span several physical lines when a quoted field holds
// a newline, so `line` is where it starts.
struct CsvRecord {
    std::vector<std::string> fields;
    std::size_t line = 0;  // 1-based physical line number where the record starts
    std::string raw;       // the record's original text without its line terminator (for rejects files)
};

// Reads RFC 4180 CSV from a stream, one record per next().
//
// Accepted (leniently, because real spreadsheets are sloppy): a UTF-8 BOM at the start
// (skipped), CRLF, LF or bare CR line ends in any mix, a last line without a terminator, and a
// quote in the middle of an unquoted field (taken literally). Lines with nothing on them are
// skipped. Fields are returned exactly as written: no trimming, quotes and "" unescaped.
//
// Rejected with qm::invalid("csv", ...): text after a closing quote other than a comma or line
// end, a quoted field still open at end of file, a record longer than kMaxRecordBytes, and
// bytes that are not valid UTF-8. Treat any error as fatal for the file: once quoting or the
// encoding is broken, later records cannot be trusted.
//
// The reader buffers ahead, so the stream must not be read by anyone else while it is in use.
class CsvReader {
public:
    static constexpr std::size_t kMaxRecordBytes = 1024 * 1024;

    explicit CsvReader(std::istream& in);

    // Reads the next record into `out`. Returns false at end of input (out is then unchanged).
    bool next(CsvRecord& out);

    // Bytes consumed so far, BOM and line terminators included: with the file size this gives
    // import progress.
    std::size_t bytesRead() const { return consumed_; }

private:
    int peek();
    int get();
    int take(CsvRecord& out);  // get() and append to out.raw
    bool fill(std::size_t atLeast);
    void skipBom();
    void endLine();  // consumes a CR, LF or CRLF at the read position

    std::streambuf* source_;
    std::vector<char> buffer_;
    std::size_t pos_ = 0;
    std::size_t end_ = 0;
    bool eof_ = false;
    bool started_ = false;
    std::size_t consumed_ = 0;
    std::size_t line_ = 1;  // physical line of the next unread byte
};

// The header row of an import file, matched forgivingly: "Asset Tag", " asset-tag " and
// "ASSET_TAG" all name the column asset_tag (trimmed, ASCII case folded, runs of spaces,
// hyphens and underscores read as one underscore). Columns with an empty name (Excel often
// leaves trailing ones) cannot be looked up and are not reported as unknown.
class CsvHeader {
public:
    // Throws qm::invalid("csv", "The header names column 'serial' twice.") on duplicates.
    explicit CsvHeader(const std::vector<std::string>& names);

    // Index of the column called `name` (matched as above), or nullopt.
    std::optional<std::size_t> column(std::string_view name) const;

    // The names as given, in file order.
    const std::vector<std::string>& names() const { return names_; }

    // Header names (as given) that match none of `known`, in file order.
    std::vector<std::string> unknown(const std::vector<std::string_view>& known) const;

    // Names from `required` (as given) that no column matches, in the order given.
    std::vector<std::string> missing(const std::vector<std::string_view>& required) const;

    // The matching form of a column name: "  Asset Tag " -> "asset_tag".
    static std::string normalise(std::string_view name);

private:
    std::vector<std::string> names_;
    std::unordered_map<std::string, std::size_t> index_;  // normalised name -> column
};

// `field` as a CSV field: quoted (with quotes doubled) only when it holds a comma, quote, CR or
// LF, or starts or ends with a space or tab (which some readers would otherwise trim).
// Note: this does not defend against spreadsheet formula injection (=, +, -, @); exports meant
// for Excel must decide that themselves, since altering values would break round trips.
std::string csvQuote(std::string_view field);

// Writes one CRLF-terminated RFC 4180 row. A row of a single empty field is written as ""
// so it is not read back as a blank (skipped) line.
void writeCsvRow(std::ostream& out, const std::vector<std::string>& fields);

// A cell a spreadsheet will not run: one that starts with =, +, - or @ (or a tab or CR before
// one) is a formula to Excel (=HYPERLINK(...), =cmd|...), so it gets a leading apostrophe,
// unless it is a plain number such as -5 or a phone number +447700900123. The imports take the
// apostrophe off again.
std::string spreadsheetSafe(const std::string& cell);
// A cell as it was before spreadsheetSafe(): an apostrophe before =, +, -, @, a tab or a CR
// comes off again, so a file qmctl exported reads back as it was stored.
std::string fromSpreadsheetSafe(const std::string& cell);
// writeCsvRow() of spreadsheetSafe() cells: what every export writes.
void writeSafeCsvRow(std::ostream& out, const std::vector<std::string>& fields);

}  // namespace qm::services
