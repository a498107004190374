// What a screen reader, a magnifier or a keyboard user gets from the console's controls.
//
// wxWidgets names nothing for the accessibility bus on GTK, and its report lists (wxListCtrl)
// are drawn by wx itself, so AT-SPI (what Orca reads) saw unnamed, childless panels. Every view
// goes through these helpers: a control's spoken name matches its visible label, lists are
// tables with rows, cells and column headers, results and refusals are announced, and text
// colours are checked against the background they are drawn on.
//
// GTK-specific code lives only in accessibility.cpp. On Windows wxWidgets' controls are native
// (and so already accessible); there the helpers only set the wx name.
#pragma once

#include <wx/colour.h>
#include <wx/statbox.h>
#include <wx/stattext.h>
#include <wx/string.h>

class wxListCtrl;
class wxToolBar;
class wxWindow;

namespace qm::gui::a11y {

// A line that shows information (a prompt, a receipt, a person's details), not the label of
// the control after it. wxGTK ties every static text to the next focusable control as its
// label, which named lists after whatever line happened to precede them.
class InfoText : public wxStaticText {
public:
    using wxStaticText::wxStaticText;
#ifdef __WXGTK__
    bool GTKWidgetNeedsMnemonic() const override { return false; }
#endif
};

// A group's frame: its title names the group, not the control after the group.
class GroupBox : public wxStaticBox {
public:
    using wxStaticBox::wxStaticBox;
#ifdef __WXGTK__
    bool GTKWidgetNeedsMnemonic() const override { return false; }
#endif
};

// The name a screen reader says for the control ("Staff number"); mnemonics and a trailing
// colon of a visible label are dropped, so pass the label as shown: "&Staff number:".
void setName(wxWindow* control, const wxString& label);
// The longer help read after the name (a field's format, a shortcut).
void setDescription(wxWindow* control, const wxString& text);

// Makes `label` name `control` and its mnemonic (Alt+letter) move the focus there. The label
// must be created just before the control (wxGTK ties a label to the next focusable sibling).
void labelFor(wxStaticText* label, wxWindow* control);

// A line that tells the user what happened (a refusal, a receipt): spoken when it appears.
void markAsNotification(wxWindow* line);
// Speaks the line's new text now (it is already shown).
void announce(wxWindow* line);

// The window's status bar, exposed with its fields as its name (kept current by the caller).
void markAsStatusBar(wxWindow* statusBar, const wxString& text);

// Toolbar buttons that Tab and F6 can reach (GTK makes tool buttons mouse-only), and focus on
// its first enabled button.
void makeToolbarReachable(wxToolBar* toolbar);
void focusToolbar(wxToolBar* toolbar);
bool toolbarHasFocus(wxToolBar* toolbar);  // one of its buttons has the keyboard

// Exposes a report-mode list as a table: rows, cells, column headers, selection and the
// focused row, read from the list as the screen reader asks (so a virtual list of a million
// rows costs nothing until read). Call listChanged() after its rows or row count change.
void exposeList(wxListCtrl* list, const wxString& name);
void listChanged(wxListCtrl* list);

// Text colours that stay readable: `wanted`'s hue, made darker or lighter until it has at
// least `ratio` contrast (WCAG 2.2) against `background`. A high-contrast theme's own colours
// pass unchanged.
double contrastRatio(const wxColour& a, const wxColour& b);
wxColour readableOn(const wxColour& wanted, const wxColour& background, double ratio = 4.5);

// The few colours the console adds to the theme's: quiet help, a problem, a warning, a success.
// Each keeps its hue but is made readable on the theme's window and field backgrounds.
enum class Tone { Quiet, Problem, Warning, Done };
wxColour toneColour(Tone tone);

// Placeholders in empty fields drawn readable too (GTK takes a grey from the theme that
// Adwaita puts at 3.95:1). Call once at start-up.
void useReadablePlaceholders();

}  // namespace qm::gui::a11y
