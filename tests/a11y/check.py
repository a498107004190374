"""Walks the console through AT-SPI, as a screen reader does, and checks what it finds.

For the main window and every dialog, in the default theme and in HighContrastInverse:
  - every interactive control that is showing has a name, and the name matches its label;
  - every list is a table with column headers, and rows that can be read cell by cell;
  - the status bar is exposed; names keep their "&";
  - Tab moves on and comes back round (no traps), Esc closes dialogs, each documented mnemonic
    moves the focus where it says, Ctrl+I works from inside a list, F6 reaches the toolbar;
  - refusals and receipts are notifications, focus lands where the next key press belongs;
  - text on screen has at least 4.5:1 contrast against what it is drawn on (WCAG 2.2 AA),
    measured on screenshots.
The MDM views (the detail pane's MDM group, Wipe, Wipe and retire requests, Command queue and
MDM drift) are checked the same way, against an MDM snapshot and requests written into the demo
register first (mdm_fixtures).
Run by tests/a11y/run (which starts Xvfb, a window manager, D-Bus and a demo register).
"""
import os
import subprocess
import sys
import time

import pyatspi
from PIL import Image

APP = os.environ["QM_A11Y_APP"]
DB = os.environ["QM_A11Y_DB"]
OWNER_DB = os.environ["QM_A11Y_OWNER_DB"]
APPROVER_DB = os.environ["QM_A11Y_APPROVER_DB"]
# Imports are for managers; the demo cluster has one.
MANAGER_DB = OWNER_DB.replace("user=postgres", "user=demo_manager password=quartermaster-demo")
SHOTS = None
if "--screenshots" in sys.argv:
    SHOTS = sys.argv[sys.argv.index("--screenshots") + 1]

INTERACTIVE = {"push button", "text", "password text", "combo box", "check box", "radio button",
               "page tab list", "table", "toggle button", "spin button", "entry", "list", "tree table"}
# Combo boxes are left out: their text is their entry's (checked as text), the rest an arrow icon.
TEXT_ROLES = {"label", "notification", "push button", "check box", "radio button", "page tab", "status bar",
              "text", "table cell", "table column header"}

failures = []
checked = {"controls": 0, "tables": 0, "mnemonics": 0, "contrast": 0, "dialogs": 0, "words": 0}


def fail(where, what):
    failures.append(f"{where}: {what}")
    print(f"FAIL {where}: {what}", flush=True)


def sql(query, db=OWNER_DB):
    return subprocess.run(["psql", db, "-Atc", query], check=True, capture_output=True,
                          text=True).stdout.strip().splitlines()


# ---------------------------------------------------------------------------------------------
# The running console

class Console:
    def __init__(self, args, theme=None, db=True):
        env = dict(os.environ)
        env.pop("NO_AT_BRIDGE", None)
        if theme:
            env["GTK_THEME"] = theme
        if db:
            args = ["--db", DB if db is True else db] + args
        # Its messages go to a file: a pipe nobody reads would stall it once full.
        self.log = open(os.path.join(os.environ.get("TMPDIR", "/tmp"), f"qm-a11y-console-{os.getpid()}.log"), "ab")
        self.proc = subprocess.Popen([APP] + args, env=env, stdout=subprocess.DEVNULL, stderr=self.log)
        self.app = None
        end = time.time() + 60
        while time.time() < end and self.app is None:
            desktop = pyatspi.Registry.getDesktop(0)
            for a in desktop:
                try:
                    if a is not None and a.name == "quartermaster" and a.childCount > 0:
                        self.app = a
                except Exception:
                    pass
            time.sleep(0.3)
        if self.app is None:
            raise SystemExit("the console did not appear on the accessibility bus")

    def frames(self):
        out = []
        try:
            children = [self.app.getChildAtIndex(i) for i in range(self.app.childCount)]
        except Exception:
            return out
        for f in children:
            try:
                if f is not None and showing(f):
                    f.name  # still there
                    out.append(f)
            except Exception:
                pass
        return out

    def frame(self, name, timeout=20, any_frame=False):
        end = time.time() + timeout
        while time.time() < end:
            for f in self.frames():
                if f.name == name or any_frame:
                    return f
            time.sleep(0.2)
        return None

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
        time.sleep(0.5)


def showing(acc):
    try:
        s = acc.getState()
        return s.contains(pyatspi.STATE_SHOWING) and s.contains(pyatspi.STATE_VISIBLE)
    except Exception:  # gone (a dialog that just closed)
        return False


def walk(acc, depth=0, hidden=False):
    """Every showing descendant (every one with hidden=True: menus show only while open); a
    table's cells are not walked (a table may have millions)."""
    yield acc
    try:
        if acc.getRoleName() == "table" or depth > 40:
            return
        children = [acc.getChildAtIndex(i) for i in range(acc.childCount)]
    except Exception:
        return
    for c in children:
        if c is not None and (hidden or showing(c)):
            yield from walk(c, depth + 1, hidden)


def focused(root):
    for a in walk(root):
        try:
            if a.getState().contains(pyatspi.STATE_FOCUSED):
                return a
        except Exception:
            pass
    return None


def wait_focus(root, predicate, timeout=5):
    end = time.time() + timeout
    f = None
    while time.time() < end:
        f = focused(root)
        if f is not None and predicate(f):
            return f
        time.sleep(0.1)
    return f


def key(*keys):
    subprocess.run(["xdotool", "key", "--clearmodifiers", *keys], check=True)
    time.sleep(0.35)


def type_text(text):
    subprocess.run(["xdotool", "type", "--delay", "20", text], check=True)


def label_text(text):
    text = text.strip()
    return text[:-1].strip() if text.endswith(":") else text


def describe(a):
    return f"{a.getRoleName()} {a.name!r}"


# ---------------------------------------------------------------------------------------------
# Checks

def check_names(root, where):
    for a in walk(root):
        role = a.getRoleName()
        state = a.getState()
        interactive = role in INTERACTIVE or state.contains(pyatspi.STATE_FOCUSABLE)
        if not interactive or role in ("menu item", "menu", "scroll bar"):
            continue
        checked["controls"] += 1
        if not a.name.strip():
            fail(where, f"unnamed {role} (focusable={state.contains(pyatspi.STATE_FOCUSABLE)})")
            continue
        for r in a.getRelationSet():
            if r.getRelationType() == pyatspi.RELATION_LABELLED_BY:
                for i in range(r.getNTargets()):
                    label = r.getTarget(i)
                    if label_text(label.name) != a.name:
                        fail(where, f"{describe(a)} is labelled by {label.name!r}")


def check_tables(root, where, need_rows=()):
    seen = {}
    for a in walk(root):
        if a.getRoleName() != "table":
            continue
        checked["tables"] += 1
        t = a.queryTable()
        seen[a.name] = t.nRows
        if t.nColumns == 0:
            fail(where, f"table {a.name!r} has no columns")
        for c in range(t.nColumns):
            if not (t.getColumnDescription(c) or "").strip():
                fail(where, f"table {a.name!r} column {c} has no header")
            h = t.getColumnHeader(c)
            if h is None or h.getRoleName() != "table column header":
                fail(where, f"table {a.name!r} column {c} header is not exposed")
        if t.nRows:
            cells = [t.getAccessibleAt(0, c) for c in range(t.nColumns)]
            if not any(c is not None and c.name.strip() for c in cells):
                fail(where, f"table {a.name!r} row 1 reads as empty")
            last = t.getAccessibleAt(t.nRows - 1, 0)
            if last is None or last.getRoleName() != "table cell":
                fail(where, f"table {a.name!r} last row is not a cell")
            if a.childCount != t.nRows * t.nColumns:
                fail(where, f"table {a.name!r} has {a.childCount} children for {t.nRows}x{t.nColumns}")
    for name in need_rows:
        if not seen.get(name):
            fail(where, f"list {name!r} shows no rows to a screen reader (found {seen})")
    return seen


def tab_cycle(root, where, expect=(), limit=40):
    """Tab from the focused control until focus comes back: no trap, every expected name visited."""
    start = focused(root)
    if start is None:
        fail(where, "nothing has the focus")
        return
    visited = [(start.getRoleName(), start.name)]
    for _ in range(limit):
        key("Tab")
        last = visited[-1]
        now = wait_focus(root, lambda f: (f.getRoleName(), f.name) != last, timeout=3)
        if now is None:
            fail(where, f"Tab from {visited[-1]} left nothing focused")
            return
        here = (now.getRoleName(), now.name)
        if here == visited[-1]:
            fail(where, f"Tab is trapped on {here}")
            return
        if here == visited[0]:
            break
        visited.append(here)
    else:
        fail(where, f"Tab never came back to {visited[0]} (went {visited[:12]}...)")
    names = {name for _, name in visited}
    for name in expect:
        if name not in names:
            fail(where, f"Tab never reached {name!r} (reached {sorted(names)})")


def check_mnemonics(root, where, mnemonics):
    for letter, target in mnemonics.items():
        checked["mnemonics"] += 1
        here = focused(root)
        if here is not None and here.name == target:  # the key must be what moves it there
            key("Tab")
            wait_focus(root, lambda f: f.name != target, timeout=3)
        key(f"alt+{letter}")
        f = wait_focus(root, lambda f: f.name == target, timeout=2)
        if f is None or f.name != target:
            fail(where, f"Alt+{letter.upper()} should move to {target!r}, focus is on "
                        f"{describe(f) if f else 'nothing'}")


def screenshot(path):
    subprocess.run(["import", "-window", "root", path], check=True)
    return Image.open(path).convert("RGB")


def luminance(rgb):
    def ch(c):
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = rgb
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b)


def ratio(a, b):
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def text_contrast(img, box):
    """(background, text colour, ratio) in a box: the commonest colour is the background; the
    text is the colour, among those with a few pixels, furthest from it (glyph cores, not the
    anti-aliased edges). None when nothing is drawn there."""
    region = img.crop(box)
    colours = region.getcolors(region.width * region.height)
    if not colours or len(colours) < 2:
        return None
    colours.sort(reverse=True)
    background = colours[0][1]
    # Shades next to the background (a button's gradient) are background too. Of the rest, the
    # glyphs are the colours with a real share of the drawn pixels: a caret's or a focus
    # ring's few pixels must not stand in for faint text.
    drawn = [(n, c) for n, c in colours[1:] if ratio(c, background) >= 1.25]
    if not drawn:
        return None
    most = max(n for n, _ in drawn)
    candidates = [c for n, c in drawn if n >= max(3, most // 10)]
    if not candidates:
        return None
    text = max(candidates, key=lambda c: ratio(c, background))
    return background, text, ratio(text, background)


def check_contrast(root, where, img):
    for a in walk(root):
        role = a.getRoleName()
        if role not in TEXT_ROLES:
            continue
        state = a.getState()
        if not state.contains(pyatspi.STATE_SENSITIVE) and role != "label" and role != "notification":
            continue  # WCAG exempts controls that are switched off
        if role == "label" and not a.name.strip():
            continue
        try:
            x, y, w, h = a.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        except NotImplementedError:
            continue
        inset = 4 if role in ("text", "combo box", "push button", "check box", "radio button") else 0
        box = (x + inset, y + inset, x + w - inset, y + h - inset)
        if w <= 2 * inset + 2 or h <= 2 * inset + 2 or box[0] < 0 or box[1] < 0 or box[2] > img.width or box[3] > img.height:
            continue
        if role == "check box" or role == "radio button":
            continue  # the box's own frame is drawn beside the text; their labels are checked as text
        result = text_contrast(img, box)
        if result is None:
            continue
        checked["contrast"] += 1
        background, text, r = result
        if r < 4.5:
            fail(where, f"{describe(a)} text {text} on {background} is {r:.2f}:1 (needs 4.5:1)")


def check_table_cells_contrast(root, where, img):
    for a in walk(root):
        if a.getRoleName() != "table":
            continue
        t = a.queryTable()
        for r in range(min(t.nRows, 3)):
            for c in range(t.nColumns):
                cell = t.getAccessibleAt(r, c)
                if cell is None or not cell.name.strip() or not cell.getState().contains(pyatspi.STATE_SHOWING):
                    continue
                x, y, w, h = cell.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
                if w <= 4 or h <= 4 or x < 0 or y < 0 or x + w > img.width or y + h > img.height:
                    continue
                result = text_contrast(img, (x + 1, y + 1, x + w - 1, y + h - 1))
                if result is None:
                    continue
                checked["contrast"] += 1
                if result[2] < 4.5:
                    fail(where, f"cell {cell.name!r} of {a.name!r}: {result[1]} on {result[0]} is {result[2]:.2f}:1")


def save(img_path, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        subprocess.run(["cp", img_path, os.path.join(SHOTS, name)], check=True)


def closes_on_escape(console, frame, where):
    title = frame.name
    key("Escape")
    end = time.time() + 5
    while time.time() < end:
        if not any(f.name == title for f in console.frames()):
            return
        time.sleep(0.2)
    fail(where, "Esc does not close the dialog")


# ---------------------------------------------------------------------------------------------
# Scenarios

def fixtures():
    """An officer who holds devices (in a unit with '&' if there is one) and one of those devices."""
    rows = sql("""
        SELECT p.staff_no, d.asset_tag, coalesce(u.name, '')
          FROM custody c JOIN person p ON p.id = c.person_id JOIN device d ON d.id = c.device_id
          LEFT JOIN command_unit u ON u.id = p.unit_id
         WHERE c.returned_at IS NULL AND p.active AND NOT d.legal_hold
         ORDER BY (u.name LIKE '%&%') DESC, p.staff_no LIMIT 1""")
    staff, device, unit = rows[0].split("|")
    in_stock = sql("SELECT asset_tag FROM device WHERE status = 'in_stock' AND NOT legal_hold ORDER BY asset_tag LIMIT 1")[0]
    mdm_fixtures(device)
    return staff, device, unit, in_stock


def mdm_fixtures(device):
    """What a finished MDM sync leaves (every device in the MDM, one phone only there), a wipe
    request by the demo agent for the approver to decide on, and a command for `device` so the
    detail pane's MDM commands list has a row to read."""
    sql("""
        DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM mdm_sync WHERE state = 'done') THEN
            INSERT INTO mdm_sync (state, finished_at, seen, new_devices, changed, unmatched, gone)
            VALUES ('done', now(), 0, 0, 0, 1, 0);
            UPDATE device SET mdm_id = 'a11y-' || id WHERE mdm_id IS NULL;
            INSERT INTO mdm_device (mdm_id, device_id, device_name, serial, os, os_version, compliance,
                                    last_sync_at, upn, user_name, sync_id)
            SELECT d.mdm_id, d.id, d.asset_tag, d.serial, 'Android', '14', 'compliant',
                   now() - (d.id % 40) * interval '1 day', p.email, p.name, (SELECT max(id) FROM mdm_sync)
              FROM device d LEFT JOIN custody c ON c.device_id = d.id AND c.returned_at IS NULL
              LEFT JOIN person p ON p.id = c.person_id;
            INSERT INTO mdm_device (mdm_id, device_name, serial, os, compliance, last_sync_at, upn, sync_id)
            VALUES ('a11y-stray-1', 'Unknown phone', 'SX0000001', 'iOS', 'noncompliant', now(),
                    'someone@example.org', (SELECT max(id) FROM mdm_sync));
        END IF; END $$""")
    if sql("SELECT count(*) FROM mdm_command WHERE action = 'wipe' AND state = 'awaiting_approval'")[0] == "0":
        tag = sql("SELECT asset_tag FROM device WHERE status = 'in_stock' AND NOT legal_hold ORDER BY asset_tag DESC LIMIT 1")[0]
        sql(f"SELECT mdm_request('{tag}', 'wipe', 'Lost on the Underground; holder cannot be reached')", db=DB)
    if sql(f"SELECT count(*) FROM mdm_command c JOIN device d ON d.id = c.device_id WHERE d.asset_tag = '{device}'")[0] == "0":
        sql(f"SELECT mdm_request('{device}', 'sync', '')", db=DB)


# Where each dialog opened with --show (and no officer) puts the cursor: the first thing still
# to fill, never the device that is already there.
OPENS_ON = {"issue": "Staff number", "return": "Condition", "swap": "Replacement", "lost": "Lost",
            "people": "Staff number", "approvals": "Requests awaiting a decision", "commands": "State",
            "drift": "Days without a check-in", "wipe": "Reason", "columns": "Asset tag",
            "overdue": "Overdue returns", "leavers": "Leavers holding devices", "import-devices": "CSV file",
            "import-people": "CSV file", "receipt": "Preview copy\u2026"}

DIALOGS = {
    # --open name: (window title, {mnemonic: control it moves to}, controls Tab must reach)
    "issue": ("Issue device", {"d": "Device", "s": "Staff number", "n": "Note", "o": "Override reason",
                               "h": "Charger", "u": "USB-C cable", "a": "Case", "p": "Screen protector"},
              ["Device", "Staff number", "Note", "Override reason", "Cancel"]),
    "return": ("Return device", {"d": "Device", "o": "Condition", "n": "Note"},
               ["Device", "Note", "Cancel"]),
    "swap": ("Swap device", {"f": "Faulty device", "p": "Replacement", "r": "Reason"},
             ["Faulty device", "Replacement", "Reason", "Cancel"]),
    "lost": ("Report lost or stolen", {"d": "Device", "i": "Incident reference", "l": "Lost", "t": "Stolen"},
             ["Device", "Incident reference", "Cancel"]),
    "people": ("People", {"s": "Staff number"}, ["Staff number", "Close"]),
    # The MDM views. Their buttons' mnemonics click them (GTK), so only fields are tried here.
    # Nothing is selected when it opens, so Approve and Reject are off until a request is picked.
    "approvals": ("Wipe and retire requests", {}, ["Requests awaiting a decision", "Refresh", "Close"]),
    "commands": ("Command queue", {"s": "State"}, ["State", "Refresh", "MDM commands", "Close"]),
    "drift": ("MDM drift", {"d": "Days without a check-in"}, ["Days without a check-in", "Refresh", "MDM drift", "Close"]),
    "wipe": ("Request a wipe", {"r": "Reason", "t": "Type {device} to confirm"},
             ["Reason", "Type {device} to confirm", "Cancel"]),
    # The register's column chooser, the report windows and the imports (issue 9).
    "columns": ("Columns", {}, ["Asset tag", "Phone", "Issued at", "Cancel"]),
    "overdue": ("Overdue returns", {}, ["Overdue returns", "Export CSV\u2026", "Close"]),
    "leavers": ("Leavers holding devices", {}, ["Close"]),
    "import-devices": ("Import devices", {"f": "CSV file", "o": "Format"},
                       ["CSV file", "Browse for the CSV file", "Format", "Dry run: check every row, write nothing", "Cancel"]),
    "import-people": ("Import people", {"f": "CSV file"},
                      ["CSV file", "Update people already in the register from the file",
                       "The file is everyone: mark people missing from it as leavers", "Cancel"]),
    # A hand-over's receipt from the register (issue 10): its buttons' mnemonics click them.
    "receipt": ("Receipt", {}, ["Preview copy\u2026", "Print copy\u2026", "Save copy as PDF\u2026",
                                "What the register holds", "Close"]),
}
# Lists a dialog must show rows in, and the login it is opened with (default: the demo agent).
NEED_ROWS = {"approvals": ["Requests awaiting a decision"], "commands": ["MDM commands"], "drift": ["MDM drift"],
             "overdue": ["Overdue returns"]}
LOGIN = {"approvals": APPROVER_DB, "import-devices": MANAGER_DB, "import-people": MANAGER_DB}


def main_window(theme, tag):
    staff, device, unit, _ = fixtures()
    where = f"main window [{tag}]"
    c = Console(["--scan", staff, "--show", device], theme=theme)
    try:
        frame = c.frame("Quartermaster \u2014 device register")
        # wait for the officer and the device to arrive
        end = time.time() + 20
        while time.time() < end:
            seen = {a.name: a.queryTable().nRows for a in walk(frame) if a.getRoleName() == "table"}
            if seen.get("Officer holds") and seen.get("Custody timeline") and seen.get("MDM commands"):
                break
            time.sleep(0.3)
        check_names(frame, where)
        check_text_fits(frame, where)
        check_tables(frame, where, need_rows=["Officer holds", "Device fields", "MDM commands", "Custody timeline"])
        bars = [a for a in walk(frame) if a.getRoleName() == "status bar"]
        if not bars or "devices" not in bars[0].name:
            fail(where, f"status bar not exposed with its fields ({[b.name for b in bars]})")
        if "&" in unit:
            labels = [a.name for a in walk(frame) if unit in a.name]
            if not labels:
                fail(where, f"the unit {unit!r} is not shown with its '&'")
        shot = f"/tmp/qm-a11y-main-{tag}.png"
        img = screenshot(shot)
        save(shot, f"desk-{tag}.png")
        check_contrast(frame, where, img)
        check_table_cells_contrast(frame, where, img)
        if theme:
            return
        keyboard_main(c, frame, where, staff, device)
    finally:
        c.close()


def check_menu_mnemonics(frame, where):
    """No two menus of the bar, and no two items of a menu, share a mnemonic."""
    bars = [a for a in walk(frame, hidden=True) if a.getRoleName() == "menu bar"]
    if not bars:
        fail(where, "no menu bar")
        return

    def mnemonic(item):
        try:
            action = item.queryAction()
            return action.getKeyBinding(0).split(";")[0].replace("<Alt>", "").lower() if action.nActions else ""
        except NotImplementedError:
            return ""

    def unique(items, what):
        seen = {}
        for item in items:
            m = mnemonic(item)
            if not m:
                # Items switched off (later releases) expose no action, so no key to compare.
                if item.name.strip() and item.getState().contains(pyatspi.STATE_SENSITIVE):
                    fail(where, f"{what}: {item.name!r} has no mnemonic")
                continue
            checked["mnemonics"] += 1
            if m in seen:
                fail(where, f"{what}: {item.name!r} and {seen[m]!r} share Alt+{m.upper()}")
            seen[m] = item.name

    bar = bars[0]
    menus = [bar.getChildAtIndex(i) for i in range(bar.childCount)]
    unique(menus, "menu bar")
    for menu in menus:
        unique([menu.getChildAtIndex(i) for i in range(menu.childCount)
                if menu.getChildAtIndex(i).getRoleName() != "separator"], f"menu {menu.name!r}")


def keyboard_main(c, frame, where, staff, device):
    check_menu_mnemonics(frame, where)
    # Tab goes round the Desk view and the details without getting stuck anywhere.
    tab_cycle(frame, where, expect=["Scan a warrant card or a device", "Officer holds", "Hand-overs at this desk",
                                    "Device fields", "MDM commands", "Lock", "Wipe", "Custody timeline"], limit=70)
    # The register: Ctrl+2 puts the focus in the list; its rows are there for the reader.
    key("ctrl+2")
    f = wait_focus(frame, lambda f: f.name == "Device register")
    if f is None or f.name != "Device register":
        fail(where, f"Ctrl+2 should focus the register list, focus is on {describe(f) if f else 'nothing'}")
    seen = check_tables(frame, where, need_rows=["Device register"])
    key("Down")
    # Ctrl+I from inside the list opens Issue (a list would take it as Tab).
    key("ctrl+i")
    dialog = c.frame("Issue device", timeout=5)
    if dialog is None:
        fail(where, "Ctrl+I in the register list does not open Issue")
    else:
        closes_on_escape(c, dialog, where)
    # F6 goes round the panes from the list: details, MDM commands, timeline, toolbar, find box, list.
    for pane in ("Device fields", "MDM commands", "Custody timeline", "toolbar", "Search the register", "Device register"):
        key("F6")
        if pane == "toolbar":
            f = wait_focus(frame, lambda f: f.getRoleName() == "push button")
            ok = f is not None and f.getRoleName() == "push button" and f.parent.parent.getRoleName() == "tool bar"
        else:
            f = wait_focus(frame, lambda f: f.name == pane)
            ok = f is not None and f.name == pane
        if not ok:
            fail(where, f"F6 should move to {pane}, focus is on {describe(f) if f else 'nothing'}")
            break
    # F8 moves the divider.
    key("F8")
    bars = [a for a in walk(frame) if a.getRoleName() == "status bar"]
    if not bars or "pixels wide" not in bars[0].name:
        fail(where, f"F8 should move the divider ({[b.name for b in bars]})")

    # The dashboard: Ctrl+3 puts the focus on its first chart, named by its title; its charts
    # are named and read out bar by bar as the arrow keys move.
    key("ctrl+3")
    f = wait_focus(frame, lambda f: f.name.startswith("Fleet by status"), timeout=15)
    if f is None or not f.name.startswith("Fleet by status"):
        fail(where, f"Ctrl+3 should focus the first chart, focus is on {describe(f) if f else 'nothing'}")
    else:
        time.sleep(2)  # the charts' reports arrive
        check_names(frame, where + " dashboard")
        key("Right")
        f = wait_focus(frame, lambda f: ":" in f.name)
        if f is None or ":" not in f.name:
            fail(where, f"a chart should say the chosen bar's label and count, it says {describe(f) if f else 'nothing'}")

    # A hand-over from the keyboard alone: scan the device, Ctrl+R, choose a condition, Enter.
    key("ctrl+1")
    f = wait_focus(frame, lambda f: f.name == "Scan a warrant card or a device")
    if f is None or f.name != "Scan a warrant card or a device":
        fail(where, f"Ctrl+1 should focus the scan box, focus is on {describe(f) if f else 'nothing'}")
    type_text(device)
    key("Return")
    time.sleep(1.5)
    key("ctrl+r")
    dialog = c.frame("Return device", timeout=8)
    if dialog is None:
        fail(where, "Ctrl+R after a scan does not open Return")
        return
    checked["dialogs"] += 1
    f = wait_focus(dialog, lambda f: f.name == "Condition")
    if f is None or f.name != "Condition":
        fail(where, f"Return should open on Condition (the device is filled in), focus is on "
                    f"{describe(f) if f else 'nothing'}")
    key("Down")
    key("Return")  # Enter on Condition hands over, as the hint says
    end = time.time() + 10
    while time.time() < end and c.frame("Return device", timeout=0.1):
        time.sleep(0.2)
    if c.frame("Return device", timeout=0.1):
        fail(where, "Enter on Condition did not hand the device over")
        closes_on_escape(c, c.frame("Return device"), where)
        return
    f = wait_focus(frame, lambda f: f.name == "Scan a warrant card or a device")
    if f is None or f.name != "Scan a warrant card or a device":
        fail(where, f"after a hand-over the focus should be back in the scan box, it is on "
                    f"{describe(f) if f else 'nothing'}")
    receipts = [a for a in walk(frame) if a.getRoleName() == "notification" and a.name.startswith("Receipt ")]
    if not receipts:
        fail(where, "the receipt is not a notification a screen reader speaks")
    check_tables(frame, where, need_rows=["Hand-overs at this desk"])

    # A refusal: report the (now returned) device lost. The register refuses; the dialog says
    # why, as a notification, and the cursor is in a field again.
    key("ctrl+l")
    dialog = c.frame("Report lost or stolen", timeout=8)
    if dialog is None:
        fail(where, "Ctrl+L does not open Report lost")
        return
    # Nothing is on the desk any more (the device went back), so the cursor starts in Device.
    f = wait_focus(dialog, lambda f: f.name == "Device")
    if f is None or f.name != "Device":
        fail(where, f"Report lost with no device should open on Device, focus is on {describe(f) if f else 'nothing'}")
    type_text(device)
    key("alt+i")
    type_text("CAD 1234/28NOV")
    key("Return")
    end = time.time() + 10
    refusal = None
    while time.time() < end and refusal is None:
        refusal = next((a for a in walk(dialog) if a.getRoleName() == "notification" and a.name.strip()), None)
        time.sleep(0.2)
    if refusal is None:
        fail(where, "a refusal is not shown as a notification")
    f = wait_focus(dialog, lambda f: f.getRoleName() == "text")
    if f is None:
        fail(where, "after a refusal nothing has the focus")
    elif refusal is not None and refusal.name.split()[0] not in f.description:
        fail(where, f"the focused field does not carry the refusal ({f.description!r})")
    closes_on_escape(c, dialog, where)


def dialog(name, theme, tag):
    staff, device, _, in_stock = fixtures()
    title, mnemonics, reach = DIALOGS[name]
    mnemonics = {k: v.format(device=device) for k, v in mnemonics.items()}
    reach = [r.format(device=device) for r in reach]
    where = f"{title} [{tag}]"
    args = ["--open", name]
    if name in ("issue", "swap"):
        args += ["--show", in_stock if name == "issue" else device]
    elif name in ("return", "lost", "wipe"):
        args += ["--show", device]
    elif name == "receipt":
        args += ["--receipt", sql("SELECT issue_receipt FROM custody WHERE returned_at IS NULL ORDER BY id LIMIT 1")[0]]
    c = Console(args, theme=theme, db=LOGIN.get(name, True))
    try:
        frame = c.frame(title, timeout=30)
        if frame is None:
            fail(where, f"--open {name} did not open {title!r}")
            return
        checked["dialogs"] += 1
        time.sleep(1.0)  # lookups fill the previews
        end = time.time() + 10
        while time.time() < end and NEED_ROWS.get(name):
            seen = {a.name: a.queryTable().nRows for a in walk(frame) if a.getRoleName() == "table"}
            if all(seen.get(n) for n in NEED_ROWS[name]):
                break
            time.sleep(0.3)
        if frame.name != title:
            fail(where, f"dialog is named {frame.name!r}")
        for r in frame.getRelationSet():
            if r.getRelationType() == pyatspi.RELATION_LABELLED_BY:
                fail(where, f"the dialog is labelled by {r.getTarget(0).name!r}")
        check_names(frame, where)
        check_tables(frame, where, need_rows=NEED_ROWS.get(name, ()))
        if not theme:
            f = wait_focus(frame, lambda f: f.name == OPENS_ON[name])
            if f is None or f.name != OPENS_ON[name]:
                fail(where, f"should open on {OPENS_ON[name]!r}, focus is on {describe(f) if f else 'nothing'}")
        shot = f"/tmp/qm-a11y-{name}-{tag}.png"
        img = screenshot(shot)
        if name == "issue":
            save(shot, f"issue-{tag}.png")
        check_contrast(frame, where, img)
        if NEED_ROWS.get(name):
            check_table_cells_contrast(frame, where, img)
        if theme:
            return
        tab_cycle(frame, where, expect=reach)
        check_mnemonics(frame, where, mnemonics)
        closes_on_escape(c, frame, where)
    finally:
        c.close()


def start_up_dialog(c, title, where, shot):
    """A dialog the console opens before its main window: named controls, readable text."""
    frame = c.frame(title, timeout=30)
    if frame is None:
        fail(where, f"{title!r} did not open")
        return None
    checked["dialogs"] += 1
    check_names(frame, where)
    check_contrast(frame, where, screenshot(shot))
    return frame


def sign_in(theme, tag):
    where = f"sign-in [{tag}]"
    c = Console([], theme=theme, db=False)
    try:
        frame = start_up_dialog(c, "Connect to the register \u2014 Quartermaster", where,
                                f"/tmp/qm-a11y-signin-{tag}.png")
        if frame is None or theme:
            return
        tab_cycle(frame, where, expect=["Profile", "Server", "Port", "Database", "Login", "Password"])
        check_mnemonics(frame, where, {"p": "Profile", "s": "Server", "r": "Port", "d": "Database",
                                       "l": "Login", "w": "Password"})
        closes_on_escape(c, frame, where)
    finally:
        c.close()


def password_prompt(theme, tag):
    """--db (or QM_DB pushed by policy) without the password the server asks for."""
    where = f"password prompt [{tag}]"
    without = " ".join(w for w in DB.split() if not w.startswith("password="))
    c = Console([], theme=theme, db=without)
    try:
        frame = start_up_dialog(c, "Sign in \u2014 Quartermaster", where, f"/tmp/qm-a11y-password-{tag}.png")
        if frame is None or theme:
            return
        tab_cycle(frame, where, expect=["Password", "Sign in", "Cancel"])
        check_mnemonics(frame, where, {"w": "Password"})
        # The password typed signs in: the main window opens.
        key("alt+w")
        type_text("quartermaster-demo")
        key("Return")
        end = time.time() + 30
        while time.time() < end:
            names = [f.name for f in c.frames()]
            if any(n.startswith("Quartermaster \u2014") for n in names) and "Sign in \u2014 Quartermaster" not in names:
                break
            time.sleep(0.3)
        else:
            fail(where, f"the password typed did not sign the console in (windows: {names})")
    finally:
        c.close()


# ---------------------------------------------------------------------------------------------
# The pseudo-locale: every word of the console's own is translated (accented, in ⟦brackets⟧,
# 40% longer). Words without brackets were never translated; two bracketed pieces side by side
# were glued together in code (a translator could not reorder them); a closing bracket that
# is not there, or a control outside its window, was cut off.

OPEN, CLOSE = "\u27E6", "\u27E7"
CHROME = {"push button", "check box", "radio button", "page tab", "table column header", "menu", "menu item",
          "frame", "dialog"}


def top_level_groups(text):
    depth = groups = 0
    for ch in text:
        if ch == OPEN:
            if depth == 0:
                groups += 1
            depth += 1
        elif ch == CLOSE and depth:
            depth -= 1
    return groups


def extents(a):
    try:
        return a.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    except Exception:
        return None


def check_pseudo(root, where):
    words = []
    for a in walk(root, hidden=True):
        role = a.getRoleName()
        name = a.name.strip()
        if not name or role == "separator":
            continue
        is_label = role == "label" and any(r.getRelationType() == pyatspi.RELATION_LABEL_FOR for r in a.getRelationSet())
        if role in CHROME or is_label:
            words.append((a, name))
    for h in (t for t in walk(root) if t.getRoleName() == "table"):
        table = h.queryTable()
        words += [(table.getColumnHeader(c), table.getColumnDescription(c)) for c in range(table.nColumns)]
    for a, name in words:
        checked["words"] += 1
        if OPEN not in name:
            fail(where, f"untranslated: {a.getRoleName()} {name!r}")
        elif top_level_groups(name) > 1:
            fail(where, f"glued from pieces: {a.getRoleName()} {name!r}")
        elif name.count(OPEN) != name.count(CLOSE) and not name.endswith("\u2026"):
            fail(where, f"cut off: {a.getRoleName()} {name!r}")
    # Nothing drawn outside the window or outside the panel that holds it.
    frame_box = extents(root)
    for a in walk(root):
        if a.getRoleName() not in ("label", "push button", "check box", "radio button", "text", "notification"):
            continue
        box = extents(a)
        if not box or box[2] <= 0 or not a.name.strip():
            continue
        parent = a.parent
        while parent is not None and parent.getRoleName() not in ("panel", "filler", "frame", "dialog"):
            parent = parent.parent
        for outer, what in ((frame_box, "window"), (extents(parent) if parent else None, "panel")):
            if not outer or outer[2] <= 0:
                continue
            if box[0] + box[2] > outer[0] + outer[2] + 1 or box[1] + box[3] > outer[1] + outer[3] + 1:
                fail(where, f"cut off by its {what}: {describe(a)} at {tuple(box)} in {tuple(outer)}")
                break


def check_text_fits(root, where):
    """The last character of every line of text shown is inside the panel that holds it (a
    label wrapped for a wider window, or too long for its column, has its end cut off)."""
    for a in walk(root):
        if a.getRoleName() not in ("label", "notification") or not a.name.strip():
            continue
        try:
            text = a.queryText()
        except NotImplementedError:
            continue
        if text.characterCount == 0:
            continue
        x, y, w, h = text.getCharacterExtents(text.characterCount - 1, pyatspi.DESKTOP_COORDS)
        if w <= 0:
            continue
        parent = a.parent
        while parent is not None and parent.getRoleName() not in ("panel", "filler", "frame", "dialog"):
            parent = parent.parent
        for box in (extents(a), extents(parent) if parent is not None else None):
            if box and box[2] > 0 and (x + w > box[0] + box[2] + 1 or y + h > box[1] + box[3] + 1):
                fail(where, f"the end of {describe(a)} is cut off (last character at {x},{y} outside {tuple(box)})")
                break


def pseudo_locale():
    staff, device, _, in_stock = fixtures()
    where = "main window [en_XA]"
    c = Console(["--lang", "en_XA", "--scan", staff, "--show", device])
    try:
        frame = c.frame(None, timeout=30, any_frame=True)
        end = time.time() + 20
        while time.time() < end:
            seen = {a.name: a.queryTable().nRows for a in walk(frame) if a.getRoleName() == "table"}
            if any(n for n in seen.values()):
                break
            time.sleep(0.3)
        time.sleep(1)
        check_pseudo(frame, where)
        check_text_fits(frame, where)
        check_names(frame, where)
        shot = "/tmp/qm-a11y-pseudo.png"
        screenshot(shot)
        save(shot, "desk-pseudo-locale.png")
    finally:
        c.close()
    for name in ("issue", "return", "swap", "lost", "people", "approvals", "commands", "drift", "wipe"):
        title = DIALOGS[name][0]
        args = ["--lang", "en_XA", "--open", name]
        if name in ("issue", "return", "lost", "wipe"):
            args += ["--show", in_stock if name == "issue" else device]
        c = Console(args, db=LOGIN.get(name, True))
        try:
            dialogs = []
            end = time.time() + 30
            while time.time() < end and not dialogs:
                dialogs = [f for f in c.frames() if OPEN in f.name and "\u2014" not in f.name]
                time.sleep(0.3)
            if not dialogs:
                fail(f"{title} [en_XA]", "the dialog did not open")
                continue
            time.sleep(1)
            check_pseudo(dialogs[0], f"{title} [en_XA]")
            check_text_fits(dialogs[0], f"{title} [en_XA]")
        finally:
            c.close()


def run(step, *args):
    try:
        step(*args)
    except Exception as e:  # one broken scenario must not hide the others' results
        fail(f"{step.__name__}{args}", f"{type(e).__name__}: {e}")


if __name__ == "__main__":
    # "main", "pseudo" or a dialog's --open name: one part (while working on it).
    only = os.environ.get("QM_A11Y_ONLY", "")
    if only not in ("", "main", "pseudo") and only not in DIALOGS:
        raise SystemExit(f"QM_A11Y_ONLY={only!r}: use main, pseudo or one of {', '.join(DIALOGS)}")
    if only == "main":
        run(main_window, None, "default")
    if only in DIALOGS:
        for theme, tag in ((None, "default"), ("HighContrastInverse", "high-contrast")):
            run(dialog, only, theme, tag)
    for theme, tag in ((None, "default"), ("HighContrastInverse", "high-contrast")) if not only else ():
        run(main_window, theme, tag)
        for name in DIALOGS:
            run(dialog, name, theme, tag)
        run(sign_in, theme, tag)
        run(password_prompt, theme, tag)
    if only in ("", "pseudo"):
        run(pseudo_locale)
    print(f"checked {checked['controls']} controls, {checked['tables']} lists, {checked['dialogs']} dialogs, "
          f"{checked['mnemonics']} mnemonics, {checked['contrast']} text contrasts, "
          f"{checked['words']} words in the pseudo-locale")
    if failures:
        print(f"{len(failures)} accessibility failure(s)")
        sys.exit(1)
    print("accessibility: all checks passed")
