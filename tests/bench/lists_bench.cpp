// qm-bench-lists — the choice of list control for the register, measured: the virtual
// wxListCtrl the console uses (exposed to screen readers by gui/accessibility.cpp) against a
// wxDataViewCtrl with a virtual model (GTK's own tree view, which exposes itself), each with N
// rows: shown (created, filled, painted), jump to the last row, and a new row count (what every
// new search or refresh does). Prints each run and the medians. No database: rows are made up.
//
//   xvfb-run -a qm-bench-lists [ROWS] [RUNS]                 (default 1000000, 5)
//   with a screen reader's bus: dbus-run-session -- xvfb-run -a qm-bench-lists ...
#include "gui/accessibility.hpp"

#include "tests/bench/wx_bench.hpp"

#include <wx/app.h>
#include <wx/dataview.h>
#include <wx/frame.h>
#include <wx/init.h>
#include <wx/listctrl.h>
#include <wx/utils.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

using Clock = std::chrono::steady_clock;


namespace {

wxString cell(unsigned row, unsigned column) { return wxString::Format("R%u C%u", row, column); }

class VirtualList : public wxListCtrl {
public:
    explicit VirtualList(wxWindow* parent)
        : wxListCtrl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxLC_REPORT | wxLC_VIRTUAL | wxLC_SINGLE_SEL) {
        for (int c = 0; c < 8; ++c) AppendColumn(wxString::Format("Column %d", c), wxLIST_FORMAT_LEFT, 120);
        qm::gui::a11y::exposeList(this, "Rows");
    }
    wxString OnGetItemText(long item, long column) const override { return cell(item, column); }
};

class Rows : public wxDataViewVirtualListModel {
public:
    explicit Rows(unsigned n) : wxDataViewVirtualListModel(n) {}
    unsigned GetColumnCount() const override { return 8; }
    wxString GetColumnType(unsigned) const override { return "string"; }
    void GetValueByRow(wxVariant& value, unsigned row, unsigned column) const override { value = cell(row, column); }
    bool SetValueByRow(const wxVariant&, unsigned, unsigned) override { return false; }
};

double since(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

// Lets GTK lay out and paint what is pending.
void settle(wxWindow* w) {
    for (int i = 0; i < 3; ++i) {
        w->Update();
        wxYield();
    }
}

struct Times {
    std::vector<double> show, end, recount;
    void print(const char* what) const {
        std::printf("%-42s show %7.1f ms   end %6.1f ms   new count %7.1f ms\n", what, median(show), median(end),
                    median(recount));
    }
};

}  // namespace

int main(int argc, char** argv) {
    const unsigned rows = argc > 1 ? static_cast<unsigned>(std::atol(argv[1])) : 1000000;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
    if (!startWx(argv[0])) return 1;
    std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each run as it ends
    Times list, view;
    for (int run = 0; run < runs; ++run) {
        {
            auto start = Clock::now();
            auto* frame = new wxFrame(nullptr, wxID_ANY, "list", wxDefaultPosition, wxSize(1200, 800));
            auto* ctrl = new VirtualList(frame);
            ctrl->SetItemCount(rows);
            frame->Show();
            settle(frame);
            list.show.push_back(since(start));
            start = Clock::now();
            ctrl->EnsureVisible(rows - 1);
            settle(frame);
            list.end.push_back(since(start));
            start = Clock::now();
            ctrl->SetItemCount(rows - 1);  // a refresh that finds one device fewer
            ctrl->Refresh();
            qm::gui::a11y::listChanged(ctrl);
            settle(frame);
            list.recount.push_back(since(start));
            frame->Destroy();
            wxYield();
        }
        {
            auto start = Clock::now();
            auto* frame = new wxFrame(nullptr, wxID_ANY, "view", wxDefaultPosition, wxSize(1200, 800));
            auto* ctrl = new wxDataViewCtrl(frame, wxID_ANY);
            wxObjectDataPtr<Rows> model(new Rows(rows));
            ctrl->AssociateModel(model.get());
            // Fixed widths: otherwise GTK leaves fixed-height mode and measures every row.
            for (int c = 0; c < 8; ++c) ctrl->AppendTextColumn(wxString::Format("Column %d", c), c, wxDATAVIEW_CELL_INERT, 120);
            frame->Show();
            settle(frame);
            view.show.push_back(since(start));
            start = Clock::now();
            ctrl->EnsureVisible(model->GetItem(rows - 1));
            settle(frame);
            view.end.push_back(since(start));
            start = Clock::now();
            model->Reset(rows - 1);
            settle(frame);
            view.recount.push_back(since(start));
            frame->Destroy();
            wxYield();
        }
        std::printf("run %d: wxListCtrl show %.1f end %.1f count %.1f | wxDataViewCtrl show %.1f end %.1f count %.1f\n",
                    run + 1, list.show.back(), list.end.back(), list.recount.back(), view.show.back(),
                    view.end.back(), view.recount.back());
    }
    std::printf("medians over %d runs, %u rows:\n", runs, rows);
    list.print("wxListCtrl (virtual) + ATK table");
    view.print("wxDataViewCtrl + wxDataViewVirtualListModel");
    stopWx();
    return 0;
}
