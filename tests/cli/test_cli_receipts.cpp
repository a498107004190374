// Receipts from qmctl (issue 10): the PDF the officer signs, read back as a screen reader or a
// search would (pdftotext), its QR code decoded as a phone would (zbarimg on the rendered page),
// reprints marked COPY, names in any script, a 200-character name with 20 accessories kept
// whole, A4 and US Letter, and `qmctl receipt verify` against the register.
#include "db/database.hpp"
#include "tests/cli/cli_support.hpp"
#include "tests/support/test_cluster.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace qm::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

bool haveTool(const std::string& tool) {
    return runProcess({"/bin/sh", "-c", "test -x /usr/bin/" + tool}).exitCode == 0;
}

// The PDF's text, with its layout's line breaks and runs of spaces made single spaces, so a
// wrapped name or list reads as one line.
std::string pdfText(const std::string& pdf) {
    ProcessResult r = runProcess({"/usr/bin/pdftotext", "-enc", "UTF-8", pdf, "-"});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    std::string flat;
    for (char c : r.out) {
        const char ch = (c == '\n' || c == '\f' || c == '\t') ? ' ' : c;
        if (ch == ' ' && !flat.empty() && flat.back() == ' ') continue;
        flat += ch;
    }
    return flat;
}

// The same text with no spaces at all: a name wrapped mid-word is still found. With
// dropHyphens, hyphens go too: pdftotext joins a word wrapped after its hyphen without it.
std::string squeezed(const std::string& s, bool dropHyphens = false) {
    std::string out;
    for (char c : s)
        if (c != ' ' && !(dropHyphens && c == '-')) out += c;
    return out;
}

std::string receiptOn(const std::string& out) {
    std::smatch m;
    static const std::regex line(R"(Receipt: (R\d{4}-\d{6}))");
    return std::regex_search(out, m, line) ? m[1].str() : std::string();
}

class CliReceipts : public RegisterTest {
protected:
    void SetUp() override {
        RegisterTest::SetUp();
        for (const char* tool : {"pdftotext", "pdftoppm", "zbarimg", "pdfinfo", "pdffonts"})
            if (!haveTool(tool)) GTEST_SKIP() << tool << " is missing (scripts/bootstrap installs poppler-utils and zbar-tools)";
        addUnitAndModels();
        db::Database owner(as("owner"));
        owner.execScript(
            "insert into person (staff_no, name, rank, unit_id) values"
            " ('210001', 'Ann O''Brien', 'Police Constable', (select id from command_unit)),"
            " ('210002', 'Dafydd ap Gwŷn Łukasiewicz', 'Sergeant', (select id from command_unit)),"
            " ('210003', 'محمد عبد الله', 'Inspector', null),"
            " ('210004', '李小龍', null, null),"
            " ('210005', repeat('Bartholomew-Wojciechowska ', 7) || 'Fairweather-Smythe', 'Chief Superintendent', null);"
            "insert into device (asset_tag, serial, imei, phone, model_id) values"
            " ('PH-1', 'R58N91ABCDE', '356938035643809', '+447700900123', (select id from device_model where kind = 'phone')),"
            " ('PH-2', 'R58N91ABCDF', '490154203237518', null, (select id from device_model where kind = 'phone')),"
            " ('PH-3', 'R58N91ABCDG', null, null, (select id from device_model where kind = 'phone')),"
            " ('PH-4', 'R58N91ABCDH', null, null, (select id from device_model where kind = 'phone')),"
            " ('PH-5', 'R58N91ABCDJ', null, null, (select id from device_model where kind = 'phone')),"
            " ('TAB-1', 'DMPXK1LQ0001', null, null, (select id from device_model where kind = 'tablet'))");
        settings_ = tempPath("receipt-conf");
        std::ofstream(settings_) << "# a force's receipt settings\n"
                                 << "force_name = Thames Valley Constabulary\n"
                                 << "desk_location = Reading Service Desk, ground floor\n"
                                 << "terms = Use this device only for police work. Report its loss at once.\n";
    }
    ProcessResult run(const std::vector<std::string>& args, const std::string& role = "agent") {
        std::vector<std::string> all{"--db", as(role)};
        all.insert(all.end(), args.begin(), args.end());
        all.push_back("--receipt-settings");
        all.push_back(settings_);
        return qmctl(all);
    }
    std::string pdf(const std::string& stem) {
        std::string path = tempPath(stem) + ".pdf";
        return path;
    }
    std::string settings_;
};

TEST_F(CliReceipts, AnIssueReceiptHoldsEveryFieldAsRealTextAndAQrCodeThatVerifies) {
    const std::string file = pdf("issue");
    ProcessResult r = run({"issue", "PH-1", "--to", "210001", "--accessory", "USB-C charger", "--accessory",
                           "Rugged case", "--note", "Replaces a lost handset", "--receipt", file});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string number = receiptOn(r.out);
    ASSERT_FALSE(number.empty()) << r.out;
    EXPECT_THAT(r.out, HasSubstr("Receipt saved to " + file));
    const std::string code = text("select receipt_code('" + number + "')");
    const std::string t = pdfText(file);
    for (const std::string& field : std::vector<std::string>
         {"Thames Valley Constabulary", "Reading Service Desk, ground floor", "Issue receipt", number,
          "test_agent", "Ann O'Brien", "210001", "Police Constable", "Central West", "Samsung Galaxy A54 5G", "PH-1",
          "R58N91ABCDE", "356938035643809", "+447700900123", "USB-C charger", "Rugged case", "Replaces a lost handset",
          "Use this device only for police work", "Signature", "Date", "Page 1 of 1", code})
        EXPECT_THAT(t, HasSubstr(field)) << "the receipt lacks " << field << ":\n" << t;
    EXPECT_THAT(t, testing::ContainsRegex("[0-9]+ [A-Z][a-z]+ 20[0-9][0-9], [0-9]{2}:[0-9]{2} (GMT|BST)"));
    EXPECT_THAT(t, Not(HasSubstr("COPY")));
    // Fonts embedded (no base-14 fallbacks that cannot show Welsh, Arabic or Chinese).
    ProcessResult fonts = runProcess({"/usr/bin/pdffonts", file});
    EXPECT_THAT(fonts.out, Not(HasSubstr(" no ")));
    EXPECT_THAT(fonts.out, Not(HasSubstr("Helvetica")));

    // The QR code, decoded from the page rendered at 150 dpi, is the number and its code...
    const std::string png = tempPath("issue-page");
    ASSERT_EQ(runProcess({"/usr/bin/pdftoppm", "-r", "150", "-png", "-singlefile", file, png}).exitCode, 0);
    ProcessResult qr = runProcess({"/usr/bin/zbarimg", "-q", "--raw", png + ".png"});
    ASSERT_EQ(qr.exitCode, 0) << qr.err;
    const std::string scanned = qr.out.substr(0, qr.out.find('\n'));
    EXPECT_EQ(scanned, "QMR1 " + number + " " + code);
    // ... which checks out against the register, as the QR text or as the two printed values.
    ProcessResult ok = qmctl({"--db", as("viewer"), "receipt", "verify", scanned});
    EXPECT_EQ(ok.exitCode, 0) << ok.err;
    EXPECT_THAT(ok.out, HasSubstr("matches the register"));
    EXPECT_EQ(qmctl({"--db", as("viewer"), "receipt", "verify", number, code}).exitCode, 0);
    ProcessResult forged = qmctl({"--db", as("viewer"), "receipt", "verify", number, "1234-5678-9ABC"});
    expectOneLineError(forged, 3, {"does not match", "PH-1"});
    ProcessResult unknown = qmctl({"--db", as("viewer"), "receipt", "verify", "R2099-000001", code});
    expectOneLineError(unknown, 3, {"not in the register"});
}

TEST_F(CliReceipts, AReprintIsMarkedCopyOnEveryPage) {
    ProcessResult r = run({"issue", "PH-2", "--to", "210001"});
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string number = receiptOn(r.out);
    const std::string file = pdf("copy");
    ProcessResult copy = run({"receipt", number, "--pdf", file});
    ASSERT_EQ(copy.exitCode, 0) << copy.err;
    const std::string t = pdfText(file);
    EXPECT_THAT(t, HasSubstr("COPY"));
    EXPECT_THAT(t, HasSubstr("reprinted from the register"));
    EXPECT_THAT(t, HasSubstr(number));
    // The same receipt as a record, for scripts.
    ProcessResult json = qmctl({"--db", as("viewer"), "--format", "json", "receipt", number});
    EXPECT_EQ(json.exitCode, 0) << json.err;
    EXPECT_THAT(json.out, HasSubstr("\"Staff number\":\"210001\""));
    expectOneLineError(qmctl({"--db", as("viewer"), "receipt", "R2099-000001", "--pdf", file}), 3,
                       {"not in the register"});
}

TEST_F(CliReceipts, NamesInAnyScriptAreShapedAndKept) {
    struct Case {
        std::string staffNo, device, name;
    };
    for (const Case& c : {Case{"210002", "PH-3", "Dafydd ap Gwŷn Łukasiewicz"}, Case{"210003", "PH-4", "محمد عبد الله"},
                          Case{"210004", "PH-5", "李小龍"}}) {
        SCOPED_TRACE(c.name);
        const std::string file = pdf("script");
        ProcessResult r = run({"issue", c.device, "--to", c.staffNo, "--receipt", file});
        ASSERT_EQ(r.exitCode, 0) << r.err;
        // Arabic comes back in reading order; compare without the spaces pdftotext places.
        EXPECT_THAT(squeezed(pdfText(file)), HasSubstr(squeezed(c.name)));
    }
}

TEST_F(CliReceipts, ALongNameAndTwentyAccessoriesWrapOntoMoreLinesAndKeepEveryItem) {
    const std::string name = text("select name from person where staff_no = '210005'");
    ASSERT_EQ(name.size(), 200u);  // the register's longest name
    std::vector<std::string> args = {"issue", "PH-1", "TAB-1", "--to", "210005"};
    std::vector<std::string> accessories;
    for (int i = 1; i <= 20; ++i) {
        accessories.push_back("Accessory number " + std::to_string(i) + " (boxed, with its own long description)");
        args.push_back("--accessory");
        args.push_back(accessories.back());
    }
    const std::string file = pdf("long");
    args.push_back("--receipt");
    args.push_back(file);
    args.push_back("--paper");
    args.push_back("letter");
    ProcessResult r = run(args);
    ASSERT_EQ(r.exitCode, 0) << r.err;
    const std::string number = receiptOn(r.out);
    const std::string t = pdfText(file);
    EXPECT_THAT(squeezed(t, true), HasSubstr(squeezed(name, true)));
    for (const auto& a : accessories) EXPECT_THAT(squeezed(t), HasSubstr(squeezed(a))) << a;
    EXPECT_THAT(t, HasSubstr("PH-1"));
    EXPECT_THAT(t, HasSubstr("TAB-1"));
    EXPECT_EQ(scalar("select count(*) from custody where issue_receipt = '" + number + "'"), 2);
    ProcessResult info = runProcess({"/usr/bin/pdfinfo", file});
    EXPECT_THAT(info.out, HasSubstr("612 x 792 pts (letter)"));
    // Every page says which page of how many.
    std::smatch m;
    ASSERT_TRUE(std::regex_search(info.out, m, std::regex(R"(Pages:\s+(\d+))")));
    const int pages = std::stoi(m[1]);
    for (int p = 1; p <= pages; ++p)
        EXPECT_THAT(t, HasSubstr("Page " + std::to_string(p) + " of " + std::to_string(pages)));
    EXPECT_THAT(t, HasSubstr("Signature"));
}

TEST_F(CliReceipts, SwapAndLossReceiptsSayWhatHappened) {
    ASSERT_EQ(run({"issue", "PH-1", "--to", "210001"}).exitCode, 0);
    const std::string swapFile = pdf("swap");
    ProcessResult swap = run({"swap", "PH-1", "PH-2", "--reason", "Cracked screen", "--receipt", swapFile});
    ASSERT_EQ(swap.exitCode, 0) << swap.err;
    std::string t = pdfText(swapFile);
    for (const std::string& field : std::vector<std::string>{"Swap receipt", "PH-1", "PH-2", "Cracked screen", "Replacement received",
                                    "handed back (faulty)"})
        EXPECT_THAT(t, HasSubstr(field)) << t;

    const std::string lostFile = pdf("lost");
    ProcessResult lost = run({"lost", "PH-2", "--stolen", "--reference", "CAD 4411/29NOV", "--receipt", lostFile});
    ASSERT_EQ(lost.exitCode, 0) << lost.err;
    EXPECT_FALSE(receiptOn(lost.out).empty()) << lost.out;
    t = pdfText(lostFile);
    for (const std::string& field : std::vector<std::string>{"Theft report", "PH-2", "CAD 4411/29NOV", "stolen"})
        EXPECT_THAT(t, HasSubstr(field)) << t;

    const std::string backFile = pdf("return");
    ASSERT_EQ(run({"issue", "PH-3", "--to", "210001"}).exitCode, 0);
    ProcessResult back = run({"return", "PH-3", "--condition", "damaged", "--receipt", backFile});
    ASSERT_EQ(back.exitCode, 0) << back.err;
    t = pdfText(backFile);
    for (const std::string& field : std::vector<std::string>{"Return receipt", "PH-3", "Condition when handed back: damaged"})
        EXPECT_THAT(t, HasSubstr(field)) << t;
}

TEST_F(CliReceipts, BadReceiptOptionsAreRefusedBeforeAnythingChanges) {
    const long long before = scalar("select count(*) from custody");
    expectOneLineError(run({"receipt", "R1'; drop table custody;--"}), 3, {"receipt"});
    ProcessResult paper = run({"receipt", "R2099-000001", "--pdf", pdf("paper"), "--paper", "a5"});
    EXPECT_EQ(paper.exitCode, 3) << paper.err;
    std::ofstream(settings_, std::ios::app) << "colour = blue\n";
    expectOneLineError(run({"receipt", "R2099-000001", "--pdf", pdf("bad")}), 3, {"colour"});
    EXPECT_EQ(scalar("select count(*) from custody"), before);
    // A receipt that cannot be written leaves no file behind, and says so; the hand-over stands
    // and the receipt can be printed again from the register.
    std::ofstream(settings_, std::ios::trunc) << "force_name = Thames Valley Constabulary\n";
    const std::string nowhere = "/nonexistent-folder/receipt.pdf";
    ProcessResult r = run({"issue", "PH-1", "--to", "210001", "--receipt", nowhere});
    EXPECT_EQ(r.exitCode, 1) << r.out << r.err;
    EXPECT_THAT(r.err, HasSubstr("could not be written"));
    EXPECT_THAT(r.err, HasSubstr("qmctl receipt"));
    EXPECT_FALSE(std::filesystem::exists(nowhere));
    EXPECT_FALSE(std::filesystem::exists(nowhere + ".part"));
    EXPECT_EQ(scalar("select count(*) from custody"), before + 1);
}

}  // namespace
}  // namespace qm::test
