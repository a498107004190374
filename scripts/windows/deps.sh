# The Windows build's dependencies (issue 12), cross-built with MinGW-w64 from Debian's own
# source packages into one prefix. Sourced by scripts/build-windows: the prefix is keyed by the
# versions below, and each dependency is rebuilt when its build_ function (or the helpers, OPT,
# the toolchain file or a file of ours it builds: recipe_files) changes.
# Facts behind the flags: ../shared/WINDOWS_NOTES.md.
# Libraries are built at -O1: what a desk waits for is the network and the database, not these
# libraries, and it shortens the build a little. Precompiled headers (Poco, wxWidgets) and
# unity builds (HarfBuzz) shorten it a lot (docs/performance.md has the numbers).

# name | source package=version (one the archive serves) | tarball glob
QM_WIN_SOURCES=(
  "zlib|zlib=1:1.2.13.dfsg-1|zlib_1.2.13.dfsg.orig.tar.*"
  "libpng|libpng1.6=1.6.39-2+deb12u6|libpng1.6_1.6.39.orig.tar.*"
  "openssl|openssl=3.0.17-1~deb12u2|openssl_3.0.17.orig.tar.gz"
  "libpq|postgresql-15=15.18-0+deb12u1|postgresql-15_15.18.orig.tar.*"
  "soci|soci=4.0.3-1|soci_4.0.3.orig.tar.*"
  "poco|poco=1.11.0-3+deb12u1|poco_1.11.0.orig.tar.*"
  "googletest|googletest=1.12.1-0.2|googletest_1.12.1.orig.tar.*"
  "wxwidgets|wxwidgets3.2=3.2.2+dfsg-2|wxwidgets3.2_3.2.2+dfsg.orig.tar.*"
  # Receipts: Pango and Cairo draw them, libqrencode makes their QR code; GLib, HarfBuzz and
  # the rest come with Pango and Cairo.
  "libffi|libffi=3.4.4-1|libffi_3.4.4.orig.tar.*"
  "pcre2|pcre2=10.42-1|pcre2_10.42.orig.tar.*"
  "glib|glib2.0=2.74.6-2+deb12u9|glib2.0_2.74.6.orig.tar.*"
  "pixman|pixman=0.42.2-1|pixman_0.42.2.orig.tar.*"
  "cairo|cairo=1.16.0-7|cairo_1.16.0.orig.tar.*"
  "fribidi|fribidi=1.0.8-2.1|fribidi_1.0.8.orig.tar.*"
  "harfbuzz|harfbuzz=6.0.0+dfsg-3|harfbuzz_6.0.0+dfsg.orig.tar.*"
  "pango|pango1.0=1.50.12+ds-1|pango1.0_1.50.12+ds.orig.tar.*"
  "qrencode|qrencode=4.1.1-1|qrencode_4.1.1.orig.tar.*"
)

HOST=x86_64-w64-mingw32
JOBS=${QM_JOBS:-2}
OPT="-O1"

# CMake projects: the toolchain file points them at the compilers and the prefix.
cmake_dep() {  # cmake_dep SOURCE_DIR [cmake options...]
  local src=$1; shift
  cmake -S "$src" -B "$src/_build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_FLAGS_RELEASE="$OPT -DNDEBUG" -DCMAKE_CXX_FLAGS_RELEASE="$OPT -DNDEBUG" \
    -DCMAKE_TOOLCHAIN_FILE="$QM_ROOT/cmake/mingw-w64.cmake" -DQM_WINDOWS_PREFIX="$PREFIX" \
    -DCMAKE_INSTALL_PREFIX="$PREFIX" -DBUILD_SHARED_LIBS=OFF "$@" >"$src/_configure.log" 2>&1 ||
    { tail -n 30 "$src/_configure.log"; return 1; }
  cmake --build "$src/_build" -j "$JOBS" >"$src/_build.log" 2>&1 || { tail -n 30 "$src/_build.log"; return 1; }
  cmake --install "$src/_build" >/dev/null
}

# Meson projects: a cross file for the prefix, static libraries, no downloads.
meson_dep() {  # meson_dep SOURCE_DIR [meson options...]
  local src=$1; shift
  cat >"$src/cross.txt" <<CROSS
[binaries]
c = '$HOST-gcc-posix'
cpp = '$HOST-g++-posix'
ar = '$HOST-ar'
strip = '$HOST-strip'
windres = '$HOST-windres'
pkgconfig = 'pkg-config'
[properties]
pkg_config_libdir = '$PREFIX/lib/pkgconfig'
[host_machine]
system = 'windows'
cpu_family = 'x86_64'
cpu = 'x86_64'
endian = 'little'
CROSS
  PKG_CONFIG_LIBDIR=$PREFIX/lib/pkgconfig meson setup "$src/_build" "$src" --cross-file "$src/cross.txt" \
    --prefix "$PREFIX" --libdir lib -Doptimization=${OPT#-O} -Ddebug=false -Db_ndebug=true \
    -Ddefault_library=static --wrap-mode nodownload \
    -Dc_args="-I$PREFIX/include" -Dcpp_args="-I$PREFIX/include" -Dc_link_args="-L$PREFIX/lib" \
    -Dcpp_link_args="-L$PREFIX/lib" "$@" >"$src/_configure.log" 2>&1 || { tail -n 30 "$src/_configure.log"; return 1; }
  ninja -C "$src/_build" -j "$JOBS" >"$src/_build.log" 2>&1 || { tail -n 30 "$src/_build.log"; return 1; }
  meson install -C "$src/_build" --no-rebuild >/dev/null
}

autotools_env() {
  export CC=$HOST-gcc-posix CXX=$HOST-g++-posix AR=$HOST-ar RANLIB=$HOST-ranlib WINDRES=$HOST-windres
  export CPPFLAGS="-I$PREFIX/include" LDFLAGS="-L$PREFIX/lib" CFLAGS="$OPT" CXXFLAGS="$OPT"
  export PKG_CONFIG_LIBDIR="$PREFIX/lib/pkgconfig" PKG_CONFIG_PATH=
}

build_zlib() {  # the dfsg tarball has no win32/ makefile: its configure, with CHOST
  (cd "$1" && autotools_env && CHOST=$HOST ./configure --static --prefix="$PREFIX" >/dev/null &&
    make -j "$JOBS" libz.a >/dev/null && make install >/dev/null)
}

build_libpng() {
  (cd "$1" && autotools_env && ./configure --host=$HOST --prefix="$PREFIX" --disable-shared --enable-static \
    >/dev/null && make -j "$JOBS" >/dev/null && make install >/dev/null 2>&1)
}

build_openssl() {  # 3.0 rejects no-docs; build_libs + install_dev skip the programs and manuals
  (cd "$1" && ./Configure mingw64 --cross-compile-prefix=$HOST- no-shared no-tests no-module no-engine \
    --prefix="$PREFIX" --libdir=lib "$OPT" >/dev/null && make -j "$JOBS" build_libs >/dev/null 2>&1 &&
    make install_dev >/dev/null)
}

build_libpq() {  # on Windows libpq is a DLL only: libpq.dll ships beside the programs
  (cd "$1" && autotools_env && ./configure --host=$HOST --prefix="$PREFIX" --without-readline --without-zlib \
    --without-icu --with-ssl=openssl >"$1/_configure.log" 2>&1 || { tail -n 20 "$1/_configure.log"; exit 1; }
   # libpq links libpgport and libpgcommon (plain and _shlib); its own prerequisite would also
   # build their server variants.
   make -C src/backend generated-headers >/dev/null 2>&1 &&
   make -C src/port -j "$JOBS" libpgport.a libpgport_shlib.a >/dev/null 2>&1 &&
   make -C src/common -j "$JOBS" libpgcommon.a libpgcommon_shlib.a >/dev/null 2>&1 &&
   make -C src/interfaces/libpq -j "$JOBS" SHLIB_PREREQS= >"$1/_build.log" 2>&1 ||
     { tail -n 20 "$1/_build.log"; exit 1; }
   make -C src/include install >/dev/null && make -C src/interfaces/libpq SHLIB_PREREQS= install >/dev/null) ||
    return 1
  mkdir -p "$PREFIX/bin"
  [[ -f "$PREFIX/bin/libpq.dll" ]] || cp "$PREFIX/lib/libpq.dll" "$PREFIX/bin/"
}

build_soci() {
  cmake_dep "$1" -DSOCI_STATIC=ON -DSOCI_SHARED=OFF -DSOCI_TESTS=OFF -DWITH_BOOST=OFF -DSOCI_CXX11=ON \
    -DWITH_POSTGRESQL=ON -DWITH_SQLITE3=OFF -DWITH_MYSQL=OFF -DWITH_ODBC=OFF -DWITH_ORACLE=OFF \
    -DWITH_FIREBIRD=OFF -DWITH_DB2=OFF -DSOCI_EMPTY=OFF \
    -DPOSTGRESQL_INCLUDE_DIR="$PREFIX/include" -DPOSTGRESQL_LIBRARY="$PREFIX/lib/libpq.dll.a"
}

build_poco() {  # three MinGW fixes (WINDOWS_NOTES): windmc, lower-case Windows headers, a wincrypt macro
  sed -i 's/<Winsock2.h>/<winsock2.h>/; s/<Iphlpapi.h>/<iphlpapi.h>/; s/<WS2tcpip.h>/<ws2tcpip.h>/' \
    "$1/Foundation/include/Poco/UnWindows.h"
  sed -i '0,/^namespace Poco/s//#ifdef TIMESTAMP_REQUEST\n#undef TIMESTAMP_REQUEST\n#endif\nnamespace Poco/' \
    "$1/Net/include/Poco/Net/ICMPv4PacketImpl.h"
  # Without XML: Util then leaves out XMLConfiguration, which Quartermaster does not use (its
  # CMake package file asks for PocoXML all the same).
  sed -i '/find_dependency(PocoXML)/d' "$1/Util/cmake/PocoUtilConfig.cmake"
  # Precompiled headers (poco-pch.cmake) more than halve the time.
  cmake_dep "$1" -DCMAKE_PROJECT_Poco_INCLUDE="$QM_ROOT/scripts/windows/poco-pch.cmake" \
    -DCMAKE_MC_COMPILER="$(command -v $HOST-windmc)" -DPOCO_STATIC=ON -DPOCO_UNBUNDLED=OFF \
    -DENABLE_FOUNDATION=ON -DENABLE_JSON=ON -DENABLE_UTIL=ON -DENABLE_NET=ON -DENABLE_CRYPTO=ON \
    -DENABLE_NETSSL=ON -DENABLE_NETSSL_WIN=OFF -DFORCE_OPENSSL=ON -DENABLE_XML=OFF \
    -DENABLE_ENCODINGS=OFF -DENABLE_MONGODB=OFF -DENABLE_REDIS=OFF -DENABLE_PDF=OFF -DENABLE_DATA=OFF \
    -DENABLE_DATA_SQLITE=OFF -DENABLE_DATA_MYSQL=OFF -DENABLE_DATA_POSTGRESQL=OFF -DENABLE_DATA_ODBC=OFF \
    -DENABLE_ZIP=OFF -DENABLE_PAGECOMPILER=OFF -DENABLE_PAGECOMPILER_FILE2PAGE=OFF -DENABLE_APACHECONNECTOR=OFF \
    -DENABLE_CPPPARSER=OFF -DENABLE_POCODOC=OFF -DENABLE_JWT=OFF -DENABLE_PROMETHEUS=OFF -DENABLE_ACTIVERECORD=OFF \
    -DENABLE_ACTIVERECORD_COMPILER=OFF -DENABLE_TESTS=OFF -DENABLE_SEVENZIP=OFF \
    -DOPENSSL_ROOT_DIR="$PREFIX" -DOPENSSL_USE_STATIC_LIBS=ON \
    -DCMAKE_C_FLAGS="-DPOCO_STATIC" -DCMAKE_CXX_FLAGS="-DPOCO_STATIC"
}

build_googletest() {
  cmake_dep "$1" -DBUILD_GMOCK=ON -Dgtest_disable_pthreads=OFF -DINSTALL_GTEST=ON
}

build_wxwidgets() {  # MSW, static: the base and core libraries, without what the console never uses
  (cd "$1" && autotools_env &&
   ./configure --host=$HOST --prefix="$PREFIX" --with-msw --disable-shared --enable-unicode --enable-pch \
     --with-zlib=sys --with-libpng=sys --without-expat --without-libjpeg --without-libtiff \
     --without-regex --without-opengl --disable-webview --disable-mediactrl --disable-stc \
     --disable-ribbon --disable-propgrid --disable-aui --disable-richtext --disable-xrc \
     --disable-html --disable-sockets --disable-protocols --disable-url --disable-fs_inet \
     --disable-ipc --disable-webrequest --disable-debugreport --disable-grid --disable-dataviewctrl \
     --disable-svg --disable-mdi --disable-docview --disable-joystick --disable-sound --disable-dialupman \
     --disable-fswatcher --disable-wizarddlg --disable-treelist --disable-calendar --disable-datepick \
     --disable-timepick --disable-animatectrl --disable-bannerwindow --disable-addremovectrl \
     --disable-rearrangectrl --disable-tests >"$1/_configure.log" 2>&1 || { tail -n 30 "$1/_configure.log"; exit 1; }
   make -j "$JOBS" >"$1/_build.log" 2>&1 || { tail -n 30 "$1/_build.log"; exit 1; }
   make install >/dev/null)
}

# Files of ours a recipe builds: a change to them rebuilds that library.
recipe_files() {  # recipe_files NAME
  case $1 in
    poco) echo "$QM_ROOT/scripts/windows/poco-pch.cmake" ;;
    glib) echo "$QM_ROOT"/scripts/windows/libintl/* ;;
  esac
}

# The receipts' libraries, in the order they need each other.
build_libffi() {
  (cd "$1" && autotools_env && ./configure --host=$HOST --prefix="$PREFIX" --disable-shared --enable-static \
    --disable-docs --disable-multi-os-directory >/dev/null && make -j "$JOBS" >/dev/null 2>&1 && make install >/dev/null 2>&1)
}

build_pcre2() {  # GLib needs the 8-bit library only
  cmake_dep "$1" -DPCRE2_BUILD_PCRE2_8=ON -DPCRE2_BUILD_PCRE2_16=OFF -DPCRE2_BUILD_PCRE2_32=OFF \
    -DPCRE2_BUILD_PCRE2GREP=OFF -DPCRE2_BUILD_TESTS=OFF -DPCRE2_SUPPORT_JIT=OFF
}

build_glib() {  # its gettext is a stand-in without catalogues (scripts/windows/libintl says why)
  $HOST-gcc-posix $OPT -c "$QM_ROOT/scripts/windows/libintl/intl.c" -o "$1/intl.o" &&
    $HOST-ar rcs "$PREFIX/lib/libintl.a" "$1/intl.o" && cp "$QM_ROOT/scripts/windows/libintl/libintl.h" "$PREFIX/include/"
  meson_dep "$1" -Dtests=false -Dinstalled_tests=false -Dnls=disabled -Dman=false -Dgtk_doc=false \
    -Dlibmount=disabled -Dselinux=disabled -Dxattr=false -Dsysprof=disabled -Dglib_debug=disabled \
    -Dglib_assert=false -Dglib_checks=false
}

build_pixman() {
  meson_dep "$1" -Dtests=disabled -Dgtk=disabled -Dlibpng=disabled -Dopenmp=disabled
}

build_cairo() {  # Windows' own fonts and surfaces; PDF and PNG for receipts; mutexes without a DllMain
  (cd "$1" && autotools_env && export CPPFLAGS="$CPPFLAGS -DCAIRO_WIN32_STATIC_BUILD=1" &&
   ./configure --host=$HOST --prefix="$PREFIX" --disable-shared --enable-static --enable-win32 --enable-win32-font \
     --enable-png --enable-pdf --disable-ps --disable-svg --disable-ft --disable-fc --disable-xlib --disable-xcb \
     --disable-gobject --disable-script --disable-interpreter --disable-trace --disable-valgrind --disable-gtk-doc \
     >"$1/_configure.log" 2>&1 || { tail -n 30 "$1/_configure.log"; exit 1; }
   make -C src -j "$JOBS" >"$1/_build.log" 2>&1 || { tail -n 30 "$1/_build.log"; exit 1; }
   make -C src install >/dev/null 2>&1) || return 1  # the library, its headers and its pkg-config files
  # A static link needs what cairo.pc leaves out: Windows' GDI and AlphaBlend, and libssp for the
  # checked string functions of its _FORTIFY_SOURCE build.
  sed -i 's/^Libs.private:.*/& -lgdi32 -lmsimg32 -lssp/' "$PREFIX/lib/pkgconfig/cairo.pc"
}

build_fribidi() {
  meson_dep "$1" -Ddocs=false
}

build_harfbuzz() {  # shaping only: Pango gives it the fonts. HarfBuzz is made to build as one
  # source (harfbuzz.cc): meson's unity build takes a third of the time of one file at a time.
  meson_dep "$1" -Dunity=on -Dunity_size=32 -Dglib=disabled -Dgobject=disabled -Dcairo=disabled \
    -Dchafa=disabled -Dicu=disabled -Dfreetype=disabled -Dtests=disabled -Ddocs=disabled \
    -Dintrospection=disabled -Dbenchmark=disabled
}

build_pango() {  # the Windows font map (GDI and DirectWrite) and Cairo; no fontconfig, no FreeType
  # The libraries only: its programs, examples and tests are not wanted here.
  sed -i "/^subdir('\(utils\|examples\|tests\|tools\)')/d" "$1/meson.build"
  # A font DirectWrite cannot name (a bitmap font such as Terminal) has no description; Pango
  # means to skip it but asks the missing description its family first, a CRITICAL warning
  # on stderr for each such font. Skip it without asking.
  sed -i 's/if (!pango_font_description_get_family (description))/if (!description || !pango_font_description_get_family (description))/' \
    "$1/pango/pangowin32-fontmap.c"
  grep -q '!description || ' "$1/pango/pangowin32-fontmap.c" || { echo "pango: the font-skip fix did not apply"; return 1; }
  meson_dep "$1" -Dintrospection=disabled -Dgtk_doc=false -Dinstall-tests=false -Dfontconfig=disabled \
    -Dfreetype=disabled -Dlibthai=disabled -Dxft=disabled -Dsysprof=disabled -Dcairo=enabled
}

build_qrencode() {
  cmake_dep "$1" -DWITH_TOOLS=NO -DWITH_TESTS=NO
}
