"""Makes the pseudo-locale catalogue (en_XA) from quartermaster.pot.

Every message becomes accented and about 40% longer, in ⟦brackets⟧:
    "&Issue device…\tCtrl+I"  ->  "&Íššûé ðéṽíçé…·········\tCtrl+I" in ⟦ ⟧
so a test (or a person) running the console with --lang en_XA sees at once text that is not
translated (no brackets), built from pieces (several bracket pairs in one control) or cut off
(no closing bracket). Format directives (%s, %1$d, %%), the mnemonic letter after '&' and the
accelerator after a tab are kept as they are, so shortcuts still work.

Usage: pseudo.py IN.pot OUT.po   (needs python3-polib)
"""
import math
import re
import sys

import polib

ACCENTS = dict(zip(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçðéƒĝĥíĵķĺɱñóþǫŕšţûṽŵẋýžÁƁÇÐÉƑĜĤÍĴĶĹṀÑÓÞǪŔŠŢÛṼŴẊÝŽ"))
# What must survive translation untouched: printf directives and an escaped '&'.
KEEP = re.compile(r"%(?:\d+\$)?[-+ #0]*\d*(?:\.\d+)?(?:hh|h|ll|l|z|j|t)?[diouxXeEfgGcsp%]|&&")


def pseudo(text):
    if not text:
        return text
    body, tab, accel = text.partition("\t")  # "Label\tCtrl+I": the accelerator stays English
    out, pos = [], 0
    letters = 0
    for m in KEEP.finditer(body):
        out.append(accent(body[pos:m.start()]))
        out.append(m.group(0))
        letters += sum(c.isalpha() for c in body[pos:m.start()])
        pos = m.end()
    out.append(accent(body[pos:]))
    letters += sum(c.isalpha() for c in body[pos:])
    padding = "\u00B7" * max(1, math.ceil(letters * 0.4))
    # Keep a leading/trailing newline or space outside the brackets (layout depends on them).
    core = "".join(out)
    lead = core[:len(core) - len(core.lstrip(" \n"))]
    trail = core[len(core.rstrip(" \n")):]
    core = core.strip(" \n")
    return f"{lead}\u27E6{core}{padding}\u27E7{trail}" + (tab + accel if tab else "")


def accent(text):
    out = []
    mnemonic = False
    for c in text:
        if mnemonic:  # the letter after '&' stays typable
            out.append(c)
            mnemonic = False
        elif c == "&":
            out.append(c)
            mnemonic = True
        else:
            out.append(ACCENTS.get(c, c))
    return "".join(out)


def main(src, dst):
    pot = polib.pofile(src)
    po = polib.POFile()
    po.metadata = {
        "Project-Id-Version": "quartermaster",
        "PO-Revision-Date": pot.metadata.get("POT-Creation-Date", ""),
        "Last-Translator": "po/pseudo.py",
        "Language-Team": "none (generated)",
        "Language": "en_XA",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    for entry in pot:
        e = polib.POEntry(msgid=entry.msgid, msgid_plural=entry.msgid_plural, msgctxt=entry.msgctxt,
                          occurrences=entry.occurrences, flags=[f for f in entry.flags if f != "fuzzy"])
        if entry.msgid_plural:
            e.msgstr_plural = {0: pseudo(entry.msgid), 1: pseudo(entry.msgid_plural)}
        else:
            e.msgstr = pseudo(entry.msgid)
        po.append(e)
    po.save(dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
