#include "db/device_list.hpp"

namespace qm::db {
namespace {

// The key and order of each list order, as db/search's keys are written (its page after a
// bookmark starts right after it): unique columns need no tie-breaker.
struct OrderSql {
    const char* column;   // the sort expression (matches an index)
    const char* orderBy;
};

OrderSql orderSql(DeviceOrder order) {
    switch (order) {
    case DeviceOrder::AssetTag: return {"d.asset_tag", "d.asset_tag"};
    case DeviceOrder::Serial: return {"d.serial", "d.serial"};
    case DeviceOrder::Imei: return {"coalesce(d.imei, '')", "coalesce(d.imei, ''), d.asset_tag"};
    case DeviceOrder::Status: return {"d.status::text", "d.status, d.asset_tag"};
    }
    return {"d.asset_tag", "d.asset_tag"};
}

}  // namespace

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
