#include "db/custody_repository.hpp"

namespace qm::db {
namespace {

constexpr const char* kIso = "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'";

std::string iso(const std::string& column) {
    return "coalesce(to_char(" + column + " at time zone 'UTC', " + kIso + "), '')";
}

// A time as the force reads it on paper, whatever the desk's own clock and zone:
// "29 November 2026, 14:02 GMT".
std::string londonTime(const std::string& column) {
    return "to_char(" + column + " at time zone 'Europe/London', 'FMDD FMMonth YYYY, HH24:MI') || case when " + column +
           " at time zone 'Europe/London' = " + column + " at time zone 'UTC' then ' GMT' else ' BST' end";
}

std::vector<std::string> parseTextArray(const std::string& literal) {
    // PostgreSQL's text[] output: {a,"b c","d\"e"}
    std::vector<std::string> out;
    if (literal.size() < 2) return out;
    std::string cur;
    bool quoted = false, any = false;
    for (std::size_t i = 1; i + 1 < literal.size(); ++i) {
        char c = literal[i];
        if (quoted) {
            if (c == '\\' && i + 2 < literal.size()) cur += literal[++i];
            else if (c == '"') quoted = false;
            else cur += c;
        } else if (c == '"') {
            quoted = any = true;
        } else if (c == ',') {
            out.push_back(cur);
            cur.clear();
            any = false;
        } else {
            cur += c;
            any = true;
        }
    }
    if (any || !cur.empty()) out.push_back(cur);
    return out;
}

// `where` filters on the alias x (device_id, person_id). Custody records loaded in bulk (the
// demo seed, a migration from another system) have no timeline events of their own; their
// issue is shown from the custody record itself so every holder appears in the history.
std::vector<TimelineRow> timeline(Database& db, const std::string& where, long long id) {
    const std::string sql =
        "select " + iso("t.at") + ", t.actor, t.kind, d.asset_tag, t.from_status, t.to_status,"
        " coalesce(p.staff_no, ''), coalesce(p.name, ''), t.receipt, t.detail from ("
        "  select x.at, x.id, x.device_id, x.person_id, x.actor, x.kind, coalesce(x.from_status::text, '') as from_status,"
        "         coalesce(x.to_status::text, '') as to_status, coalesce(x.receipt, '') as receipt, x.detail"
        "    from device_event x where " + where +
        "  union all"
        "  select x.issued_at, 0, x.device_id, x.person_id, x.issued_by, 'issue', 'in_stock', 'issued', x.issue_receipt,"
        "         'recorded by ' || x.issued_by"
        "    from custody x where " + where +
        "     and not exists (select 1 from device_event e where e.device_id = x.device_id and e.receipt = x.issue_receipt)"
        " ) t join device d on d.id = t.device_id left join person p on p.id = t.person_id order by t.at, t.id";
    return guarded(db, [&] {
        std::vector<TimelineRow> rows;
        soci::rowset<soci::row> rs = (db.sql().prepare << sql, soci::use(id, "id"));
        for (const auto& r : rs)
            rows.push_back({r.get<std::string>(0), r.get<std::string>(1), r.get<std::string>(2), r.get<std::string>(3),
                            r.get<std::string>(4), r.get<std::string>(5), r.get<std::string>(6), r.get<std::string>(7),
                            r.get<std::string>(8), r.get<std::string>(9)});
        return rows;
    });
}

std::vector<CustodyRow> custodyRows(Database& db, const std::string& where, long long id, const std::string& extra = {},
                                    const std::string& time = {}) {
    const std::string sql =
        "select d.asset_tag, m.manufacturer || ' ' || m.model, p.staff_no, p.name, coalesce(p.rank, ''), " +
        iso("c.issued_at") + ", c.issued_by, c.issue_receipt, " + iso("c.returned_at") +
        ", coalesce(c.closed_as, ''), coalesce(c.return_condition, ''), c.accessories::text"
        " from custody c join device d on d.id = c.device_id join device_model m on m.id = d.model_id"
        " join person p on p.id = c.person_id where " + where + extra;
    return guarded(db, [&] {
        std::vector<CustodyRow> rows;
        soci::statement st = db.sql().prepare << sql;
        st.exchange(soci::use(id, "id"));
        std::string t = time;
        if (!time.empty()) st.exchange(soci::use(t, "t"));
        soci::row r;
        st.exchange(soci::into(r));
        st.define_and_bind();
        st.execute(false);
        while (st.fetch()) {
            CustodyRow c{r.get<std::string>(0), r.get<std::string>(1), r.get<std::string>(2), r.get<std::string>(3),
                         r.get<std::string>(4), r.get<std::string>(5), r.get<std::string>(6), r.get<std::string>(7),
                         r.get<std::string>(8), r.get<std::string>(9), r.get<std::string>(10),
                         parseTextArray(r.get<std::string>(11))};
            rows.push_back(std::move(c));
        }
        return rows;
    });
}

}  // namespace


namespace {

// desk_issue, or desk_issue_more when joining this sitting's receipt: the same values either way.
std::string issueOn(Database& db, const std::string& receipt, const std::string& device, const std::string& staffNo,
                    const std::vector<std::string>& accessories, const std::string& note,
                    const std::string& overrideReason, std::optional<int> expectedVersion) {
    std::string acc = textArray(accessories), result;
    int version = expectedVersion.value_or(0);
    soci::indicator overrideInd = overrideReason.empty() ? soci::i_null : soci::i_ok;
    soci::indicator versionInd = expectedVersion ? soci::i_ok : soci::i_null;
    guarded(db, [&] {
        if (receipt.empty())
            db.sql() << "select desk_issue(:d, :s, :a::text[], :n, :o, :v)", soci::use(device, "d"),
                soci::use(staffNo, "s"), soci::use(acc, "a"), soci::use(note, "n"),
                soci::use(overrideReason, overrideInd, "o"), soci::use(version, versionInd, "v"), soci::into(result);
        else
            db.sql() << "select desk_issue_more(:r, :d, :s, :a::text[], :n, :o, :v)", soci::use(receipt, "r"),
                soci::use(device, "d"), soci::use(staffNo, "s"), soci::use(acc, "a"), soci::use(note, "n"),
                soci::use(overrideReason, overrideInd, "o"), soci::use(version, versionInd, "v"), soci::into(result);
    });
    return result;
}

}  // namespace

std::string issueDevice(Database& db, const std::string& device, const std::string& staffNo,
                        const std::vector<std::string>& accessories, const std::string& note,
                        const std::string& overrideReason, std::optional<int> expectedVersion) {
    return issueOn(db, "", device, staffNo, accessories, note, overrideReason, expectedVersion);
}

std::string returnDevice(Database& db, const std::string& device, const std::string& condition,
                         const std::string& note, std::optional<int> expectedVersion) {
    std::string receipt;
    int version = expectedVersion.value_or(0);
    soci::indicator versionInd = expectedVersion ? soci::i_ok : soci::i_null;
    guarded(db, [&] {
        db.sql() << "select desk_return(:d, :c, :n, :v)", soci::use(device, "d"), soci::use(condition, "c"),
            soci::use(note, "n"), soci::use(version, versionInd, "v"), soci::into(receipt);
    });
    return receipt;
}

std::string swapDevice(Database& db, const std::string& oldDevice, const std::string& newDevice,
                       const std::string& reason, std::optional<int> expectedVersion) {
    std::string receipt;
    int version = expectedVersion.value_or(0);
    soci::indicator versionInd = expectedVersion ? soci::i_ok : soci::i_null;
    guarded(db, [&] {
        db.sql() << "select desk_swap(:o, :n, :r, :v)", soci::use(oldDevice, "o"), soci::use(newDevice, "n"),
            soci::use(reason, "r"), soci::use(version, versionInd, "v"), soci::into(receipt);
    });
    return receipt;
}

long long reportLost(Database& db, const std::string& device, bool stolen, const std::string& reference,
                     std::optional<int> expectedVersion) {
    long long command = 0;
    int s = stolen ? 1 : 0, version = expectedVersion.value_or(0);
    soci::indicator versionInd = expectedVersion ? soci::i_ok : soci::i_null;
    guarded(db, [&] {
        db.sql() << "select desk_report_lost(:d, :s::int::boolean, :r, :v)", soci::use(device, "d"),
            soci::use(s, "s"), soci::use(reference, "r"), soci::use(version, versionInd, "v"), soci::into(command);
    });
    return command;
}

std::string moveDevice(Database& db, const std::string& device, const std::string& target, const std::string& note,
                       std::optional<int> expectedVersion) {
    std::string result;
    int version = expectedVersion.value_or(0);
    soci::indicator versionInd = expectedVersion ? soci::i_ok : soci::i_null;
    guarded(db, [&] {
        db.sql() << "select desk_move(:d, :t::device_status, :n, :v)", soci::use(device, "d"),
            soci::use(target, "t"), soci::use(note, "n"), soci::use(version, versionInd, "v"), soci::into(result);
    });
    return result;
}

std::string setLegalHold(Database& db, const std::string& device, bool hold, const std::string& reason,
                         std::optional<int> expectedVersion) {
    std::string result;
    int h = hold ? 1 : 0, version = expectedVersion.value_or(0);
    soci::indicator versionInd = expectedVersion ? soci::i_ok : soci::i_null;
    guarded(db, [&] {
        db.sql() << "select desk_hold(:d, :h::int::boolean, :r, :v)", soci::use(device, "d"), soci::use(h, "h"),
            soci::use(reason, "r"), soci::use(version, versionInd, "v"), soci::into(result);
    });
    return result;
}

std::string issueDeviceOnReceipt(Database& db, const std::string& receipt, const std::string& device,
                                 const std::string& staffNo, const std::vector<std::string>& accessories,
                                 const std::string& note, const std::string& overrideReason,
                                 std::optional<int> expectedVersion) {
    if (receipt.empty()) throw invalid("receipt", "A device joins a sitting's receipt: give its number.");
    return issueOn(db, receipt, device, staffNo, accessories, note, overrideReason, expectedVersion);
}

std::string lossReceipt(Database& db, long long remoteLockCommand) {
    return guarded(db, [&] {
        std::string receipt;
        db.eachRow("select coalesce(c.return_receipt, '') from mdm_command m join custody c on c.device_id = m.device_id"
                   " where m.id = :m::bigint and c.closed_as in ('lost', 'stolen') order by c.id desc limit 1",
                   {{"m", std::to_string(remoteLockCommand)}},
                   [&](const soci::row& r) { receipt = r.get<std::string>(0); });
        return receipt;
    });
}

std::optional<Receipt> loadReceipt(Database& db, const std::string& number) {
    return guarded(db, [&]() -> std::optional<Receipt> {
        Receipt receipt;
        std::string kind;
        db.eachRow("select coalesce(receipt_kind(:r), ''), coalesce(receipt_code(:r), '')", {{"r", number}},
                   [&](const soci::row& r) {
                       kind = r.get<std::string>(0);
                       receipt.code = r.get<std::string>(1);
                   });
        const auto k = receiptKindFromString(kind);
        if (!k) return std::nullopt;
        receipt.number = number;
        receipt.kind = *k;
        // Devices the officer receives first, then those handed back, each in asset-tag order
        // (the order receipt_content() codes them in).
        const std::string sql =
            "select (c.issue_receipt = :r)::int, m.manufacturer, m.model, m.kind::text, d.asset_tag, d.serial,"
            " coalesce(d.imei, ''), coalesce(d.imei2, ''), coalesce(d.phone, ''), c.accessories::text,"
            " case when c.issue_receipt = :r then '' else coalesce(c.return_condition, '') end, " +
            iso("case when c.issue_receipt = :r then c.issued_at else c.returned_at end") +
            ", case when c.issue_receipt = :r then c.issued_by else coalesce(c.returned_by, '') end,"
            " case when c.issue_receipt = :r then c.issue_note else coalesce(c.return_note, '') end,"
            " coalesce(c.closed_as, ''), p.staff_no, p.name, coalesce(p.rank, ''), coalesce(u.name, ''), " +
            londonTime("case when c.issue_receipt = :r then c.issued_at else c.returned_at end") +
            " from custody c join device d on d.id = c.device_id join device_model m on m.id = d.model_id"
            " join person p on p.id = c.person_id left join command_unit u on u.id = p.unit_id"
            " where c.issue_receipt = :r or c.return_receipt = :r"
            " order by (c.issue_receipt = :r) desc, d.asset_tag";
        db.eachRow(sql, {{"r", number}}, [&](const soci::row& r) {
            ReceiptDevice d;
            d.received = r.get<int>(0) == 1;
            d.manufacturer = r.get<std::string>(1);
            d.model = r.get<std::string>(2);
            d.kind = r.get<std::string>(3);
            d.assetTag = r.get<std::string>(4);
            d.serial = r.get<std::string>(5);
            d.imei = r.get<std::string>(6);
            d.imei2 = r.get<std::string>(7);
            d.phone = r.get<std::string>(8);
            d.accessories = parseTextArray(r.get<std::string>(9));
            d.condition = r.get<std::string>(10);
            const std::string at = r.get<std::string>(11), note = r.get<std::string>(13), closedAs = r.get<std::string>(14);
            if (receipt.at.empty() || at < receipt.at) {
                receipt.at = at;
                receipt.atLocal = r.get<std::string>(19);
            }
            if (receipt.by.empty()) receipt.by = r.get<std::string>(12);
            if (receipt.note.empty()) receipt.note = note;
            if (closedAs == "stolen") receipt.stolen = true;
            receipt.officer = {r.get<std::string>(15), r.get<std::string>(16), r.get<std::string>(17),
                               r.get<std::string>(18)};
            receipt.devices.push_back(std::move(d));
        });
        if (receipt.kind == ReceiptKind::Swap) {
            db.eachRow("select s.reason, s.by_login, " + iso("s.at") + ", " + londonTime("s.at") +
                           " from swap s where s.receipt = :r",
                       {{"r", number}}, [&](const soci::row& r) {
                           receipt.reason = r.get<std::string>(0);
                           receipt.by = r.get<std::string>(1);
                           receipt.at = r.get<std::string>(2);
                           receipt.atLocal = r.get<std::string>(3);
                       });
            receipt.note.clear();  // the custody notes only repeat the swap ("swap for ...")
        } else if (receipt.kind == ReceiptKind::Loss) {
            receipt.incidentReference = receipt.note;  // a loss report's note is its reference
            receipt.note.clear();
        }
        return receipt;
    });
}

std::optional<std::string> staffNoOnReceipt(Database& db, const std::string& receipt) {
    return guarded(db, [&]() -> std::optional<std::string> {
        std::optional<std::string> staffNo;
        db.eachRow("select p.staff_no from custody c join person p on p.id = c.person_id"
                   " where c.issue_receipt = :r or c.return_receipt = :r order by c.id desc limit 1",
                   {{"r", receipt}}, [&](const soci::row& r) { staffNo = r.get<std::string>(0); });
        return staffNo;
    });
}

std::vector<TimelineRow> deviceTimeline(Database& db, long long deviceId) {
    return timeline(db, "x.device_id = :id", deviceId);
}

std::vector<TimelineRow> personTimeline(Database& db, long long personId) {
    return timeline(db, "x.person_id = :id", personId);
}

std::optional<CustodyRow> openCustody(Database& db, long long deviceId) {
    auto rows = custodyRows(db, "c.device_id = :id and c.returned_at is null", deviceId);
    if (rows.empty()) return std::nullopt;
    return rows.front();
}

std::vector<CustodyRow> custodyAt(Database& db, long long deviceId, const std::string& isoTime) {
    return custodyRows(db, "c.device_id = :id and c.issued_at <= :t::timestamptz", deviceId,
                       " and (c.returned_at is null or c.returned_at > :t::timestamptz)", isoTime);
}

std::vector<CustodyRow> personCustody(Database& db, long long personId) {
    return custodyRows(db, "c.person_id = :id", personId, " order by c.issued_at desc, c.id desc");
}

}  // namespace qm::db
