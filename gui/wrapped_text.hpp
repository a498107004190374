// WrappedText — a line of information (the desk's prompt, a device's holder) that wraps to the
// width of the pane it sits in, and again whenever that pane is resized (the window, the
// divider, a longer translation), instead of having its end cut off. The text is shown as
// given: an "&" in a unit's name stays an "&". Used by the Desk view and the detail pane.
#pragma once

#include "gui/accessibility.hpp"

namespace qm::gui {

class WrappedText : public a11y::InfoText {
public:
    // pane: the window whose width the text follows; margin: what the layout keeps beside it.
    WrappedText(wxWindow* parent, wxWindow* pane, int margin);
    void setText(const wxString& text);
    const wxString& text() const { return text_; }  // unwrapped

private:
    void onPaneSize(wxSizeEvent& event);
    void wrap();

    wxWindow* pane_;
    int margin_;
    int wrappedAt_ = -1;
    wxString text_;
};

}  // namespace qm::gui
