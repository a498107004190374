// A hand-over receipt as the officer signs it: who received or gave back which devices, when,
// at which desk, on what terms, with the code that lets the desk check the paper against the
// register later. Plain values: db/ fills them, services/receipts lays them out for paper and
// PDF, the views show them. Also the text of a receipt's QR code, which the Desk's scan box
// reads back.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qm {

enum class ReceiptKind { Issue, Return, Swap, Loss };

// "issue", "return", "swap", "loss" (the register's words) and back.
std::string_view toString(ReceiptKind kind);
std::optional<ReceiptKind> receiptKindFromString(std::string_view text);
// What the paper calls itself: "Issue receipt", "Return receipt", "Swap receipt", "Loss report".
std::string receiptTitle(ReceiptKind kind, bool stolen);

struct ReceiptDevice {
    bool received = true;      // the officer receives it (issue, swap in); false: hands it back
    std::string manufacturer, model, kind;
    std::string assetTag, serial, imei, imei2, phone;
    std::vector<std::string> accessories;
    std::string condition;     // given back: good, damaged, faulty, incomplete ("" otherwise)
};

struct ReceiptOfficer {
    std::string staffNo, name, rank, unit;
};

struct Receipt {
    std::string number;        // R2026-000123
    ReceiptKind kind = ReceiptKind::Issue;
    bool stolen = false;       // a loss report for a theft
    std::string at;            // ISO 8601 UTC, the moment of the hand-over
    std::string atLocal;       // the same in London time, as printed: "29 November 2026, 14:02 GMT"
    std::string by;            // the desk login that did it
    ReceiptOfficer officer;
    std::vector<ReceiptDevice> devices;  // received first, then given back, each in asset-tag order
    std::string note;          // the desk's note
    std::string reason;        // a swap's fault
    std::string incidentReference;  // a loss report's
    std::string code;          // the verification code, "3F2A-09BC-771E"
};

// The QR code's text: "QMR1 R2026-000123 3F2A-09BC-771E".
std::string receiptQrText(const Receipt& receipt);

struct ScannedReceipt {
    std::string number, code;
};
// Reads a scanned QR code back; nullopt for anything that is not a receipt's code.
std::optional<ScannedReceipt> parseReceiptQr(std::string_view text);

// Verification codes compare without case, spaces or dashes (a code read out or typed).
bool sameReceiptCode(std::string_view a, std::string_view b);

}  // namespace qm
