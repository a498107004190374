// A receipt's QR code text (model/receipt.hpp): what the receipt prints, the Desk's scan box
// reads back, and anything else it must not take for a receipt.
#include "model/receipt.hpp"

#include <gtest/gtest.h>

#include <string>

namespace qm {
namespace {

// The QR code's text, read back by the Desk's scan box.
TEST(ReceiptQr, ReadsBackWhatItWrites) {
    Receipt r;
    r.number = "R2026-000123";
    r.code = "3F2A-09BC-771E";
    auto scanned = parseReceiptQr(receiptQrText(r));
    ASSERT_TRUE(scanned);
    EXPECT_EQ(scanned->number, "R2026-000123");
    EXPECT_TRUE(sameReceiptCode(scanned->code, r.code));
    EXPECT_TRUE(parseReceiptQr("  QMR1 R2026-000123 3f2a09bc771e\n"));
    for (const std::string bad : {"", "QMR1", "QMR1 R2026-000123", "QMR2 R2026-000123 3F2A-09BC-771E",
                                  "QMR1 R2026-000123 3F2A-09BC-771", "QMR1 R2026-000123 ZZZZ-09BC-771E",
                                  "QMR1 R2026';-- 3F2A-09BC-771E", "MPS-0000001"})
        EXPECT_FALSE(parseReceiptQr(bad)) << bad;
    EXPECT_FALSE(sameReceiptCode("", ""));
}

TEST(ReceiptKind, NamesRoundTrip) {
    for (ReceiptKind k : {ReceiptKind::Issue, ReceiptKind::Return, ReceiptKind::Swap, ReceiptKind::Loss})
        EXPECT_EQ(receiptKindFromString(toString(k)), k);
    EXPECT_FALSE(receiptKindFromString("ISSUE"));
    EXPECT_EQ(receiptTitle(ReceiptKind::Loss, true), "Theft report");
    EXPECT_EQ(receiptTitle(ReceiptKind::Loss, false), "Loss report");
}

}  // namespace
}  // namespace qm
