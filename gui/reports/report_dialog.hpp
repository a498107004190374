// ReportDialog — Reports > Overdue returns, Leavers holding devices, Warranty ending, Over the
// device policy: one report of services/reports as a table, run on a connection of its own.
// Enter (or a double click) on a row lists its device or person in the Register view; the
// table can be exported to CSV that a spreadsheet will not run as formulas.
#pragma once

#include "model/report.hpp"
#include "services/background.hpp"

#include <wx/dialog.h>

#include <functional>
#include <memory>
#include <string>

class wxListCtrl;
class wxStaticText;
class wxButton;

namespace qm::gui {

class ReportDialog : public wxDialog {
public:
    ReportDialog(wxWindow* parent, const std::string& conninfo, const std::string& report, const wxString& title);
    ~ReportDialog() override;
    void onSearch(std::function<void(const std::string&)> fn) { search_ = std::move(fn); }
    wxListCtrl* table() const { return list_; }
    bool loaded() const { return loaded_; }

private:
    void show(report::Table table);
    void exportCsv();

    std::unique_ptr<services::Background> worker_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    wxListCtrl* list_ = nullptr;
    wxStaticText* summary_ = nullptr;
    wxButton* export_ = nullptr;
    report::Table table_;
    bool loaded_ = false;
    std::function<void(const std::string&)> search_;
};

}  // namespace qm::gui
