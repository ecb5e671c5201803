# The wasm emitter (wasm/emit.cpp, native, on libbinaryen) and the runtime module it extends
# (wasm/module_runtime.cpp + exec/ + ffi/ + the runtime library, compiled for wasm32-wasi and
# linked by wasm-ld into stgvm-runtime.wasm, which is embedded in the stgvm executable).
# Included from the root CMakeLists.txt after runtime/wasm32.cmake and the source lists.
#
# Defines targets stgvm_wasm (library: what the commands need without binaryen) and
# stgvm_wasm_emit (the emitter plugin stgvm-wasm-emit.so, loaded by stgvm only when it emits
# wasm: wasm/emit_plugin.cpp) and, when the wasm32 toolchain works, STGVM_RUNTIME_WASM (the
# runtime module's path).

find_path(BINARYEN_INCLUDE_DIR binaryen-c.h)
find_library(BINARYEN_LIBRARY binaryen)
if(NOT BINARYEN_INCLUDE_DIR OR NOT BINARYEN_LIBRARY)
  message(FATAL_ERROR "binaryen (binaryen-c.h, libbinaryen.so) not found: install the Debian package binaryen (scripts/setup.sh)")
endif()

add_library(stgvm_wasm STATIC wasm/module_info.cpp wasm/emit_plugin.cpp wasm/runtime_module.cpp)
target_link_libraries(stgvm_wasm PUBLIC stgvm_lower stgvm_exec stgvm_ffi ${CMAKE_DL_LIBS})

# The plugin's undefined symbols (stgvm's IR, runtime and primop tables) are the executable's:
# stgvm is linked with ENABLE_EXPORTS. Everything of the plugin but its entry is hidden.
add_library(stgvm_wasm_emit MODULE wasm/emit.cpp)
set_target_properties(stgvm_wasm_emit PROPERTIES PREFIX "" OUTPUT_NAME stgvm-wasm-emit
  CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON
  LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})
target_include_directories(stgvm_wasm_emit PRIVATE ${BINARYEN_INCLUDE_DIR}
  $<TARGET_PROPERTY:stgvm_lower,INTERFACE_INCLUDE_DIRECTORIES>)
target_link_libraries(stgvm_wasm_emit PRIVATE ${BINARYEN_LIBRARY})

if(STGVM_WASM_FOUND)
  set(STGVM_RUNTIME_WASM ${STGVM_WASM_BINARY_DIR}/stgvm-runtime.wasm)
  _stgvm_wasm_compile(_stgvm_module_objs ${STGVM_WASM_BINARY_DIR}/module wasm/module_runtime.cpp ${STGVM_EXEC_SOURCES})
  # __heap_base is exported so that the emitter can place its tables after the runtime's heap;
  # stgvm_rt_fns so that it finds the runtime's entry points (wasm/emit.cpp).
  add_custom_command(OUTPUT ${STGVM_RUNTIME_WASM}
    COMMAND ${STGVM_WASM_CXX} ${STGVM_WASM_LDFLAGS} -Wl,--export=__heap_base -Wl,--export=stgvm_rt_fns ${_stgvm_module_objs}
            ${STGVM_WASM_FFI_LIB} ${STGVM_WASM_RUNTIME_LIB} -o ${STGVM_RUNTIME_WASM}
    DEPENDS ${_stgvm_module_objs} ${STGVM_WASM_FFI_LIB} ${STGVM_WASM_RUNTIME_LIB}
    COMMENT "Linking the wasm module runtime (wasm32-wasi)"
    VERBATIM)
  add_custom_target(stgvm_runtime_module ALL DEPENDS ${STGVM_RUNTIME_WASM})
  add_dependencies(stgvm_runtime_module stgvm_runtime_wasm32)
  if(TARGET stgvm_ffi_wasm32)
    add_dependencies(stgvm_runtime_module stgvm_ffi_wasm32)
  endif()
  add_dependencies(stgvm_wasm stgvm_runtime_module)
  target_compile_definitions(stgvm_wasm PRIVATE "STGVM_RUNTIME_WASM_PATH=\"${STGVM_RUNTIME_WASM}\"")
  set_source_files_properties(wasm/runtime_module.cpp PROPERTIES OBJECT_DEPENDS ${STGVM_RUNTIME_WASM})
endif()
