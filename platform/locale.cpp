#include "platform/locale.hpp"

#include <clocale>
#include <cstring>

#ifdef _WIN32
#include <windows.h>

namespace qm::platform {

void useUtf8Characters() {
    std::setlocale(LC_ALL, "");
    std::setlocale(LC_CTYPE, ".UTF-8");
    // qmctl's manifest makes UTF-8 the process code page; the console window shows it too.
    SetConsoleOutputCP(CP_UTF8);
    SetConsoleCP(CP_UTF8);
}

}  // namespace qm::platform
#else
#include <langinfo.h>

namespace qm::platform {

void useUtf8Characters() {
    std::setlocale(LC_ALL, "");
    const char* codeset = nl_langinfo(CODESET);
    if (!codeset || std::strcmp(codeset, "UTF-8") != 0) std::setlocale(LC_CTYPE, "C.UTF-8");
}

}  // namespace qm::platform
#endif
