#include "gui/reports/report_dialog.hpp"

#include "gui/accessibility.hpp"
#include "gui/main_frame.hpp"  // uiPort()
#include "services/import/csv.hpp"
#include "services/reports.hpp"

#include <wx/button.h>
#include <wx/filedlg.h>
#include <wx/listctrl.h>
#include <wx/msgdlg.h>
#include <wx/numformatter.h>
#include <wx/sizer.h>

#include <fstream>

namespace qm::gui {

ReportDialog::ReportDialog(wxWindow* parent, const std::string& conninfo, const std::string& report,
                           const wxString& title)
    : wxDialog(parent, wxID_ANY, title, wxDefaultPosition, wxDefaultSize, wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      worker_(std::make_unique<services::Background>(conninfo, uiPort())) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    summary_ = new a11y::InfoText(this, wxID_ANY, _("Counting\u2026"));
    list_ = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, FromDIP(wxSize(820, 420)),
                           wxLC_REPORT | wxLC_SINGLE_SEL | wxLC_HRULES | wxLC_VRULES);
    a11y::exposeList(list_, title);
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    export_ = new wxButton(this, wxID_ANY, _("&Export CSV\u2026"));
    export_->Disable();
    buttons->Add(export_, 0, wxRIGHT, FromDIP(8));
    buttons->AddStretchSpacer();
    buttons->Add(new wxButton(this, wxID_CLOSE, _("&Close")));
    sizer->Add(summary_, 0, wxEXPAND | wxALL, FromDIP(10));
    sizer->Add(list_, 1, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(10));
    sizer->Add(buttons, 0, wxEXPAND | wxALL, FromDIP(10));
    SetSizerAndFit(sizer);
    SetEscapeId(wxID_CLOSE);
    Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Close(); }, wxID_CLOSE);
    export_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { exportCsv(); });
    list_->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent& e) {
        const auto i = static_cast<std::size_t>(e.GetIndex());
        if (i < table_.searches.size() && !table_.searches[i].empty() && search_) search_(table_.searches[i]);
    });
    std::weak_ptr<int> alive = alive_;
    worker_->post(
        [this, alive, report, ui = &uiPort()](services::Session& session) {
            report::Table table = services::runReport(session, report, report::Options{});
            ui->callAfter([this, alive, table = std::move(table)]() mutable {
                if (!alive.expired()) show(std::move(table));
            });
        },
        [this, alive](const Error& e) {
            if (!alive.expired()) summary_->SetLabelText(wxString::FromUTF8(e.what()));
        });
}

ReportDialog::~ReportDialog() {
    alive_.reset();
    worker_.reset();  // joins after the report in hand
}

void ReportDialog::show(report::Table table) {
    table_ = std::move(table);
    list_->ClearAll();
    for (const auto& c : table_.columns)
        list_->AppendColumn(wxGetTranslation(wxString::FromUTF8(c.heading)),
                            c.number ? wxLIST_FORMAT_RIGHT : wxLIST_FORMAT_LEFT, FromDIP(c.number ? 90 : 150));
    for (std::size_t r = 0; r < table_.rows.size(); ++r) {
        const long item = list_->InsertItem(static_cast<long>(r), wxString::FromUTF8(table_.rows[r][0]));
        for (std::size_t c = 1; c < table_.rows[r].size(); ++c)
            list_->SetItem(item, static_cast<int>(c), wxString::FromUTF8(table_.rows[r][c]));
    }
    const wxString n = wxNumberFormatter::ToString(static_cast<long>(table_.rows.size()), wxNumberFormatter::Style_WithThousandsSep);
    wxString line = table_.rows.empty() ? _("Nothing to report.")
                                        : wxString::Format(wxPLURAL("%s row.", "%s rows.", table_.rows.size()), n);
    if (table_.truncated) line += " " + _("Only the first rows are shown; qmctl report --limit lists more.");
    if (!table_.rows.empty()) line += " " + _("Enter on a row lists it in the Register view.");
    summary_->SetLabelText(line);
    a11y::listChanged(list_);
    export_->Enable(!table_.rows.empty());
    loaded_ = true;
    if (!table_.rows.empty()) list_->SetItemState(0, wxLIST_STATE_FOCUSED, wxLIST_STATE_FOCUSED);
    list_->SetFocus();
}

void ReportDialog::exportCsv() {
    wxFileDialog save(this, _("Export the report"), wxEmptyString, table_.name + ".csv", _("CSV files (*.csv)|*.csv"),
                      wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
    if (save.ShowModal() != wxID_OK) return;
    std::ofstream out(save.GetPath().ToStdString(wxConvUTF8), std::ios::binary | std::ios::trunc);
    out << "\xEF\xBB\xBF";  // Excel reads it as UTF-8
    std::vector<std::string> names;
    for (const auto& c : table_.columns) names.push_back(c.name);
    services::writeSafeCsvRow(out, names);
    for (const auto& row : table_.rows) services::writeSafeCsvRow(out, row);
    if (!out) wxMessageBox(_("Could not write the file."), GetTitle(), wxOK | wxICON_ERROR, this);
}

}  // namespace qm::gui
