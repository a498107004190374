// The receipt layout where Pango and Cairo are not built in (the Windows build, for now): the
// register still numbers, codes and checks every receipt (qmctl receipt, receipt verify), but
// drawing one says in one sentence that this build cannot, and where it can be printed.
#include "services/receipts/receipt_layout.hpp"

#include "model/error.hpp"

namespace qm::services {
namespace {

[[noreturn]] void cannotDraw() {
    throw unavailable("This build of Quartermaster cannot draw receipts (PDF, print or preview): print it from a "
                      "Linux desk with 'qmctl receipt NUMBER --pdf FILE'; the register has the receipt.");
}

}  // namespace

struct ReceiptLayout::Impl {};

void requireReceiptDrawing() { cannotDraw(); }

ReceiptLayout::ReceiptLayout(const Receipt&, const ReceiptPrint&) { cannotDraw(); }
ReceiptLayout::~ReceiptLayout() = default;
int ReceiptLayout::pageCount() const { return 0; }
double ReceiptLayout::pageWidth() const { return 0; }
double ReceiptLayout::pageHeight() const { return 0; }
void ReceiptLayout::drawPage(cairo_t*, int) const { cannotDraw(); }
void writeReceiptPdf(const ReceiptLayout&, const std::string&) { cannotDraw(); }
PageImage renderReceiptPage(const ReceiptLayout&, int, double) { cannotDraw(); }
void writeReceiptPng(const ReceiptLayout&, int, double, const std::string&) { cannotDraw(); }

}  // namespace qm::services
