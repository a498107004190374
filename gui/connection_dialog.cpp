#include "gui/connection_dialog.hpp"

#include "gui/accessibility.hpp"

#include <wx/button.h>
#include <wx/combobox.h>
#include <wx/config.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/valtext.h>

namespace qm::gui {

std::string conninfoValue(const std::string& value) {
    std::string out = "'";
    for (char c : value) {
        if (c == '\'' || c == '\\') out += '\\';
        out += c;
    }
    return out + "'";
}

ConnectionDialog::ConnectionDialog(wxWindow* parent)
    : wxDialog(parent, wxID_ANY, _("Connect to the register \u2014 Quartermaster")) {
    SetName(_("Connect to the register"));
    auto* grid = new wxFlexGridSizer(2, FromDIP(wxSize(8, 6)));
    grid->AddGrowableCol(1);
    auto field = [&](const wxString& label, wxWindow* control) {
        auto* text = new wxStaticText(this, wxID_ANY, label);
        text->MoveBeforeInTabOrder(control);  // so wxGTK ties the label (and its mnemonic) to it
        a11y::labelFor(text, control);
        grid->Add(text, 0, wxALIGN_CENTER_VERTICAL);
        grid->Add(control, 1, wxEXPAND);
    };
    profile_ = new wxComboBox(this, wxID_ANY);
    host_ = new wxTextCtrl(this, wxID_ANY);
    host_->SetHint(_("server name, or socket folder such as /var/run/postgresql"));
    port_ = new wxTextCtrl(this, wxID_ANY, "5432");
    database_ = new wxTextCtrl(this, wxID_ANY, "quartermaster");
    user_ = new wxTextCtrl(this, wxID_ANY, wxGetUserId());
    password_ = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize, wxTE_PASSWORD);
    field(_("&Profile:"), profile_);
    field(_("&Server:"), host_);
    field(_("Po&rt:"), port_);
    field(_("&Database:"), database_);
    field(_("&Login:"), user_);
    field(_("Pass&word:"), password_);

    auto* top = new wxBoxSizer(wxVERTICAL);
    top->Add(new a11y::InfoText(this, wxID_ANY, _("Sign in with your own desk login.")), 0, wxALL, FromDIP(10));
    top->Add(grid, 1, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(10));
    top->Add(CreateSeparatedButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, FromDIP(10));
    SetSizerAndFit(top);
    SetMinSize(FromDIP(wxSize(460, -1)));
    if (auto* ok = FindWindow(wxID_OK)) static_cast<wxButton*>(ok)->SetLabel(_("C&onnect"));  // Alt+C is Cancel
    if (auto* cancel = FindWindow(wxID_CANCEL)) static_cast<wxButton*>(cancel)->SetLabel(_("Cancel"));

    wxConfigBase* config = wxConfigBase::Get();
    config->SetPath("/Profiles");
    wxString name;
    long cookie = 0;
    for (bool more = config->GetFirstGroup(name, cookie); more; more = config->GetNextGroup(name, cookie))
        profile_->Append(name);
    config->SetPath("/");
    wxString last = config->Read("/LastProfile", wxEmptyString);
    if (!last.empty()) {
        profile_->SetValue(last);
        loadProfile(last);
    }
    profile_->Bind(wxEVT_COMBOBOX, [this](wxCommandEvent&) { loadProfile(profile_->GetValue()); });
    password_->SetFocus();
}

void ConnectionDialog::loadProfile(const wxString& name) {
    wxConfigBase* config = wxConfigBase::Get();
    const wxString base = "/Profiles/" + name + "/";
    host_->SetValue(config->Read(base + "Host", host_->GetValue()));
    port_->SetValue(config->Read(base + "Port", port_->GetValue()));
    database_->SetValue(config->Read(base + "Database", database_->GetValue()));
    user_->SetValue(config->Read(base + "User", user_->GetValue()));
}

void ConnectionDialog::rememberProfile() const {
    wxString name = profile_->GetValue().Strip(wxString::both);
    if (name.empty()) name = user_->GetValue() + "@" + (host_->GetValue().empty() ? "local" : host_->GetValue());
    name.Replace("/", "_");
    wxConfigBase* config = wxConfigBase::Get();
    const wxString base = "/Profiles/" + name + "/";
    config->Write(base + "Host", host_->GetValue());
    config->Write(base + "Port", port_->GetValue());
    config->Write(base + "Database", database_->GetValue());
    config->Write(base + "User", user_->GetValue());
    config->Write("/LastProfile", name);
    config->Flush();
}

std::string ConnectionDialog::conninfo() const {
    auto v = [](const wxTextCtrl* c) { return c->GetValue().Strip(wxString::both).ToStdString(wxConvUTF8); };
    std::string info;
    if (!v(host_).empty()) info += "host=" + conninfoValue(v(host_)) + " ";
    if (!v(port_).empty()) info += "port=" + conninfoValue(v(port_)) + " ";
    if (!v(database_).empty()) info += "dbname=" + conninfoValue(v(database_)) + " ";
    if (!v(user_).empty()) info += "user=" + conninfoValue(v(user_)) + " ";
    const std::string password = password_->GetValue().ToStdString(wxConvUTF8);
    if (!password.empty()) info += "password=" + conninfoValue(password) + " ";
    return info + "application_name=quartermaster";
}

PasswordDialog::PasswordDialog(wxWindow* parent, const std::string& login, bool refused)
    : wxDialog(parent, wxID_ANY, _("Sign in \u2014 Quartermaster")) {
    SetName(_("Sign in"));
    const wxString who = login.empty() ? _("your login") : wxString::Format(_("login %s"), wxString::FromUTF8(login));
    const wxString message =
        refused ? wxString::Format(_("The register did not accept that password for %s. Type it again."), who)
                : wxString::Format(_("The register asks for the password of %s."), who);
    password_ = new wxTextCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize, wxTE_PASSWORD);
    auto* label = new wxStaticText(this, wxID_ANY, _("Pass&word:"));
    label->MoveBeforeInTabOrder(password_);
    a11y::labelFor(label, password_);
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    row->Add(label, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, FromDIP(8));
    row->Add(password_, 1, wxEXPAND);

    auto* top = new wxBoxSizer(wxVERTICAL);
    top->Add(new a11y::InfoText(this, wxID_ANY, message), 0, wxALL, FromDIP(10));
    top->Add(row, 0, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(10));
    top->Add(CreateSeparatedButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, FromDIP(10));
    SetSizerAndFit(top);
    SetMinSize(FromDIP(wxSize(420, -1)));
    if (auto* ok = FindWindow(wxID_OK)) static_cast<wxButton*>(ok)->SetLabel(_("&Sign in"));
    if (auto* cancel = FindWindow(wxID_CANCEL)) static_cast<wxButton*>(cancel)->SetLabel(_("Cancel"));
    password_->SetFocus();
}

std::string PasswordDialog::password() const { return password_->GetValue().ToStdString(wxConvUTF8); }

}  // namespace qm::gui
