#include "services/import/register_import.hpp"

#include "db/register_repository.hpp"
#include "model/identifiers.hpp"
#include "services/register/register.hpp"

#include <istream>
#include <map>
#include <ostream>

namespace qm::services {
namespace {

// What differs between a device import and a person import.
struct ImportKind {
    std::string noun;                         // "devices"
    std::vector<std::string_view> required;   // columns that must be in the header
    std::vector<std::string_view> known;      // columns we read
    // Validates one row once: the (column, value) pairs that must be unique within the file,
    // and how to store it (run inside the row's savepoint).
    struct ValidRow {
        std::vector<std::pair<std::string, std::string>> keys;
        std::function<void(Resolver&)> store;
    };
    std::function<ValidRow(const std::function<std::string(std::string_view)>&)> validate;
};

const std::vector<std::string_view> kDeviceColumns = {"asset_tag", "serial", "imei", "imei2",
                                                      "manufacturer", "model", "phone", "status",
                                                      "purchased_on", "warranty_until", "cost_pence",
                                                      "notes", "unit"};
const std::vector<std::string_view> kPersonColumns = {"staff_no", "name", "rank", "unit", "email", "active"};

ImportReport runImport(Session& session, std::istream& in, const ImportOptions& options, const ImportKind& kind) {
    session.require(DeskRole::Manager, "import " + kind.noun);
    ImportReport report;
    CsvReader reader(in);
    CsvRecord record;
    if (!reader.next(record)) throw invalid("csv", "The file is empty: it needs a header row naming the columns.");
    CsvHeader header(record.fields);
    report.header = record.fields;
    auto missing = header.missing(kind.required);
    if (!missing.empty()) {
        std::string list;
        for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
        throw invalid("csv", "The header row lacks the required column" + std::string(missing.size() > 1 ? "s " : " ") +
                                 list + ".");
    }
    report.unknownColumns = header.unknown(kind.known);

    db::Database& db = session.db();
    db::Transaction tx(db);
    Resolver resolver(db);
    std::map<std::string, std::size_t> seen;  // "serial\x1fVALUE" -> line first seen

    while (reader.next(record)) {
        ++report.rows;
        if (options.progress && report.rows % 5000 == 0) options.progress(report.rows, reader.bytesRead());
        auto reject = [&](std::string column, std::string reason) {
            report.rejects.push_back({record.line, std::move(column), std::move(reason), record.fields});
        };
        if (record.fields.size() != header.names().size()) {
            reject("", "The row has " + std::to_string(record.fields.size()) +
                           " field" + (record.fields.size() == 1 ? "" : "s") + " but the header has " +
                           std::to_string(header.names().size()) + ".");
            continue;
        }
        auto cell = [&](std::string_view name) -> std::string {
            auto col = header.column(name);
            if (!col) return {};
            const std::string& value = record.fields[*col];
            // qmctl's CSV exports write a cell that a spreadsheet would run as a formula with a
            // leading apostrophe ('=..., '-...); reading one back takes it off again.
            if (value.size() > 1 && value[0] == '\'' && std::string_view("=+-@\t\r").find(value[1]) != std::string_view::npos)
                return value.substr(1);
            return value;
        };
        std::size_t mark = resolver.mark();
        try {
            // Duplicates within the file are refused before anything is written.
            auto valid = kind.validate(cell);
            const auto& keys = valid.keys;
            for (const auto& [column, value] : keys) {
                if (auto it = seen.find(column + '\x1f' + value); it != seen.end())
                    throw Error(ErrorKind::Conflict, fieldLabel(column) + " " + value +
                                                         " appears twice in the file (first on line " +
                                                         std::to_string(it->second) + ").",
                                column);
            }
            db::Savepoint savepoint(db);
            valid.store(resolver);
            savepoint.release();
            // Only rows that landed claim their keys: a corrected copy further down may follow.
            for (const auto& [column, value] : keys) seen.emplace(column + '\x1f' + value, record.line);
            ++report.valid;
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::Unavailable || e.kind() == ErrorKind::Permission) throw;
            resolver.rollbackTo(mark);
            reject(e.field(), e.what());
        }
    }
    if (options.progress) options.progress(report.rows, reader.bytesRead());
    report.created = resolver.created();
    bool keep = !options.dryRun && !(options.strict && !report.rejects.empty());
    if (keep) {
        tx.commit();
        report.committed = true;
        report.imported = report.valid;
    }
    return report;
}

}  // namespace

ImportReport importDevices(Session& session, std::istream& csv, const ImportOptions& options) {
    ImportKind kind;
    kind.noun = "devices";
    kind.required = {"asset_tag", "serial", "model"};
    kind.known = kDeviceColumns;
    kind.validate = [&session](const auto& cell) {
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
        ImportKind::ValidRow row;
        row.keys = {{"asset_tag", v.row.assetTag}, {"serial", v.row.serial}};
        // Both IMEI slots share one namespace.
        if (!v.row.imei.empty()) row.keys.push_back({"imei", v.row.imei});
        if (!v.row.imei2.empty()) row.keys.push_back({"imei", v.row.imei2});
        row.store = [&session, v](Resolver& resolver) mutable {
            v.row.modelId = resolver.deviceModel(v.manufacturer, v.modelName);
            v.row.unitId = resolver.commandUnit(v.unit);
            db::insertDevice(session.db(), v.row);
        };
        return row;
    };
    return runImport(session, csv, options, kind);
}

ImportReport importPeople(Session& session, std::istream& csv, const ImportOptions& options) {
    ImportKind kind;
    kind.noun = "people";
    kind.required = {"staff_no", "name"};
    kind.known = kPersonColumns;
    kind.validate = [&session](const auto& cell) {
        PersonInput in;
        in.staffNo = cell("staff_no");
        in.name = cell("name");
        in.rank = cell("rank");
        in.unit = cell("unit");
        in.email = cell("email");
        in.active = cell("active");
        ValidPerson v = validatePerson(in);
        ImportKind::ValidRow row;
        row.keys = {{"staff_no", v.row.staffNo}};
        if (!v.row.email.empty()) row.keys.push_back({"email", v.row.email});
        row.store = [&session, v](Resolver& resolver) mutable {
            v.row.unitId = resolver.commandUnit(v.unit);
            db::insertPerson(session.db(), v.row);
        };
        return row;
    };
    return runImport(session, csv, options, kind);
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
