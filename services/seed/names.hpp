// Person names for the demo fleet (internal to services/seed/).
//
// Names are combinations drawn from first-name and surname lists reflecting London's mix
// (British, Irish, South Asian, West African, Caribbean, Polish, Chinese, Greek, Turkish and
// other European), so the console's search, sorting and receipts meet apostrophes, hyphens,
// diacritics and the odd CJK name from the first demo run. They are not real people.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace qm::services::seed {

struct GeneratedName {
    std::string display;    // UTF-8 as shown in the register: "Siobhán O'Brien", "Wei Li (李伟)"
    std::string emailStem;  // ASCII local-part stem: "siobhan.obrien"
};

// A name picked by 64 bits of entropy (the caller's draw for this person).
GeneratedName generateName(std::uint64_t entropy);

// Lower-case ASCII for an email address: diacritics folded ("Łukasiewicz" -> "lukasiewicz",
// "Yılmaz" -> "yilmaz"), apostrophes and spaces dropped, hyphens kept, anything else dropped.
std::string asciiFold(std::string_view utf8);

}  // namespace qm::services::seed
