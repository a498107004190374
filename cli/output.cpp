#include "cli/output.hpp"

#include "cli/args.hpp"
#include "services/import/csv.hpp"

#include <algorithm>
#include <cstdio>
#include <ostream>

namespace qm::cli {

namespace {

// Characters, not bytes, so "Łukasiewicz" lines up with "Lukasiewicz" (UTF-8 continuation
// bytes are 10xxxxxx).
std::size_t width(const std::string& text) {
    std::size_t n = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::string pad(const std::string& text, std::size_t to) { return std::string(to - std::min(to, width(text)), ' '); }

}  // namespace

Format parseFormat(const std::string& text) {
    if (text == "table") return Format::Table;
    if (text == "csv") return Format::Csv;
    if (text == "json") return Format::Json;
    throw usage("Format '" + text + "' is not one of table, csv or json.");
}

std::string jsonString(const std::string& text) {
    std::string out = "\"";
    for (unsigned char c : text) {
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

void printRecord(std::ostream& out, Format format, const Fields& record) {
    if (format == Format::Table) {
        std::size_t widest = 0;
        for (const auto& [name, value] : record) widest = std::max(widest, width(name));
        for (const auto& [name, value] : record) out << name << ':' << pad(name, widest) << ' ' << value << '\n';
        return;
    }
    std::vector<std::string> columns, row;
    for (const auto& [name, value] : record) {
        columns.push_back(name);
        row.push_back(value);
    }
    if (format == Format::Csv) {
        services::writeCsvRow(out, columns);
        services::writeCsvRow(out, row);
        return;
    }
    out << '{';
    for (std::size_t i = 0; i < columns.size(); ++i)
        out << (i ? "," : "") << jsonString(columns[i]) << ':' << jsonString(row[i]);
    out << "}\n";
}

void printRecords(std::ostream& out, Format format, const std::vector<std::string>& columns,
                  const std::vector<std::vector<std::string>>& rows) {
    if (format == Format::Csv) {
        services::writeCsvRow(out, columns);
        for (const auto& r : rows) services::writeCsvRow(out, r);
        return;
    }
    if (format == Format::Json) {
        out << '[';
        for (std::size_t r = 0; r < rows.size(); ++r) {
            out << (r ? ",\n " : "") << '{';
            for (std::size_t i = 0; i < columns.size(); ++i)
                out << (i ? "," : "") << jsonString(columns[i]) << ':' << jsonString(rows[r][i]);
            out << '}';
        }
        out << "]\n";
        return;
    }
    std::vector<std::size_t> widths(columns.size());
    for (std::size_t i = 0; i < columns.size(); ++i) widths[i] = width(columns[i]);
    for (const auto& r : rows)
        for (std::size_t i = 0; i < columns.size(); ++i) widths[i] = std::max(widths[i], width(r[i]));
    auto line = [&](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i)
            out << cells[i] << (i + 1 < cells.size() ? pad(cells[i], widths[i]) + "  " : "");
        out << '\n';
    };
    line(columns);
    for (const auto& r : rows) line(r);
}

}  // namespace qm::cli
