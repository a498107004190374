// The C library's character set, for the console: wxWidgets reads narrow strings in the C
// locale's encoding, and the console's text is UTF-8. POSIX asks nl_langinfo; Windows sets
// the UTF-8 code page for the C runtime.
#pragma once

namespace qm::platform {

// Sets the user's locale, with UTF-8 as the character type whatever the environment says
// (the bare "C" locale of CI and service accounts would read every non-ASCII label as ASCII).
void useUtf8Characters();

}  // namespace qm::platform
