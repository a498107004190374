// ImportDialog — Devices > Import devices… and People > Import people…: choose the file (and
// for devices its format: the register's own columns, a Snipe-IT export or an Intune export;
// for people whether the file updates people already there or is the whole HR feed), then the
// import runs on a connection of its own with a progress bar and a Cancel button. It is one
// transaction: a cancel leaves nothing written. Afterwards the refused rows can be saved as CSV.
#pragma once

#include "services/background.hpp"
#include "services/import/register_import.hpp"

#include <wx/dialog.h>

#include <functional>
#include <memory>
#include <string>

class wxCheckBox;
class wxTextCtrl;
class wxChoice;

namespace qm::gui {

class ImportDialog : public wxDialog {
public:
    enum class What { Devices, People };
    ImportDialog(wxWindow* parent, What what);

    std::string path() const;
    services::ImportOptions options() const;

    // Runs the import the dialog chose, with progress; `done` gets the status-bar sentence.
    static void run(wxWindow* parent, const std::string& conninfo, What what,
                    std::function<void(const wxString& sentence)> done);
    // The console is closing: an import in progress is cancelled (nothing written) and joined.
    static void stopRunning();

private:
    What what_;
    wxTextCtrl* file_ = nullptr;
    wxChoice* format_ = nullptr;
    wxCheckBox* update_ = nullptr;
    wxCheckBox* full_ = nullptr;
    wxCheckBox* dryRun_ = nullptr;
};

}  // namespace qm::gui
