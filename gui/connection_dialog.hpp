// ConnectionDialog — asks where the register is (a saved profile: server or socket folder,
// port, database, login) and the password. Profiles are remembered in the user's settings;
// the password never is: it goes straight into the connection string in memory.
#pragma once

#include <wx/dialog.h>

#include <string>

class wxComboBox;
class wxTextCtrl;

namespace qm::gui {

class ConnectionDialog : public wxDialog {
public:
    explicit ConnectionDialog(wxWindow* parent);
    // The libpq conninfo for what was entered (password included, in memory only).
    std::string conninfo() const;
    // Saves the profile (never the password) under its name.
    void rememberProfile() const;

private:
    void loadProfile(const wxString& name);

    wxComboBox* profile_;
    wxTextCtrl* host_;
    wxTextCtrl* port_;
    wxTextCtrl* database_;
    wxTextCtrl* user_;
    wxTextCtrl* password_;
};

// Quotes a value for a libpq conninfo string.
std::string conninfoValue(const std::string& value);

}  // namespace qm::gui
