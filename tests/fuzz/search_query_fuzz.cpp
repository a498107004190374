// Fuzz target over the search language's parser (model/search_query.hpp): whatever is typed
// or pasted into the search bar, parse() returns a query or an error that points inside the
// text — never a crash, a hang or an exception — and a query it accepts prints no position
// outside the text.
#include "model/search_query.hpp"
#include "tests/fuzz/fuzz_driver.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

std::size_t depth(const qm::search::Node& n) {
    std::size_t deepest = 0;
    for (const auto& c : n.children) deepest = std::max(deepest, depth(c));
    return deepest + 1;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const qm::search::ParseResult r = qm::search::parse(text);
    if (r.error.has_value() == r.query.has_value()) std::abort();  // exactly one of the two
    if (r.error) {
        if (r.error->message.empty() || r.error->position == 0) std::abort();
        if (r.error->position > size + 2) std::abort();  // points inside (or just after) the text
    } else if (depth(r.query->root) > 2 * qm::search::kMaxDepth + 4) {
        std::abort();  // the nesting limit held
    }
    (void)qm::search::escapeLike(text);
    return 0;
}

#ifndef QM_LIBFUZZER
namespace {

const std::vector<std::string> kSeeds = {
    "galaxy status:issued unit:\"Central West\" model:a52 lastseen>30d imei:3548 holder:smith",
    "-(holder:smith OR staff:21) warranty<2027-06-30 issued>=2026-01-01 hold:yes",
    "\"Zoë Łukasiewicz\" OR tag:MPS-0001 kind:tablet compliance:noncompliant os:ios lastseen:never",
    "'; drop table device; -- \" OR 1=1 --",
    "((((a OR b) c) -d) OR \"e f\")",
    "phone:07700 900123 serial:R58M warranty<90d",
};

const std::vector<std::string> kTokens = {"\"", "(", ")", "-", " OR ", ":", "<", ">=", "status:", "lastseen>",
                                          "30d", "2026-02-30", "\t", "\x01", "\xff", "é", "%", "_", "\\", "never"};

}  // namespace

int main(int argc, char** argv) { return qm::fuzz::runDriver(argc, argv, "search query", kSeeds, kTokens); }
#endif
