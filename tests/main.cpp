// Catch2 entry point, shared by the native and the wasm (Node) test binaries.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
