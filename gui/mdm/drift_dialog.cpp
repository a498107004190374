#include "gui/mdm/drift_dialog.hpp"

#include "gui/accessibility.hpp"
#include "gui/custody/custody_text.hpp"
#include "gui/mdm/mdm_text.hpp"
#include "services/mdm/sync.hpp"

#include <wx/button.h>
#include <wx/numformatter.h>
#include <wx/sizer.h>
#include <wx/spinctrl.h>
#include <wx/stattext.h>

#include <algorithm>
#include <iterator>

namespace qm::gui {
namespace {

constexpr int kDebounceMs = 400;
constexpr int kDefaultDays = 30;

// What the desk should look at first: a stolen or lost device that checks in can be found; a
// device in stock that checks in is the least of the worries.
int urgency(const std::string& kind) {
    static const char* order[] = {"checked_in_while_stolen", "checked_in_while_lost", "not_in_register",
                                  "missing_from_mdm",        "user_mismatch",         "serial_mismatch",
                                  "imei_mismatch",           "no_check_in",           "checked_in_while_in_stock"};
    for (int i = 0; i < static_cast<int>(std::size(order)); ++i)
        if (kind == order[i]) return i;
    return static_cast<int>(std::size(order));
}

}  // namespace

DriftList::DriftList(wxWindow* parent, const wxString& name)
    : wxListView(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_VIRTUAL | wxLC_SINGLE_SEL) {
    AppendColumn(_("Kind"), wxLIST_FORMAT_LEFT, FromDIP(230));
    AppendColumn(_("Device"), wxLIST_FORMAT_LEFT, FromDIP(110));
    AppendColumn(_("MDM id"), wxLIST_FORMAT_LEFT, FromDIP(290));  // a Graph id is a GUID
    AppendColumn(_("Detail"), wxLIST_FORMAT_LEFT, FromDIP(460));
    a11y::exposeList(this, name);
    SetItemCount(0);
}

void DriftList::show(std::vector<DriftRow> rows) {
    rows_ = std::move(rows);
    for (long i = GetFirstSelected(); i >= 0; i = GetNextSelected(i)) Select(i, false);
    SetItemCount(static_cast<long>(rows_.size()));
    Refresh();
    a11y::listChanged(this);
}

wxString DriftList::OnGetItemText(long item, long column) const {
    if (item < 0 || item >= static_cast<long>(rows_.size())) return {};
    const DriftRow& r = rows_[static_cast<size_t>(item)];
    switch (column) {
    case 0: return driftKindText(r.kind);
    case 1: return u8(r.assetTag);
    case 2: return u8(r.mdmId);
    case 3: return u8(r.detail);
    default: return {};
    }
}

DriftDialog::DriftDialog(wxWindow* parent, services::Background& worker)
    : wxDialog(parent, wxID_ANY, _("MDM drift"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      worker_(worker) {
    SetName(_("MDM drift"));
    const int gap = FromDIP(10);
    auto* intro = new a11y::InfoText(this, wxID_ANY,
                                     _("Where the register and the MDM disagree, as the last complete MDM sync saw it."));
    intro->SetName(_("About this report"));
    intro->Wrap(FromDIP(1100));
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    auto* daysLabel = new wxStaticText(this, wxID_ANY, _("&Days without a check-in:"));
    days_ = new wxSpinCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize,
                           wxSP_ARROW_KEYS | wxTE_PROCESS_ENTER, 1, 3650, kDefaultDays);
    a11y::labelFor(daysLabel, days_);
    days_->SetToolTip(_("An issued device silent for longer than this is listed as having no recent check-in"));
    auto* refreshButton = new wxButton(this, wxID_ANY, _("&Refresh"));
    a11y::setName(refreshButton, refreshButton->GetLabel());
    refreshButton->SetToolTip(_("Run the report again (F5)"));
    row->Add(daysLabel, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(8));
    row->Add(days_, 0, wxRIGHT, FromDIP(8));
    row->Add(refreshButton, 0);
    lastSync_ = new a11y::InfoText(this, wxID_ANY, wxEmptyString);
    lastSync_->SetName(_("Last MDM sync"));
    list_ = new DriftList(this, _("MDM drift"));
    list_->SetMinSize(FromDIP(wxSize(1120, 360)));
    count_ = new a11y::InfoText(this, wxID_ANY, _("Running the report\u2026"));
    count_->SetName(_("Differences"));
    auto* close = new wxButton(this, wxID_CLOSE, _("Close"));
    a11y::setName(close, close->GetLabel());

    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(intro, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    sizer->Add(row, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    sizer->Add(lastSync_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    sizer->Add(list_, 1, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    sizer->Add(count_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, gap);
    sizer->Add(close, 0, wxALIGN_RIGHT | wxALL, gap);
    SetSizerAndFit(sizer);
    SetEscapeId(wxID_CLOSE);
    CentreOnParent();

    debounce_.Bind(wxEVT_TIMER, [this](wxTimerEvent&) { refresh(); });
    days_->Bind(wxEVT_SPINCTRL, [this](wxSpinEvent&) { debounce_.StartOnce(kDebounceMs); });
    days_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) { refresh(); });
    refreshButton->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { refresh(); });
    close->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { Close(); });
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent&) { Destroy(); });
    Bind(wxEVT_CHAR_HOOK, [this](wxKeyEvent& e) {
        if (e.GetKeyCode() == WXK_F5 && !e.HasAnyModifiers()) refresh();
        else e.Skip();
    });
    refresh();
    days_->SetFocus();
}

DriftDialog::~DriftDialog() {
    alive_.reset();
    debounce_.Stop();
}

wxString DriftDialog::lastSyncText() const { return lastSync_->GetLabel(); }

void DriftDialog::refresh() {
    debounce_.Stop();
    const int days = days_->GetValue();
    const long long generation = ++generation_;
    std::weak_ptr<int> alive = alive_;
    services::UiPort* ui = &worker_.ui();
    count_->SetLabelText(_("Running the report\u2026"));
    worker_.post(
        [this, alive, ui, days, generation](services::Session& s) {
            auto rows = services::mdm::drift(s, days);
            std::stable_sort(rows.begin(), rows.end(),
                             [](const DriftRow& a, const DriftRow& b) { return urgency(a.kind) < urgency(b.kind); });
            const std::string last = services::mdm::lastSyncAt(s);
            ui->callAfter([this, alive, rows, last, generation] {
                if (alive.expired() || generation != generation_) return;  // the days changed again
                lastSync_->SetLabelText(
                    last.empty() ? _("No MDM sync has finished yet, so there is nothing to compare.")
                                 : wxString::Format(_("The last MDM sync finished: %s (%s)."), deskTime(last), daysAgo(last)));
                list_->show(rows);
                const int n = static_cast<int>(rows.size());
                count_->SetLabelText(
                    n == 0 ? _("No differences.")
                           : wxString::Format(wxPLURAL("%s difference.", "%s differences.", n),
                                              wxNumberFormatter::ToString(static_cast<long>(n),
                                                                          wxNumberFormatter::Style_WithThousandsSep)));
                ++refreshes_;
                Layout();
            });
        },
        [this, alive, generation](const Error& e) {
            if (alive.expired() || generation != generation_) return;
            count_->SetLabelText(wxString::FromUTF8(e.what()));
            ++refreshes_;
        });
}

}  // namespace qm::gui
