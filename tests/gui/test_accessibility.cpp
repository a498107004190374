// The colour rules behind the console's contrast (gui/accessibility.hpp). The screen reader's
// view of every window is tested through AT-SPI by tests/a11y (ctest: accessibility).
#include "gui/accessibility.hpp"

#include <gtest/gtest.h>
#include <wx/settings.h>

namespace qm::gui {
namespace {

TEST(Contrast, RatioFollowsWcag) {
    EXPECT_NEAR(a11y::contrastRatio(*wxBLACK, *wxWHITE), 21.0, 1e-9);
    EXPECT_NEAR(a11y::contrastRatio(*wxWHITE, *wxWHITE), 1.0, 1e-9);
    // #767676 on white is the classic "just passes" grey: 4.54:1.
    EXPECT_NEAR(a11y::contrastRatio(wxColour(0x76, 0x76, 0x76), *wxWHITE), 4.54, 0.01);
    EXPECT_DOUBLE_EQ(a11y::contrastRatio(*wxRED, *wxBLUE), a11y::contrastRatio(*wxBLUE, *wxRED));
}

TEST(Contrast, ReadableOnDarkensOnLightAndLightensOnDark) {
    const wxColour grey(0x9A, 0x9A, 0x9A);  // 2.77:1 on white, like the old hint line
    const wxColour onWhite = a11y::readableOn(grey, *wxWHITE);
    EXPECT_GE(a11y::contrastRatio(onWhite, *wxWHITE), 4.5);
    EXPECT_LT(onWhite.Red(), grey.Red());
    const wxColour red(0xB0, 0x00, 0x20);  // 1.9:1 on black, as under HighContrastInverse
    const wxColour onBlack = a11y::readableOn(red, *wxBLACK);
    EXPECT_GE(a11y::contrastRatio(onBlack, *wxBLACK), 4.5);
    EXPECT_GT(onBlack.Red(), red.Red());
    EXPECT_GT(onBlack.Red(), onBlack.Green());  // still reads as red
    // Already readable: unchanged.
    EXPECT_EQ(a11y::readableOn(*wxBLACK, *wxWHITE), *wxBLACK);
}

TEST(Contrast, EveryToneIsReadableOnTheThemesBackgrounds) {
    for (auto tone : {a11y::Tone::Quiet, a11y::Tone::Problem, a11y::Tone::Warning, a11y::Tone::Done}) {
        const wxColour c = a11y::toneColour(tone);
        EXPECT_GE(a11y::contrastRatio(c, wxSystemSettings::GetColour(wxSYS_COLOUR_BTNFACE)), 4.5);
        EXPECT_GE(a11y::contrastRatio(c, wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOW)), 4.5);
    }
}

}  // namespace
}  // namespace qm::gui
