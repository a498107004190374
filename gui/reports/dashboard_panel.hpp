// DashboardPanel — the console's Dashboard view: the fleet by status, unit and model, the
// check-in age histogram and the hand-overs per week, as charts (BarChart) over the reports of
// services/reports. Clicking a bar runs the search that lists its devices in the Register
// view. The reports run on a connection of their own, so a dashboard over a million devices
// never holds up the desk's hand-overs.
#pragma once

#include "gui/reports/bar_chart.hpp"
#include "services/background.hpp"

#include <wx/scrolwin.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

class wxButton;
class wxStaticText;

namespace qm::gui {

class DashboardPanel : public wxScrolledWindow {
public:
    DashboardPanel(wxWindow* parent, std::string conninfo);
    ~DashboardPanel() override;

    // Runs the reports again (and the first time the view is shown).
    void refresh();
    bool loaded() const { return loaded_; }
    void onSearch(std::function<void(const std::string& search)> fn) { search_ = std::move(fn); }
    const std::vector<BarChart*>& charts() const { return charts_; }

private:
    std::string conninfo_;
    std::unique_ptr<services::Background> worker_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    std::vector<BarChart*> charts_;
    std::vector<std::string> reports_;  // the report behind each chart
    wxButton* refresh_ = nullptr;
    wxStaticText* asOf_ = nullptr;
    bool loaded_ = false;
    std::function<void(const std::string&)> search_;
};

}  // namespace qm::gui
