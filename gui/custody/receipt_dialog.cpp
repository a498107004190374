#include "gui/custody/receipt_dialog.hpp"

#include "gui/accessibility.hpp"
#include "gui/custody/custody_text.hpp"
#include "services/receipts/receipt_layout.hpp"
#include "services/receipts/receipts.hpp"

#include <wx/button.h>
#include <wx/filedlg.h>
#include <wx/msgdlg.h>
#include <wx/print.h>
#include <wx/printdlg.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <cstring>

namespace qm::gui {
namespace {

// A receipt as a wxPrintout: each page rendered by the receipt layout to an image and fitted to
// the paper. 300 dpi on paper, 150 in the preview.
class ReceiptPrintout : public wxPrintout {
public:
    ReceiptPrintout(std::shared_ptr<services::ReceiptLayout> layout, const wxString& title)
        : wxPrintout(title), layout_(std::move(layout)) {}

    bool HasPage(int page) override { return page >= 1 && page <= layout_->pageCount(); }
    void GetPageInfo(int* minPage, int* maxPage, int* from, int* to) override {
        *minPage = *from = 1;
        *maxPage = *to = layout_->pageCount();
    }
    bool OnPrintPage(int page) override {
        wxDC* dc = GetDC();
        if (!dc || !HasPage(page)) return false;
        const services::PageImage page_ = services::renderReceiptPage(*layout_, page - 1, IsPreview() ? 150 : 300);
        wxImage image(page_.width, page_.height, false);
        std::memcpy(image.GetData(), page_.rgb.data(), page_.rgb.size());
        FitThisSizeToPaper(wxSize(page_.width, page_.height));
        dc->DrawBitmap(wxBitmap(image), 0, 0);
        return true;
    }

private:
    std::shared_ptr<services::ReceiptLayout> layout_;
};

wxPrintData printData(const services::ReceiptLayout& layout) {
    wxPrintData data;
    data.SetPaperId(layout.pageWidth() > 600 ? wxPAPER_LETTER : wxPAPER_A4);
    data.SetOrientation(wxPORTRAIT);
    return data;
}

wxString receiptWords(const Receipt& r) {
    Person officer;
    officer.staffNo = r.officer.staffNo;
    officer.name = r.officer.name;
    officer.rank = r.officer.rank;
    wxString text = wxString::Format(_("Officer: %s"), personLabel(officer));
    if (!r.officer.unit.empty()) text += ", " + u8(r.officer.unit);
    text += "\n" + wxString::Format(_("When: %s, by %s"), u8(r.atLocal), u8(r.by));
    for (const auto& d : r.devices) {
        wxString accessories;
        for (const auto& a : d.accessories) accessories += (accessories.empty() ? "" : ", ") + u8(a);
        text += "\n" + wxString::Format(d.received ? _("Received: %s (%s %s)") : _("Handed back: %s (%s %s)"),
                                        u8(d.assetTag), u8(d.manufacturer), u8(d.model));
        if (!accessories.empty()) text += "; " + wxString::Format(_("accessories: %s"), accessories);
        if (!d.condition.empty()) text += "; " + wxString::Format(_("condition: %s"), u8(d.condition));
    }
    if (!r.reason.empty()) text += "\n" + wxString::Format(_("Reason: %s"), u8(r.reason));
    if (!r.incidentReference.empty()) text += "\n" + wxString::Format(_("Incident reference: %s"), u8(r.incidentReference));
    text += "\n" + wxString::Format(_("Verification code: %s"), u8(r.code));
    return text;
}

std::shared_ptr<services::ReceiptLayout> receiptLayout(wxWindow* parent, const Receipt& receipt, bool copy) {
    try {
        services::ReceiptPrint print;
        print.settings = services::loadReceiptSettings("");
        print.copy = copy;
        return std::make_shared<services::ReceiptLayout>(receipt, print);
    } catch (const Error& e) {
        wxMessageBox(wxString::FromUTF8(e.what()), _("Receipt"), wxOK | wxICON_WARNING, parent);
        return nullptr;
    }
}

void previewReceipt(wxWindow* parent, std::shared_ptr<services::ReceiptLayout> layout, const wxString& title) {
    if (!layout) return;
    wxPrintData data = printData(*layout);
    wxPrintDialogData dialogData(data);
    auto* preview = new wxPrintPreview(new ReceiptPrintout(layout, title), new ReceiptPrintout(layout, title), &dialogData);
    if (!preview->IsOk()) {
        delete preview;
        wxMessageBox(_("The print preview could not be opened."), title, wxOK | wxICON_WARNING, parent);
        return;
    }
    auto* frame = new wxPreviewFrame(preview, parent, title, wxDefaultPosition, parent->FromDIP(wxSize(760, 900)));
    frame->SetName(_("Receipt preview"));
    frame->Initialize();
    frame->Show();
}

void printReceipt(wxWindow* parent, std::shared_ptr<services::ReceiptLayout> layout, const wxString& title) {
    if (!layout) return;
    wxPrintDialogData dialogData(printData(*layout));
    wxPrinter printer(&dialogData);
    ReceiptPrintout printout(layout, title);
    if (!printer.Print(parent, &printout, true) && wxPrinter::GetLastError() == wxPRINTER_ERROR)
        wxMessageBox(_("The receipt could not be printed; save it as a PDF and print that instead."), title,
                     wxOK | wxICON_WARNING, parent);
}

void saveReceiptPdf(wxWindow* parent, const services::ReceiptLayout& layout, const wxString& suggestedName) {
    wxFileDialog dialog(parent, _("Save the receipt as a PDF"), wxEmptyString, suggestedName + ".pdf",
                        _("PDF files (*.pdf)|*.pdf"), wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
    if (dialog.ShowModal() != wxID_OK) return;
    try {
        services::writeReceiptPdf(layout, toUtf8(dialog.GetPath()));
    } catch (const Error& e) {
        wxMessageBox(wxString::FromUTF8(e.what()), _("Save PDF"), wxOK | wxICON_WARNING, parent);
    }
}

void withReceipt(wxWindow* parent, services::Background& worker, const std::string& number,
                 std::function<void(const Receipt&)> then) {
    services::UiPort* ui = &worker.ui();
    wxWeakRef<wxWindow> window(parent);
    worker.post(
        [number, ui, then, window](services::Session& session) {
            Receipt receipt = services::findReceipt(session, number);
            ui->callAfter([receipt, then, window] {
                if (window) then(receipt);
            });
        },
        [window](const Error& e) {
            if (window) wxMessageBox(wxString::FromUTF8(e.what()), _("Receipt"), wxOK | wxICON_WARNING, window);
        });
}

}  // namespace

void outputReceipt(wxWindow* parent, const Receipt& receipt, ReceiptOutput output, bool copy) {
    auto layout = receiptLayout(parent, receipt, copy);
    if (!layout) return;
    const wxString title = wxString::Format(copy ? _("Receipt %s (copy)") : _("Receipt %s"), u8(receipt.number));
    switch (output) {
    case ReceiptOutput::Print: printReceipt(parent, layout, title); break;
    case ReceiptOutput::Preview: previewReceipt(parent, layout, title); break;
    case ReceiptOutput::SavePdf: saveReceiptPdf(parent, *layout, u8(receipt.number) + (copy ? "-copy" : "")); break;
    }
}

void outputReceipt(wxWindow* parent, services::Background& worker, const std::string& number, ReceiptOutput output,
                   bool copy) {
    withReceipt(parent, worker, number,
                [parent, output, copy](const Receipt& receipt) { outputReceipt(parent, receipt, output, copy); });
}

ReceiptDialog::ReceiptDialog(wxWindow* parent, services::Background& worker, const std::string& number,
                             std::optional<std::string> scannedCode)
    : wxDialog(parent, wxID_ANY, _("Receipt"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      worker_(worker) {
    SetName(_("Receipt"));
    const int gap = FromDIP(10);
    title_ = new a11y::InfoText(this, wxID_ANY, wxString::Format(_("Receipt %s"), u8(number)));
    title_->SetName(_("Receipt"));
    title_->SetFont(title_->GetFont().Scaled(1.4f).Bold());
    verdict_ = new a11y::InfoText(this, wxID_ANY, _("Reading the receipt from the register\u2026"));
    verdict_->SetName(_("Check against the register"));
    a11y::markAsNotification(verdict_);
    auto* detailsLabel = new wxStaticText(this, wxID_ANY, _("What the register holds"));
    details_ = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, FromDIP(wxSize(560, 200)),
                              wxTE_MULTILINE | wxTE_READONLY);
    a11y::labelFor(detailsLabel, details_);
    preview_ = new wxButton(this, wxID_ANY, _("Pre&view copy\u2026"));
    preview_->SetName(_("Preview copy"));
    print_ = new wxButton(this, wxID_ANY, _("&Print copy\u2026"));
    print_->SetName(_("Print copy"));
    save_ = new wxButton(this, wxID_ANY, _("Save copy as P&DF\u2026"));
    save_->SetName(_("Save copy as PDF"));
    auto* close = new wxButton(this, wxID_CLOSE, _("Close"));
    close->SetName(_("Close"));
    for (wxButton* b : {preview_, print_, save_}) b->Disable();

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    for (wxButton* b : {preview_, print_, save_}) buttons->Add(b, 0, wxRIGHT, FromDIP(8));
    buttons->AddStretchSpacer();
    buttons->Add(close);
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(title_, 0, wxEXPAND | wxALL, gap);
    sizer->Add(verdict_, 0, wxEXPAND | wxLEFT | wxRIGHT, gap);
    sizer->Add(detailsLabel, 0, wxLEFT | wxRIGHT | wxTOP, gap);
    sizer->Add(details_, 1, wxEXPAND | wxALL, gap);
    sizer->Add(buttons, 0, wxEXPAND | wxALL, gap);
    SetSizerAndFit(sizer);
    SetEscapeId(wxID_CLOSE);

    for (auto [button, output] : {std::pair{preview_, ReceiptOutput::Preview}, std::pair{print_, ReceiptOutput::Print},
                                  std::pair{save_, ReceiptOutput::SavePdf}})
        button->Bind(wxEVT_BUTTON, [this, output](wxCommandEvent&) {
            // The preview belongs to the main window: it stays open when this dialog closes.
            if (receipt_) outputReceipt(output == ReceiptOutput::Preview ? GetParent() : this, *receipt_, output, true);
        });
    close->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { EndModal(wxID_CLOSE); });

    std::weak_ptr<int> alive = alive_;
    services::UiPort* ui = &worker_.ui();
    worker_.post(
        [this, alive, ui, number, scannedCode](services::Session& session) {
            std::optional<Receipt> receipt;
            std::string sentence;
            bool matches = true;
            if (scannedCode) {
                auto check = services::checkReceipt(session, number, *scannedCode);
                receipt = check.receipt;
                sentence = check.sentence;
                matches = check.matches;
            } else {
                receipt = services::findReceipt(session, number);
            }
            ui->callAfter([this, alive, receipt, sentence, matches, scannedCode] {
                if (alive.expired()) return;
                matches_ = matches;
                if (scannedCode) {
                    verdict_->SetLabelText(u8(sentence));
                    verdict_->SetForegroundColour(a11y::toneColour(matches ? a11y::Tone::Done : a11y::Tone::Problem));
                } else {
                    verdict_->SetLabelText(_("A copy from the register; the original was signed at the hand-over."));
                }
                if (receipt) show(*receipt);
                a11y::announce(verdict_);
                Layout();
            });
        },
        [this, alive](const Error& e) {
            if (alive.expired()) return;
            matches_ = false;
            verdict_->SetLabelText(wxString::FromUTF8(e.what()));
            verdict_->SetForegroundColour(a11y::toneColour(a11y::Tone::Problem));
            a11y::announce(verdict_);
        });
}

ReceiptDialog::~ReceiptDialog() { alive_.reset(); }

wxString ReceiptDialog::verdict() const { return verdict_->GetLabel(); }
wxString ReceiptDialog::details() const { return details_->GetValue(); }

void ReceiptDialog::show(const Receipt& receipt) {
    receipt_ = receipt;
    title_->SetLabelText(u8(receiptTitle(receipt.kind, receipt.stolen) + " " + receipt.number));
    details_->ChangeValue(receiptWords(receipt));
    for (wxButton* b : {preview_, print_, save_}) b->Enable();
    preview_->SetFocus();
}

}  // namespace qm::gui
