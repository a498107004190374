#include "model/receipt.hpp"

#include <cctype>

namespace qm {

std::string_view toString(ReceiptKind kind) {
    switch (kind) {
        case ReceiptKind::Issue: return "issue";
        case ReceiptKind::Return: return "return";
        case ReceiptKind::Swap: return "swap";
        case ReceiptKind::Loss: return "loss";
    }
    return "issue";
}

std::optional<ReceiptKind> receiptKindFromString(std::string_view text) {
    for (ReceiptKind k : {ReceiptKind::Issue, ReceiptKind::Return, ReceiptKind::Swap, ReceiptKind::Loss})
        if (toString(k) == text) return k;
    return std::nullopt;
}

std::string receiptTitle(ReceiptKind kind, bool stolen) {
    switch (kind) {
        case ReceiptKind::Issue: return "Issue receipt";
        case ReceiptKind::Return: return "Return receipt";
        case ReceiptKind::Swap: return "Swap receipt";
        case ReceiptKind::Loss: return stolen ? "Theft report" : "Loss report";
    }
    return "Receipt";
}

namespace {

constexpr std::string_view kQrTag = "QMR1";

std::string normalisedCode(std::string_view code) {
    std::string out;
    for (char c : code) {
        if (c == '-' || c == ' ') continue;
        out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

bool isReceiptNumber(std::string_view s) {
    if (s.size() < 2 || s.size() > 40) return false;
    for (char c : s)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    return true;
}

}  // namespace

std::string receiptQrText(const Receipt& receipt) {
    return std::string(kQrTag) + " " + receipt.number + " " + receipt.code;
}

std::optional<ScannedReceipt> parseReceiptQr(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    if (text.substr(0, kQrTag.size() + 1) != std::string(kQrTag) + " ") return std::nullopt;
    text.remove_prefix(kQrTag.size() + 1);
    const auto space = text.find(' ');
    if (space == std::string_view::npos) return std::nullopt;
    ScannedReceipt scanned{std::string(text.substr(0, space)), std::string(text.substr(space + 1))};
    const std::string code = normalisedCode(scanned.code);
    if (!isReceiptNumber(scanned.number) || code.size() != 12 ||
        code.find_first_not_of("0123456789ABCDEF") != std::string::npos)
        return std::nullopt;
    return scanned;
}

bool sameReceiptCode(std::string_view a, std::string_view b) {
    const std::string x = normalisedCode(a), y = normalisedCode(b);
    return !x.empty() && x == y;
}

}  // namespace qm
