// CommandList — MDM commands from the outbox as a virtual report list: the detail pane's
// commands of one device, the Approvals view and the Commands view each choose their columns.
// It keeps the rows it was given and answers each cell as GTK paints it (or a screen reader
// asks), so a refresh changes the row count and repaints, and never rebuilds items.
#pragma once

#include "model/custody.hpp"

#include <wx/listctrl.h>

#include <vector>

namespace qm::gui {

class CommandList : public wxListView {
public:
    enum class Column { Id, Device, Action, State, RequestedBy, ApprovedBy, When, Age, Reason, Outcome };

    CommandList(wxWindow* parent, std::vector<Column> columns, const wxString& name);
    void show(std::vector<CommandRow> rows);
    const std::vector<CommandRow>& rows() const { return rows_; }
    // The selected command, or null.
    const CommandRow* selected() const;
    // Selects (and shows) the command with this id, if listed.
    void select(long long id);

private:
    wxString OnGetItemText(long item, long column) const override;

    std::vector<Column> columns_;
    std::vector<CommandRow> rows_;
};

}  // namespace qm::gui
