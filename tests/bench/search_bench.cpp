// qm-bench-search — measures the search language on a seeded register and prints medians,
// 95th percentiles and the ratio to a plain ILIKE scan over the same columns, measured in the
// same run (budgets in issue 9 and DESIGN.md §9; results go to docs/performance.md).
//
//   qm-bench-search CONNINFO [terms] [baseline-terms]
//
// Terms are pieces (3 to 8 characters) of real values picked at random from the register:
// holders' surnames, serials, IMEIs, phone numbers and asset tags, as a desk would type them.
// Each search is the first 200 rows in asset-tag order with its count, as the console shows it.
#include "db/search.hpp"
#include "services/reports.hpp"
#include "services/search/search.hpp"
#include "tests/bench/bench_stats.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

using qm::bench::Clock;

namespace {

using qm::bench::since;
using qm::bench::Stats;
using qm::bench::summarise;

// Values sampled from the register (the bench, like a test, may read the database directly).
std::vector<std::string> sample(qm::services::Session& s, const std::string& sql) {
    std::vector<std::string> out;
    soci::rowset<std::string> rows = s.db().sql().prepare << sql;
    for (const auto& r : rows) out.push_back(r);
    return out;
}

std::string piece(const std::string& v, std::size_t length, std::mt19937& random) {
    if (v.size() <= length) return v;
    std::uniform_int_distribution<std::size_t> at(0, v.size() - length);
    return v.substr(at(random), length);
}

// The naive way: ILIKE over every column a free word covers, no trigram index to help.
constexpr const char* kPlainIlike =
    "select d.id, d.asset_tag from device d"
    " left join custody c on c.device_id = d.id and c.returned_at is null"
    " left join person p on p.id = c.person_id"
    " where d.asset_tag ilike :p or d.serial ilike :p or d.imei ilike :p or d.imei2 ilike :p or d.phone ilike :p"
    " or p.name ilike :p or p.staff_no ilike :p"
    " order by d.asset_tag limit 200";

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: qm-bench-search CONNINFO [terms] [baseline-terms]\n");
        return 2;
    }
    const int terms = argc > 2 ? std::atoi(argv[2]) : 200;
    const int baselineTerms = argc > 3 ? std::atoi(argv[3]) : 12;
    try {
        qm::services::Session session(argv[1], qm::services::Access::Desk);
        std::mt19937 random(9);
        const std::string pick = " order by random() limit " + std::to_string(terms);
        session.db().execScript("select setseed(0.9)");
        // Plain-ASCII surnames: a piece cut from "Zieliński" could split a character.
        auto surnames = sample(session, "select split_part(name, ' ', 2) from person where name like '% %'"
                                        " and name ~ '^[ -~]*$'" + pick);
        auto serials = sample(session, "select serial from device tablesample system (1)" + pick);
        auto imeis = sample(session, "select imei from device tablesample system (1) where imei is not null" + pick);
        auto phones = sample(session, "select phone from device tablesample system (1) where phone is not null" + pick);
        auto tags = sample(session, "select asset_tag from device tablesample system (1)" + pick);

        struct Kind {
            const char* name;
            std::vector<std::string> queries;
        };
        std::vector<Kind> kinds{{"holder surname (4-6 chars)", {}}, {"serial piece (4-5)", {}},
                                {"IMEI piece (6-8, after the TAC)", {}}, {"phone piece (6)", {}},
                                {"asset tag piece (5-7)", {}}};
        for (int i = 0; i < terms; ++i) {
            if (i < static_cast<int>(surnames.size()))
                kinds[0].queries.push_back(piece(surnames[i], 4 + random() % 3, random));
            if (i < static_cast<int>(serials.size())) kinds[1].queries.push_back(piece(serials[i], 4 + random() % 2, random));
            if (i < static_cast<int>(imeis.size()))
                kinds[2].queries.push_back(imeis[i].substr(8 - random() % 3, 6 + random() % 3));
            if (i < static_cast<int>(phones.size())) kinds[3].queries.push_back(phones[i].substr(5, 6));
            if (i < static_cast<int>(tags.size())) kinds[4].queries.push_back(tags[i].substr(tags[i].size() - 5 - random() % 3));
        }

        std::printf("%-34s %6s %10s %10s %10s %12s\n", "free word", "terms", "median ms", "p95 ms", "max ms",
                    "median rows");
        std::vector<double> all;
        std::vector<std::string> everyTerm;
        for (auto& kind : kinds) {
            std::vector<double> ms;
            std::vector<double> rows;
            for (const auto& text : kind.queries) {
                everyTerm.push_back(text);
                const auto query = qm::search::parseOrThrow("\"" + text + "\"");
                auto t = Clock::now();
                auto page = qm::services::searchDevices(session, query, {}, std::nullopt, 200);
                ms.push_back(since(t));
                const auto& count = page.count;
                rows.push_back(static_cast<double>(count.rows));
            }
            auto s = summarise(ms);
            all.insert(all.end(), ms.begin(), ms.end());
            std::printf("%-34s %6zu %10.2f %10.2f %10.2f %12.0f\n", kind.name, ms.size(), s.median, s.p95, s.max,
                        summarise(rows).median);
        }
        const Stats searchAll = summarise(all);
        std::printf("%-34s %6zu %10.2f %10.2f %10.2f\n", "all free words", all.size(), searchAll.median,
                    searchAll.p95, searchAll.max);

        // The same kind of terms through a plain ILIKE scan (slow: a few of them only).
        std::vector<double> plain;
        std::shuffle(everyTerm.begin(), everyTerm.end(), random);
        for (int i = 0; i < baselineTerms && i < static_cast<int>(everyTerm.size()); ++i) {
            std::string pattern = "%" + qm::search::escapeLike(everyTerm[i]) + "%";
            auto t = Clock::now();
            soci::rowset<soci::row> rows = (session.db().sql().prepare << kPlainIlike, soci::use(pattern, "p"));
            long long n = 0;
            for (auto it = rows.begin(); it != rows.end(); ++it) ++n;
            plain.push_back(since(t));
        }
        const Stats base = summarise(plain);
        std::printf("%-34s %6zu %10.2f %10.2f %10.2f\n", "plain ILIKE '%term%' (same columns)", plain.size(),
                    base.median, base.p95, base.max);
        std::printf("speed-up: median %.0fx, p95 %.0fx (plain ILIKE / search)\n",
                    base.median / searchAll.median, base.p95 / searchAll.p95);

        // Scans: an exact asset tag, serial or IMEI.
        std::vector<double> scans;
        for (std::size_t i = 0; i < tags.size() && i < serials.size() && i < imeis.size(); ++i)
            for (const auto* v : {&tags[i], &serials[i], &imeis[i]}) {
                const auto query = qm::search::parseOrThrow(*v);
                auto t = Clock::now();
                auto page = qm::services::searchDevices(session, query, {}, std::nullopt, 200);
                scans.push_back(since(t));
                if (!page.scanned) std::fprintf(stderr, "not a scan hit: %s\n", v->c_str());
            }
        const Stats scan = summarise(scans);
        std::printf("%-34s %6zu %10.2f %10.2f %10.2f\n", "exact scan (tag, serial, IMEI)", scans.size(), scan.median,
                    scan.p95, scan.max);

        // Field searches an asset manager runs, first page and count.
        const char* fieldQueries[] = {"status:issued", "status:stolen model:iphone", "unit:\"Central West\" status:issued",
                                      "kind:tablet -status:retired", "hold:yes", "warranty<90d status:in_stock",
                                      "issued>2026-01-01", "lastseen>30d", "lastseen:never status:issued",
                                      "maker:samsung OR maker:google"};
        std::printf("%-40s %14s %14s\n", "field search", "page+count ms", "devices");
        for (const char* text : fieldQueries) {
            const auto query = qm::search::parseOrThrow(text);
            auto t = Clock::now();
            auto page = qm::services::searchDevices(session, query, {}, std::nullopt, 200);
            const double pageMs = since(t);
            const auto& count = page.count;
            std::printf("%-40s %14.2f %14s\n", text, pageMs,
                        ((count.moreThan ? "> " : count.estimated ? "~" : "") + std::to_string(count.rows)).c_str());
        }
        // Every report, three runs each (budget: 1 s at a million devices).
        std::printf("%-14s %10s %10s %8s\n", "report", "median ms", "max ms", "rows");
        for (const auto& info : qm::report::reports()) {
            if (std::string(info.name) == "drift") continue;  // an MDM report, measured with the MDM
            std::vector<double> ms;
            std::size_t rows = 0;
            for (int run = 0; run < 3; ++run) {
                auto t = Clock::now();
                rows = qm::services::runReport(session, info.name, {}).rows.size();
                ms.push_back(since(t));
            }
            const Stats s = summarise(ms);
            std::printf("%-14s %10.1f %10.1f %8zu\n", info.name, s.median, s.max, rows);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "qm-bench-search: %s\n", e.what());
        return 1;
    }
    return 0;
}
