; Read by makensis through NSISCONFDIR (scripts/build-windows): a 64-bit installer stub, since
; the default stub is 32-bit (and 32-bit programs do not run on a 64-bit-only Wine).
Target amd64-unicode
