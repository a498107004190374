# qm_windows_resources(TARGET NAME DESCRIPTION WITH_WX): on Windows, gives TARGET its icon,
# version information and manifest from installer/windows/resources.rc.in (the console:
# common controls v6, per-monitor DPI and UTF-8 as the code page; qmctl: UTF-8 as the code
# page, so its arguments and output carry any name). Does nothing elsewhere.
function(qm_windows_resources target name description with_wx)
  if(NOT WIN32)
    return()
  endif()
  set(ico ${PROJECT_BINARY_DIR}/installer-windows/quartermaster.ico)
  if(NOT TARGET qm_windows_icon)
    find_program(QM_CONVERT convert REQUIRED)
    set(sizes 16 24 32 48 64 256)
    set(pngs)
    foreach(size ${sizes})
      list(APPEND pngs ${PROJECT_SOURCE_DIR}/installer/icons/quartermaster-${size}.png)
    endforeach()
    add_custom_command(OUTPUT ${ico}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/installer-windows
      COMMAND ${QM_CONVERT} ${pngs} ${ico}
      DEPENDS ${pngs}
      COMMENT "Making the Windows icon")
    add_custom_target(qm_windows_icon DEPENDS ${ico})
  endif()
  set(QM_RC_NAME ${name})
  set(QM_RC_DESCRIPTION ${description})
  set(QM_RC_ICON ${ico})
  if(with_wx)
    set(QM_RC_WX 1)
    set(QM_RC_MANIFEST ${PROJECT_SOURCE_DIR}/installer/windows/console.manifest)
  else()
    set(QM_RC_WX 0)
    set(QM_RC_MANIFEST ${PROJECT_SOURCE_DIR}/installer/windows/utf8.manifest)
  endif()
  set(rc ${CMAKE_CURRENT_BINARY_DIR}/${name}.rc)
  configure_file(${PROJECT_SOURCE_DIR}/installer/windows/resources.rc.in ${rc} @ONLY)
  set_source_files_properties(${rc} PROPERTIES OBJECT_DEPENDS "${ico};${QM_RC_MANIFEST}")
  target_sources(${target} PRIVATE ${rc})
  add_dependencies(${target} qm_windows_icon)
endfunction()
