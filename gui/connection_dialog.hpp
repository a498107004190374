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

// PasswordDialog — the password alone, when the console was told where the register is (--db,
// or QM_DB pushed to the desk by policy) and the server asks for a password that string does
// not hold, or refused the one typed.
class PasswordDialog : public wxDialog {
public:
    // `login` may be "" (libpq then signs in with the account's name); `refused` says the
    // password typed before was not accepted.
    PasswordDialog(wxWindow* parent, const std::string& login, bool refused);
    std::string password() const;

private:
    wxTextCtrl* password_;
};

// Quotes a value for a libpq conninfo string.
std::string conninfoValue(const std::string& value);

}  // namespace qm::gui
