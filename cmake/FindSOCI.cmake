# FindSOCI: Debian's libsoci-dev ships neither a CMake config nor a pkg-config file.
# Provides SOCI::core and SOCI::postgresql (which links PostgreSQL::PostgreSQL).
# SOCI's headers include Boost headers on Debian, so Boost's include dir is required too.

find_path(SOCI_INCLUDE_DIR soci/soci.h PATH_SUFFIXES include)
# (The Windows build's static SOCI is named with its version, and built without Boost.)
find_library(SOCI_CORE_LIBRARY NAMES soci_core soci_core_4_0)
find_library(SOCI_POSTGRESQL_LIBRARY NAMES soci_postgresql soci_postgresql_4_0)
find_package(PostgreSQL QUIET)
if(SOCI_INCLUDE_DIR AND EXISTS "${SOCI_INCLUDE_DIR}/soci/soci-config.h")
  file(STRINGS "${SOCI_INCLUDE_DIR}/soci/soci-config.h" QM_SOCI_BOOST REGEX "^#define SOCI_HAVE_BOOST")
endif()
if(QM_SOCI_BOOST OR NOT WIN32)
  find_package(Boost QUIET)
  set(QM_SOCI_BOOST_FOUND ${Boost_FOUND})
else()
  set(QM_SOCI_BOOST_FOUND TRUE)
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(SOCI
  REQUIRED_VARS SOCI_CORE_LIBRARY SOCI_POSTGRESQL_LIBRARY SOCI_INCLUDE_DIR QM_SOCI_BOOST_FOUND PostgreSQL_FOUND
  REASON_FAILURE_MESSAGE "install libsoci-dev and libboost-dev (scripts/bootstrap does this)")

if(SOCI_FOUND)
  if(NOT TARGET SOCI::core)
    add_library(SOCI::core UNKNOWN IMPORTED)
    set_target_properties(SOCI::core PROPERTIES
      IMPORTED_LOCATION "${SOCI_CORE_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${SOCI_INCLUDE_DIR};${Boost_INCLUDE_DIRS}")
  endif()
  if(NOT TARGET SOCI::postgresql)
    add_library(SOCI::postgresql UNKNOWN IMPORTED)
    set_target_properties(SOCI::postgresql PROPERTIES
      IMPORTED_LOCATION "${SOCI_POSTGRESQL_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${SOCI_INCLUDE_DIR};${SOCI_INCLUDE_DIR}/soci/postgresql"
      INTERFACE_LINK_LIBRARIES "SOCI::core;PostgreSQL::PostgreSQL")
  endif()
endif()
mark_as_advanced(SOCI_INCLUDE_DIR SOCI_CORE_LIBRARY SOCI_POSTGRESQL_LIBRARY)
