// Read-only lists of the custody record, shared by the detail pane, the desk and the People
// view: a timeline (what happened to a device or a person, newest first) and a holdings list
// (custody records: who held what, when, on which receipt). Plain report-mode wxListViews, so
// the keyboard and a screen reader can walk them row by row.
#pragma once

#include "model/custody.hpp"

#include <wx/listctrl.h>

#include <vector>

namespace qm::gui {

class TimelineList : public wxListView {
public:
    enum class About { Device, Person };  // the column the subject would repeat is left out
    TimelineList(wxWindow* parent, About about, const wxString& name);
    void show(const std::vector<TimelineRow>& oldestFirst);

private:
    About about_;
};

class HoldingsList : public wxListView {
public:
    // withReturn: also the returned/closed columns (for what a person has held).
    HoldingsList(wxWindow* parent, bool withReturn, const wxString& name);
    void show(const std::vector<CustodyRow>& rows);
    // The issue receipt of the selected record ("" when none is selected).
    wxString selectedReceipt() const;

private:
    bool withReturn_;
};

}  // namespace qm::gui
