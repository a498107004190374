#include "services/receipts/receipt_layout.hpp"

#include "model/error.hpp"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <numbers>
#include <utility>

namespace qm::services {
namespace {

constexpr double kMargin = 48;     // 17 mm all round
constexpr double kFooter = 30;     // kept free above the bottom margin for the footer
constexpr double kContinued = 24;  // the "continued" line at the top of later pages
constexpr double kQrSize = 84;
// DejaVu Sans where it is installed (Linux desks); on Windows, Segoe UI or Arial, which carry the
// same Welsh, Irish and Polish letters. Pango tries the families in turn.
constexpr const char* kFamily = "DejaVu Sans, Segoe UI, Arial";

std::string esc(const std::string& text) {
    gchar* escaped = g_markup_escape_text(text.c_str(), -1);
    std::string out(escaped);
    g_free(escaped);
    return out;
}

// Pango's markup sizes are in 1024ths of a point.
std::string sized(double points, const std::string& markup, const char* weight = "normal") {
    return "<span size=\"" + std::to_string(static_cast<int>(points * 1024)) + "\" weight=\"" + weight + "\">" +
           markup + "</span>";
}

std::string joined(const std::vector<std::string>& items, const std::string& separator) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
    return out;
}

std::string bold(const std::string& plain) { return "<b>" + esc(plain) + "</b>"; }

struct Block {
    PangoLayout* layout = nullptr;                           // text, split across pages by lines
    std::function<void(cairo_t*, double x, double y)> draw;  // or a drawing, kept whole
    double height = 0;
    double spaceBefore = 0;
    double keepWithNext = 0;  // room the next block needs on the same page (a heading's first line)
    std::vector<std::pair<double, double>> lines;  // text: each line's top and bottom
};

struct Piece {
    std::size_t block = 0;
    int first = 0, count = 0;  // text lines; count 0 for a whole drawing
    double y = 0;
};

}  // namespace

struct ReceiptLayout::Impl {
    Receipt receipt;
    ReceiptPrint print;
    double width = 0, height = 0;
    PangoContext* context = nullptr;
    cairo_surface_t* logo = nullptr;
    QRcode* qr = nullptr;
    std::vector<PangoLayout*> owned;
    std::vector<Block> blocks;
    std::vector<std::vector<Piece>> pages;

    Impl() = default;
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    ~Impl() {
        for (PangoLayout* l : owned) g_object_unref(l);
        if (context) g_object_unref(context);
        if (logo) cairo_surface_destroy(logo);
        if (qr) QRcode_free(qr);
    }

    double contentWidth() const { return width - 2 * kMargin; }
    double top(std::size_t page) const { return page == 0 ? kMargin : kMargin + kContinued; }
    double bottom() const { return height - kMargin - kFooter; }

    // A laid-out paragraph; the caller owns it.
    PangoLayout* makeLayout(const std::string& markup, double points, double layoutWidth,
                            PangoAlignment align = PANGO_ALIGN_LEFT) const {
        PangoLayout* layout = pango_layout_new(context);
        PangoFontDescription* font = pango_font_description_from_string(kFamily);
        pango_font_description_set_size(font, static_cast<int>(points * PANGO_SCALE));
        pango_layout_set_font_description(layout, font);
        pango_font_description_free(font);
        pango_layout_set_width(layout, static_cast<int>(layoutWidth * PANGO_SCALE));
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);  // a 200-character name still wraps
        pango_layout_set_alignment(layout, align);
        // The receipt reads left to right; a name in Arabic or Hebrew is shaped and ordered
        // right to left within its line, not made to turn the paragraph round.
        pango_layout_set_auto_dir(layout, FALSE);
        pango_layout_set_markup(layout, markup.c_str(), -1);
        return layout;
    }

    // The same, kept as long as the receipt (the blocks draw it later).
    PangoLayout* text(const std::string& markup, double points, double layoutWidth,
                      PangoAlignment align = PANGO_ALIGN_LEFT) {
        owned.push_back(makeLayout(markup, points, layoutWidth, align));
        return owned.back();
    }

    static double layoutHeight(PangoLayout* layout) {
        int w = 0, h = 0;
        pango_layout_get_size(layout, &w, &h);
        return static_cast<double>(h) / PANGO_SCALE;
    }

    void addText(const std::string& markup, double points, double spaceBefore, double keepWithNext = 0) {
        Block b;
        b.layout = text(markup, points, contentWidth());
        b.spaceBefore = spaceBefore;
        b.keepWithNext = keepWithNext;
        PangoLayoutIter* it = pango_layout_get_iter(b.layout);
        do {
            int y0 = 0, y1 = 0;
            pango_layout_iter_get_line_yrange(it, &y0, &y1);
            b.lines.emplace_back(static_cast<double>(y0) / PANGO_SCALE, static_cast<double>(y1) / PANGO_SCALE);
        } while (pango_layout_iter_next_line(it));
        pango_layout_iter_free(it);
        b.height = b.lines.back().second - b.lines.front().first;
        blocks.push_back(std::move(b));
    }

    void addHeading(const std::string& plain) { addText(sized(12, esc(plain), "bold"), 12, 16, 36); }

    void addDrawing(double blockHeight, double spaceBefore, std::function<void(cairo_t*, double, double)> draw) {
        Block b;
        b.height = blockHeight;
        b.spaceBefore = spaceBefore;
        b.draw = std::move(draw);
        blocks.push_back(std::move(b));
    }

    void build();
    void addHeader();
    void addTitle();
    void addDevices(bool received, const std::string& heading);
    void addSignatures();
    void paginate();
    void drawQr(cairo_t* cr, double x, double y, double size) const;
    void drawPage(cairo_t* cr, std::size_t page) const;
};

void ReceiptLayout::Impl::addHeader() {
    const double gap = 14;
    const double left = contentWidth() - kQrSize - gap;
    double logoWidth = 0, logoHeight = 0;
    if (logo) {
        const double w = cairo_image_surface_get_width(logo), h = cairo_image_surface_get_height(logo);
        double scale = 48 / h;
        if (w * scale > 120) scale = 120 / w;
        logoWidth = w * scale;
        logoHeight = h * scale;
    }
    const double textX = logo ? logoWidth + 10 : 0;
    std::string markup = sized(15, esc(print.settings.forceName), "bold");
    if (!print.settings.deskLocation.empty()) markup += "\n" + sized(10, esc(print.settings.deskLocation));
    PangoLayout* name = text(markup, 10, left - textX);
    PangoLayout* caption =
        text(sized(7, "Scan at a service desk to check this receipt"), 7, kQrSize + 20, PANGO_ALIGN_CENTER);
    const double blockHeight = std::max(std::max(logoHeight, layoutHeight(name)), kQrSize + 2 + layoutHeight(caption));
    addDrawing(blockHeight, 0, [this, name, caption, logoWidth, logoHeight, textX, left, gap](cairo_t* cr, double x, double y) {
        if (logo) {
            cairo_save(cr);
            cairo_translate(cr, x, y);
            cairo_scale(cr, logoWidth / cairo_image_surface_get_width(logo),
                        logoHeight / cairo_image_surface_get_height(logo));
            cairo_set_source_surface(cr, logo, 0, 0);
            cairo_paint(cr);
            cairo_restore(cr);
        }
        cairo_move_to(cr, x + textX, y);
        pango_cairo_show_layout(cr, name);
        const double qx = x + left + gap;
        drawQr(cr, qx, y, kQrSize);
        cairo_move_to(cr, qx - 10, y + kQrSize + 2);
        pango_cairo_show_layout(cr, caption);
    });
}

void ReceiptLayout::Impl::addTitle() {
    const Receipt& r = receipt;
    std::string markup = sized(20, esc(receiptTitle(r.kind, r.stolen)), "bold") + "\n";
    markup += "Receipt " + bold(r.number) + "    " + esc(r.atLocal.empty() ? r.at : r.atLocal) + "\n";
    std::string desk = "Handed over by " + esc(r.by);
    if (r.kind == ReceiptKind::Loss) desk = "Recorded by " + esc(r.by);
    if (!print.settings.deskLocation.empty()) desk += " at " + esc(print.settings.deskLocation);
    markup += desk + "\nVerification code " + bold(r.code);
    if (print.copy)
        markup += "\n<span foreground=\"#a00000\" weight=\"bold\">COPY</span>" +
                  std::string(" — reprinted from the register; the original was signed at the hand-over.");
    addText(markup, 10, 14);
}

void ReceiptLayout::Impl::addDevices(bool received, const std::string& heading) {
    bool any = false;
    int n = 0;
    for (const auto& d : receipt.devices) {
        if (d.received != received) continue;
        if (!any) addHeading(heading);
        any = true;
        std::string markup = bold(std::to_string(++n) + ". " + d.manufacturer + " " + d.model);
        if (!d.kind.empty()) markup += " (" + esc(d.kind) + ")";
        // A label and its value never part at a line end (no-break spaces).
        const std::string nb = "\u00A0";
        std::vector<std::string> ids = {"Asset" + nb + "tag" + nb + bold(d.assetTag), "Serial" + nb + esc(d.serial)};
        if (!d.imei.empty()) ids.push_back("IMEI" + nb + esc(d.imei));
        if (!d.imei2.empty()) ids.push_back("IMEI" + nb + "2" + nb + esc(d.imei2));
        if (!d.phone.empty()) ids.push_back("Phone" + nb + esc(d.phone));
        markup += "\n" + joined(ids, "    ");
        std::vector<std::string> accessories;
        for (const auto& a : d.accessories) accessories.push_back(esc(a));
        markup += "\nAccessories: " + (accessories.empty() ? std::string("none") : joined(accessories, ", "));
        if (!d.condition.empty()) markup += "\nCondition when handed back: " + esc(d.condition);
        addText(markup, 10, 8);
    }
}

void ReceiptLayout::Impl::addSignatures() {
    const double column = (contentWidth() - 30) / 2;
    const std::string officerName = joined(
        [&] {
            std::vector<std::string> parts;
            if (!receipt.officer.rank.empty()) parts.push_back(receipt.officer.rank);
            parts.push_back(receipt.officer.name);
            return parts;
        }(),
        " ");
    PangoLayout* officer = text(bold("Officer") + "\n" + esc(officerName) + " (" + esc(receipt.officer.staffNo) + ")",
                                10, column);
    PangoLayout* desk = text(bold("Service desk") + "\n" + esc(receipt.by), 10, column);
    PangoLayout* labels = text(sized(8, "Signature"), 8, column);
    PangoLayout* dateLabel = text(sized(8, "Date"), 8, column);
    const double head = std::max(layoutHeight(officer), layoutHeight(desk));
    const double blockHeight = head + 96;
    addDrawing(blockHeight, 22, [=](cairo_t* cr, double x, double y) {
        for (int c = 0; c < 2; ++c) {
            const double cx = x + c * (column + 30);
            cairo_move_to(cr, cx, y);
            pango_cairo_show_layout(cr, c == 0 ? officer : desk);
            cairo_set_source_rgb(cr, 0, 0, 0);
            cairo_set_line_width(cr, 0.6);
            for (int line = 0; line < 2; ++line) {
                const double ly = y + head + 40 + line * 40;
                cairo_move_to(cr, cx, ly);
                cairo_line_to(cr, cx + column, ly);
                cairo_stroke(cr);
                cairo_move_to(cr, cx, ly + 2);
                pango_cairo_show_layout(cr, line == 0 ? labels : dateLabel);
            }
        }
    });
}

void ReceiptLayout::Impl::build() {
    addHeader();
    addTitle();
    addHeading("Officer");
    const ReceiptOfficer& o = receipt.officer;
    std::vector<std::string> about = {"Staff number " + bold(o.staffNo)};
    if (!o.rank.empty()) about.push_back("Rank " + esc(o.rank));
    if (!o.unit.empty()) about.push_back("Unit " + esc(o.unit));
    addText(sized(11, esc(o.name), "bold") + "\n" + joined(about, "    "), 10, 4);
    switch (receipt.kind) {
        case ReceiptKind::Issue: addDevices(true, "Devices received"); break;
        case ReceiptKind::Return: addDevices(false, "Devices handed back"); break;
        case ReceiptKind::Swap:
            addDevices(false, "Device handed back (faulty)");
            addDevices(true, "Replacement received");
            break;
        case ReceiptKind::Loss: addDevices(false, receipt.stolen ? "Device reported stolen" : "Device reported lost"); break;
    }
    std::vector<std::string> facts;
    if (receipt.kind == ReceiptKind::Swap) facts.push_back("Reason for the swap: " + esc(receipt.reason));
    if (receipt.kind == ReceiptKind::Loss)
        facts.push_back("Incident reference: " +
                        (receipt.incidentReference.empty() ? std::string("none given") : bold(receipt.incidentReference)));
    if (!receipt.note.empty()) facts.push_back("Note: " + esc(receipt.note));
    if (!facts.empty()) addText(joined(facts, "\n"), 10, 12);
    if (receipt.kind != ReceiptKind::Return) {
        addHeading("Terms of use");
        addText(esc(print.settings.terms), 9, 4);
    }
    std::string declaration;
    switch (receipt.kind) {
        case ReceiptKind::Issue:
            declaration = "I have received the devices and accessories listed above and accept the terms of use.";
            break;
        case ReceiptKind::Return:
            declaration = "The devices and accessories listed above were handed back to the service desk in the "
                          "condition shown.";
            break;
        case ReceiptKind::Swap:
            declaration = "I have handed back the faulty device and received the replacement listed above, on the "
                          "terms of use.";
            break;
        case ReceiptKind::Loss:
            declaration = std::string("I report that the device listed above is ") +
                          (receipt.stolen ? "stolen" : "lost") + ", as recorded under the incident reference above.";
            break;
    }
    // The declaration stays on the page the officer signs.
    addSignatures();
    Block signatures = std::move(blocks.back());
    blocks.pop_back();
    addText(bold(declaration), 10, 14, signatures.spaceBefore + signatures.height);
    blocks.push_back(std::move(signatures));
}

void ReceiptLayout::Impl::paginate() {
    pages.assign(1, {});
    double y = top(0);
    auto newPage = [&] {
        pages.emplace_back();
        y = top(pages.size() - 1);
    };
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        const Block& b = blocks[i];
        double before = pages.back().empty() ? 0 : b.spaceBefore;
        // A drawing, or a heading and the start of what it heads, goes whole onto the next page.
        const double needed = (b.layout ? (b.lines.front().second - b.lines.front().first) : b.height) + b.keepWithNext;
        if (y + before + needed > bottom() && !pages.back().empty()) {
            newPage();
            before = 0;
        }
        y += before;
        if (!b.layout) {
            pages.back().push_back({i, 0, 0, y});
            y += b.height;
            continue;
        }
        int first = 0;
        const int lines = static_cast<int>(b.lines.size());
        while (first < lines) {
            const double base = b.lines[first].first;
            int count = 0;
            while (first + count < lines && y + (b.lines[first + count].second - base) <= bottom()) ++count;
            if (count == 0) {
                if (pages.back().empty()) count = 1;  // a line taller than a page: shown, not lost
                else {
                    newPage();
                    continue;
                }
            }
            pages.back().push_back({i, first, count, y});
            y += b.lines[first + count - 1].second - base;
            first += count;
            if (first < lines) newPage();
        }
    }
}

void ReceiptLayout::Impl::drawQr(cairo_t* cr, double x, double y, double size) const {
    if (!qr) return;
    const int quiet = 4;
    const double module = size / (qr->width + 2 * quiet);
    cairo_save(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x, y, size, size);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int row = 0; row < qr->width; ++row)
        for (int col = 0; col < qr->width; ++col)
            if (qr->data[row * qr->width + col] & 1)
                cairo_rectangle(cr, x + (col + quiet) * module, y + (row + quiet) * module, module, module);
    cairo_fill(cr);
    cairo_restore(cr);
}

void ReceiptLayout::Impl::drawPage(cairo_t* cr, std::size_t page) const {
    cairo_save(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, 0, 0, width, height);
    cairo_fill(cr);
    auto showText = [&](const std::string& markup, double points, double x, double y, double w, PangoAlignment align,
                        double r, double g, double b) {
        PangoLayout* layout = makeLayout(markup, points, w, align);
        cairo_set_source_rgb(cr, r, g, b);
        cairo_move_to(cr, x, y);
        pango_cairo_show_layout(cr, layout);
        g_object_unref(layout);
    };
    if (print.copy) {
        // Under the content, across the page: a reprint can never pass for the signed original.
        cairo_save(cr);
        cairo_translate(cr, width / 2, height / 2);
        cairo_rotate(cr, -std::numbers::pi / 6);
        showText(sized(110, "COPY", "bold"), 110, -width / 2, -80, width, PANGO_ALIGN_CENTER, 0.86, 0.86, 0.86);
        cairo_restore(cr);
    }
    const std::string title = receiptTitle(receipt.kind, receipt.stolen) + " " + receipt.number;
    if (page > 0)
        showText(sized(8, esc(title) + " (continued)" + (print.copy ? " — COPY" : "")), 8, kMargin, kMargin,
                 contentWidth(), PANGO_ALIGN_LEFT, 0.3, 0.3, 0.3);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (const Piece& piece : pages[page]) {
        const Block& b = blocks[piece.block];
        if (!b.layout) {
            b.draw(cr, kMargin, piece.y);
            continue;
        }
        const double y0 = b.lines[piece.first].first, y1 = b.lines[piece.first + piece.count - 1].second;
        cairo_save(cr);
        cairo_rectangle(cr, kMargin - 4, piece.y, contentWidth() + 8, y1 - y0);
        cairo_clip(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_move_to(cr, kMargin, piece.y - y0);
        pango_cairo_show_layout(cr, b.layout);
        cairo_restore(cr);
    }
    // The footer: which receipt, its code, which page.
    const double fy = height - kMargin - 12;
    cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
    cairo_set_line_width(cr, 0.4);
    cairo_move_to(cr, kMargin, fy - 4);
    cairo_line_to(cr, width - kMargin, fy - 4);
    cairo_stroke(cr);
    showText(sized(8, esc(title) + "    code " + esc(receipt.code) + (print.copy ? "    COPY" : "")), 8, kMargin, fy,
             contentWidth(), PANGO_ALIGN_LEFT, 0.25, 0.25, 0.25);
    showText(sized(8, "Page " + std::to_string(page + 1) + " of " + std::to_string(pages.size())), 8, kMargin, fy,
             contentWidth(), PANGO_ALIGN_RIGHT, 0.25, 0.25, 0.25);
    cairo_restore(cr);
}

ReceiptLayout::ReceiptLayout(const Receipt& receipt, const ReceiptPrint& print) : impl_(std::make_unique<Impl>()) {
    Impl& m = *impl_;
    m.receipt = receipt;
    m.print = print;
    m.width = print.settings.paper == Paper::Letter ? 612 : 595.276;
    m.height = print.settings.paper == Paper::Letter ? 792 : 841.89;
    m.context = pango_font_map_create_context(pango_cairo_font_map_get_default());
    pango_cairo_context_set_resolution(m.context, 72);  // one Pango point is one unit
    pango_context_set_base_dir(m.context, PANGO_DIRECTION_LTR);
    // Metrics independent of the device, so the pages break the same on paper, in a PDF and
    // in the preview.
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(m.context, options);
    cairo_font_options_destroy(options);
    if (!print.settings.logoFile.empty()) {
        m.logo = cairo_image_surface_create_from_png(print.settings.logoFile.c_str());
        if (cairo_surface_status(m.logo) != CAIRO_STATUS_SUCCESS || cairo_image_surface_get_width(m.logo) <= 0) {
            cairo_surface_destroy(m.logo);
            m.logo = nullptr;
            throw invalid("logo", "The logo file " + print.settings.logoFile + " is not a PNG image.");
        }
    }
    const std::string qrText = receiptQrText(receipt);
    m.qr = QRcode_encodeString(qrText.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!m.qr) throw Error(ErrorKind::Other, "The receipt's QR code could not be made.");
    m.build();
    m.paginate();
}

ReceiptLayout::~ReceiptLayout() = default;

int ReceiptLayout::pageCount() const { return static_cast<int>(impl_->pages.size()); }
double ReceiptLayout::pageWidth() const { return impl_->width; }
double ReceiptLayout::pageHeight() const { return impl_->height; }

void ReceiptLayout::drawPage(cairo_t* cr, int page) const {
    if (page < 0 || page >= pageCount()) return;
    impl_->drawPage(cr, static_cast<std::size_t>(page));
}

void requireReceiptDrawing() {}  // this build draws them

void writeReceiptPdf(const ReceiptLayout& layout, const std::string& path) {
    const std::string part = path + ".part";
    cairo_surface_t* surface = cairo_pdf_surface_create(part.c_str(), layout.pageWidth(), layout.pageHeight());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Quartermaster");
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, "Hand-over receipt");
    cairo_t* cr = cairo_create(surface);
    for (int page = 0; page < layout.pageCount(); ++page) {
        layout.drawPage(cr, page);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    const cairo_status_t status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    std::error_code ignored;
    if (status != CAIRO_STATUS_SUCCESS) {
        std::filesystem::remove(part, ignored);
        throw Error(ErrorKind::Other,
                    "The receipt could not be written to " + path + ": " + cairo_status_to_string(status) + ".");
    }
    std::error_code moved;
    std::filesystem::rename(part, path, moved);
    if (moved) {
        std::filesystem::remove(part, ignored);
        throw Error(ErrorKind::Other, "The receipt could not be written to " + path + ": " + moved.message() + ".");
    }
}

namespace {

// One page drawn on an image surface at DOTS_PER_INCH; the caller destroys it.
cairo_surface_t* renderedPage(const ReceiptLayout& layout, int page, double dotsPerInch) {
    const double scale = dotsPerInch / 72.0;
    cairo_surface_t* surface =
        cairo_image_surface_create(CAIRO_FORMAT_RGB24, static_cast<int>(std::ceil(layout.pageWidth() * scale)),
                                   static_cast<int>(std::ceil(layout.pageHeight() * scale)));
    cairo_t* cr = cairo_create(surface);
    cairo_scale(cr, scale, scale);
    layout.drawPage(cr, page);
    cairo_destroy(cr);
    cairo_surface_flush(surface);
    return surface;
}

}  // namespace

PageImage renderReceiptPage(const ReceiptLayout& layout, int page, double dotsPerInch) {
    cairo_surface_t* surface = renderedPage(layout, page, dotsPerInch);
    PageImage image;
    image.width = cairo_image_surface_get_width(surface);
    image.height = cairo_image_surface_get_height(surface);
    const unsigned char* data = cairo_image_surface_get_data(surface);
    const int stride = cairo_image_surface_get_stride(surface);
    image.rgb.resize(static_cast<std::size_t>(image.width) * image.height * 3);
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x) {
            // RGB24 is a native-endian 32-bit word: 0x00RRGGBB.
            const auto pixel = *reinterpret_cast<const std::uint32_t*>(data + y * stride + x * 4);
            unsigned char* out = &image.rgb[(static_cast<std::size_t>(y) * image.width + x) * 3];
            out[0] = static_cast<unsigned char>(pixel >> 16);
            out[1] = static_cast<unsigned char>(pixel >> 8);
            out[2] = static_cast<unsigned char>(pixel);
        }
    cairo_surface_destroy(surface);
    return image;
}

void writeReceiptPng(const ReceiptLayout& layout, int page, double dotsPerInch, const std::string& path) {
    cairo_surface_t* surface = renderedPage(layout, page, dotsPerInch);
    const cairo_status_t status = cairo_surface_write_to_png(surface, path.c_str());
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS)
        throw Error(ErrorKind::Other,
                    "The receipt could not be written to " + path + ": " + cairo_status_to_string(status) + ".");
}

}  // namespace qm::services
