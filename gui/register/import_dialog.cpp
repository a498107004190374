#include "gui/register/import_dialog.hpp"

#include "gui/accessibility.hpp"
#include "gui/main_frame.hpp"  // uiPort()

#include <wx/app.h>
#include <wx/checkbox.h>
#include <wx/filedlg.h>
#include <wx/button.h>
#include <wx/textctrl.h>
#include <wx/msgdlg.h>
#include <wx/numformatter.h>
#include <wx/progdlg.h>
#include <wx/choice.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <atomic>
#include <fstream>
#include <filesystem>

namespace qm::gui {
namespace {

// The import in progress (one at a time), owned on the UI thread: its thread is joined here,
// never from itself.
std::unique_ptr<services::Background> gJob;
// Set when the console closes: the import in hand stops at its next progress call, rolled back.
std::shared_ptr<std::atomic<bool>> gCancel;
// Alive while the console is: the job's callbacks touch no window after it has gone.
std::shared_ptr<int> gAlive;

wxString number(long long n) { return wxNumberFormatter::ToString(static_cast<long>(n), wxNumberFormatter::Style_WithThousandsSep); }

long long fileSize(const std::string& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    return ec ? 0 : static_cast<long long>(size);
}

}  // namespace

ImportDialog::ImportDialog(wxWindow* parent, What what)
    : wxDialog(parent, wxID_ANY, what == What::Devices ? _("Import devices") : _("Import people")), what_(what) {
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* label = new wxStaticText(this, wxID_ANY, _("CSV &file:"));
    file_ = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, FromDIP(wxSize(420, -1)));
    a11y::labelFor(label, file_);
    auto* browse = new wxButton(this, wxID_ANY, _("&Browse\u2026"));
    a11y::setName(browse, _("Browse for the CSV file"));
    browse->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        wxFileDialog choose(this, _("Choose the CSV file"), wxEmptyString, wxEmptyString,
                            _("CSV files (*.csv)|*.csv|All files|*"), wxFD_OPEN | wxFD_FILE_MUST_EXIST);
        if (choose.ShowModal() == wxID_OK) file_->SetValue(choose.GetPath());
    });
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    row->Add(file_, 1, wxRIGHT | wxALIGN_CENTER_VERTICAL, FromDIP(6));
    row->Add(browse, 0, wxALIGN_CENTER_VERTICAL);
    sizer->Add(label, 0, wxLEFT | wxRIGHT | wxTOP, FromDIP(10));
    sizer->Add(row, 0, wxEXPAND | wxALL, FromDIP(10));
    if (what == What::Devices) {
        const wxString formats[] = {_("The register's own columns"), _("A Snipe-IT asset export"),
                                    _("An Intune \"All devices\" export")};
        auto* formatLabel = new wxStaticText(this, wxID_ANY, _("F&ormat:"));
        format_ = new wxChoice(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, 3, formats);
        format_->SetSelection(0);
        a11y::labelFor(formatLabel, format_);
        sizer->Add(formatLabel, 0, wxLEFT | wxRIGHT, FromDIP(10));
        sizer->Add(format_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(10));
    } else {
        update_ = new wxCheckBox(this, wxID_ANY, _("&Update people already in the register from the file"));
        full_ = new wxCheckBox(this, wxID_ANY, _("The file is &everyone: mark people missing from it as leavers"));
        sizer->Add(update_, 0, wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(10));
        sizer->Add(full_, 0, wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(10));
        full_->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) {
            if (full_->GetValue()) update_->SetValue(true);
            update_->Enable(!full_->GetValue());
        });
    }
    dryRun_ = new wxCheckBox(this, wxID_ANY, _("&Dry run: check every row, write nothing"));
    sizer->Add(dryRun_, 0, wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(10));
    sizer->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, FromDIP(10));
    SetSizerAndFit(sizer);
    FindWindow(wxID_OK)->SetLabel(_("&Import"));
    file_->SetFocus();
}

std::string ImportDialog::path() const { return file_->GetValue().Strip(wxString::both).ToStdString(wxConvUTF8); }

services::ImportOptions ImportDialog::options() const {
    services::ImportOptions o;
    o.dryRun = dryRun_->GetValue();
    if (format_) {
        const int i = format_->GetSelection();
        o.format = i == 1 ? services::DeviceFormat::SnipeIt : i == 2 ? services::DeviceFormat::Intune
                                                                      : services::DeviceFormat::Native;
    }
    if (update_) o.update = update_->GetValue();
    if (full_) o.full = full_->GetValue();
    return o;
}

void ImportDialog::stopRunning() {
    if (gCancel) gCancel->store(true);
    gAlive.reset();
    gJob.reset();  // joins: the import stops at its next progress call and rolls back
}

void ImportDialog::run(wxWindow* parent, const std::string& conninfo, What what,
                       std::function<void(const wxString&)> done) {
    if (gJob) {
        done(_("An import is already running."));
        return;
    }
    ImportDialog dialog(parent, what);
    if (dialog.ShowModal() != wxID_OK) return;
    const std::string path = dialog.path();
    if (path.empty()) {
        done(_("Choose a file to import."));
        return;
    }
    services::ImportOptions options = dialog.options();
    const long long size = std::max(1LL, fileSize(path));
    auto cancelled = gCancel = std::make_shared<std::atomic<bool>>(false);
    gAlive = std::make_shared<int>(0);
    std::weak_ptr<int> alive = gAlive;
    auto* progress = new wxProgressDialog(what == What::Devices ? _("Importing devices") : _("Importing people"),
                                          _("Reading the file\u2026"), 100, parent,
                                          wxPD_CAN_ABORT | wxPD_APP_MODAL | wxPD_ELAPSED_TIME | wxPD_AUTO_HIDE);
    services::UiPort* ui = &uiPort();
    options.progress = [ui, progress, cancelled, size, alive](std::size_t rows, std::size_t bytes) {
        ui->callAfter([progress, cancelled, rows, bytes, size, alive] {
            if (alive.expired() || cancelled->load()) return;
            const int percent = static_cast<int>(std::min<long long>(99, static_cast<long long>(bytes) * 100 / size));
            if (!progress->Update(percent, wxString::Format(_("%s rows read\u2026"), number(static_cast<long long>(rows)))))
                cancelled->store(true);
        });
        return !cancelled->load();
    };
    const bool dryRun = options.dryRun;
    auto finish = [parent, progress, done, dryRun, alive](std::shared_ptr<services::ImportReport> report,
                                                          const wxString& failure) {
        if (alive.expired()) return;  // the console closed; its windows went with it
        progress->Destroy();
        wxTheApp->CallAfter([] { gJob.reset(); });
        if (!report) {
            done(failure);
            return;
        }
        wxString summary;
        if (!report->committed)
            summary = dryRun
                          ? wxString::Format(_("Dry run: %s of %s rows would be imported; nothing was written."),
                                             number(static_cast<long long>(report->valid)), number(static_cast<long long>(report->rows)))
                          : wxString::Format(_("Nothing was written: %s rows were refused."),
                                             number(static_cast<long long>(report->rejects.size())));
        else
            summary = wxString::Format(_("Imported %s of %s rows."), number(static_cast<long long>(report->imported - report->updated)),
                                       number(static_cast<long long>(report->rows)));
        if (report->updated) summary += " " + wxString::Format(_("%s brought up to date."), number(static_cast<long long>(report->updated)));
        if (report->leavers) summary += " " + wxString::Format(_("%s marked as leavers."), number(static_cast<long long>(report->leavers)));
        if (report->issued) summary += " " + wxString::Format(_("%s issued to their holders."), number(static_cast<long long>(report->issued)));
        if (!report->rejects.empty())
            summary += " " + wxString::Format(_("%s rows refused."), number(static_cast<long long>(report->rejects.size())));
        done(summary);
        wxString details;
        for (std::size_t i = 0; i < report->rejects.size() && i < 8; ++i)
            details += wxString::Format(_("Line %s: %s"), number(static_cast<long long>(report->rejects[i].line)),
                                        wxString::FromUTF8(report->rejects[i].reason)) + "\n";
        for (std::size_t i = 0; i < report->notes.size() && i < 8; ++i) details += wxString::FromUTF8(report->notes[i]) + "\n";
        if (report->rejects.empty()) {
            wxMessageDialog box(parent, summary, _("Import"), wxOK | wxICON_INFORMATION);
            if (!details.empty()) box.SetExtendedMessage(details);
            box.ShowModal();
            return;
        }
        wxMessageDialog ask(parent, summary + "\n\n" + _("Save the refused rows, each with its reason, to a CSV file?"),
                            _("Import"), wxYES_NO | wxICON_WARNING);
        ask.SetExtendedMessage(details);
        if (ask.ShowModal() != wxID_YES) return;
        wxFileDialog save(parent, _("Save the refused rows"), wxEmptyString, "refused.csv", _("CSV files (*.csv)|*.csv"),
                          wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
        if (save.ShowModal() != wxID_OK) return;
        std::ofstream out(save.GetPath().ToStdString(wxConvUTF8), std::ios::binary | std::ios::trunc);
        services::writeRejects(out, *report);
        if (!out) wxMessageBox(_("Could not write the refused rows."), _("Import"), wxOK | wxICON_ERROR, parent);
    };
    gJob = std::make_unique<services::Background>(conninfo, *ui);
    gJob->post(
        [path, options, what, finish, ui](services::Session& session) {
            std::ifstream in(path, std::ios::binary);
            if (!in) throw invalid("file", "Cannot open " + path + " for reading.");
            auto report = std::make_shared<services::ImportReport>(
                what == What::Devices ? services::importDevices(session, in, options)
                                      : services::importPeople(session, in, options));
            ui->callAfter([finish, report] { finish(report, {}); });
        },
        [finish](const Error& e) { finish(nullptr, wxString::FromUTF8(e.what()) + " " + _("Nothing was written.")); });
}

}  // namespace qm::gui
