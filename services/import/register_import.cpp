#include "services/import/register_import.hpp"

#include "db/batch_import.hpp"
#include "db/register_repository.hpp"
#include "model/identifiers.hpp"
#include "model/text.hpp"
#include "services/custody/custody.hpp"
#include "services/register/register.hpp"

#include <istream>
#include <map>
#include <ostream>
#include <algorithm>
#include <memory>
#include <optional>
#include <set>

namespace qm::services {
namespace {

constexpr std::size_t kBatch = 5000;

// One row that passed its checks, waiting for its batch. Models and units it names are found
// (or made) only once the row is sure to land, so a refused row leaves nothing behind.
struct Checked {
    int line = 0;
    std::vector<std::string> fields;
    std::vector<std::pair<std::string, std::string>> keys;  // (column, value) unique within the file
    std::string keyJson;                                     // the row's unique values, to find them in the register
    std::function<std::string(Resolver&)> json;              // the row for the batch statement
    std::function<void(Resolver&)> storeAlone;               // the same row, one statement (fallback)
    std::string holder;                                      // devices: checked out to, in the other system
    std::string assetTag;
};

// What differs between a device import and a person import.
struct ImportKind {
    std::string noun;  // "devices"
    // Checks one row: fills the keys, the JSON and the fallback, or throws qm::Error.
    std::function<void(const std::vector<std::string>& fields, Checked&)> check;
    std::function<std::vector<db::Conflict>(db::Database&, const std::string& json)> conflicts;
    // Sees every data row, even one refused before its checks (people: who the file names).
    std::function<void(const std::vector<std::string>& fields)> anyRow;
    // Writes a batch; returns (inserted, updated).
    std::function<std::pair<long long, long long>(db::Database&, const std::string& json)> write;
};

class Importer {
public:
    Importer(db::Database& db, const ImportKind& kind) : db_(db), kind_(kind), resolver_(db_) {}

    void row(const CsvRecord& record, ImportReport& report, std::size_t headerSize) {
        auto reject = [&](std::string column, std::string reason) {
            report.rejects.push_back({record.line, std::move(column), std::move(reason), record.fields});
        };
        if (kind_.anyRow) kind_.anyRow(record.fields);
        if (record.fields.size() != headerSize) {
            reject("", "The row has " + std::to_string(record.fields.size()) + " field" +
                           (record.fields.size() == 1 ? "" : "s") + " but the header has " +
                           std::to_string(headerSize) + ".");
            return;
        }
        Checked c;
        c.line = static_cast<int>(record.line);
        c.fields = record.fields;
        try {
            kind_.check(record.fields, c);
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::Unavailable || e.kind() == ErrorKind::Permission) throw;
            reject(e.field(), e.what());
            return;
        }
        pending_.push_back(std::move(c));
        if (pending_.size() >= kBatch) flush(report);
    }

    // Writes the rows waiting: values the register already has are reported per row, then
    // duplicates within the file (a row the register refused claims nothing, so a corrected copy
    // further down still lands); the rest go in one statement, and a batch the database refuses
    // anyway is written again row by row.
    void flush(ImportReport& report) {
        if (pending_.empty()) return;
        std::string keys = "[";
        for (std::size_t i = 0; i < pending_.size(); ++i) keys += (i ? "," : "") + pending_[i].keyJson;
        keys += "]";
        std::set<int> skip;
        auto refuse = [&](const Checked& c, const std::string& column, const std::string& reason) {
            skip.insert(c.line);
            report.rejects.push_back({static_cast<std::size_t>(c.line), column, reason, c.fields});
        };
        std::map<int, const Checked*> byLine;
        for (const auto& c : pending_) byLine[c.line] = &c;
        for (const auto& conflict : kind_.conflicts(db_, keys))
            if (!skip.count(conflict.line))
                refuse(*byLine[conflict.line], conflict.column,
                       fieldLabel(conflict.column) + " " + conflict.value + " is already in the register.");
        std::vector<const Checked*> landing;
        for (const auto& c : pending_) {
            if (skip.count(c.line)) continue;
            bool twice = false;
            for (const auto& [column, value] : c.keys)
                if (auto it = seen_.find(column + '\x1f' + value); it != seen_.end()) {
                    refuse(c, column, fieldLabel(column) + " " + value + " appears twice in the file (first on line " +
                                          std::to_string(it->second) + ").");
                    twice = true;
                    break;
                }
            if (twice) continue;
            for (const auto& [column, value] : c.keys) seen_.emplace(column + '\x1f' + value, c.line);
            landing.push_back(&c);
        }
        std::size_t written = 0;
        const std::size_t mark = resolver_.mark();
        try {
            db::Savepoint batch(db_);
            std::string json = "[";
            for (std::size_t i = 0; i < landing.size(); ++i) json += (i ? "," : "") + landing[i]->json(resolver_);
            json += "]";
            auto [inserted, updated] = kind_.write(db_, json);
            batch.release();
            written = static_cast<std::size_t>(inserted + updated);
            report.updated += static_cast<std::size_t>(updated);
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::Unavailable || e.kind() == ErrorKind::Permission) throw;
            resolver_.rollbackTo(mark);
            written = rowByRow(report, landing, skip);
        }
        report.valid += written;
        for (const Checked* c : landing)
            if (!skip.count(c->line) && !c->holder.empty()) checkedOut_.push_back({c->line, c->assetTag, c->holder});
        pending_.clear();
    }

    struct CheckedOut {
        int line;
        std::string assetTag, holder;
    };
    const std::vector<CheckedOut>& checkedOut() const { return checkedOut_; }
    Resolver& resolver() { return resolver_; }

private:
    std::size_t rowByRow(ImportReport& report, const std::vector<const Checked*>& landing, std::set<int>& skip) {
        std::size_t written = 0;
        for (const Checked* c : landing) {
            const std::size_t mark = resolver_.mark();
            try {
                db::Savepoint one(db_);
                c->storeAlone(resolver_);
                one.release();
                ++written;
            } catch (const Error& e) {
                if (e.kind() == ErrorKind::Unavailable || e.kind() == ErrorKind::Permission) throw;
                resolver_.rollbackTo(mark);
                skip.insert(c->line);
                report.rejects.push_back({static_cast<std::size_t>(c->line), e.field(), e.what(), c->fields});
            }
        }
        return written;
    }

    db::Database& db_;
    const ImportKind& kind_;
    Resolver resolver_;
    std::map<std::string, std::size_t> seen_;  // "serial\x1fVALUE" -> line first seen
    std::vector<Checked> pending_;
    std::vector<CheckedOut> checkedOut_;
};

const Error cancelled() { return Error(ErrorKind::Other, "The import was cancelled; nothing was written."); }

// Reads the file and checks and writes its rows in one transaction. `header` turns the header
// row into what the kind needs (and refuses a file it cannot use).
template <class Header>
ImportReport runImport(Session& session, std::istream& in, const ImportOptions& options, const ImportKind& kind,
                       Header&& header, const std::function<void(db::Database&, ImportReport&, Importer&)>& finish) {
    session.require(DeskRole::Manager, "import " + kind.noun);
    ImportReport report;
    CsvReader reader(in);
    CsvRecord record;
    if (!reader.next(record)) throw invalid("csv", "The file is empty: it needs a header row naming the columns.");
    report.header = record.fields;
    header(CsvHeader(record.fields), report);

    db::Database& db = session.db();
    db::Transaction tx(db);
    Importer importer(db, kind);
    while (reader.next(record)) {
        ++report.rows;
        if (options.progress && report.rows % 5000 == 0 && !options.progress(report.rows, reader.bytesRead()))
            throw cancelled();
        importer.row(record, report, report.header.size());
    }
    importer.flush(report);
    if (options.progress && !options.progress(report.rows, reader.bytesRead())) throw cancelled();
    if (finish) finish(db, report, importer);
    std::sort(report.rejects.begin(), report.rejects.end(),
              [](const RejectedRow& a, const RejectedRow& b) { return a.line < b.line; });
    report.created = importer.resolver().created();
    const bool keep = !options.dryRun && !(options.strict && !report.rejects.empty());
    if (keep) {
        tx.commit();
        report.committed = true;
        report.imported = report.valid;
    }
    return report;
}

// Checked-out devices become custody records, each a hand-over of its own (receipt, audit),
// once the devices are committed; a person the register does not know is reported instead.
void issueCheckedOut(Session& session, const std::vector<Importer::CheckedOut>& rows, DeviceFormat format,
                     ImportReport& report) {
    if (rows.empty()) return;
    const std::string from = format == DeviceFormat::SnipeIt ? "Snipe-IT" : "Intune";
    std::map<std::string, std::string> staffFor;  // holder as written -> staff number
    std::vector<std::string> keys;
    for (const auto& r : rows) keys.push_back(r.holder);
    staffFor = db::staffNumbersFor(session.db(), keys);
    for (const auto& r : rows) {
        auto it = staffFor.find(r.holder);
        const std::string where = "line " + std::to_string(r.line) + ": " + r.assetTag;
        if (it == staffFor.end()) {
            report.notes.push_back(where + " is in stock, not issued: it was checked out to " + quoteInput(r.holder) +
                                   " in " + from + ", whom the register does not know by e-mail or staff number.");
            continue;
        }
        try {
            IssueRequest issue;
            issue.device = r.assetTag;
            issue.staffNo = it->second;
            issue.note = "Checked out to " + r.holder + " in " + from + " before the move to Quartermaster.";
            try {
                issueDevice(session, issue);
            } catch (const Error& e) {
                // A second phone or tablet needs a manager's reason: the importing manager's is
                // that the other system had it so.
                if (e.kind() != ErrorKind::Conflict || std::string(e.what()).find("override") == std::string::npos)
                    throw;
                issue.overrideReason = "Held already in " + from + " (imported)";
                issueDevice(session, issue);
            }
            ++report.issued;
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::Unavailable) throw;
            report.notes.push_back(where + " is in stock, not issued to " + it->second + ": " + e.what());
        }
    }
}

}  // namespace

ImportReport importDevices(Session& session, std::istream& csv, const ImportOptions& options) {
    std::unique_ptr<DeviceColumns> columns;
    ImportKind kind;
    kind.noun = "devices";
    kind.check = [&](const std::vector<std::string>& fields, Checked& c) {
        auto cell = [&](std::string_view name) { return columns->cell(name, fields); };
        DeviceInput in;
        in.assetTag = cell("asset_tag");
        in.serial = cell("serial");
        in.imei = cell("imei");
        in.imei2 = cell("imei2");
        in.manufacturer = cell("manufacturer");
        in.model = cell("model");
        in.phone = cell("phone");
        in.status = cell("status");
        in.purchasedOn = cell("purchased_on");
        in.warrantyUntil = cell("warranty_until");
        in.costPence = cell("cost_pence");
        in.notes = cell("notes");
        in.unit = cell("unit");
        ValidDevice v = validateDevice(in);
        c.keys = {{"asset_tag", v.row.assetTag}, {"serial", v.row.serial}};
        // Both IMEI slots share one namespace.
        if (!v.row.imei.empty()) c.keys.push_back({"imei", v.row.imei});
        if (!v.row.imei2.empty()) c.keys.push_back({"imei", v.row.imei2});
        c.keyJson = db::deviceJson(c.line, v.row);
        auto resolve = [v](Resolver& resolver) {
            db::NewDevice row = v.row;
            row.modelId = resolver.deviceModel(v.manufacturer, v.modelName);
            row.unitId = resolver.commandUnit(v.unit);
            return row;
        };
        c.json = [resolve, line = c.line](Resolver& r) { return db::deviceJson(line, resolve(r)); };
        c.storeAlone = [&session, resolve](Resolver& r) { db::insertDevice(session.db(), resolve(r)); };
        c.holder = columns->holder(fields);
        c.assetTag = v.row.assetTag;
    };
    kind.conflicts = [](db::Database& db, const std::string& json) { return db::deviceConflicts(db, json); };
    kind.write = [](db::Database& db, const std::string& json) {
        return std::pair<long long, long long>(db::insertDevices(db, json, {}), 0);
    };
    std::vector<Importer::CheckedOut> checkedOut;
    ImportReport report = runImport(
        session, csv, options, kind,
        [&](const CsvHeader& header, ImportReport& r) {
            columns = std::make_unique<DeviceColumns>(options.format, header);
            auto missing = columns->missing();
            if (!missing.empty()) {
                std::string list;
                for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
                throw invalid("csv", "The header row lacks the required column" +
                                         std::string(missing.size() > 1 ? "s " : " ") + list + ".");
            }
            r.unknownColumns = columns->unused();
        },
        [&](db::Database&, ImportReport&, Importer& importer) { checkedOut = importer.checkedOut(); });
    if (report.committed) issueCheckedOut(session, checkedOut, options.format, report);
    return report;
}

ImportReport importPeople(Session& session, std::istream& csv, const ImportOptions& options) {
    const bool update = options.update || options.full;
    std::vector<std::string> everyone;  // staff numbers on every row, valid or not (for --full)
    ImportKind kind;
    kind.noun = "people";
    std::optional<CsvHeader> header;
    db::PersonColumns given;
    auto cellOf = [&](const std::vector<std::string>& fields, std::string_view name) -> std::string {
        auto col = header->column(name);
        if (!col || *col >= fields.size()) return {};
        return fields[*col];
    };
    kind.anyRow = [&](const std::vector<std::string>& fields) {
        // Someone on any row of the feed is not missing from it, even if the row is refused.
        if (std::string staff = trimmed(cellOf(fields, "staff_no")); !staff.empty()) {
            std::transform(staff.begin(), staff.end(), staff.begin(), [](unsigned char ch) { return std::toupper(ch); });
            everyone.push_back(staff);
        }
    };
    kind.check = [&](const std::vector<std::string>& fields, Checked& c) {
        auto cell = [&](std::string_view name) { return fromSpreadsheetSafe(cellOf(fields, name)); };
        PersonInput in;
        in.staffNo = cell("staff_no");
        in.name = cell("name");
        in.rank = cell("rank");
        in.unit = cell("unit");
        in.email = cell("email");
        in.active = cell("active");
        ValidPerson v = validatePerson(in);
        c.keys = {{"staff_no", v.row.staffNo}};
        if (!v.row.email.empty()) c.keys.push_back({"email", v.row.email});
        c.keyJson = db::personJson(c.line, v.row);
        auto resolve = [v](Resolver& resolver) {
            db::NewPerson row = v.row;
            row.unitId = resolver.commandUnit(v.unit);
            return row;
        };
        c.json = [resolve, line = c.line](Resolver& r) { return db::personJson(line, resolve(r)); };
        c.storeAlone = [&session, resolve, &given, update](Resolver& r) {
            db::upsertPeople(session.db(), "[" + db::personJson(0, resolve(r)) + "]", {}, update, given);
        };
    };
    kind.conflicts = [update](db::Database& db, const std::string& json) {
        return db::personConflicts(db, json, update);
    };
    kind.write = [update, &given](db::Database& db, const std::string& json) {
        auto w = db::upsertPeople(db, json, {}, update, given);
        return std::pair<long long, long long>(w.inserted, w.updated);
    };
    return runImport(
        session, csv, options, kind,
        [&](const CsvHeader& h, ImportReport& r) {
            static const std::vector<std::string_view> known = {"staff_no", "name", "rank", "unit", "email", "active"};
            auto missing = h.missing({"staff_no", "name"});
            if (!missing.empty()) {
                std::string list;
                for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
                throw invalid("csv", "The header row lacks the required column" +
                                         std::string(missing.size() > 1 ? "s " : " ") + list + ".");
            }
            r.unknownColumns = h.unknown(known);
            header.emplace(h);
            // An update changes only what the file has columns for.
            given.rank = h.column("rank").has_value();
            given.email = h.column("email").has_value();
            given.unit = h.column("unit").has_value();
            given.active = h.column("active").has_value();
        },
        [&](db::Database& db, ImportReport& report, Importer&) {
            if (!options.full) return;
            std::string staffNos = "[";
            for (std::size_t i = 0; i < everyone.size(); ++i) staffNos += (i ? "," : "") + jsonString(everyone[i]);
            staffNos += "]";
            // A truncated or wrong file must not turn the force into leavers.
            const long long missing = db::countMissingPeople(db, staffNos);
            // Those active before this file (new starters in it do not raise the limit).
            const long long active = db::countActivePeople(db) -
                                     static_cast<long long>(report.valid - report.updated);
            const long long limit = options.maxLeavers >= 0 ? options.maxLeavers : std::max<long long>(10, active / 10);
            if (missing > limit)
                throw invalid("full", "The file would make " + std::to_string(missing) + " of " + std::to_string(active) +
                                          " active people leavers, more than the " + std::to_string(limit) +
                                          " allowed; check it is the whole feed, or allow it with --max-leavers " +
                                          std::to_string(missing) + ".");
            report.leavers = static_cast<std::size_t>(db::markMissingAsLeavers(db, staffNos));
        });
}

void writeRejects(std::ostream& out, const ImportReport& report) {
    std::vector<std::string> header = report.header;
    header.push_back("reason");
    writeCsvRow(out, header);
    for (const auto& r : report.rejects) {
        std::vector<std::string> fields = r.fields;
        if (fields.size() < report.header.size()) fields.resize(report.header.size());  // reason lines up
        std::string where = "line " + std::to_string(r.line) + (r.column.empty() ? "" : ", " + r.column);
        fields.push_back(where + ": " + r.reason);
        writeCsvRow(out, fields);
    }
}

}  // namespace qm::services
