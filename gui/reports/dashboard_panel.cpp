#include "gui/reports/dashboard_panel.hpp"

#include "gui/accessibility.hpp"
#include "gui/main_frame.hpp"  // uiPort()
#include "model/lifecycle.hpp"
#include "services/reports.hpp"

#include <wx/button.h>
#include <wx/datetime.h>
#include <wx/numformatter.h>
#include <wx/sizer.h>

namespace qm::gui {
namespace {

constexpr std::size_t kMostBars = 12;  // units and models: the biggest, the rest left out

wxString u8(const std::string& s) { return wxString::FromUTF8(s); }

std::vector<BarChart::Bar> barsOf(const report::Table& table) {
    std::vector<BarChart::Bar> bars;
    if (table.valueColumn < 0) return bars;
    for (std::size_t i = 0; i < table.rows.size() && bars.size() < kMostBars; ++i) {
        const auto& row = table.rows[i];
        BarChart::Bar b;
        std::string label = row[static_cast<std::size_t>(table.labelColumn)];
        if (table.name == "status") {
            if (auto s = statusFromString(label)) label = std::string(statusLabel(*s));
            b.label = wxGetTranslation(u8(label));
        } else if (table.name == "handovers") {
            // "2026-11-02" as "2 Nov": twelve of them fit under their bars.
            wxDateTime week;
            b.label = week.ParseISODate(u8(label)) ? week.Format("%e %b").Strip(wxString::both) : u8(label);
        } else {
            b.label = label.empty() ? _("(none)") : u8(label);
        }
        const long long value = std::atoll(row[static_cast<std::size_t>(table.valueColumn)].c_str());
        b.value = static_cast<double>(value);
        b.shown = wxNumberFormatter::ToString(static_cast<long>(value), wxNumberFormatter::Style_WithThousandsSep);
        b.search = table.searches[i];
        bars.push_back(std::move(b));
    }
    return bars;
}

}  // namespace

DashboardPanel::DashboardPanel(wxWindow* parent, std::string conninfo)
    : wxScrolledWindow(parent, wxID_ANY), conninfo_(std::move(conninfo)) {
    SetName(_("Dashboard"));
    SetScrollRate(0, FromDIP(12));
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    auto* top = new wxBoxSizer(wxHORIZONTAL);
    refresh_ = new wxButton(this, wxID_ANY, _("&Refresh charts"));
    asOf_ = new a11y::InfoText(this, wxID_ANY, wxEmptyString);
    asOf_->SetForegroundColour(a11y::toneColour(a11y::Tone::Quiet));
    top->Add(refresh_, 0, wxRIGHT | wxALIGN_CENTER_VERTICAL, FromDIP(10));
    top->Add(asOf_, 1, wxALIGN_CENTER_VERTICAL);
    sizer->Add(top, 0, wxEXPAND | wxALL, FromDIP(8));
    auto* grid = new wxFlexGridSizer(2, FromDIP(10), FromDIP(10));
    grid->AddGrowableCol(0, 1);
    grid->AddGrowableCol(1, 1);
    const struct {
        const char* report;
        wxString title;
        BarChart::Layout layout;
    } charts[] = {
        {"status", _("Fleet by status"), BarChart::Layout::Columns},
        {"checkin", _("Last MDM check-in"), BarChart::Layout::Columns},
        {"units", _("Fleet by unit (in service)"), BarChart::Layout::Rows},
        {"models", _("Fleet by model (in service)"), BarChart::Layout::Rows},
        {"handovers", _("Devices issued per week"), BarChart::Layout::Columns},
    };
    for (const auto& c : charts) {
        auto* chart = new BarChart(this, c.title, c.layout);
        chart->SetMinSize(FromDIP(wxSize(300, 230)));
        chart->onActivate([this](const std::string& search) {
            if (search_) search_(search);
        });
        charts_.push_back(chart);
        reports_.emplace_back(c.report);
        grid->Add(chart, 1, wxEXPAND);
    }
    sizer->Add(grid, 1, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(8));
    SetSizer(sizer);
    FitInside();  // scrolls to the charts below the window's edge
    refresh_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { refresh(); });
}

DashboardPanel::~DashboardPanel() {
    alive_.reset();
    worker_.reset();  // finishes the report in hand and joins
}

void DashboardPanel::refresh() {
    if (!worker_) worker_ = std::make_unique<services::Background>(conninfo_, uiPort());
    loaded_ = true;
    worker_->cancelPending();
    asOf_->SetLabelText(_("Counting\u2026"));
    std::weak_ptr<int> alive = alive_;
    for (std::size_t i = 0; i < charts_.size(); ++i) {
        BarChart* chart = charts_[i];
        chart->setMessage(_("Loading\u2026"));
        const bool last = i + 1 == charts_.size();
        worker_->post(
            [this, alive, chart, last, name = reports_[i], ui = &uiPort()](services::Session& session) {
                report::Table table = services::runReport(session, name, report::Options{});
                ui->callAfter([this, alive, chart, last, table = std::move(table)] {
                    if (alive.expired()) return;
                    chart->setBars(barsOf(table));
                    if (last)
                        asOf_->SetLabelText(wxString::Format(_("As of %s. Click a bar, or press Enter on it, to list "
                                                               "its devices."),
                                                             wxDateTime::Now().FormatTime()));
                });
            },
            [alive, chart](const Error& e) {
                if (!alive.expired()) chart->setMessage(u8(e.what()));
            });
    }
}

}  // namespace qm::gui
