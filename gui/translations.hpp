// The console's words in the user's language: wxWidgets' gettext catalogues, quartermaster.mo
// per language under share/locale (installed) or locale/ in the build tree. British English is
// the source language, so it needs no catalogue. `en_XA` is the pseudo-locale the tests run
// (accented and 40% longer, in ⟦brackets⟧) to catch text that is untranslated, concatenated
// from pieces or clipped. Used by the console's start-up (and the GUI tests).
#pragma once

#include <wx/string.h>

namespace qm::gui {

// language: "" for the system's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else a code like "cy"
// or "en_XA". Returns false (and keeps English) when there is no catalogue for it.
bool useTranslations(const wxString& language);

}  // namespace qm::gui
