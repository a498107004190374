// The console's source text is UTF-8 ("Find device…", "£"), and wxWidgets reads narrow strings
// in the C library's locale. Under the bare "C" locale (CI, a service account) it would read
// them as ASCII and drop every label holding a non-ASCII character, so switch the character
// type to UTF-8 before any window is made.
#pragma once

#include <clocale>
#include <cstring>
#include <langinfo.h>

namespace qm::gui {

inline void useUtf8Strings() {
    std::setlocale(LC_ALL, "");
    const char* codeset = nl_langinfo(CODESET);
    if (!codeset || std::strcmp(codeset, "UTF-8") != 0) std::setlocale(LC_CTYPE, "C.UTF-8");
}

}  // namespace qm::gui
