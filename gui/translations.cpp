#include "gui/translations.hpp"

#include <wx/filename.h>
#include <wx/intl.h>
#include <wx/stdpaths.h>
#include <wx/translation.h>

namespace qm::gui {
namespace {

// Words the register stores in English and the console shows translated through
// wxGetTranslation(); listed here so xgettext puts them in the catalogue.
[[maybe_unused]] const char* const kRegisterWords[] = {
    // device statuses (model/lifecycle.cpp)
    wxTRANSLATE("In stock"), wxTRANSLATE("Issued"), wxTRANSLATE("Lost"), wxTRANSLATE("Stolen"),
    wxTRANSLATE("In repair"), wxTRANSLATE("Pending wipe"), wxTRANSLATE("Wiped"), wxTRANSLATE("Retired"),
    // conditions a device comes back in
    wxTRANSLATE("good"), wxTRANSLATE("damaged"), wxTRANSLATE("faulty"), wxTRANSLATE("incomplete"),
    // kinds of device
    wxTRANSLATE("phone"), wxTRANSLATE("tablet"),
};

}  // namespace

bool useTranslations(const wxString& language) {
    // Next to the program in the build tree (build/gui/quartermaster -> build/locale), and the
    // installed share/locale, which wx searches by itself.
    const wxFileName exe(wxStandardPaths::Get().GetExecutablePath());
    wxFileTranslationsLoader::AddCatalogLookupPathPrefix(exe.GetPath() + "/../locale");
    wxFileTranslationsLoader::AddCatalogLookupPathPrefix(exe.GetPath() + "/../share/locale");
    auto* translations = new wxTranslations;
    wxTranslations::Set(translations);  // owns it
    if (!language.empty()) translations->SetLanguage(language);
    bool found = translations->AddCatalog("quartermaster", wxLANGUAGE_ENGLISH_UK);
    translations->AddStdCatalog();  // wx's own buttons and dialogs
    return found || language.empty() || language.StartsWith("en_GB");
}

}  // namespace qm::gui
