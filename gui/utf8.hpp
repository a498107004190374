// The console's source text is UTF-8 ("Find device…", "£"), and wxWidgets reads narrow strings
// in the C library's locale. Under the bare "C" locale (CI, a service account) it would read
// them as ASCII and drop every label holding a non-ASCII character, so switch the character
// type to UTF-8 before any window is made (platform/locale.hpp does it for each system).
#pragma once

#include "platform/locale.hpp"

namespace qm::gui {

inline void useUtf8Strings() { platform::useUtf8Characters(); }

}  // namespace qm::gui
