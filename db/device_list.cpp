#include "db/device_list.hpp"

namespace qm::db {
namespace {

struct OrderSql {
    const char* column;   // the sort expression (matches an index)
    const char* after;    // keyset condition on :k1, :k2
    const char* orderBy;
};

// Unique columns need no tie-breaker; the others compare as a row to use their two-column index.
OrderSql orderSql(DeviceOrder order) {
    switch (order) {
    case DeviceOrder::AssetTag:
        return {"d.asset_tag", "d.asset_tag > :k2", "d.asset_tag"};
    case DeviceOrder::Serial:
        return {"d.serial", "d.serial > :k1", "d.serial"};
    case DeviceOrder::Imei:
        return {"coalesce(d.imei, '')", "(coalesce(d.imei, ''), d.asset_tag) > (:k1, :k2)",
                "coalesce(d.imei, ''), d.asset_tag"};
    case DeviceOrder::Status:
        return {"d.status::text", "(d.status, d.asset_tag) > (:k1::device_status, :k2)", "d.status, d.asset_tag"};
    }
    return {"d.asset_tag", "d.asset_tag > :k2", "d.asset_tag"};
}

}  // namespace


std::vector<DeviceListRow> devicePage(Database& db, DeviceOrder order, const std::optional<ListKey>& after,
                                      int limit) {
    OrderSql o = orderSql(order);
    std::string sql =
        "select d.id, d.asset_tag, m.manufacturer || ' ' || m.model, coalesce(d.imei, ''), d.serial,"
        " d.status::text, coalesce(u.name, ''), d.legal_hold::int, coalesce(p.staff_no || ' ' || p.name, '')"
        " from device d join device_model m on m.id = d.model_id"
        " left join command_unit u on u.id = d.unit_id"
        " left join custody c on c.device_id = d.id and c.returned_at is null"
        " left join person p on p.id = c.person_id";
    std::string k1 = after ? after->first : std::string(), k2 = after ? after->assetTag : std::string();
    if (after) sql += std::string(" where ") + o.after;
    sql += std::string(" order by ") + o.orderBy + " limit :lim";
    return guarded(db, [&] {
        std::vector<DeviceListRow> rows;
        rows.reserve(static_cast<std::size_t>(limit));
        soci::statement st = db.sql().prepare << sql;
        // Bind only the keys the condition names (SOCI refuses unused bindings).
        bool needsK1 = after && std::string(o.after).find(":k1") != std::string::npos;
        bool needsK2 = after && std::string(o.after).find(":k2") != std::string::npos;
        if (needsK1) st.exchange(soci::use(k1, "k1"));
        if (needsK2) st.exchange(soci::use(k2, "k2"));
        st.exchange(soci::use(limit, "lim"));
        soci::row r;
        st.exchange(soci::into(r));
        st.define_and_bind();
        st.execute(false);
        while (st.fetch()) {
            DeviceListRow row;
            row.id = r.get<long long>(0);
            row.assetTag = r.get<std::string>(1);
            row.makeAndModel = r.get<std::string>(2);
            row.imei = r.get<std::string>(3);
            row.serial = r.get<std::string>(4);
            row.status = statusFromString(r.get<std::string>(5)).value_or(DeviceStatus::InStock);
            row.unit = r.get<std::string>(6);
            row.legalHold = r.get<int>(7) != 0;
            row.holder = r.get<std::string>(8);
            rows.push_back(std::move(row));
        }
        return rows;
    });
}

std::vector<ListKey> deviceBookmarks(Database& db, DeviceOrder order, int every) {
    OrderSql o = orderSql(order);
    std::string sql = std::string("select k1, asset_tag from (select ") + o.column +
                      " as k1, d.asset_tag, row_number() over (order by " + o.orderBy +
                      ") as rn from device d) s where rn % :every = 0 order by rn";
    return guarded(db, [&] {
        std::vector<ListKey> keys;
        soci::rowset<soci::row> rows = (db.sql().prepare << sql, soci::use(every, "every"));
        for (const auto& r : rows) keys.push_back({r.get<std::string>(0), r.get<std::string>(1)});
        return keys;
    });
}

}  // namespace qm::db
