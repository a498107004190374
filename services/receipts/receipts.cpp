#include "services/receipts/receipts.hpp"

#include "db/custody_repository.hpp"
#include "model/identifiers.hpp"
#include "model/text.hpp"

namespace qm::services {
namespace {

std::string checkedNumber(const std::string& number) {
    const std::string n = trimmed(number);
    if (n.empty()) throw invalid("receipt", "Give the receipt number, as printed on the receipt (R2026-000123).");
    if (n.size() > 40 || n.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-") !=
                             std::string::npos)
        throw invalid("receipt", "Receipt number " + quoteInput(n) + " is not one the register prints (R2026-000123).");
    std::string upper = n;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return upper;
}

std::string summary(const Receipt& r) {
    std::string devices;
    for (const auto& d : r.devices)
        devices += (devices.empty() ? "" : ", ") + d.assetTag + " (" + d.manufacturer + " " + d.model + ")";
    return receiptTitle(r.kind, r.stolen) + " " + r.number + " of " + (r.atLocal.empty() ? r.at : r.atLocal) + ", " +
           r.officer.name + " (" + r.officer.staffNo + "): " + devices;
}

}  // namespace

Receipt findReceipt(Session& session, const std::string& number) {
    session.require(DeskRole::Viewer, "read receipts");
    const std::string n = checkedNumber(number);
    auto receipt = db::loadReceipt(session.db(), n);
    if (!receipt) throw invalid("receipt", "Receipt " + n + " is not in the register.");
    return *receipt;
}

ReceiptCheck checkReceipt(Session& session, const std::string& number, const std::string& code) {
    session.require(DeskRole::Viewer, "check receipts");
    const std::string n = checkedNumber(number);
    const std::string given = trimmed(code);
    if (given.empty()) throw invalid("code", "Give the verification code printed on the receipt (3F2A-09BC-771E).");
    ReceiptCheck check;
    check.receipt = db::loadReceipt(session.db(), n);
    if (!check.receipt) {
        check.sentence = "Receipt " + n + " is not in the register: the paper is not one of ours, or its number was "
                         "misread.";
        return check;
    }
    check.matches = sameReceiptCode(given, check.receipt->code);
    check.sentence = check.matches
                         ? "Receipt " + n + " matches the register: " + summary(*check.receipt) + "."
                         : "Receipt " + n + " does not match the register: the paper's code " + quoteInput(given) +
                               " is not the register's. The register holds " + summary(*check.receipt) +
                               ". If the paper says otherwise, it was altered or the code was misread.";
    return check;
}

}  // namespace qm::services
