# The runtime library for wasm32-wasi (runtime/README.md): the same sources as the native
# stgvm_runtime, ${STGVM_RUNTIME_SOURCES} and ${STGVM_PRIMOPS_SOURCES}, compiled by clang++ --target=wasm32-wasi against
# wasi-libc and libc++, archived with llvm-ar; and the foreign-call shims (ffi/README.md,
# "wasm32"), ${STGVM_FFI_SOURCES}, as a second archive that the root CMakeLists.txt asks for
# with stgvm_add_wasm_archive once it has that list. The main build uses the host compiler, so
# this drives clang/clang++ directly through custom commands (C sources with clang; a source's
# COMPILE_OPTIONS property applies as in the native build). Included from the root
# CMakeLists.txt after STGVM_RUNTIME_SOURCES is set.
#
# Debian bookworm: clang-14, lld-14 (wasm-ld), llvm-14 (llvm-ar), wasi-libc,
# libclang-rt-14-dev-wasm32, libc++-14-dev-wasm32, libc++abi-14-dev-wasm32 (scripts/setup.sh);
# mini-gmp from Debian's gmp source package (scripts/setup.sh puts it in the stgvm cache,
# ${STGVM_CACHE} or ~/.cache/stgvm; configure extracts mini-gmp.{c,h} into the build tree).
# Debian's wasi sysroot is /usr (include/wasm32-wasi, lib/wasm32-wasi); a wasi-sdk style one
# (/usr/share/wasi-sysroot or -DSTGVM_WASI_SYSROOT=DIR) works too.
#
# Defines when STGVM_WASM_RUNTIME is ON (configure fails if the toolchain does not work):
#   target stgvm_runtime_wasm32 (part of ALL) → ${STGVM_WASM_RUNTIME_LIB}
#   ${STGVM_WASM_FFI_LIB}: the path of the shims' archive, target stgvm_ffi_wasm32 (part of ALL,
#     defined by the root CMakeLists.txt's ffi section through stgvm_add_wasm_archive)
#   stgvm_add_wasm_archive(TARGET OUTPUT SOURCES…): an archive of SOURCES compiled for wasm32
#   stgvm_add_wasm_executable(TARGET OUTPUT SOURCES…): a .wasm of SOURCES linked with the shims'
#     archive and the runtime library (in that order)
#   Both compile with each source's COMPILE_OPTIONS property and ${STGVM_WASM_EXTRA_FLAGS}.
#   STGVM_WASM_FOUND (ON/OFF), STGVM_WASM_NODE (a Node ≥ 20 that runs .wasm under WASI, or empty)

option(STGVM_WASM_RUNTIME "Build the runtime library for wasm32-wasi (clang, lld, wasi-libc)" ON)
set(STGVM_WASI_SYSROOT "" CACHE PATH "wasi-libc sysroot for the wasm32 runtime (empty: detect)")
set(STGVM_GMP_SOURCE "" CACHE FILEPATH "Debian's gmp source tarball, for mini-gmp (empty: gmp_*.orig.tar.xz in the stgvm cache)")

set(STGVM_WASM_FOUND OFF)
set(STGVM_WASM_NODE "")
get_filename_component(STGVM_WASM_SOURCE_ROOT ${CMAKE_CURRENT_LIST_DIR}/.. ABSOLUTE)
set(STGVM_WASM_BINARY_DIR ${CMAKE_BINARY_DIR}/wasm32)
set(STGVM_WASM_RUNTIME_LIB ${STGVM_WASM_BINARY_DIR}/libstgvm_runtime.a)
set(STGVM_WASM_FFI_LIB ${STGVM_WASM_BINARY_DIR}/libstgvm_ffi.a)

if(NOT STGVM_WASM_RUNTIME)
  message(STATUS "wasm32 runtime: not built (-DSTGVM_WASM_RUNTIME=OFF)")
else()
  find_program(STGVM_WASM_CXX NAMES clang++-14 clang++ DOC "clang++ for the wasm32-wasi runtime")
  find_program(STGVM_WASM_CC NAMES clang-14 clang DOC "clang for the wasm32-wasi runtime's C sources")
  find_program(STGVM_WASM_AR NAMES llvm-ar-14 llvm-ar DOC "llvm-ar for the wasm32-wasi runtime")
  set(_stgvm_wasm_sysroot "${STGVM_WASI_SYSROOT}")
  if(NOT _stgvm_wasm_sysroot)
    foreach(_stgvm_wasm_dir /usr/share/wasi-sysroot /usr)
      if(EXISTS ${_stgvm_wasm_dir}/include/wasm32-wasi/wasi/api.h OR EXISTS ${_stgvm_wasm_dir}/include/wasi/api.h)
        set(_stgvm_wasm_sysroot ${_stgvm_wasm_dir})
        break()
      endif()
    endforeach()
  endif()

  set(_stgvm_wasm_problem "")
  if(NOT STGVM_WASM_CXX)
    set(_stgvm_wasm_problem "clang++ not found")
  elseif(NOT STGVM_WASM_CC)
    set(_stgvm_wasm_problem "clang not found")
  elseif(NOT STGVM_WASM_AR)
    set(_stgvm_wasm_problem "llvm-ar not found")
  elseif(NOT _stgvm_wasm_sysroot)
    set(_stgvm_wasm_problem "no wasi-libc sysroot (wasi/api.h) under /usr/share/wasi-sysroot or /usr")
  else()
    set(STGVM_WASM_CXXFLAGS --target=wasm32-wasi --sysroot=${_stgvm_wasm_sysroot}
        -std=c++20 -O2 -fno-exceptions -ffp-contract=off -Wall -Wextra -I${STGVM_WASM_SOURCE_ROOT})
    set(STGVM_WASM_CFLAGS --target=wasm32-wasi --sysroot=${_stgvm_wasm_sysroot}
        -std=gnu11 -O2 -ffp-contract=off -Wall -Wextra -I${STGVM_WASM_SOURCE_ROOT})
    # 1 MiB of stack placed first: an overflow traps instead of overwriting static data.
    set(STGVM_WASM_LDFLAGS --target=wasm32-wasi --sysroot=${_stgvm_wasm_sysroot} -O2 -fno-exceptions
        -Wl,--stack-first -Wl,-z,stack-size=1048576)
    # mini-gmp, the multi-precision layer of the shims on wasm32 (ffi/bignum_limbs.h), from
    # Debian's gmp source package: scripts/setup.sh fetches it into the stgvm cache.
    set(_stgvm_gmp_tarball "${STGVM_GMP_SOURCE}")
    if(DEFINED ENV{STGVM_CACHE})
      set(_stgvm_cache_dir $ENV{STGVM_CACHE})
    else()
      set(_stgvm_cache_dir $ENV{HOME}/.cache/stgvm)
    endif()
    if(NOT _stgvm_gmp_tarball)
      file(GLOB _stgvm_gmp_tarball ${_stgvm_cache_dir}/gmp_*.orig.tar.xz)
      if(_stgvm_gmp_tarball)
        list(SORT _stgvm_gmp_tarball)
        list(GET _stgvm_gmp_tarball -1 _stgvm_gmp_tarball)
      endif()
    endif()
    set(STGVM_MINI_GMP_DIR ${STGVM_WASM_BINARY_DIR}/mini-gmp)
    if(NOT _stgvm_gmp_tarball OR NOT EXISTS "${_stgvm_gmp_tarball}")
      set(_stgvm_wasm_problem "Debian's gmp source (gmp_*.orig.tar.xz, for mini-gmp) is not in ${_stgvm_cache_dir}; scripts/setup.sh fetches it (or pass -DSTGVM_GMP_SOURCE=FILE)")
    elseif(NOT EXISTS ${STGVM_MINI_GMP_DIR}/mini-gmp.c)
      file(ARCHIVE_EXTRACT INPUT ${_stgvm_gmp_tarball} DESTINATION ${STGVM_MINI_GMP_DIR}/src
           PATTERNS "*/mini-gmp/mini-gmp.c" "*/mini-gmp/mini-gmp.h")
      file(GLOB_RECURSE _stgvm_mini_gmp_files ${STGVM_MINI_GMP_DIR}/src/*/mini-gmp.[ch])
      foreach(_f ${_stgvm_mini_gmp_files})
        file(COPY ${_f} DESTINATION ${STGVM_MINI_GMP_DIR})
      endforeach()
      file(REMOVE_RECURSE ${STGVM_MINI_GMP_DIR}/src)
      if(NOT EXISTS ${STGVM_MINI_GMP_DIR}/mini-gmp.c)
        set(_stgvm_wasm_problem "${_stgvm_gmp_tarball} has no mini-gmp/mini-gmp.c")
      endif()
    endif()
    list(APPEND STGVM_WASM_CXXFLAGS -I${STGVM_MINI_GMP_DIR})
    list(APPEND STGVM_WASM_CFLAGS -I${STGVM_MINI_GMP_DIR})
    # Probe the whole chain (compiler, libc++ headers and libraries, builtins, wasm-ld) once.
    set(_stgvm_wasm_probe ${STGVM_WASM_BINARY_DIR}/probe)
    file(MAKE_DIRECTORY ${_stgvm_wasm_probe})
    file(WRITE ${_stgvm_wasm_probe}/probe.cpp
         "#include <cstdio>\n#include <string>\nint main() { std::string s = std::to_string(42); std::printf(\"%s\\n\", s.c_str()); }\n")
    execute_process(
      COMMAND ${STGVM_WASM_CXX} ${STGVM_WASM_CXXFLAGS} ${STGVM_WASM_LDFLAGS} ${_stgvm_wasm_probe}/probe.cpp -o ${_stgvm_wasm_probe}/probe.wasm
      RESULT_VARIABLE _stgvm_wasm_rc OUTPUT_VARIABLE _stgvm_wasm_out ERROR_VARIABLE _stgvm_wasm_out)
    if(NOT _stgvm_wasm_rc EQUAL 0)
      string(STRIP "${_stgvm_wasm_out}" _stgvm_wasm_out)
      set(_stgvm_wasm_problem "${STGVM_WASM_CXX} cannot build a wasm32-wasi C++ program:\n${_stgvm_wasm_out}")
    endif()
  endif()

  if(_stgvm_wasm_problem)
    message(FATAL_ERROR "STGVM_WASM_RUNTIME is ON but the wasm32-wasi toolchain does not work: "
      "${_stgvm_wasm_problem}\nInstall it with `bash scripts/setup.sh` (lld-14 llvm-14 wasi-libc "
      "libclang-rt-14-dev-wasm32 libc++-14-dev-wasm32 libc++abi-14-dev-wasm32), or configure with "
      "-DSTGVM_WASM_RUNTIME=OFF to build without the wasm32 runtime.")
  endif()
  set(STGVM_WASM_FOUND ON)
  message(STATUS "wasm32 runtime: ${STGVM_WASM_CXX} --target=wasm32-wasi --sysroot=${_stgvm_wasm_sysroot}")

  find_program(STGVM_NODE node DOC "Node.js (≥ 20) to run wasm32 tests under WASI")
  if(STGVM_NODE)
    execute_process(COMMAND ${STGVM_NODE} --version OUTPUT_VARIABLE _stgvm_node_version OUTPUT_STRIP_TRAILING_WHITESPACE)
    string(REGEX MATCH "^v([0-9]+)" _ "${_stgvm_node_version}")
    if(CMAKE_MATCH_1 AND CMAKE_MATCH_1 GREATER_EQUAL 20)
      set(STGVM_WASM_NODE ${STGVM_NODE})
    endif()
  endif()
  if(NOT STGVM_WASM_NODE)
    message(WARNING "node ≥ 20 not found: the wasm32 runtime and its tests are built, but ctest does not run them")
  endif()

  # Compiles SOURCES (absolute, or relative to the repository root) to objects under OBJDIR:
  # .c with clang, the rest with clang++, each with its COMPILE_OPTIONS source property (as
  # set in the calling directory) and the caller's ${STGVM_WASM_EXTRA_FLAGS}.
  function(_stgvm_wasm_compile out_var objdir)
    set(objs "")
    foreach(src ${ARGN})
      if(NOT IS_ABSOLUTE ${src})
        set(src ${STGVM_WASM_SOURCE_ROOT}/${src})
      endif()
      file(RELATIVE_PATH rel ${STGVM_WASM_SOURCE_ROOT} ${src})
      if(rel MATCHES "^\\.\\./")  # outside the source tree (a generated or extracted file)
        string(MAKE_C_IDENTIFIER ${src} rel)
        set(rel external/${rel})
      endif()
      set(obj ${objdir}/${rel}.o)
      get_filename_component(dir ${obj} DIRECTORY)
      file(MAKE_DIRECTORY ${dir})
      get_source_file_property(options ${src} COMPILE_OPTIONS)
      if(NOT options)
        set(options "")
      endif()
      list(APPEND options ${STGVM_WASM_EXTRA_FLAGS})
      if(src MATCHES "\\.c$")
        set(compiler ${STGVM_WASM_CC} ${STGVM_WASM_CFLAGS})
      else()
        set(compiler ${STGVM_WASM_CXX} ${STGVM_WASM_CXXFLAGS})
      endif()
      add_custom_command(OUTPUT ${obj}
        COMMAND ${compiler} ${options} -MD -MF ${obj}.d -c ${src} -o ${obj}
        DEPENDS ${src}
        DEPFILE ${obj}.d
        COMMENT "Building ${rel} for wasm32-wasi"
        VERBATIM)
      list(APPEND objs ${obj})
    endforeach()
    set(${out_var} ${objs} PARENT_SCOPE)
  endfunction()

  # An archive OUTPUT of SOURCES compiled for wasm32-wasi; target TARGET (part of ALL).
  function(stgvm_add_wasm_archive target output)
    get_filename_component(name ${output} NAME_WE)
    _stgvm_wasm_compile(objs ${STGVM_WASM_BINARY_DIR}/obj ${ARGN})
    add_custom_command(OUTPUT ${output}
      COMMAND ${CMAKE_COMMAND} -E rm -f ${output}
      COMMAND ${STGVM_WASM_AR} rcs ${output} ${objs}
      DEPENDS ${objs}
      COMMENT "Archiving ${name} for wasm32-wasi"
      VERBATIM)
    add_custom_target(${target} ALL DEPENDS ${output})
  endfunction()

  stgvm_add_wasm_archive(stgvm_runtime_wasm32 ${STGVM_WASM_RUNTIME_LIB} ${STGVM_RUNTIME_SOURCES} ${STGVM_PRIMOPS_SOURCES})

  # A wasm32-wasi command module (run it with tests/runtime/run_wasm.mjs) of SOURCES linked
  # with the shims' archive and the wasm32 runtime library; target TARGET (part of ALL) builds
  # OUTPUT.
  function(stgvm_add_wasm_executable target output)
    _stgvm_wasm_compile(objs ${CMAKE_CURRENT_BINARY_DIR}/${target}.dir ${ARGN})
    add_custom_command(OUTPUT ${output}
      COMMAND ${STGVM_WASM_CXX} ${STGVM_WASM_LDFLAGS} ${objs} ${STGVM_WASM_FFI_LIB} ${STGVM_WASM_RUNTIME_LIB} -o ${output}
      DEPENDS ${objs} ${STGVM_WASM_FFI_LIB} ${STGVM_WASM_RUNTIME_LIB}
      COMMENT "Linking ${target} (wasm32-wasi)"
      VERBATIM)
    add_custom_target(${target} ALL DEPENDS ${output})
    add_dependencies(${target} stgvm_runtime_wasm32 stgvm_ffi_wasm32)
  endfunction()
endif()
