// qmctl's output in the three formats of DESIGN.md §7: aligned text for people ("table"),
// CSV and JSON for scripts. Results go to stdout; messages and progress go to stderr.
#pragma once

#include "model/text.hpp"  // jsonString

#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

namespace qm::cli {

enum class Format { Table, Csv, Json };

Format parseFormat(const std::string& text);

using Fields = std::vector<std::pair<std::string, std::string>>;  // (name, value) in order

// One record: "Name: value" lines, a CSV header and row, or a JSON object.
void printRecord(std::ostream& out, Format format, const Fields& record);
// Many records with the same fields: a table, CSV with header, or a JSON array.
void printRecords(std::ostream& out, Format format, const std::vector<std::string>& columns,
                  const std::vector<std::vector<std::string>>& rows);

// Many records written as they arrive (exports of any size): CSV and JSON stream row by row, a
// table is laid out when finished. A UTF-8 byte-order mark before CSV makes Excel read it as
// UTF-8.
class RecordWriter {
public:
    RecordWriter(std::ostream& out, Format format, std::vector<std::string> columns, bool byteOrderMark = false);
    void row(const std::vector<std::string>& cells);
    void finish();
    long long rows() const { return count_; }

private:
    std::ostream& out_;
    Format format_;
    std::vector<std::string> columns_;
    std::vector<std::vector<std::string>> table_;
    long long count_ = 0;
};

}  // namespace qm::cli
