// Receipt settings — what every receipt a desk prints carries besides the hand-over: the
// force's name and logo, the desk's location, the terms of use the officer signs, and the
// paper. Read from a settings file (--receipt-settings, else QM_RECEIPT_SETTINGS, else
// receipt.conf in the user's settings folder when present); IT pushes one file to every desk.
// Used by qmctl and the console when they print or save a receipt.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace qm::services {

enum class Paper { A4, Letter };
// "a4" or "letter" (any case); nullopt otherwise.
std::optional<Paper> paperFromString(std::string_view text);

struct ReceiptSettings {
    std::string forceName = "Police Service";
    std::string deskLocation;   // "Lambeth HQ, ground floor": where the hand-over happened
    std::string logoFile;       // a PNG; "" for none
    std::string terms;          // paragraphs separated by blank lines
    Paper paper = Paper::A4;
};

// The terms printed when the settings give none.
const std::string& defaultReceiptTerms();

// FILE as given (""), else the environment, else the per-user default if it exists, else the
// built-in defaults. Errors name the setting: an unknown name, a logo or terms file that
// cannot be read, a paper size other than a4 or letter.
ReceiptSettings loadReceiptSettings(const std::string& file);

// The settings file's default place for this user ("" if there is none).
std::string defaultReceiptSettingsFile();

}  // namespace qm::services
