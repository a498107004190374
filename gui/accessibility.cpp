#include "gui/accessibility.hpp"

#include <wx/listctrl.h>
#include <wx/settings.h>
#include <wx/stattext.h>
#include <wx/toolbar.h>
#include <wx/window.h>

#include <algorithm>
#include <cmath>

#ifdef __WXGTK__
#include <gtk/gtk.h>

#include <cstring>
#include <map>
#include <utility>
#include <vector>
#endif

namespace qm::gui::a11y {
namespace {

// "&Staff number:" -> "Staff number" (what is read must be what is seen).
wxString spoken(const wxString& label) {
    wxString text = wxStripMenuCodes(label, wxStrip_Mnemonics);
    text.Trim().Trim(false);
    if (text.EndsWith(":")) text.RemoveLast();
    return text.Trim();
}

double channel(unsigned char c) {
    const double v = c / 255.0;
    return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

double luminance(const wxColour& c) {
    return 0.2126 * channel(c.Red()) + 0.7152 * channel(c.Green()) + 0.0722 * channel(c.Blue());
}

}  // namespace

double contrastRatio(const wxColour& a, const wxColour& b) {
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

wxColour readableOn(const wxColour& wanted, const wxColour& background, double ratio) {
    if (contrastRatio(wanted, background) >= ratio) return wanted;
    // Move toward black on a light background, toward white on a dark one, keeping the hue.
    const bool dark = luminance(background) < 0.5;
    wxColour best = dark ? *wxWHITE : *wxBLACK;
    for (int step = 1; step <= 20; ++step) {
        const double t = step / 20.0;
        auto mix = [&](unsigned char c) {
            const double target = dark ? 255.0 : 0.0;
            return static_cast<unsigned char>(std::lround(c + (target - c) * t));
        };
        wxColour candidate(mix(wanted.Red()), mix(wanted.Green()), mix(wanted.Blue()));
        if (contrastRatio(candidate, background) >= ratio) return candidate;
    }
    return best;
}

wxColour toneColour(Tone tone) {
    wxColour wanted;
    switch (tone) {
    case Tone::Quiet: wanted = wxSystemSettings::GetColour(wxSYS_COLOUR_GRAYTEXT); break;
    case Tone::Problem: wanted = wxColour(0xB0, 0x00, 0x20); break;
    case Tone::Warning: wanted = wxColour(0xA0, 0x52, 0x00); break;
    case Tone::Done: wanted = wxColour(0x1B, 0x5E, 0x20); break;
    }
    // Text sits on dialogs and panels (BTNFACE) and on fields and lists (WINDOW).
    const wxColour face = wxSystemSettings::GetColour(wxSYS_COLOUR_BTNFACE);
    const wxColour field = wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOW);
    const wxColour worse = contrastRatio(wanted, face) < contrastRatio(wanted, field) ? face : field;
    wxColour colour = readableOn(wanted, worse, 4.6);  // a margin over 4.5 for rounding
    return readableOn(colour, worse == face ? field : face, 4.6);
}

#ifdef __WXGTK__
namespace {

// The widget that takes the focus, whose accessible a screen reader reads for the control:
// a multi-line text control's view inside its scrolled window, a list's row area.
GtkWidget* focusWidget(wxWindow* control);

AtkObject* accessibleOf(wxWindow* control) {
    GtkWidget* widget = focusWidget(control);
    return widget ? gtk_widget_get_accessible(widget) : nullptr;
}

// ---------------------------------------------------------------------------------------
// Lists as ATK tables. wxGTK's wxListCtrl is a wx-drawn window (a "pizza" widget) whose
// accessible is a plain container. The accessible of the list's row area is given a subclass
// of its own type that adds the Table and Selection interfaces and answers from the list.
// (GTK offers no way to choose the accessible of one widget instance, and it may already
// exist, so the existing object's class is replaced by the subclass: same instance layout,
// extra interfaces. The list's state hangs off the object as qdata.)

// The part of wxGTK's (generic) wxListCtrl that draws the rows and takes the focus: the child
// its public m_mainWin points at (a type wx does not export, hence the address comparison).
wxWindow* rowAreaOf(wxListCtrl* list) {
    for (wxWindow* child : list->GetChildren())
        if (static_cast<const void*>(child) == static_cast<const void*>(list->m_mainWin)) return child;
    return list;
}

struct ListAccess {
    wxListCtrl* list = nullptr;  // null once the list is destroyed; the accessible may live on
    AtkObject* table = nullptr;
    std::vector<AtkObject*> headers;
    std::map<std::pair<long, int>, AtkObject*> cells;  // the ones handed out lately
    ~ListAccess();
    // gone: the rows they stood for changed or went (a reader is told they are defunct);
    // otherwise they are only let go of, and made again if asked for.
    void dropCells(bool gone);
    AtkObject* cell(long row, int column);
    AtkObject* header(int column);
    long rows() const { return list ? list->GetItemCount() : 0; }
    int columns() const { return list ? std::max(list->GetColumnCount(), 1) : 1; }
    wxWindow* rowArea() const;
};

GQuark listQuark() {
    static const GQuark quark = g_quark_from_static_string("qm-list-access");
    return quark;
}

ListAccess* accessOf(gpointer object) {
    auto* access = object ? static_cast<ListAccess*>(g_object_get_qdata(G_OBJECT(object), listQuark())) : nullptr;
    // The widget went with its list (a reader may still hold the table): answer as empty.
    if (access && access->list && !gtk_accessible_get_widget(GTK_ACCESSIBLE(access->table))) {
        access->list = nullptr;
        access->dropCells(true);
    }
    return access;
}

// A cell (row >= 0) or a column header (row == -1). Its text is read from the list when asked.
struct QmCell {
    AtkObject parent;
    AtkObject* table;  // weak
    long row;
    int column;
    gchar* name;
};
struct QmCellClass {
    AtkObjectClass parent_class;
};

GType qm_cell_get_type();
#define QM_CELL(o) (G_TYPE_CHECK_INSTANCE_CAST((o), qm_cell_get_type(), QmCell))

void qm_cell_component_init(AtkComponentIface* iface);

G_DEFINE_TYPE_WITH_CODE(QmCell, qm_cell, ATK_TYPE_OBJECT,
                        G_IMPLEMENT_INTERFACE(ATK_TYPE_COMPONENT, qm_cell_component_init))

wxString cellText(const ListAccess& access, long row, int column) {
    if (!access.list) return {};
    if (row < 0) {
        wxListItem item;
        item.SetMask(wxLIST_MASK_TEXT);
        access.list->GetColumn(column, item);
        return item.GetText();
    }
    if (row >= access.list->GetItemCount()) return {};
    return access.list->GetItemText(row, column);
}

const gchar* qm_cell_get_name(AtkObject* object) {
    QmCell* cell = QM_CELL(object);
    if (object->name) return object->name;  // set explicitly
    ListAccess* access = accessOf(cell->table);
    const wxString value = access ? cellText(*access, cell->row, cell->column) : wxString();
    const wxScopedCharBuffer text = value.utf8_str();  // may point into value: keep both alive
    // Keep the string handed out last time while the text is the same (callers hold it).
    if (!cell->name || std::strcmp(cell->name, text.data()) != 0) {
        g_free(cell->name);
        cell->name = g_strdup(text.data());
    }
    return cell->name;
}

AtkObject* qm_cell_get_parent(AtkObject* object) { return QM_CELL(object)->table; }

gint qm_cell_get_index_in_parent(AtkObject* object) {
    QmCell* cell = QM_CELL(object);
    ListAccess* access = accessOf(cell->table);
    if (!access || cell->row < 0) return -1;
    const long long index = static_cast<long long>(cell->row) * access->columns() + cell->column;
    return index > G_MAXINT ? -1 : static_cast<gint>(index);
}

bool rowSelected(const ListAccess& access, long row) {
    return access.list && row >= 0 && row < access.list->GetItemCount() &&
           access.list->GetItemState(row, wxLIST_STATE_SELECTED);
}

long focusedRow(const ListAccess& access) {
    return access.list ? access.list->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_FOCUSED) : -1;
}

AtkStateSet* qm_cell_ref_state_set(AtkObject* object) {
    QmCell* cell = QM_CELL(object);
    AtkStateSet* states = atk_state_set_new();
    ListAccess* access = accessOf(cell->table);
    if (!access || !access->list || cell->row >= access->rows()) {
        atk_state_set_add_state(states, ATK_STATE_DEFUNCT);
        return states;
    }
    for (AtkStateType s : {ATK_STATE_ENABLED, ATK_STATE_SENSITIVE, ATK_STATE_VISIBLE, ATK_STATE_TRANSIENT,
                           ATK_STATE_SINGLE_LINE})
        atk_state_set_add_state(states, s);
    if (cell->row < 0) return states;
    atk_state_set_add_state(states, ATK_STATE_SELECTABLE);
    atk_state_set_add_state(states, ATK_STATE_FOCUSABLE);
    const long top = access->list->GetTopItem();
    if (cell->row >= top && cell->row <= top + access->list->GetCountPerPage())
        atk_state_set_add_state(states, ATK_STATE_SHOWING);
    if (rowSelected(*access, cell->row)) atk_state_set_add_state(states, ATK_STATE_SELECTED);
    wxWindow* area = access->rowArea();
    if (cell->row == focusedRow(*access) && area && area->HasFocus()) {
        atk_state_set_add_state(states, ATK_STATE_FOCUSED);
        atk_state_set_add_state(states, ATK_STATE_ACTIVE);
    }
    return states;
}

void qm_cell_finalize(GObject* object) {
    QmCell* cell = QM_CELL(object);
    if (cell->table) g_object_remove_weak_pointer(G_OBJECT(cell->table), reinterpret_cast<gpointer*>(&cell->table));
    g_free(cell->name);
    G_OBJECT_CLASS(qm_cell_parent_class)->finalize(object);
}

void qm_cell_class_init(QmCellClass* klass) {
    AtkObjectClass* atk = ATK_OBJECT_CLASS(klass);
    atk->get_name = qm_cell_get_name;
    atk->get_parent = qm_cell_get_parent;
    atk->get_index_in_parent = qm_cell_get_index_in_parent;
    atk->ref_state_set = qm_cell_ref_state_set;
    G_OBJECT_CLASS(klass)->finalize = qm_cell_finalize;
}

void qm_cell_init(QmCell* cell) {
    cell->table = nullptr;
    cell->row = 0;
    cell->column = 0;
    cell->name = nullptr;
}

void qm_cell_get_extents(AtkComponent* component, gint* x, gint* y, gint* width, gint* height,
                         AtkCoordType coords) {
    *x = *y = *width = *height = -1;
    QmCell* cell = QM_CELL(component);
    ListAccess* access = accessOf(cell->table);
    if (!access || !access->list || cell->row < 0 || cell->row >= access->rows()) return;
    wxRect rect;
    if (!access->list->GetSubItemRect(cell->row, cell->column, rect)) return;
    wxPoint origin = access->list->ClientToScreen(rect.GetTopLeft());
    if (coords == ATK_XY_WINDOW) origin -= wxGetTopLevelParent(access->list)->GetScreenPosition();
    *x = origin.x;
    *y = origin.y;
    *width = rect.width;
    *height = rect.height;
}

void qm_cell_component_init(AtkComponentIface* iface) { iface->get_extents = qm_cell_get_extents; }

AtkObject* newCell(AtkObject* table, long row, int column) {
    auto* cell = static_cast<QmCell*>(g_object_new(qm_cell_get_type(), nullptr));
    cell->table = table;
    g_object_add_weak_pointer(G_OBJECT(table), reinterpret_cast<gpointer*>(&cell->table));
    cell->row = row;
    cell->column = column;
    AtkObject* object = ATK_OBJECT(cell);
    atk_object_set_role(object, row < 0 ? ATK_ROLE_TABLE_COLUMN_HEADER : ATK_ROLE_TABLE_CELL);
    return object;
}

ListAccess::~ListAccess() {
    dropCells(true);
    for (AtkObject* h : headers) g_object_unref(h);
}

void ListAccess::dropCells(bool gone) {
    for (auto& [key, cell] : cells) {
        if (gone) atk_object_notify_state_change(cell, ATK_STATE_DEFUNCT, TRUE);
        g_object_unref(cell);
    }
    cells.clear();
}

AtkObject* ListAccess::cell(long row, int column) {
    auto key = std::make_pair(row, column);
    if (auto it = cells.find(key); it != cells.end()) return it->second;
    if (cells.size() >= 512) {  // a reader walking a million rows: keep only the focused row's
        const long focused = focusedRow(*this);
        for (auto it = cells.begin(); it != cells.end();) {
            if (it->first.first == focused) {
                ++it;
                continue;
            }
            g_object_unref(it->second);
            it = cells.erase(it);
        }
    }
    AtkObject* made = newCell(table, row, column);
    cells.emplace(key, made);
    return made;
}

AtkObject* ListAccess::header(int column) {
    while (static_cast<int>(headers.size()) <= column) headers.push_back(newCell(table, -1, int(headers.size())));
    return headers[column];
}

wxWindow* ListAccess::rowArea() const { return list ? rowAreaOf(list) : nullptr; }

// --- the table's own answers (AtkObject, AtkTable, AtkSelection) ---

AtkObjectClass* baseClass(AtkObject* object) {
    return ATK_OBJECT_CLASS(g_type_class_peek_parent(G_OBJECT_GET_CLASS(object)));
}

gint table_get_n_children(AtkObject* object) {
    ListAccess* access = accessOf(object);
    if (!access) return 0;
    const long long n = static_cast<long long>(access->rows()) * access->columns();
    return static_cast<gint>(std::min<long long>(n, G_MAXINT));
}

AtkObject* table_ref_child(AtkObject* object, gint index) {
    ListAccess* access = accessOf(object);
    if (!access || index < 0 || index >= table_get_n_children(object)) return nullptr;
    return ATK_OBJECT(g_object_ref(access->cell(index / access->columns(), index % access->columns())));
}

AtkStateSet* table_ref_state_set(AtkObject* object) {
    AtkStateSet* states = baseClass(object)->ref_state_set(object);
    atk_state_set_add_state(states, ATK_STATE_MANAGES_DESCENDANTS);
    ListAccess* access = accessOf(object);
    if (access && access->list && !access->list->HasFlag(wxLC_SINGLE_SEL))
        atk_state_set_add_state(states, ATK_STATE_MULTISELECTABLE);
    return states;
}

AtkObject* table_ref_at(AtkTable* table, gint row, gint column) {
    ListAccess* access = accessOf(table);
    if (!access || row < 0 || row >= access->rows() || column < 0 || column >= access->columns()) return nullptr;
    return ATK_OBJECT(g_object_ref(access->cell(row, column)));
}

gint table_get_index_at(AtkTable* table, gint row, gint column) {
    ListAccess* access = accessOf(table);
    if (!access || row < 0 || row >= access->rows() || column < 0 || column >= access->columns()) return -1;
    const long long index = static_cast<long long>(row) * access->columns() + column;
    return index > G_MAXINT ? -1 : static_cast<gint>(index);
}
gint table_get_row_at_index(AtkTable* table, gint index) {
    ListAccess* access = accessOf(table);
    return access && index >= 0 ? index / access->columns() : -1;
}
gint table_get_column_at_index(AtkTable* table, gint index) {
    ListAccess* access = accessOf(table);
    return access && index >= 0 ? index % access->columns() : -1;
}
gint table_get_n_rows(AtkTable* table) {
    ListAccess* access = accessOf(table);
    return access ? static_cast<gint>(std::min<long>(access->rows(), G_MAXINT)) : 0;
}
gint table_get_n_columns(AtkTable* table) {
    ListAccess* access = accessOf(table);
    return access && access->list ? access->list->GetColumnCount() : 0;
}
AtkObject* table_get_column_header(AtkTable* table, gint column) {
    ListAccess* access = accessOf(table);
    if (!access || column < 0 || column >= table_get_n_columns(table)) return nullptr;
    return access->header(column);  // transfer none
}
const gchar* table_get_column_description(AtkTable* table, gint column) {
    AtkObject* header = table_get_column_header(table, column);
    return header ? atk_object_get_name(header) : nullptr;
}
gboolean table_is_row_selected(AtkTable* table, gint row) {
    ListAccess* access = accessOf(table);
    return access && rowSelected(*access, row);
}
gboolean table_is_selected(AtkTable* table, gint row, gint) { return table_is_row_selected(table, row); }
gint table_get_selected_rows(AtkTable* table, gint** selected) {
    ListAccess* access = accessOf(table);
    std::vector<gint> rows;
    if (access && access->list)
        for (long r = access->list->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED); r >= 0;
             r = access->list->GetNextItem(r, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED))
            rows.push_back(static_cast<gint>(r));
    if (selected) {
        *selected = rows.empty() ? nullptr : g_new(gint, rows.size());
        std::copy(rows.begin(), rows.end(), rows.empty() ? nullptr : *selected);
    }
    return static_cast<gint>(rows.size());
}
gboolean table_add_row_selection(AtkTable* table, gint row) {
    ListAccess* access = accessOf(table);
    if (!access || !access->list || row < 0 || row >= access->rows()) return FALSE;
    access->list->SetItemState(row, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
                               wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
    access->list->EnsureVisible(row);
    return TRUE;
}

void table_iface_init(gpointer g, gpointer) {
    auto* iface = static_cast<AtkTableIface*>(g);
    iface->ref_at = table_ref_at;
    iface->get_index_at = table_get_index_at;
    iface->get_row_at_index = table_get_row_at_index;
    iface->get_column_at_index = table_get_column_at_index;
    iface->get_n_rows = table_get_n_rows;
    iface->get_n_columns = table_get_n_columns;
    iface->get_column_header = table_get_column_header;
    iface->get_column_description = table_get_column_description;
    iface->is_row_selected = table_is_row_selected;
    iface->is_selected = table_is_selected;
    iface->get_selected_rows = table_get_selected_rows;
    iface->add_row_selection = table_add_row_selection;
}

gboolean selection_add(AtkSelection* selection, gint index) {
    ListAccess* access = accessOf(selection);
    return access && index >= 0 && table_add_row_selection(ATK_TABLE(selection), index / access->columns());
}
gint selection_count(AtkSelection* selection) { return table_get_selected_rows(ATK_TABLE(selection), nullptr); }
AtkObject* selection_ref(AtkSelection* selection, gint i) {
    gint* rows = nullptr;
    const gint n = table_get_selected_rows(ATK_TABLE(selection), &rows);
    AtkObject* cell = i >= 0 && i < n ? table_ref_at(ATK_TABLE(selection), rows[i], 0) : nullptr;
    g_free(rows);
    return cell;
}
gboolean selection_is_child_selected(AtkSelection* selection, gint index) {
    ListAccess* access = accessOf(selection);
    return access && index >= 0 && rowSelected(*access, index / access->columns());
}

void selection_iface_init(gpointer g, gpointer) {
    auto* iface = static_cast<AtkSelectionIface*>(g);
    iface->add_selection = selection_add;
    iface->get_selection_count = selection_count;
    iface->ref_selection = selection_ref;
    iface->is_child_selected = selection_is_child_selected;
}

void table_class_init(gpointer klass, gpointer) {
    AtkObjectClass* atk = ATK_OBJECT_CLASS(klass);
    atk->get_n_children = table_get_n_children;
    atk->ref_child = table_ref_child;
    atk->ref_state_set = table_ref_state_set;
}

// A subclass of an accessible's own type, registered at run time with the same instance
// layout, so an existing object can take it on (swapClass) and keep everything it had.
// One per (base type, kind); `added` runs once on a new type (to add interfaces).
GType extendType(GType base, const char* kind, GClassInitFunc classInit, void (*added)(GType) = nullptr) {
    static std::map<std::pair<GType, std::string>, GType> types;
    const auto key = std::make_pair(base, std::string(kind));
    if (auto it = types.find(key); it != types.end()) return it->second;
    GTypeQuery query;
    g_type_query(base, &query);
    GTypeInfo info{};
    info.class_size = static_cast<guint16>(query.class_size);
    info.class_init = classInit;
    info.instance_size = static_cast<guint16>(query.instance_size);
    const std::string name = std::string("Qm") + kind + "_" + g_type_name(base);
    const GType type = g_type_register_static(base, name.c_str(), &info, GTypeFlags(0));
    g_type_set_qdata(type, listQuark(), GINT_TO_POINTER(1));  // marks our own types
    if (added) added(type);
    types.emplace(key, type);
    return type;
}

bool isExtended(gpointer object) { return g_type_get_qdata(G_TYPE_FROM_INSTANCE(object), listQuark()) != nullptr; }

void swapClass(gpointer object, GType type) {
    G_OBJECT(object)->g_type_instance.g_class = static_cast<GTypeClass*>(g_type_class_ref(type));
}

void addTableInterfaces(GType type) {
    const GInterfaceInfo table{table_iface_init, nullptr, nullptr};
    const GInterfaceInfo selection{selection_iface_init, nullptr, nullptr};
    g_type_add_interface_static(type, ATK_TYPE_TABLE, &table);
    g_type_add_interface_static(type, ATK_TYPE_SELECTION, &selection);
}

AtkObject* tableOf(wxListCtrl* list) {
    wxWindow* area = rowAreaOf(list);
    return area != list ? gtk_widget_get_accessible(static_cast<GtkWidget*>(area->GetHandle())) : nullptr;
}

void announceRow(wxListCtrl* list) {
    AtkObject* table = tableOf(list);
    ListAccess* access = accessOf(table);
    if (!access) return;
    const long row = focusedRow(*access);
    if (row < 0) return;
    AtkObject* cell = access->cell(row, 0);
    g_signal_emit_by_name(table, "active-descendant-changed", cell);
    atk_object_notify_state_change(cell, ATK_STATE_FOCUSED, TRUE);
}

GtkWidget* focusWidget(wxWindow* control) {
    if (!control) return nullptr;
    if (auto* list = dynamic_cast<wxListCtrl*>(control)) control = rowAreaOf(list);
    GtkWidget* widget = static_cast<GtkWidget*>(control->GetHandle());
    if (widget && GTK_IS_COMBO_BOX(widget) && gtk_combo_box_get_has_entry(GTK_COMBO_BOX(widget)))
        return gtk_bin_get_child(GTK_BIN(widget));  // the text part takes the keys
    if (widget && GTK_IS_SCROLLED_WINDOW(widget)) {
        GtkWidget* inner = gtk_bin_get_child(GTK_BIN(widget));
        if (inner && !GTK_IS_VIEWPORT(inner)) return inner;  // a multi-line text's view
    }
    return widget;
}

// A GtkComboBox keeps the focus on an inner button that is not on the accessibility bus, so a
// reader never saw the combo focused. Its accessible gets a subclass that reports the focus
// inside it, and the state change is announced as the focus moves.
AtkStateSet* combo_ref_state_set(AtkObject* object) {
    AtkStateSet* states = baseClass(object)->ref_state_set(object);
    GtkWidget* widget = gtk_accessible_get_widget(GTK_ACCESSIBLE(object));
    GtkWidget* top = widget ? gtk_widget_get_toplevel(widget) : nullptr;
    GtkWidget* focus = top && GTK_IS_WINDOW(top) ? gtk_window_get_focus(GTK_WINDOW(top)) : nullptr;
    if (focus && gtk_widget_has_focus(focus) && gtk_widget_is_ancestor(focus, widget))
        atk_state_set_add_state(states, ATK_STATE_FOCUSED);
    return states;
}

void combo_class_init(gpointer klass, gpointer) { ATK_OBJECT_CLASS(klass)->ref_state_set = combo_ref_state_set; }

void reportComboFocus(wxWindow* control, AtkObject* object) {
    if (isExtended(object)) return;  // done already
    swapClass(object, extendType(G_TYPE_FROM_INSTANCE(object), "FocusReporting", combo_class_init));
    control->Bind(wxEVT_SET_FOCUS, [control](wxFocusEvent& e) {
        if (AtkObject* a = accessibleOf(control)) atk_object_notify_state_change(a, ATK_STATE_FOCUSED, TRUE);
        e.Skip();
    });
    control->Bind(wxEVT_KILL_FOCUS, [control](wxFocusEvent& e) {
        if (AtkObject* a = accessibleOf(control)) atk_object_notify_state_change(a, ATK_STATE_FOCUSED, FALSE);
        e.Skip();
    });
}

}  // namespace

void useReadablePlaceholders() {
    const wxColour field = wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOW);
    const wxColour text = wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT);
    // Halfway between text and field (visibly a placeholder), then made readable.
    const wxColour mid((text.Red() + field.Red()) / 2, (text.Green() + field.Green()) / 2,
                       (text.Blue() + field.Blue()) / 2);
    const wxColour colour = readableOn(mid, field, 4.6);
    GtkCssProvider* css = gtk_css_provider_new();
    const wxString rule = wxString::Format("@define-color placeholder_text_color %s;",
                                           colour.GetAsString(wxC2S_HTML_SYNTAX));
    gtk_css_provider_load_from_data(css, rule.utf8_str(), -1, nullptr);
    gtk_style_context_add_provider_for_screen(gdk_screen_get_default(), GTK_STYLE_PROVIDER(css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
    g_object_unref(css);
}

void setName(wxWindow* control, const wxString& label) {
    const wxString name = spoken(label);
    control->SetName(name);
    if (AtkObject* object = accessibleOf(control)) atk_object_set_name(object, name.utf8_str());
    // A combo with a text part: the combo itself carries the name too.
    auto* outer = static_cast<GtkWidget*>(control->GetHandle());
    if (outer && outer != focusWidget(control)) atk_object_set_name(gtk_widget_get_accessible(outer), name.utf8_str());
    if (outer && GTK_IS_COMBO_BOX(outer) && !gtk_combo_box_get_has_entry(GTK_COMBO_BOX(outer)))
        reportComboFocus(control, gtk_widget_get_accessible(outer));
}

void setDescription(wxWindow* control, const wxString& text) {
    if (AtkObject* object = accessibleOf(control)) atk_object_set_description(object, text.utf8_str());
}

void labelFor(wxStaticText* label, wxWindow* control) {
    setName(control, label->GetLabel());
    // Also tie them now: wx re-links labels to the next focusable sibling at idle time, which
    // is this control when the label was created just before it.
    if (GtkWidget* target = focusWidget(control))
        gtk_label_set_mnemonic_widget(GTK_LABEL(label->GetHandle()), target);
}

void markAsNotification(wxWindow* line) {
    if (AtkObject* object = accessibleOf(line)) atk_object_set_role(object, ATK_ROLE_NOTIFICATION);
}

void announce(wxWindow* line) {
    AtkObject* object = accessibleOf(line);
    if (!object || !line->IsShownOnScreen()) return;
    // Orca speaks a notification when it becomes showing; say it again for a new text.
    atk_object_notify_state_change(object, ATK_STATE_SHOWING, FALSE);
    atk_object_notify_state_change(object, ATK_STATE_SHOWING, TRUE);
}

void makeToolbarReachable(wxToolBar* toolbar) {
    GtkToolbar* bar = toolbar->GTKGetToolbar();
    const gint n = gtk_toolbar_get_n_items(bar);
    for (gint i = 0; i < n; ++i) {
        GtkWidget* child = gtk_bin_get_child(GTK_BIN(gtk_toolbar_get_nth_item(bar, i)));
        if (child && GTK_IS_BUTTON(child)) gtk_widget_set_can_focus(child, TRUE);
    }
}

bool toolbarHasFocus(wxToolBar* toolbar) {
    GtkWidget* bar = GTK_WIDGET(toolbar->GTKGetToolbar());
    GtkWidget* top = gtk_widget_get_toplevel(bar);
    GtkWidget* focus = GTK_IS_WINDOW(top) ? gtk_window_get_focus(GTK_WINDOW(top)) : nullptr;
    return focus && gtk_widget_has_focus(focus) && gtk_widget_is_ancestor(focus, bar);
}

void focusToolbar(wxToolBar* toolbar) {
    GtkToolbar* bar = toolbar->GTKGetToolbar();
    const gint n = gtk_toolbar_get_n_items(bar);
    for (gint i = 0; i < n; ++i) {
        GtkWidget* child = gtk_bin_get_child(GTK_BIN(gtk_toolbar_get_nth_item(bar, i)));
        if (child && GTK_IS_BUTTON(child) && gtk_widget_is_sensitive(child)) {
            gtk_widget_grab_focus(child);
            return;
        }
    }
}

void markAsStatusBar(wxWindow* statusBar, const wxString& text) {
    if (AtkObject* object = accessibleOf(statusBar)) {
        atk_object_set_role(object, ATK_ROLE_STATUSBAR);
        atk_object_set_name(object, text.utf8_str());
    }
}

void exposeList(wxListCtrl* list, const wxString& name) {
    list->SetName(spoken(name));
    AtkObject* table = tableOf(list);
    if (!table) return;
    if (isExtended(table)) return;  // exposed already
    swapClass(table, extendType(G_TYPE_FROM_INSTANCE(table), "ListTable", table_class_init, addTableInterfaces));
    auto* access = new ListAccess;
    access->list = list;
    access->table = table;
    g_object_set_qdata_full(G_OBJECT(table), listQuark(), access,
                            [](gpointer p) { delete static_cast<ListAccess*>(p); });
    atk_object_set_role(table, ATK_ROLE_TABLE);
    atk_object_set_name(table, spoken(name).utf8_str());
    if (GtkWidget* outer = static_cast<GtkWidget*>(list->GetHandle()))
        atk_object_set_name(gtk_widget_get_accessible(outer), spoken(name).utf8_str());

    list->Bind(wxEVT_LIST_ITEM_FOCUSED, [list](wxListEvent& e) {
        announceRow(list);
        e.Skip();
    });
    auto selectionChanged = [list](wxListEvent& e) {
        if (AtkObject* t = tableOf(list)) g_signal_emit_by_name(t, "selection-changed");
        e.Skip();
    };
    list->Bind(wxEVT_LIST_ITEM_SELECTED, selectionChanged);
    list->Bind(wxEVT_LIST_ITEM_DESELECTED, selectionChanged);
    // The row area goes first when a list is destroyed (its children before it): from then on
    // the table answers as empty, whoever still holds it.
    if (wxWindow* area = access->rowArea(); area && area != list) {
        area->Bind(wxEVT_DESTROY, [area, access](wxWindowDestroyEvent& e) {
            if (e.GetEventObject() == area) {
                access->dropCells(true);
                access->list = nullptr;
            }
            e.Skip();
        });
        area->Bind(wxEVT_SET_FOCUS, [list](wxFocusEvent& e) {
            list->CallAfter([list] { announceRow(list); });
            e.Skip();
        });
    }
}

void listChanged(wxListCtrl* list) {
    AtkObject* table = tableOf(list);
    ListAccess* access = accessOf(table);
    if (!access) return;
    access->dropCells(true);
    g_signal_emit_by_name(table, "model-changed");
    g_signal_emit_by_name(table, "visible-data-changed");
}

#else  // Windows and others: native controls, read by the platform's own accessibility

void useReadablePlaceholders() {}
void setName(wxWindow* control, const wxString& label) { control->SetName(spoken(label)); }
void setDescription(wxWindow* control, const wxString& text) { control->SetHelpText(text); }
void labelFor(wxStaticText* label, wxWindow* control) { setName(control, label->GetLabel()); }
void markAsNotification(wxWindow*) {}
void announce(wxWindow*) {}
void markAsStatusBar(wxWindow*, const wxString&) {}
void makeToolbarReachable(wxToolBar*) {}
void focusToolbar(wxToolBar* toolbar) { toolbar->SetFocus(); }
bool toolbarHasFocus(wxToolBar* toolbar) { return toolbar->HasFocus(); }
void exposeList(wxListCtrl* list, const wxString& name) { list->SetName(spoken(name)); }
void listChanged(wxListCtrl*) {}

#endif

}  // namespace qm::gui::a11y
