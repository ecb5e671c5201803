// The one place that picks the test framework for the runtime library's tests: GoogleTest
// natively, mini_gtest.h (the same API subset, no exceptions) for wasm32-wasi.
#pragma once

#if defined(__wasm__)
#include "mini_gtest.h"
#else
#include <gtest/gtest.h>
#endif
