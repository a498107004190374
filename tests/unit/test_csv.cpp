// Unit tests for services/import/csv: the RFC 4180 reader, header matching and the writer.
#include "services/import/csv.hpp"

#include "model/error.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

using qm::services::CsvHeader;
using qm::services::CsvReader;
using qm::services::CsvRecord;
using qm::services::csvQuote;
using qm::services::writeCsvRow;

namespace {

using Fields = std::vector<std::string>;

std::vector<CsvRecord> readAll(const std::string& text) {
    std::istringstream in(text);
    CsvReader reader(in);
    std::vector<CsvRecord> records;
    CsvRecord record;
    while (reader.next(record)) records.push_back(record);
    return records;
}

std::vector<Fields> fieldsOf(const std::string& text) {
    std::vector<Fields> result;
    for (const auto& r : readAll(text)) result.push_back(r.fields);
    return result;
}

// The qm::Error (kind Invalid, field "csv") that reading all of `text` throws.
qm::Error readError(const std::string& text) {
    try {
        readAll(text);
    } catch (const qm::Error& e) {
        return e;
    }
    ADD_FAILURE() << "no error reading: " << text;
    return qm::Error(qm::ErrorKind::Other, "");
}

void expectInvalid(const std::string& text, const std::string& expected) {
    const qm::Error e = readError(text);
    EXPECT_EQ(e.kind(), qm::ErrorKind::Invalid);
    EXPECT_EQ(e.field(), "csv");
    EXPECT_NE(std::string(e.what()).find(expected), std::string::npos)
        << "message: " << e.what() << "\nexpected to contain: " << expected;
}

}  // namespace

// --- Reader: structure --------------------------------------------------------------------

TEST(CsvReader, EmptyInputHasNoRecords) {
    EXPECT_TRUE(readAll("").empty());
    EXPECT_TRUE(readAll("\xEF\xBB\xBF").empty());
    EXPECT_TRUE(readAll("\r\n\n\r\n").empty());
}

TEST(CsvReader, SkipsUtf8Bom) {
    const auto records = readAll("\xEF\xBB\xBFserial,imei\r\nA1,B2\r\n");
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0].fields, (Fields{"serial", "imei"}));
    EXPECT_EQ(records[0].raw, "serial,imei");
    EXPECT_EQ(records[1].fields, (Fields{"A1", "B2"}));
}

TEST(CsvReader, BomOnlyAtStart) {
    // A BOM later in the file is ordinary (valid UTF-8) text, kept as written.
    const auto records = readAll("a\n\xEF\xBB\xBF" "b\n");
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[1].fields, (Fields{"\xEF\xBB\xBF" "b"}));
}

TEST(CsvReader, CrlfLfAndMixedLineEnds) {
    const Fields ab{"a", "b"}, cd{"c", "d"}, ef{"e", "f"};
    EXPECT_EQ(fieldsOf("a,b\r\nc,d\r\ne,f\r\n"), (std::vector<Fields>{ab, cd, ef}));
    EXPECT_EQ(fieldsOf("a,b\nc,d\ne,f\n"), (std::vector<Fields>{ab, cd, ef}));
    EXPECT_EQ(fieldsOf("a,b\r\nc,d\ne,f\r\n"), (std::vector<Fields>{ab, cd, ef}));
    EXPECT_EQ(fieldsOf("a,b\rc,d\r\ne,f"), (std::vector<Fields>{ab, cd, ef}));  // old Mac CR

    const auto records = readAll("a,b\r\nc,d\ne,f\rg,h\r\n");
    ASSERT_EQ(records.size(), 4u);
    EXPECT_EQ(records[0].line, 1u);
    EXPECT_EQ(records[1].line, 2u);
    EXPECT_EQ(records[2].line, 3u);
    EXPECT_EQ(records[3].line, 4u);
    EXPECT_EQ(records[1].raw, "c,d");  // no terminator in raw
}

TEST(CsvReader, NoFinalNewline) {
    const auto records = readAll("a,b\r\nc,d");
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[1].fields, (Fields{"c", "d"}));
    EXPECT_EQ(records[1].raw, "c,d");
    EXPECT_EQ(fieldsOf("\"quoted\""), (std::vector<Fields>{{"quoted"}}));
}

TEST(CsvReader, QuotedComma) {
    EXPECT_EQ(fieldsOf("\"Smith, John\",PC-01\r\n"), (std::vector<Fields>{{"Smith, John", "PC-01"}}));
}

TEST(CsvReader, QuotedNewlinesKeepLaterLineNumbersRight) {
    const std::string text =
        "serial,notes\r\n"
        "S1,\"first line\r\nsecond line\"\r\n"
        "S2,\"a\nb\nc\"\n"
        "S3,plain\r\n";
    const auto records = readAll(text);
    ASSERT_EQ(records.size(), 4u);
    EXPECT_EQ(records[1].fields, (Fields{"S1", "first line\r\nsecond line"}));
    EXPECT_EQ(records[1].line, 2u);
    EXPECT_EQ(records[1].raw, "S1,\"first line\r\nsecond line\"");
    EXPECT_EQ(records[2].fields, (Fields{"S2", "a\nb\nc"}));
    EXPECT_EQ(records[2].line, 4u);
    EXPECT_EQ(records[3].fields, (Fields{"S3", "plain"}));
    EXPECT_EQ(records[3].line, 7u);
}

TEST(CsvReader, DoubledQuotes) {
    EXPECT_EQ(fieldsOf("\"He said \"\"hi\"\"\",\"\"\"\"\n"),
              (std::vector<Fields>{{"He said \"hi\"", "\""}}));
}

TEST(CsvReader, EmptyFieldsAndEmptyQuotedFields) {
    EXPECT_EQ(fieldsOf("a,,c\n"), (std::vector<Fields>{{"a", "", "c"}}));
    EXPECT_EQ(fieldsOf(",\n"), (std::vector<Fields>{{"", ""}}));
    EXPECT_EQ(fieldsOf("\"\",x,\"\"\n"), (std::vector<Fields>{{"", "x", ""}}));
    EXPECT_EQ(fieldsOf("\"\"\n"), (std::vector<Fields>{{""}}));  // not a blank line
}

TEST(CsvReader, TrailingEmptyField) {
    EXPECT_EQ(fieldsOf("a,b,\r\n"), (std::vector<Fields>{{"a", "b", ""}}));
    EXPECT_EQ(fieldsOf("a,b,"), (std::vector<Fields>{{"a", "b", ""}}));
    EXPECT_EQ(fieldsOf("a,\"b\","), (std::vector<Fields>{{"a", "b", ""}}));
}

TEST(CsvReader, WhitespacePreserved) {
    EXPECT_EQ(fieldsOf(" a , b \t,\" c \"\n"), (std::vector<Fields>{{" a ", " b \t", " c "}}));
}

TEST(CsvReader, BlankLinesSkipped) {
    const auto records = readAll("\r\na,b\r\n\r\n\nc,d\n\n");
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[0].line, 2u);
    EXPECT_EQ(records[1].line, 5u);
    EXPECT_EQ(records[1].fields, (Fields{"c", "d"}));
}

TEST(CsvReader, QuoteInsideUnquotedFieldIsLiteral) {
    EXPECT_EQ(fieldsOf("12\" monitor,O\"Brien\n"), (std::vector<Fields>{{"12\" monitor", "O\"Brien"}}));
    EXPECT_EQ(fieldsOf(" \"x\",y\n"), (std::vector<Fields>{{" \"x\"", "y"}}));  // not at field start
}

TEST(CsvReader, UnterminatedQuoteNamesLineWhereRecordStarted) {
    expectInvalid("a,b\r\nc,d\r\ne,\"never closed\r\nmore\r\nand more\r\n", "Line 3: ");
    expectInvalid("a,b\r\nc,d\r\ne,\"never closed\r\nmore\r\nand more\r\n", "not closed before the end of the file");
    expectInvalid("\"", "Line 1: ");
}

TEST(CsvReader, JunkAfterClosingQuote) {
    expectInvalid("a,b\n\"x\"y,z\n", "Line 2: field 1 has text after its closing quote");
    expectInvalid("a\n\n\"multi\nline\" ,z\n", "Line 3: field 1");
    expectInvalid("a,\"b\"\"c\"d\n", "Line 1: field 2");
}

TEST(CsvReader, InvalidUtf8NamesTheLine) {
    std::string text;
    for (int i = 1; i <= 11; ++i) text += "row" + std::to_string(i) + ",ok\r\n";
    text += "Zo\xEB,latin-1\r\n";  // Windows-1252 'ë' on line 12
    expectInvalid(text, "Line 12 is not valid UTF-8");

    // Inside a multi-line field, the line of the bad byte itself is named.
    expectInvalid("a\n\"one\ntwo\nth\xFFree\"\n", "Line 4 is not valid UTF-8");

    expectInvalid("\xC0\xAF\n", "Line 1 is not valid UTF-8");        // overlong '/'
    expectInvalid("\xED\xA0\x80\n", "Line 1 is not valid UTF-8");    // UTF-16 surrogate
    expectInvalid("\xF4\x90\x80\x80\n", "Line 1 is not valid UTF-8");  // above U+10FFFF
    expectInvalid("ok,\xE2\x82", "Line 1 is not valid UTF-8");       // truncated at end of file
}

TEST(CsvReader, ValidUtf8Accepted) {
    EXPECT_EQ(fieldsOf("Zoë,Łukasiewicz,李,😀\n"), (std::vector<Fields>{{"Zoë", "Łukasiewicz", "李", "😀"}}));
}

TEST(CsvReader, OverlongRecordRejected) {
    std::string text = "a\n\"";
    text.append(CsvReader::kMaxRecordBytes + 10, 'x');
    expectInvalid(text, "Line 2: the record is longer than 1 MiB");
}

TEST(CsvReader, BytesReadCountsEverythingConsumed) {
    const std::string text = "\xEF\xBB\xBF" "a,b\r\nc\n";
    std::istringstream in(text);
    CsvReader reader(in);
    CsvRecord record;
    EXPECT_EQ(reader.bytesRead(), 0u);
    ASSERT_TRUE(reader.next(record));
    EXPECT_EQ(reader.bytesRead(), 3u + 5u);
    ASSERT_TRUE(reader.next(record));
    EXPECT_EQ(reader.bytesRead(), text.size());
    EXPECT_FALSE(reader.next(record));
    EXPECT_EQ(record.fields, (Fields{"c"}));  // untouched by the failed next()
}

TEST(CsvReader, TokensSplitAcrossReadChunks) {
    // The reader pulls 64 KiB at a time; CRLF and "" must survive straddling a chunk edge.
    constexpr std::size_t kChunk = 64 * 1024;
    for (std::size_t pad = kChunk - 6; pad <= kChunk + 1; ++pad) {
        const std::string text = std::string(pad, 'x') + "\r\n\"a\"\"b\"\r\nc";
        const auto records = readAll(text);
        ASSERT_EQ(records.size(), 3u) << "pad " << pad;
        EXPECT_EQ(records[0].fields[0].size(), pad);
        EXPECT_EQ(records[1].fields, (Fields{"a\"b"}));
        EXPECT_EQ(records[1].line, 2u);
        EXPECT_EQ(records[2].fields, (Fields{"c"}));
        EXPECT_EQ(records[2].line, 3u);
    }
}

TEST(CsvReader, StreamsManyRows) {
    constexpr std::size_t kRows = 200'000;
    std::stringstream data;
    writeCsvRow(data, {"serial", "imei", "notes"});
    for (std::size_t i = 0; i < kRows; ++i) {
        writeCsvRow(data, {"SN" + std::to_string(i), std::to_string(350000000000000 + i),
                           i % 1000 == 0 ? "multi\nline, \"quoted\"" : "plain"});
    }
    const std::size_t total = data.str().size();

    CsvReader reader(data);
    CsvRecord record;
    ASSERT_TRUE(reader.next(record));
    std::size_t count = 0;
    std::size_t expectedLine = 2;
    while (reader.next(record)) {
        ASSERT_EQ(record.fields.size(), 3u);
        ASSERT_EQ(record.fields[0], "SN" + std::to_string(count));
        ASSERT_EQ(record.line, expectedLine);
        expectedLine += count % 1000 == 0 ? 2 : 1;
        ++count;
    }
    EXPECT_EQ(count, kRows);
    EXPECT_EQ(reader.bytesRead(), total);
}

// --- Header --------------------------------------------------------------------------------

TEST(CsvHeader, MatchesInAnyOrderAndCase) {
    const CsvHeader header({"IMEI", " Asset Tag ", "serial-number", "Make"});
    EXPECT_EQ(header.column("asset_tag"), 1u);
    EXPECT_EQ(header.column("imei"), 0u);
    EXPECT_EQ(header.column("Serial Number"), 2u);
    EXPECT_EQ(header.column("serial_number"), 2u);
    EXPECT_EQ(header.column("MAKE"), 3u);
    EXPECT_FALSE(header.column("model").has_value());
    EXPECT_EQ(header.names()[1], " Asset Tag ");
}

TEST(CsvHeader, UnknownAndMissing) {
    const CsvHeader header({"Serial", "IMEI", "Colour", "", "Asset-Tag"});
    EXPECT_EQ(header.unknown({"serial", "imei", "asset_tag", "model"}), (std::vector<std::string>{"Colour"}));
    EXPECT_EQ(header.missing({"serial", "model", "asset_tag", "Owner Badge"}),
              (std::vector<std::string>{"model", "Owner Badge"}));
    EXPECT_FALSE(header.column("").has_value());  // unnamed column cannot be asked for
}

TEST(CsvHeader, DuplicateColumnRejected) {
    try {
        CsvHeader header({"serial", "imei", "serial"});
        FAIL() << "duplicate accepted";
    } catch (const qm::Error& e) {
        EXPECT_EQ(e.kind(), qm::ErrorKind::Invalid);
        EXPECT_EQ(e.field(), "csv");
        EXPECT_STREQ(e.what(), "The header names column 'serial' twice.");
    }
    EXPECT_THROW(CsvHeader({"Asset Tag", "asset_tag"}), qm::Error);
    EXPECT_NO_THROW(CsvHeader({"serial", "", ""}));  // empty names are not duplicates
}

// --- Writer --------------------------------------------------------------------------------

TEST(CsvWriter, QuotesOnlyWhenNeeded) {
    EXPECT_EQ(csvQuote("plain"), "plain");
    EXPECT_EQ(csvQuote(""), "");
    EXPECT_EQ(csvQuote("O'Brien"), "O'Brien");
    EXPECT_EQ(csvQuote("a,b"), "\"a,b\"");
    EXPECT_EQ(csvQuote("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(csvQuote("a\nb"), "\"a\nb\"");
    EXPECT_EQ(csvQuote("a\rb"), "\"a\rb\"");
    EXPECT_EQ(csvQuote(" lead"), "\" lead\"");
    EXPECT_EQ(csvQuote("trail "), "\"trail \"");
    EXPECT_EQ(csvQuote("in side"), "in side");
}

TEST(CsvWriter, RowsAreCrlfTerminated) {
    std::ostringstream out;
    writeCsvRow(out, {"a", "b,c", ""});
    writeCsvRow(out, {""});
    EXPECT_EQ(out.str(), "a,\"b,c\",\r\n\"\"\r\n");
}

TEST(CsvWriter, RoundTripOfTrickyValues) {
    const std::vector<Fields> rows = {
        {"name", "notes", "tag"},
        {"O'Brien", "Zoë, Łukasiewicz", "李"},
        {"line one\r\nline two", "'; DROP TABLE device;--", ""},
        {"\"quoted\"", " padded ", "a\nb"},
        {""},
        {"", "", ""},
        {"trailing,", ",leading", "\"\""},
    };
    std::stringstream buffer;
    for (const auto& row : rows) writeCsvRow(buffer, row);
    EXPECT_EQ(fieldsOf(buffer.str()), rows);
}
