# Given to Poco's CMake as CMAKE_PROJECT_Poco_INCLUDE by scripts/windows/deps.sh: once Poco's
# project is configured, each of its libraries gets a precompiled header of Poco/Foundation.h
# (which every Poco source includes first, and which brings in <windows.h>) and the standard
# headers they all use. Each source then skips re-reading them: Poco builds in about 4 minutes
# instead of 10 (docs/performance.md).
function(qm_poco_targets dir out)
  get_property(targets DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
  get_property(subdirs DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
  foreach(sub IN LISTS subdirs)
    qm_poco_targets("${sub}" more)
    list(APPEND targets ${more})
  endforeach()
  set(${out} ${targets} PARENT_SCOPE)
endfunction()

function(qm_poco_precompile)
  qm_poco_targets("${CMAKE_SOURCE_DIR}" targets)
  foreach(target IN LISTS targets)
    get_target_property(type ${target} TYPE)
    if(type STREQUAL "STATIC_LIBRARY")
      # C++ only: Foundation also holds C sources (its bundled zlib and PCRE).
      target_precompile_headers(${target} PRIVATE
        "$<$<COMPILE_LANGUAGE:CXX>:Poco/Foundation.h>"
        "$<$<COMPILE_LANGUAGE:CXX>:<string$<ANGLE-R>>" "$<$<COMPILE_LANGUAGE:CXX>:<vector$<ANGLE-R>>"
        "$<$<COMPILE_LANGUAGE:CXX>:<map$<ANGLE-R>>" "$<$<COMPILE_LANGUAGE:CXX>:<memory$<ANGLE-R>>")
    endif()
  endforeach()
endfunction()

# Run at the end of Poco's top-level CMakeLists.txt, when all its libraries exist.
cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}" CALL qm_poco_precompile)
