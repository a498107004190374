#include "gui/register/register_panel.hpp"

#include "gui/accessibility.hpp"
#include "gui/main_frame.hpp"  // uiPort()
#include "gui/wrapped_text.hpp"
#include "model/search_query.hpp"
#include "services/search/export.hpp"
#include "services/search/search.hpp"

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/config.h>
#include <wx/dialog.h>
#include <wx/filedlg.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/numformatter.h>
#include <wx/progdlg.h>
#include <wx/sizer.h>
#include <wx/textcompleter.h>
#include <wx/textctrl.h>

#include <algorithm>
#include <atomic>

namespace qm::gui {
namespace {

constexpr int kPauseMs = 450;
constexpr std::size_t kHistory = 15;
constexpr int kHistoryFirstId = wxID_HIGHEST + 500;
constexpr const char* kHistorySetting = "Register/History";

wxString u8(const std::string& s) { return wxString::FromUTF8(s); }

// Completes the word being typed: a field name ("sta" -> "status:") or, after "status:",
// "model:" or "unit:", the field's values (quoted when they hold a space).
class SearchCompleter : public wxTextCompleterSimple {
public:
    SearchCompleter(std::shared_ptr<std::vector<std::string>> models, std::shared_ptr<std::vector<std::string>> units)
        : models_(std::move(models)), units_(std::move(units)) {}

    void GetCompletions(const wxString& prefix, wxArrayString& out) override {
        const std::string text = prefix.ToStdString(wxConvUTF8);
        // The word being typed starts after the last space outside quotes.
        std::size_t start = 0;
        bool quoted = false;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '"') quoted = !quoted;
            else if ((text[i] == ' ' || text[i] == '(') && !quoted) start = i + 1;
        }
        const std::string before = text.substr(0, start);
        std::string word = text.substr(start);
        bool negated = !word.empty() && word[0] == '-';
        if (negated) word.erase(0, 1);
        const std::string sign = negated ? "-" : "";
        auto lower = [](std::string s) {
            for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            return s;
        };
        const auto colon = word.find(':');
        if (colon == std::string::npos) {
            if (word.empty()) return;
            for (const auto& f : search::fieldNames())
                if (f.rfind(lower(word), 0) == 0) out.Add(u8(before + sign + f + ":"));
            return;
        }
        const std::string field = lower(word.substr(0, colon));
        std::string typed = word.substr(colon + 1);
        if (!typed.empty() && typed[0] == '"') typed.erase(0, 1);
        std::vector<std::string> values;
        if (field == "model") values = *models_;
        else if (field == "unit") values = *units_;
        else
            for (std::size_t i = 0; i < search::fieldNames().size(); ++i)
                if (search::fieldNames()[i] == field) values = search::fieldValues(static_cast<search::Field>(i + 1));
        for (const auto& v : values) {
            if (lower(v).find(lower(typed)) == std::string::npos) continue;
            const bool quote = v.find(' ') != std::string::npos;
            out.Add(u8(before + sign + word.substr(0, colon + 1) + (quote ? "\"" + v + "\"" : v)));
        }
    }

private:
    std::shared_ptr<std::vector<std::string>> models_, units_;
};

// Name and sharing of a search to save.
class SaveSearchDialog : public wxDialog {
public:
    explicit SaveSearchDialog(wxWindow* parent, const wxString& query) : wxDialog(parent, wxID_ANY, _("Save search")) {
        auto* sizer = new wxBoxSizer(wxVERTICAL);
        auto* shows = new a11y::InfoText(this, wxID_ANY, wxString::Format(_("Search: %s"), query));
        auto* label = new wxStaticText(this, wxID_ANY, _("&Name:"));
        name_ = new wxTextCtrl(this, wxID_ANY);
        a11y::labelFor(label, name_);
        shared_ = new wxCheckBox(this, wxID_ANY, _("&Share with every desk"));
        sizer->Add(shows, 0, wxALL, FromDIP(10));
        sizer->Add(label, 0, wxLEFT | wxRIGHT, FromDIP(10));
        sizer->Add(name_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(10));
        sizer->Add(shared_, 0, wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(10));
        sizer->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, FromDIP(10));
        SetSizerAndFit(sizer);
        SetMinSize(FromDIP(wxSize(380, -1)));
        Fit();
        name_->SetFocus();
    }
    std::string name() const { return name_->GetValue().ToStdString(wxConvUTF8); }
    bool shared() const { return shared_->GetValue(); }

private:
    wxTextCtrl* name_;
    wxCheckBox* shared_;
};

}  // namespace

RegisterPanel::RegisterPanel(wxWindow* parent, services::Background& worker)
    : wxPanel(parent, wxID_ANY), worker_(worker), pause_(this) {
    SetName(_("Register"));
    auto* columns = new wxBoxSizer(wxHORIZONTAL);

    // Saved searches: the login's own and the shared ones.
    auto* side = new wxBoxSizer(wxVERTICAL);
    auto* savedLabel = new wxStaticText(this, wxID_ANY, _("Sa&ved searches"));
    saved_ = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, FromDIP(wxSize(200, -1)),
                            wxLC_REPORT | wxLC_SINGLE_SEL);
    saved_->AppendColumn(_("Name"), wxLIST_FORMAT_LEFT, FromDIP(190));
    a11y::labelFor(savedLabel, saved_);
    a11y::exposeList(saved_, _("Saved searches"));
    save_ = new wxButton(this, wxID_ANY, _("Save search\u2026"));
    delete_ = new wxButton(this, wxID_ANY, _("Delete"));
    a11y::setName(delete_, _("Delete saved search"));
    side->Add(savedLabel, 0, wxLEFT | wxTOP, FromDIP(6));
    side->Add(saved_, 1, wxEXPAND | wxALL, FromDIP(6));
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    buttons->Add(save_, 1, wxRIGHT, FromDIP(4));
    buttons->Add(delete_, 1);
    side->Add(buttons, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(6));

    auto* main = new wxBoxSizer(wxVERTICAL);
    search_ = new wxSearchCtrl(this, wxID_ANY, wxEmptyString, wxDefaultPosition, wxDefaultSize, wxTE_PROCESS_ENTER);
    search_->SetDescriptiveText(_("Search: galaxy status:issued unit:\"Central West\" lastseen>30d, or scan a tag"));
    a11y::setName(search_, _("Search the register"));
    a11y::setDescription(search_, _("Free words, field:value terms, OR, a leading minus to exclude; Enter searches now"));
    search_->SetToolTip(_("Search the register (Ctrl+F). Fields: status model maker kind unit holder staff imei serial "
                          "tag phone os compliance hold lastseen issued warranty"));
    search_->ShowCancelButton(true);
    search_->AutoComplete(new SearchCompleter(models_, units_));
    problem_ = new WrappedText(this, this, FromDIP(290));  // beside the saved searches
    problem_->SetForegroundColour(a11y::toneColour(a11y::Tone::Problem));
    a11y::setName(problem_, _("Search problem"));
    a11y::markAsNotification(problem_);
    summary_ = new a11y::InfoText(this, wxID_ANY, wxEmptyString);
    summary_->SetForegroundColour(a11y::toneColour(a11y::Tone::Quiet));
    list_ = new DeviceListCtrl(this, wxID_ANY);
    main->Add(search_, 0, wxEXPAND | wxALL, FromDIP(6));
    main->Add(problem_, 0, wxEXPAND | wxLEFT | wxRIGHT, FromDIP(8));
    main->Add(summary_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(8));
    main->Add(list_, 1, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(6));
    problem_->Hide();

    columns->Add(side, 0, wxEXPAND);
    columns->Add(main, 1, wxEXPAND);
    SetSizer(columns);

    wxString saved;
    if (wxConfigBase* config = wxConfigBase::Get(false)) config->Read(kHistorySetting, &saved);
    for (const wxString& line : wxSplit(saved, '\n'))
        if (!line.empty() && history_.size() < kHistory) history_.push_back(line);
    rebuildHistoryMenu();

    search_->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { onText(); });
    search_->Bind(wxEVT_TEXT_ENTER, [this](wxCommandEvent&) {
        scanPending_ = true;
        runNow();
    });
    search_->Bind(wxEVT_SEARCHCTRL_SEARCH_BTN, [this](wxCommandEvent&) { runNow(); });
    search_->Bind(wxEVT_SEARCHCTRL_CANCEL_BTN, [this](wxCommandEvent&) { runSearch(wxEmptyString); });
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { runNow(); }, pause_.GetId());
    Bind(wxEVT_MENU, [this](wxCommandEvent& e) {
        const std::size_t i = static_cast<std::size_t>(e.GetId() - kHistoryFirstId);
        if (i < history_.size()) runSearch(history_[i]);
    }, kHistoryFirstId, kHistoryFirstId + static_cast<int>(kHistory));
    saved_->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent& e) {
        const long i = e.GetIndex();
        if (i >= 0 && static_cast<std::size_t>(i) < savedSearches_.size())
            runSearch(u8(savedSearches_[static_cast<std::size_t>(i)].query));
    });
    save_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { saveSearch(); });
    delete_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { deleteSavedSearch(); });
}

RegisterPanel::~RegisterPanel() {
    alive_.reset();
    pause_.Stop();
    if (exportCancel_) exportCancel_->store(true);
    exportJob_.reset();  // the export stops after its current page; its file is removed
}

void RegisterPanel::setPresenter(std::shared_ptr<DeviceListPresenter> presenter) {
    presenter_ = std::move(presenter);
    list_->setPresenter(presenter_);
}

void RegisterPanel::onText() {
    const wxString text = search_->GetValue();
    auto parsed = search::parse(text.ToStdString(wxConvUTF8));
    if (parsed.error) {
        problem_->setText(u8(parsed.error->message));
        if (!problem_->IsShown()) {
            problem_->Show();
            Layout();
        }
        a11y::announce(problem_);
        pause_.Stop();
        return;
    }
    if (problem_->IsShown()) {
        problem_->Hide();
        Layout();
    }
    pause_.StartOnce(kPauseMs);
}

void RegisterPanel::runSearch(const wxString& text) {
    pause_.Stop();
    search_->ChangeValue(text);
    scanPending_ = true;  // a report's asset tag opens its device, as a scan does
    if (problem_->IsShown()) {
        problem_->Hide();
        Layout();
    }
    runNow();
}

void RegisterPanel::runNow() {
    pause_.Stop();
    if (!presenter_) return;
    const wxString text = search_->GetValue().Strip(wxString::both);
    auto parsed = search::parse(text.ToStdString(wxConvUTF8));
    if (parsed.error) {
        onText();  // shows the problem; nothing runs
        wxBell();
        return;
    }
    if (text == running_ && !scanPending_) return;
    running_ = text;
    if (parsed.query->empty()) {
        summary_->SetLabelText(wxEmptyString);
        presenter_->setSearch(std::nullopt);
        return;
    }
    summary_->SetLabelText(_("Searching\u2026"));
    remember(text);
    presenter_->setSearch(std::move(parsed.query));
}

void RegisterPanel::searchArrived(const services::SearchPage& first) {
    const search::Count& c = first.count;
    const wxString n = wxNumberFormatter::ToString(static_cast<long>(c.rows), wxNumberFormatter::Style_WithThousandsSep);
    wxString line;
    if (first.scanned) line = _("Scanned: the device with that asset tag, serial, IMEI or MDM id.");
    else if (c.moreThan) line = wxString::Format(_("More than %s devices match; the list grows as you scroll."), n);
    else if (c.estimated) line = wxString::Format(_("About %s devices match; the list grows as you scroll."), n);
    else line = wxString::Format(wxPLURAL("%s device matches.", "%s devices match.", c.rows), n);
    summary_->SetLabelText(line);
    if (first.scanned && scanPending_ && !first.rows.empty()) {
        list_->SetItemState(0, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
        if (scanned_) scanned_(first.rows.front().assetTag);
        // Ready for the next scan.
        search_->SelectAll();
    }
    scanPending_ = false;
}

void RegisterPanel::remember(const wxString& text) {
    history_.erase(std::remove(history_.begin(), history_.end(), text), history_.end());
    history_.insert(history_.begin(), text);
    if (history_.size() > kHistory) history_.resize(kHistory);
    if (wxConfigBase* config = wxConfigBase::Get(false)) {
        wxString all;
        for (const auto& h : history_) all += (all.empty() ? "" : "\n") + h;
        config->Write(kHistorySetting, all);
    }
    rebuildHistoryMenu();
}

void RegisterPanel::rebuildHistoryMenu() {
    auto* menu = new wxMenu;
    if (history_.empty()) menu->Append(wxID_NONE, _("No recent searches"))->Enable(false);
    for (std::size_t i = 0; i < history_.size(); ++i) {
        wxString label = history_[i];
        label.Replace("&", "&&");
        menu->Append(kHistoryFirstId + static_cast<int>(i), label);
    }
    search_->SetMenu(menu);  // takes ownership
}

void RegisterPanel::reload() {
    std::weak_ptr<int> alive = alive_;
    worker_.post([this, alive, models = models_, units = units_, ui = &worker_.ui()](services::Session& session) {
        auto saved = services::savedSearches(session);
        auto modelNames = services::modelNames(session);
        auto unitNames = services::unitNames(session);
        ui->callAfter([this, alive, models, units, saved = std::move(saved), modelNames = std::move(modelNames),
                       unitNames = std::move(unitNames)]() mutable {
            *models = std::move(modelNames);  // the completer reads these on the UI thread
            *units = std::move(unitNames);
            if (!alive.expired()) showSaved(std::move(saved));
        });
    });
}

void RegisterPanel::showSaved(std::vector<search::SavedSearch> saved) {
    savedSearches_ = std::move(saved);
    saved_->DeleteAllItems();
    for (const auto& s : savedSearches_) {
        wxString label = u8(s.name);
        if (!s.mine) label += wxString::Format(_(" (shared by %s)"), u8(s.owner));
        else if (s.shared) label += _(" (shared)");
        saved_->InsertItem(saved_->GetItemCount(), label);
    }
    a11y::listChanged(saved_);
    delete_->Enable(!savedSearches_.empty());
}

void RegisterPanel::saveSearch() {
    const wxString query = search_->GetValue().Strip(wxString::both);
    if (query.empty()) {
        if (status_) status_(_("Type a search first, then save it."));
        search_->SetFocus();
        return;
    }
    SaveSearchDialog dialog(wxGetTopLevelParent(this), query);
    if (dialog.ShowModal() != wxID_OK) return;
    std::weak_ptr<int> alive = alive_;
    const std::string name = dialog.name(), text = query.ToStdString(wxConvUTF8);
    const bool shared = dialog.shared();
    worker_.post(
        [this, alive, name, text, shared, ui = &worker_.ui()](services::Session& session) {
            services::saveSearch(session, name, text, shared);
            auto saved = services::savedSearches(session);
            ui->callAfter([this, alive, name, saved = std::move(saved)]() mutable {
                if (alive.expired()) return;
                showSaved(std::move(saved));
                if (status_) status_(wxString::Format(_("Saved the search \u201c%s\u201d."), u8(name)));
            });
        },
        [this, alive](const Error& e) {
            if (!alive.expired() && status_) status_(u8(e.what()));
        });
}

void RegisterPanel::deleteSavedSearch() {
    const long i = saved_->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
    if (i < 0 || static_cast<std::size_t>(i) >= savedSearches_.size()) {
        if (status_) status_(_("Choose a saved search to delete."));
        saved_->SetFocus();
        return;
    }
    const search::SavedSearch chosen = savedSearches_[static_cast<std::size_t>(i)];
    if (!chosen.mine) {
        if (status_) status_(wxString::Format(_("Only %s can delete that search."), u8(chosen.owner)));
        return;
    }
    std::weak_ptr<int> alive = alive_;
    worker_.post(
        [this, alive, name = chosen.name, ui = &worker_.ui()](services::Session& session) {
            services::deleteSavedSearch(session, name);
            auto saved = services::savedSearches(session);
            ui->callAfter([this, alive, name, saved = std::move(saved)]() mutable {
                if (alive.expired()) return;
                showSaved(std::move(saved));
                if (status_) status_(wxString::Format(_("Deleted the saved search \u201c%s\u201d."), u8(name)));
            });
        },
        [this, alive](const Error& e) {
            if (!alive.expired() && status_) status_(u8(e.what()));
        });
}

void RegisterPanel::exportResults(const std::string& conninfo) {
    if (!presenter_) return;
    if (exportJob_) {
        if (status_) status_(_("An export is already running."));
        return;
    }
    wxFileDialog chooser(wxGetTopLevelParent(this), _("Export the list"), wxEmptyString, "devices.csv",
                         _("CSV for Excel (*.csv)|*.csv|CSV (*.csv)|*.csv|JSON (*.json)|*.json"),
                         wxFD_SAVE | wxFD_OVERWRITE_PROMPT);
    if (chooser.ShowModal() != wxID_OK) return;
    services::ExportRequest request;
    request.query = presenter_->search().value_or(search::Query{});
    request.sort = presenter_->sort();
    request.json = chooser.GetFilterIndex() == 2;
    request.byteOrderMark = chooser.GetFilterIndex() == 0;
    const std::string path = chooser.GetPath().ToStdString(wxConvUTF8);
    const long long expected = presenter_->rowCount();

    // Its own connection and thread: a long export must not hold up the desk's hand-overs.
    auto cancelled = exportCancel_ = std::make_shared<std::atomic<bool>>(false);
    auto* progress = new wxProgressDialog(_("Exporting"), _("Writing the devices\u2026"), 100,
                                          wxGetTopLevelParent(this),
                                          wxPD_CAN_ABORT | wxPD_APP_MODAL | wxPD_ELAPSED_TIME | wxPD_AUTO_HIDE);
    exportJob_ = std::make_unique<services::Background>(conninfo, uiPort());
    std::weak_ptr<int> alive = alive_;
    // On the UI thread, once: the dialog goes, and so does the job's thread (joined from here).
    auto finish = [this, alive, progress](const wxString& message) {
        if (alive.expired()) return;  // the window went, and the dialog with it
        progress->Destroy();
        CallAfter([this, alive] {
            if (!alive.expired()) exportJob_.reset();
        });
        if (status_) status_(message);
    };
    exportJob_->post(
        [request, path, expected, cancelled, progress, alive, finish, ui = &uiPort()](services::Session& session) {
            const long long rows = services::exportSearchResults(session, request, path, [&](long long written) {
                ui->callAfter([progress, alive, cancelled, written, expected] {
                    if (alive.expired() || cancelled->load()) return;
                    const int percent =
                        expected > 0 ? static_cast<int>(std::min<long long>(99, written * 100 / expected)) : 50;
                    const wxString done = wxNumberFormatter::ToString(static_cast<long>(written),
                                                                      wxNumberFormatter::Style_WithThousandsSep);
                    if (!progress->Update(percent, wxString::Format(_("%s devices written\u2026"), done)))
                        cancelled->store(true);
                });
                return !cancelled->load();
            });
            ui->callAfter([finish, rows, path] {
                finish(wxString::Format(wxPLURAL("Exported %s device to %s.", "Exported %s devices to %s.", rows),
                                        wxNumberFormatter::ToString(static_cast<long>(rows),
                                                                    wxNumberFormatter::Style_WithThousandsSep),
                                        u8(path)));
            });
        },
        [finish](const Error& e) { finish(u8(e.what()) + _(" Nothing was written.")); });
}

}  // namespace qm::gui
