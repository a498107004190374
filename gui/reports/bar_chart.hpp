// BarChart — one chart of the dashboard: bars (or a histogram) drawn in the window in the
// theme's own colours, so a dark or high-contrast theme gets a dark or high-contrast chart.
// Each bar can carry a search; clicking it, or choosing it with the arrow keys and pressing
// Enter, runs that search in the Register view. The chart's name is its title and its
// description reads every bar's label and value, for a screen reader.
#pragma once

#include <wx/control.h>

#include <functional>
#include <string>
#include <vector>

namespace qm::gui {

class BarChart : public wxControl {
public:
    struct Bar {
        wxString label;
        double value = 0;
        wxString shown;       // the value as text ("31,297")
        std::string search;   // "" when the bar opens nothing
    };
    enum class Layout { Columns, Rows };  // upright bars (few, short labels) or lying ones (long labels)

    BarChart(wxWindow* parent, const wxString& title, Layout layout);
    void setBars(std::vector<Bar> bars);
    void setMessage(const wxString& message);  // "Loading…", or why there is nothing to show
    void onActivate(std::function<void(const std::string& search)> fn) { activate_ = std::move(fn); }
    int selected() const { return selected_; }
    const std::vector<Bar>& bars() const { return bars_; }

    bool AcceptsFocus() const override { return true; }

protected:
    wxSize DoGetBestSize() const override;

private:
    void onPaint(wxPaintEvent& event);
    void onKey(wxKeyEvent& event);
    void onClick(wxMouseEvent& event);
    std::vector<wxRect> barRects(const wxRect& plot) const;
    wxRect plotArea() const;
    void select(int index);
    void describe();

    wxString title_;
    Layout layout_;
    std::vector<Bar> bars_;
    wxString message_;
    int selected_ = 0;
    std::function<void(const std::string&)> activate_;
};

}  // namespace qm::gui
