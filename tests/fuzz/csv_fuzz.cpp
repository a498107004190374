// Fuzz target over the CSV reader (services/import/csv.hpp) that every import goes through:
// whatever a spreadsheet or a supplier sends, reading gives records or a qm::Error naming the
// line — never a crash, a hang or another exception — and the header matcher copes with any
// first row.
#include "model/error.hpp"
#include "services/import/csv.hpp"
#include "tests/fuzz/fuzz_driver.hpp"

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
    try {
        qm::services::CsvReader reader(in);
        qm::services::CsvRecord record;
        bool first = true;
        while (reader.next(record)) {
            if (first) {
                try {
                    qm::services::CsvHeader header(record.fields);
                    (void)header.column("Asset Tag");
                    (void)header.unknown({"asset_tag", "serial"});
                } catch (const qm::Error&) {
                }
                first = false;
            }
        }
    } catch (const qm::Error&) {
        // Refused in words: fine.
    }
    return 0;
}

#ifndef QM_LIBFUZZER
namespace {

const std::vector<std::string> kSeeds = {
    "\xEF\xBB\xBF" "Company,Name,Asset Tag,Model,Serial Number,Checked Out To: Email\r\n"
    "Met,\"iPhone, spare\",MPS-1,iPhone 14,F2LXN3A1QK,ann@example.org\r\n",
    "asset_tag,serial,imei\nMPS-2,\"R58\"\"N\",353918050000013\n\"multi\nline\",x,\n",
    "Device name,Serial number,IMEI,Primary user UPN,Last check-in\r\nMPS-3,ABC,,,11/28/2026 10:02:49 AM",
    "a,b\r\n\r\n,,,\r\"unterminated",
};

const std::vector<std::string> kTokens = {"\"", ",", "\r\n", "\n", "\r", "\"\"", "\xEF\xBB\xBF", "\xff", "=cmd|",
                                          "é", std::string(1, '\0')};

}  // namespace

int main(int argc, char** argv) { return qm::fuzz::runDriver(argc, argv, "CSV", kSeeds, kTokens); }
#endif
