# The Windows build's dependencies (issue 12), cross-built with MinGW-w64 from Debian's own
# source packages into one prefix. Sourced by scripts/build-windows: the prefix is keyed by the
# versions below, and each dependency is rebuilt when its build_ function (or the helpers, or
# the toolchain file) changes.
# Facts behind the flags: ../shared/WINDOWS_NOTES.md.

# name | source package=version (one the archive serves) | tarball glob
QM_WIN_SOURCES=(
  "zlib|zlib=1:1.2.13.dfsg-1|zlib_1.2.13.dfsg.orig.tar.*"
  "libpng|libpng1.6=1.6.39-2+deb12u6|libpng1.6_1.6.39.orig.tar.*"
  "expat|expat=2.5.0-1+deb12u5|expat_2.5.0.orig.tar.*"
  "openssl|openssl=3.0.17-1~deb12u2|openssl_3.0.17.orig.tar.gz"
  "libpq|postgresql-15=15.18-0+deb12u1|postgresql-15_15.18.orig.tar.*"
  "soci|soci=4.0.3-1|soci_4.0.3.orig.tar.*"
  "poco|poco=1.11.0-3+deb12u1|poco_1.11.0.orig.tar.*"
  "googletest|googletest=1.12.1-0.2|googletest_1.12.1.orig.tar.*"
  "wxwidgets|wxwidgets3.2=3.2.2+dfsg-2|wxwidgets3.2_3.2.2+dfsg.orig.tar.*"
)

HOST=x86_64-w64-mingw32
JOBS=${QM_JOBS:-2}

# CMake projects: the toolchain file points them at the compilers and the prefix.
cmake_dep() {  # cmake_dep SOURCE_DIR [cmake options...]
  local src=$1; shift
  cmake -S "$src" -B "$src/_build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_TOOLCHAIN_FILE="$QM_ROOT/cmake/mingw-w64.cmake" -DQM_WINDOWS_PREFIX="$PREFIX" \
    -DCMAKE_INSTALL_PREFIX="$PREFIX" -DBUILD_SHARED_LIBS=OFF "$@" >"$src/_configure.log" 2>&1 ||
    { tail -n 30 "$src/_configure.log"; return 1; }
  cmake --build "$src/_build" -j "$JOBS" >"$src/_build.log" 2>&1 || { tail -n 30 "$src/_build.log"; return 1; }
  cmake --install "$src/_build" >/dev/null
}

autotools_env() {
  export CC=$HOST-gcc-posix CXX=$HOST-g++-posix AR=$HOST-ar RANLIB=$HOST-ranlib WINDRES=$HOST-windres
  export CPPFLAGS="-I$PREFIX/include" LDFLAGS="-L$PREFIX/lib"
}

build_zlib() {  # the dfsg tarball has no win32/ makefile: its configure, with CHOST
  (cd "$1" && autotools_env && CHOST=$HOST ./configure --static --prefix="$PREFIX" >/dev/null &&
    make -j "$JOBS" libz.a >/dev/null && make install >/dev/null)
}

build_libpng() {
  (cd "$1" && autotools_env && ./configure --host=$HOST --prefix="$PREFIX" --disable-shared --enable-static \
    >/dev/null && make -j "$JOBS" >/dev/null && make install >/dev/null 2>&1)
}

build_expat() {
  cmake_dep "$1/expat" -DEXPAT_SHARED_LIBS=OFF -DEXPAT_BUILD_TOOLS=OFF -DEXPAT_BUILD_EXAMPLES=OFF \
    -DEXPAT_BUILD_TESTS=OFF -DEXPAT_BUILD_DOCS=OFF -DEXPAT_BUILD_PKGCONFIG=ON ||
    cmake_dep "$1" -DEXPAT_SHARED_LIBS=OFF -DEXPAT_BUILD_TOOLS=OFF -DEXPAT_BUILD_EXAMPLES=OFF \
      -DEXPAT_BUILD_TESTS=OFF -DEXPAT_BUILD_DOCS=OFF
}

build_openssl() {  # 3.0 rejects no-docs; build_libs + install_dev skip the programs and manuals
  (cd "$1" && ./Configure mingw64 --cross-compile-prefix=$HOST- no-shared no-tests no-module no-engine \
    --prefix="$PREFIX" --libdir=lib >/dev/null && make -j "$JOBS" build_libs >/dev/null 2>&1 &&
    make install_dev >/dev/null)
}

build_libpq() {  # on Windows libpq is a DLL only: libpq.dll ships beside the programs
  (cd "$1" && autotools_env && ./configure --host=$HOST --prefix="$PREFIX" --without-readline --without-zlib \
    --without-icu --with-ssl=openssl >"$1/_configure.log" 2>&1 || { tail -n 20 "$1/_configure.log"; exit 1; }
   for d in src/include src/common src/port src/interfaces/libpq; do
     make -C "$d" -j "$JOBS" >/dev/null 2>&1 || make -C "$d" >/dev/null || exit 1
   done
   make -C src/include install >/dev/null && make -C src/interfaces/libpq install >/dev/null)
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
  cmake_dep "$1" -DCMAKE_MC_COMPILER="$(command -v $HOST-windmc)" -DPOCO_STATIC=ON -DPOCO_UNBUNDLED=OFF \
    -DENABLE_FOUNDATION=ON -DENABLE_JSON=ON -DENABLE_UTIL=ON -DENABLE_NET=ON -DENABLE_CRYPTO=ON \
    -DENABLE_NETSSL=ON -DENABLE_NETSSL_WIN=OFF -DFORCE_OPENSSL=ON -DENABLE_XML=ON \
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
  (cd "$1" && autotools_env && export CPPFLAGS="$CPPFLAGS -DXML_STATIC" &&
   ./configure --host=$HOST --prefix="$PREFIX" --with-msw --disable-shared --enable-unicode \
     --with-zlib=sys --with-libpng=sys --with-expat=sys --without-libjpeg --without-libtiff \
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

