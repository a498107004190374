// Receipts services — finding a hand-over's receipt in the register and checking a paper
// receipt against it (several devices on one receipt: services::issueDevices). Used by qmctl
// (issue ... --receipt, receipt, receipt verify) and the console (the Desk's Print, Preview
// and Save PDF, and its scan box, which opens the hand-over of a scanned receipt QR code).
#pragma once

#include "model/receipt.hpp"
#include "services/custody/custody.hpp"
#include "services/session.hpp"

#include <optional>
#include <string>
#include <vector>

namespace qm::services {

// The receipt as the register holds it now; an Error naming "receipt" when there is none.
Receipt findReceipt(Session& session, const std::string& number);

struct ReceiptCheck {
    bool matches = false;
    std::string sentence;            // what the desk is told, either way
    std::optional<Receipt> receipt;  // the register's receipt, when there is one
};
// Whether CODE (from the paper or its QR code) is the register's code for receipt NUMBER. When
// it is not, the sentence says what the register holds, so the desk can compare it with the
// paper.
ReceiptCheck checkReceipt(Session& session, const std::string& number, const std::string& code);

}  // namespace qm::services
