#include "gui/reports/bar_chart.hpp"

#include "gui/accessibility.hpp"

#include <wx/dcbuffer.h>
#include <wx/settings.h>

#include <algorithm>

namespace qm::gui {

BarChart::BarChart(wxWindow* parent, const wxString& title, Layout layout)
    : wxControl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxBORDER_NONE | wxWANTS_CHARS | wxFULL_REPAINT_ON_RESIZE),
      title_(title), layout_(layout) {
    SetBackgroundStyle(wxBG_STYLE_PAINT);
    a11y::setName(this, title);
    message_ = _("Loading\u2026");
    Bind(wxEVT_PAINT, &BarChart::onPaint, this);
    Bind(wxEVT_KEY_DOWN, &BarChart::onKey, this);
    Bind(wxEVT_LEFT_DOWN, &BarChart::onClick, this);
    Bind(wxEVT_SET_FOCUS, [this](wxFocusEvent& e) { Refresh(); e.Skip(); });
    Bind(wxEVT_KILL_FOCUS, [this](wxFocusEvent& e) { Refresh(); e.Skip(); });
    Bind(wxEVT_SYS_COLOUR_CHANGED, [this](wxSysColourChangedEvent& e) { Refresh(); e.Skip(); });
}

wxSize BarChart::DoGetBestSize() const { return FromDIP(wxSize(300, 250)); }

void BarChart::setBars(std::vector<Bar> bars) {
    bars_ = std::move(bars);
    message_ = bars_.empty() ? _("Nothing to show.") : wxString();
    selected_ = std::clamp(selected_, 0, std::max(0, static_cast<int>(bars_.size()) - 1));
    describe();
    Refresh();
}

void BarChart::setMessage(const wxString& message) {
    message_ = message;
    a11y::setDescription(this, message);
    Refresh();
}

void BarChart::describe() {
    wxString text;
    for (const auto& b : bars_) text += (text.empty() ? "" : "; ") + b.label + ": " + b.shown;
    a11y::setDescription(this, text);
    SetToolTip(title_ + "\n" + text);
}

wxRect BarChart::plotArea() const {
    const wxSize size = GetClientSize();
    const int titleHeight = GetCharHeight() * 2;
    wxRect r(FromDIP(8), titleHeight, size.x - FromDIP(16), size.y - titleHeight - FromDIP(6));
    if (layout_ == Layout::Columns) r.height -= GetCharHeight() * 2;  // labels under the bars
    return r;
}

std::vector<wxRect> BarChart::barRects(const wxRect& plot) const {
    std::vector<wxRect> rects;
    if (bars_.empty()) return rects;
    double top = 0;
    for (const auto& b : bars_) top = std::max(top, b.value);
    if (top <= 0) top = 1;
    const int n = static_cast<int>(bars_.size());
    if (layout_ == Layout::Columns) {
        const int slot = plot.width / n, gap = std::max(2, slot / 6);
        const int valueRoom = GetCharHeight() + FromDIP(2);
        for (int i = 0; i < n; ++i) {
            const int h = static_cast<int>((plot.height - valueRoom) * (bars_[i].value / top));
            rects.emplace_back(plot.x + i * slot + gap / 2, plot.GetBottom() - h, std::max(1, slot - gap), std::max(h, 1));
        }
    } else {
        const int slot = plot.height / n, gap = std::max(2, slot / 5);
        const int labelRoom = plot.width * 2 / 5, valueRoom = GetTextExtent("0,000,000").x + FromDIP(6);
        const int room = std::max(1, plot.width - labelRoom - valueRoom);
        for (int i = 0; i < n; ++i) {
            const int w = static_cast<int>(room * (bars_[i].value / top));
            rects.emplace_back(plot.x + labelRoom, plot.y + i * slot + gap / 2, std::max(w, 1), std::max(1, slot - gap));
        }
    }
    return rects;
}

void BarChart::onPaint(wxPaintEvent&) {
    wxAutoBufferedPaintDC dc(this);
    const wxColour window = wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOW);
    const wxColour text = wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT);
    const wxColour bar = a11y::readableOn(wxSystemSettings::GetColour(wxSYS_COLOUR_HIGHLIGHT), window, 3.0);
    const wxColour chosen = a11y::readableOn(wxSystemSettings::GetColour(wxSYS_COLOUR_HOTLIGHT), window, 3.0);
    dc.SetBackground(wxBrush(window));
    dc.Clear();
    dc.SetTextForeground(text);
    wxFont bold = GetFont();
    bold.MakeBold();
    dc.SetFont(bold);
    dc.DrawText(title_, FromDIP(8), GetCharHeight() / 3);
    dc.SetFont(GetFont());
    if (!message_.empty() || bars_.empty()) {
        dc.DrawText(message_, FromDIP(8), GetCharHeight() * 2);
        return;
    }
    const wxRect plot = plotArea();
    const auto rects = barRects(plot);
    for (std::size_t i = 0; i < rects.size(); ++i) {
        const bool isChosen = static_cast<int>(i) == selected_ && HasFocus();
        dc.SetPen(isChosen ? wxPen(text, FromDIP(2)) : *wxTRANSPARENT_PEN);
        dc.SetBrush(wxBrush(isChosen ? chosen : bar));
        dc.DrawRectangle(rects[i]);
        const wxString& label = bars_[i].label;
        if (layout_ == Layout::Columns) {
            const wxSize v = dc.GetTextExtent(bars_[i].shown);
            dc.DrawText(bars_[i].shown, rects[i].x + (rects[i].width - v.x) / 2, rects[i].y - v.y - FromDIP(1));
            // Labels under the bars, shortened to fit their slot.
            wxString fitted = wxControl::Ellipsize(label, dc, wxELLIPSIZE_END, rects[i].width + FromDIP(4));
            const wxSize l = dc.GetTextExtent(fitted);
            dc.DrawText(fitted, rects[i].x + (rects[i].width - l.x) / 2, plot.GetBottom() + FromDIP(3));
        } else {
            wxString fitted = wxControl::Ellipsize(label, dc, wxELLIPSIZE_END, rects[i].x - plot.x - FromDIP(6));
            const int y = rects[i].y + (rects[i].height - dc.GetCharHeight()) / 2;
            dc.DrawText(fitted, plot.x, y);
            dc.DrawText(bars_[i].shown, rects[i].GetRight() + FromDIP(4), y);
        }
    }
    // The axis the bars stand on.
    dc.SetPen(wxPen(text));
    if (layout_ == Layout::Columns) dc.DrawLine(plot.x, plot.GetBottom() + 1, plot.GetRight(), plot.GetBottom() + 1);
}

void BarChart::select(int index) {
    if (bars_.empty()) return;
    selected_ = std::clamp(index, 0, static_cast<int>(bars_.size()) - 1);
    const Bar& b = bars_[static_cast<std::size_t>(selected_)];
    a11y::setDescription(this, b.label + ": " + b.shown);
    a11y::setName(this, title_ + " \u2014 " + b.label + ": " + b.shown);
    Refresh();
}

void BarChart::onKey(wxKeyEvent& event) {
    const bool columns = layout_ == Layout::Columns;
    switch (event.GetKeyCode()) {
    case WXK_LEFT: if (columns) { select(selected_ - 1); return; } break;
    case WXK_RIGHT: if (columns) { select(selected_ + 1); return; } break;
    case WXK_UP: if (!columns) { select(selected_ - 1); return; } break;
    case WXK_DOWN: if (!columns) { select(selected_ + 1); return; } break;
    case WXK_HOME: select(0); return;
    case WXK_END: select(static_cast<int>(bars_.size()) - 1); return;
    case WXK_RETURN:
    case WXK_NUMPAD_ENTER:
    case WXK_SPACE:
        if (activate_ && !bars_.empty() && !bars_[static_cast<std::size_t>(selected_)].search.empty())
            activate_(bars_[static_cast<std::size_t>(selected_)].search);
        return;
    default: break;
    }
    event.Skip();  // Tab and the rest move on
}

void BarChart::onClick(wxMouseEvent& event) {
    SetFocus();
    const auto rects = barRects(plotArea());
    for (std::size_t i = 0; i < rects.size(); ++i) {
        wxRect hit = rects[i];
        // The whole slot counts, not only the bar (a short bar is hard to hit).
        if (layout_ == Layout::Columns) hit = wxRect(hit.x, plotArea().y, hit.width, plotArea().height + GetCharHeight() * 2);
        else hit = wxRect(plotArea().x, hit.y, plotArea().width, hit.height);
        if (hit.Contains(event.GetPosition())) {
            select(static_cast<int>(i));
            if (activate_ && !bars_[i].search.empty()) activate_(bars_[i].search);
            return;
        }
    }
}

}  // namespace qm::gui
