#include "cli/output.hpp"

#include "cli/args.hpp"
#include "model/text.hpp"
#include "services/import/csv.hpp"

#include <algorithm>
#include <cstdio>
#include <ostream>

namespace qm::cli {

namespace {

// Characters, not bytes, so "Łukasiewicz" lines up with "Lukasiewicz".
std::size_t width(const std::string& text) { return characterCount(text); }

std::string pad(const std::string& text, std::size_t to) { return std::string(to - std::min(to, width(text)), ' '); }

void writeCsv(std::ostream& out, const std::vector<std::string>& cells) { services::writeSafeCsvRow(out, cells); }

// Table cells show stored text escaped, line ends included, so a row stays one line.
std::vector<std::string> tableCells(const std::vector<std::string>& cells) {
    std::vector<std::string> safe;
    safe.reserve(cells.size());
    for (const auto& c : cells) safe.push_back(terminalSafe(c));
    return safe;
}

}  // namespace

Format parseFormat(const std::string& text) {
    if (text == "table") return Format::Table;
    if (text == "csv") return Format::Csv;
    if (text == "json") return Format::Json;
    throw usage("Format '" + text + "' is not one of table, csv or json.");
}


void printRecord(std::ostream& out, Format format, const Fields& record) {
    if (format == Format::Table) {
        std::size_t widest = 0;
        for (const auto& [name, value] : record) widest = std::max(widest, width(name));
        for (const auto& [name, value] : record) out << name << ':' << pad(name, widest) << ' ' << terminalSafe(value) << '\n';
        return;
    }
    std::vector<std::string> columns, row;
    for (const auto& [name, value] : record) {
        columns.push_back(name);
        row.push_back(value);
    }
    if (format == Format::Csv) {
        writeCsv(out, columns);
        writeCsv(out, row);
        return;
    }
    out << '{';
    for (std::size_t i = 0; i < columns.size(); ++i)
        out << (i ? "," : "") << jsonString(columns[i]) << ':' << jsonString(row[i]);
    out << "}\n";
}

RecordWriter::RecordWriter(std::ostream& out, Format format, std::vector<std::string> columns, bool byteOrderMark)
    : out_(out), format_(format), columns_(std::move(columns)) {
    if (format_ == Format::Csv) {
        if (byteOrderMark) out_ << "\xEF\xBB\xBF";
        writeCsv(out_, columns_);
    }
    if (format_ == Format::Json) out_ << '[';
}

void RecordWriter::row(const std::vector<std::string>& cells) {
    if (format_ == Format::Csv) writeCsv(out_, cells);
    else if (format_ == Format::Table) table_.push_back(cells);
    else {
        out_ << (count_ ? ",\n " : "") << '{';
        for (std::size_t i = 0; i < columns_.size(); ++i)
            out_ << (i ? "," : "") << jsonString(columns_[i]) << ':' << jsonString(i < cells.size() ? cells[i] : "");
        out_ << '}';
    }
    ++count_;
}

void RecordWriter::finish() {
    if (format_ == Format::Json) out_ << "]\n";
    if (format_ == Format::Table) printRecords(out_, format_, columns_, table_);
    out_.flush();
}

void printRecords(std::ostream& out, Format format, const std::vector<std::string>& columns,
                  const std::vector<std::vector<std::string>>& rows) {
    if (format != Format::Table) {
        RecordWriter writer(out, format, columns);
        for (const auto& r : rows) writer.row(r);
        writer.finish();
        return;
    }
    std::vector<std::vector<std::string>> safeRows;
    safeRows.reserve(rows.size());
    for (const auto& r : rows) safeRows.push_back(tableCells(r));
    std::vector<std::size_t> widths(columns.size());
    for (std::size_t i = 0; i < columns.size(); ++i) widths[i] = width(columns[i]);
    for (const auto& r : safeRows)
        for (std::size_t i = 0; i < columns.size(); ++i) widths[i] = std::max(widths[i], width(r[i]));
    auto line = [&](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i)
            out << cells[i] << (i + 1 < cells.size() ? pad(cells[i], widths[i]) + "  " : "");
        out << '\n';
    };
    line(columns);
    for (const auto& r : safeRows) line(r);
}

}  // namespace qm::cli
