// The register's text rules as the program sees them (model/text.hpp), which must agree with
// the database's CHECK constraints (schema version 6), and the escaping of what qmctl prints.
#include "model/error.hpp"
#include "model/text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using qm::TextRule;

std::string problem(const std::string& text, TextRule rule = {100}) { return qm::textProblem(text, rule); }

TEST(TextRules, PlainTextInAnyScriptPasses) {
    for (const std::string ok : {"Ann O'Brien", "Zoë Ní Bhriain", "Siân Llŷr", "Łukasz Wiśniewski", "李小龍",
                                 "محمد عبد الله", "Ⅻ ☎ 🙂", "a\u200dcombined"})
        EXPECT_EQ(problem(ok, {100, false, true}), "") << ok;
}

TEST(TextRules, ControlCharactersAndOverridesAreRefusedWhereTheyAre) {
    EXPECT_EQ(problem("Ann\x1b[31m"),
              "holds a control character (U+001B) at character 4, which can disguise what a reader sees; type it again "
              "as plain text.");
    EXPECT_NE(problem("INC-1\x07").find("U+0007"), std::string::npos);
    EXPECT_NE(problem("next\xc2\x85line").find("U+0085"), std::string::npos) << "C1 controls";
    EXPECT_NE(problem("x\x7f").find("U+007F"), std::string::npos) << "DEL";
    EXPECT_NE(problem("gnp\xe2\x80\xae.exe").find("an invisible direction override (U+202E) at character 4"),
              std::string::npos);
    EXPECT_NE(problem("a\xe2\x81\xa6" "b").find("U+2066"), std::string::npos) << "isolates too";
    EXPECT_NE(problem("a\xe2\x80\xa8" "b").find("U+2028"), std::string::npos) << "line separator";
    EXPECT_NE(problem(std::string("ab\0cd", 5)).find("NUL byte at character 3"), std::string::npos);
}

TEST(TextRules, SeveralLinesOnlyWhereTheFieldAllowsThem) {
    EXPECT_NE(problem("one\ntwo").find("U+000A"), std::string::npos);
    EXPECT_EQ(problem("one\ntwo\tindented", {100, true}), "");
    EXPECT_NE(problem("one\rtwo", {100, true}).find("U+000D"), std::string::npos) << "a lone CR overwrites a line";
    EXPECT_EQ(problem("one\r\ntwo", {100, true}), "") << "a Windows line end is a line end";
    EXPECT_NE(problem("one\r\ntwo").find("U+000D"), std::string::npos) << "not on one line";
    EXPECT_EQ(qm::unixLineEnds("a\r\nb\rc\nd"), "a\nb\nc\nd");
}

TEST(TextRules, LengthIsCountedInCharactersAndNamesMustShow) {
    EXPECT_EQ(problem(std::string(60, 'x'), {60}), "");
    EXPECT_EQ(problem(std::string(61, 'x'), {60}), "is longer than 60 characters.");
    std::string accents;
    for (int i = 0; i < 60; ++i) accents += "é";  // 120 bytes, 60 characters
    EXPECT_EQ(problem(accents, {60}), "");
    EXPECT_EQ(problem(std::string(4001, 'x'), {4000}), "is longer than 4,000 characters.");
    EXPECT_EQ(problem("\xe2\x80\x8b\xe2\x80\x8b", {100, false, true}), "has no visible character.");
    EXPECT_EQ(problem(" \xc2\xa0 ", {100, false, true}), "has no visible character.");
    EXPECT_EQ(problem("\xe2\x80\x8b\xe2\x80\x8b", {100, false, false}), "") << "only names must show something";
}

TEST(TextRules, BrokenUtf8IsNamedByItsByte) {
    EXPECT_EQ(problem("ok \xff"), "is not valid UTF-8 text (byte 0xFF at byte 4).");
    EXPECT_FALSE(qm::isValidUtf8("\xc0\xaf")) << "an overlong form";
    EXPECT_FALSE(qm::isValidUtf8("\xed\xa0\x80")) << "a surrogate";
    EXPECT_FALSE(qm::isValidUtf8("\xf4\x90\x80\x80")) << "past U+10FFFF";
    EXPECT_FALSE(qm::isValidUtf8("\xe2\x82")) << "cut short";
    EXPECT_TRUE(qm::isValidUtf8("\xe2\x82\xac \xf0\x9f\x99\x82"));
    try {
        qm::requireCleanText("note", "bad \xfe", {10});
        ADD_FAILURE() << "accepted";
    } catch (const qm::Error& e) {
        EXPECT_EQ(e.field(), "note");
        EXPECT_EQ(std::string(e.what()), "Note is not valid UTF-8 text (byte 0xFE at byte 5).");
    }
}

TEST(TerminalSafe, EscapesWhatATerminalWouldActOn) {
    EXPECT_EQ(qm::terminalSafe("plain Zoë 李"), "plain Zoë 李");
    EXPECT_EQ(qm::terminalSafe("\x1b[2J\x1b]0;x\x07"), "\\x1b[2J\\x1b]0;x\\x07");
    EXPECT_EQ(qm::terminalSafe("gnp\xe2\x80\xae.exe"), "gnp\\u202e.exe");
    EXPECT_EQ(qm::terminalSafe("a\xc2\x9b" "b"), "a\\u009bb") << "the C1 CSI";
    EXPECT_EQ(qm::terminalSafe("bad\xff"), "bad\\xff");
    EXPECT_EQ(qm::terminalSafe("two\nlines\tx"), "two\\nlines\\tx") << "inside a table cell";
    EXPECT_EQ(qm::terminalSafe("two\nlines\tx", true), "two\nlines\tx") << "as layout";
    EXPECT_EQ(qm::terminalSafe("csv\r\nline", true), "csv\r\nline") << "a CSV line end";
    EXPECT_EQ(qm::terminalSafe("over\rwrite", true), "over\\x0dwrite") << "a lone CR";
}

TEST(TerminalSafe, TextArrivingInPiecesWaitsForWholeCharacters) {
    EXPECT_EQ(qm::incompleteUtf8Tail("abc"), 0u);
    EXPECT_EQ(qm::incompleteUtf8Tail("ab\xe2"), 1u);
    EXPECT_EQ(qm::incompleteUtf8Tail("ab\xe2\x80"), 2u);
    EXPECT_EQ(qm::incompleteUtf8Tail("ab\xe2\x80\xae"), 0u);
    EXPECT_EQ(qm::incompleteUtf8Tail("\xf0\x9f\x99"), 3u);
    EXPECT_EQ(qm::incompleteUtf8Tail("\xc3\xa9"), 0u);
}

}  // namespace
