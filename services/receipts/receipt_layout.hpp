// Receipt layout — the one piece of code that draws a receipt, on paper and in a PDF alike.
//
// It lays the receipt out in points (1/72 inch) with Pango, which shapes any script (accents,
// Welsh, Polish, Arabic, Chinese) with the system's fonts, and draws with Cairo: onto a PDF
// surface for qmctl and "Save PDF" (real, selectable text with embedded fonts), onto the
// printer's Cairo context for the console's Print, onto an image for its preview. Long names
// and long lists wrap and run onto more pages; nothing is cut off. Each page has its number,
// the receipt number and, for a reprint, a COPY mark. The first page carries a QR code with the
// receipt number and its verification code (model/receipt.hpp).
#pragma once

#include "model/receipt.hpp"
#include "services/receipts/receipt_settings.hpp"

#include <memory>
#include <string>
#include <vector>

typedef struct _cairo cairo_t;

namespace qm::services {

struct ReceiptPrint {
    ReceiptSettings settings;
    bool copy = false;  // a reprint: every page says COPY
};

class ReceiptLayout {
public:
    ReceiptLayout(const Receipt& receipt, const ReceiptPrint& print);
    ~ReceiptLayout();
    ReceiptLayout(const ReceiptLayout&) = delete;
    ReceiptLayout& operator=(const ReceiptLayout&) = delete;

    int pageCount() const;
    double pageWidth() const;   // points
    double pageHeight() const;
    // Draws page PAGE (0-based) with its top-left corner at the context's origin, one unit to
    // the point; the caller scales the context to its device first.
    void drawPage(cairo_t* cr, int page) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Throws Unavailable, in one sentence, when this build cannot draw receipts (built without
// Pango and Cairo: the Windows build for now), so callers refuse before a hand-over rather
// than after it.
void requireReceiptDrawing();

// Writes the receipt as a PDF (through a temporary file beside it, so a failure leaves no
// half-written file). Throws qm::Error naming the file when it cannot be written.
void writeReceiptPdf(const ReceiptLayout& layout, const std::string& path);

// One page as an image, e.g. for the console's preview and the user guide's sample.
struct PageImage {
    int width = 0, height = 0;
    std::vector<unsigned char> rgb;  // width * height * 3 bytes
};
PageImage renderReceiptPage(const ReceiptLayout& layout, int page, double dotsPerInch);
void writeReceiptPng(const ReceiptLayout& layout, int page, double dotsPerInch, const std::string& path);

}  // namespace qm::services
