#include "gui/wrapped_text.hpp"

#include <algorithm>

namespace qm::gui {

WrappedText::WrappedText(wxWindow* parent, wxWindow* pane, int margin)
    : a11y::InfoText(parent, wxID_ANY, wxEmptyString), pane_(pane), margin_(margin) {
    // Bound with this as the handler: wx unbinds it when the text goes before the pane.
    pane_->Bind(wxEVT_SIZE, &WrappedText::onPaneSize, this);
}

void WrappedText::setText(const wxString& text) {
    text_ = text;
    wrap();
}

void WrappedText::onPaneSize(wxSizeEvent& event) {
    event.Skip();
    if (event.GetSize().x == wrappedAt_) return;
    wrappedAt_ = event.GetSize().x;
    CallAfter([this] { wrap(); });  // after the sizer has given the pane its new width
}

void WrappedText::wrap() {
    SetLabelText(text_);
    Wrap(std::max(FromDIP(150), pane_->GetClientSize().x - margin_));
    pane_->Layout();
}

}  // namespace qm::gui
