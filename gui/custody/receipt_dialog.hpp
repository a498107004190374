// Receipts in the console — Print, Preview and Save PDF of a hand-over's receipt, drawn by the
// same layout qmctl writes its PDFs with (services/receipts/receipt_layout.hpp).
//
//   Desk, after a hand-over ---------> outputReceipt: print, preview or save (the original)
//   People view, a custody record --> ReceiptDialog (a copy: every page says COPY)
//   Desk scan box, a receipt's QR --> ReceiptDialog, with the paper checked against the register
//
// The receipt is read on the worker thread; the layout is made and drawn on the UI thread (a
// few milliseconds). Printing goes through wxWidgets' printing framework and the native print
// dialog; the preview renders each page to an image.
#pragma once

#include "model/receipt.hpp"
#include "services/background.hpp"

#include <wx/dialog.h>

#include <memory>
#include <optional>

class wxButton;
class wxStaticText;
class wxTextCtrl;

namespace qm::gui {

enum class ReceiptOutput { Print, Preview, SavePdf };

// The receipt on paper (the native print dialog), in a preview window, or as a PDF the user
// saves; with this desk's receipt settings, as the original or a copy (marked COPY).
void outputReceipt(wxWindow* parent, const Receipt& receipt, ReceiptOutput output, bool copy);
// The same for receipt NUMBER, read from the register on the worker first.
void outputReceipt(wxWindow* parent, services::Background& worker, const std::string& number, ReceiptOutput output,
                   bool copy);

// One hand-over's receipt from the register: what it says, whether a scanned paper matches
// it, and Preview / Print / Save PDF of a copy.
class ReceiptDialog : public wxDialog {
public:
    // `scannedCode`: the code read from a paper receipt's QR code, checked against the register.
    ReceiptDialog(wxWindow* parent, services::Background& worker, const std::string& number,
                  std::optional<std::string> scannedCode = std::nullopt);
    ~ReceiptDialog() override;

    // What the desk sees, for tests.
    wxString verdict() const;
    wxString details() const;
    bool loaded() const { return receipt_.has_value(); }
    // False when a scanned paper does not match the register (or is not in it).
    bool matches() const { return matches_; }
    wxButton* previewButton() const { return preview_; }

private:
    void show(const Receipt& receipt);

    services::Background& worker_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    std::optional<Receipt> receipt_;
    bool matches_ = true;
    wxStaticText* title_;
    wxStaticText* verdict_;
    wxTextCtrl* details_;
    wxButton* preview_;
    wxButton* print_;
    wxButton* save_;
};

}  // namespace qm::gui
