// RegisterPanel — the console's Register view: the saved searches on the left; on the right the
// search bar that takes the search language (DESIGN.md §8) with history, completion of field
// names and values, and the parse error shown under it as you type; then the device list with
// its column chooser; and the export of whatever the list shows.
//
// Typing never blocks the window: parsing is pure and immediate, the search runs on the
// worker once typing pauses (or at Enter), and a scanned asset tag, serial or IMEI jumps
// straight to its device.
#pragma once

#include "gui/register/device_list_ctrl.hpp"
#include "gui/register/device_list_presenter.hpp"
#include "gui/wrapped_text.hpp"
#include "model/search_results.hpp"
#include "services/background.hpp"

#include <wx/listctrl.h>
#include <wx/panel.h>
#include <wx/stattext.h>
#include <wx/srchctrl.h>
#include <wx/timer.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

class wxButton;

namespace qm::gui {

class RegisterPanel : public wxPanel {
public:
    RegisterPanel(wxWindow* parent, services::Background& worker);
    ~RegisterPanel() override;

    void setPresenter(std::shared_ptr<DeviceListPresenter> presenter);
    wxSearchCtrl* searchBox() const { return search_; }
    DeviceListCtrl* list() const { return list_; }
    wxListCtrl* savedList() const { return saved_; }
    WrappedText* problemLine() const { return problem_; }

    // Puts `text` in the search bar and runs it now (a saved search, a dashboard bar).
    void runSearch(const wxString& text);
    // The presenter's first page of a search: the summary line, and the jump for a scan.
    void searchArrived(const services::SearchPage& first);
    // Reloads the saved searches and the completion values (after signing in).
    void reload();
    void saveSearch();
    void deleteSavedSearch();
    // Writes every row the list shows (all columns) to a CSV or JSON file, with progress.
    void exportResults(const std::string& conninfo);

    // A scan found its device: the frame shows it in the detail pane.
    void onScanned(std::function<void(const std::string& assetTag)> fn) { scanned_ = std::move(fn); }
    // A sentence for the status bar.
    void onStatus(std::function<void(const wxString&)> fn) { status_ = std::move(fn); }

private:
    void onText();
    void runNow();
    void remember(const wxString& text);
    void rebuildHistoryMenu();
    void showSaved(std::vector<search::SavedSearch> saved);

    services::Background& worker_;
    std::shared_ptr<DeviceListPresenter> presenter_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
    wxListCtrl* saved_ = nullptr;
    wxButton* save_ = nullptr;
    wxButton* delete_ = nullptr;
    wxSearchCtrl* search_ = nullptr;
    WrappedText* problem_ = nullptr;
    wxStaticText* summary_ = nullptr;
    DeviceListCtrl* list_ = nullptr;
    wxTimer pause_;                    // runs the search once typing pauses
    wxString running_;                 // the search the list shows
    bool scanPending_ = false;         // Enter on something shaped like a scan
    std::vector<wxString> history_;    // most recent first
    std::vector<search::SavedSearch> savedSearches_;
    std::shared_ptr<std::vector<std::string>> models_ = std::make_shared<std::vector<std::string>>();
    std::shared_ptr<std::vector<std::string>> units_ = std::make_shared<std::vector<std::string>>();
    std::unique_ptr<services::Background> exportJob_;  // an export in progress
    std::shared_ptr<std::atomic<bool>> exportCancel_;
    std::function<void(const std::string&)> scanned_;
    std::function<void(const wxString&)> status_;
};

}  // namespace qm::gui
