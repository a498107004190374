#include "services/reports.hpp"

#include "db/reports.hpp"
#include "model/error.hpp"
#include "model/identifiers.hpp"

#include <algorithm>

namespace qm {
namespace report {

const std::vector<Info>& reports() {
    static const std::vector<Info> all{
        {"status", "fleet by status"},
        {"units", "fleet by unit (devices, issued, in stock, lost or stolen)"},
        {"models", "fleet by model"},
        {"checkin", "devices by days since their last MDM check-in"},
        {"overdue", "devices held longer than --days (default 1095, the refresh cycle)"},
        {"leavers", "leavers still holding devices"},
        {"warranty", "warranties ending within --days (default 90)"},
        {"handovers", "issues and returns per week, --weeks back (default 12)"},
        {"over-policy", "people holding more than --max devices of one kind (default 1)"},
        {"drift", "where the register and the MDM disagree (--days: stale after, default 30)"},
    };
    return all;
}

}  // namespace report

namespace services {

report::Table runReport(Session& session, const std::string& name, report::Options o) {
    const auto& all = report::reports();
    if (std::none_of(all.begin(), all.end(), [&](const report::Info& r) { return name == r.name; }) ||
        name == "drift") {
        std::string names;
        for (const auto& r : all)
            if (std::string(r.name) != "drift") names += (names.empty() ? "" : ", ") + std::string(r.name);
        throw invalid("report", "There is no report called " + quoteInput(name) + "; the reports are " + names + ".");
    }
    auto check = [](int value, int lo, int hi, const char* field, const char* what) {
        if (value < lo || value > hi)
            throw invalid(field, std::string(what) + " must be between " + std::to_string(lo) + " and " +
                                     std::to_string(hi) + ", not " + std::to_string(value) + ".");
    };
    if (o.days == 0) o.days = name == "warranty" ? 90 : 1095;
    if (o.weeks == 0) o.weeks = 12;
    if (o.max == 0) o.max = 1;
    if (o.limit == 0) o.limit = 1000;
    check(o.days, 1, 36500, "days", "The number of days");
    check(o.weeks, 1, 520, "weeks", "The number of weeks");
    check(o.max, 1, 100, "max", "The most devices of a kind");
    check(o.limit, 1, 1000000, "limit", "The row limit");
    return db::runReport(session.db(), name, o);
}

}  // namespace services
}  // namespace qm
