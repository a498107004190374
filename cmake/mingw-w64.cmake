# CMake toolchain for the Windows build (issue 12): MinGW-w64's posix-thread compilers from
# Debian, the cross-built dependencies in QM_WINDOWS_PREFIX (scripts/build-windows makes it),
# and Wine to run what the build runs (tests, generators).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(QM_MINGW x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${QM_MINGW}-gcc-posix)
set(CMAKE_CXX_COMPILER ${QM_MINGW}-g++-posix)
set(CMAKE_RC_COMPILER ${QM_MINGW}-windres)
set(CMAKE_AR ${QM_MINGW}-ar CACHE FILEPATH "")
set(CMAKE_RANLIB ${QM_MINGW}-ranlib CACHE FILEPATH "")

# Passed on to try_compile projects, which see the toolchain file but not the cache.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES QM_WINDOWS_PREFIX)
if(QM_WINDOWS_PREFIX)
  set(CMAKE_FIND_ROOT_PATH ${QM_WINDOWS_PREFIX} /usr/${QM_MINGW})
  list(APPEND CMAKE_PREFIX_PATH ${QM_WINDOWS_PREFIX})
else()
  set(CMAKE_FIND_ROOT_PATH /usr/${QM_MINGW})
endif()
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(CMAKE_CROSSCOMPILING_EMULATOR wine)

# One self-contained program: the C and C++ runtimes and winpthreads linked in, so only
# libpq.dll and Windows' own DLLs ship beside it.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static -static-libgcc -static-libstdc++")
