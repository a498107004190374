// DriftDialog — the "MDM drift" report: where the register and the MDM's inventory (as the last
// complete sync saw it) disagree — devices the MDM has and the register does not, issued
// devices missing from the MDM, differing serials, IMEIs and users, check-ins from devices
// reported lost, stolen or in stock, and devices silent for longer than the chosen number of
// days. Listed most urgent first (a stolen device checking in can be found). Modeless; read on
// the worker whenever the number of days changes.
#pragma once

#include "model/mdm.hpp"
#include "services/background.hpp"

#include <wx/dialog.h>
#include <wx/listctrl.h>
#include <wx/timer.h>

#include <memory>
#include <vector>

class wxSpinCtrl;
class wxStaticText;

namespace qm::gui {

// The report's rows as a virtual list: kind, device, MDM id, detail.
class DriftList : public wxListView {
public:
    DriftList(wxWindow* parent, const wxString& name);
    void show(std::vector<DriftRow> rows);
    const std::vector<DriftRow>& rows() const { return rows_; }

private:
    wxString OnGetItemText(long item, long column) const override;
    std::vector<DriftRow> rows_;
};

class DriftDialog : public wxDialog {
public:
    DriftDialog(wxWindow* parent, services::Background& worker);
    ~DriftDialog() override;

    void refresh();

    // What is on screen, for tests.
    DriftList* list() const { return list_; }
    wxSpinCtrl* daysField() const { return days_; }
    wxString lastSyncText() const;
    long long refreshes() const { return refreshes_; }

private:
    services::Background& worker_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    wxSpinCtrl* days_ = nullptr;
    wxStaticText* lastSync_ = nullptr;
    DriftList* list_ = nullptr;
    wxStaticText* count_ = nullptr;
    wxTimer debounce_;  // the spin's arrows: one report when they stop, not one per step
    long long generation_ = 0;
    long long refreshes_ = 0;
};

}  // namespace qm::gui
