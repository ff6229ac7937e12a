#pragma once
// Invariant checks for the fuzz targets. A broken invariant is a finding like a crash:
// print what failed and abort, so libFuzzer saves the input and the replay test fails.

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                                          \
    do {                                                                                          \
        if (!(cond)) {                                                                            \
            std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);     \
            std::abort();                                                                         \
        }                                                                                         \
    } while (false)
