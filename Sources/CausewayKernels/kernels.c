#include "CausewayKernels.h"

// Swift targets the x86-64 baseline, which has no POPCNT, so its popcount is a dozen
// instructions a word. This file compiles the loop twice on x86-64, once for POPCNT, and picks
// one per call from what the processor supports; elsewhere the compiler's builtin is the instruction already.

static size_t common_portable(const uint64_t *a, const uint64_t *b, size_t words) {
    size_t count = 0;
    for (size_t i = 0; i < words; i++) count += (size_t)__builtin_popcountll(a[i] & b[i]);
    return count;
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
__attribute__((target("popcnt")))
static size_t common_popcnt(const uint64_t *a, const uint64_t *b, size_t words) {
    size_t count = 0;
    for (size_t i = 0; i < words; i++) count += (size_t)__builtin_popcountll(a[i] & b[i]);
    return count;
}

size_t causeway_common_bits(const uint64_t *a, const uint64_t *b, size_t words) {
    // The processor's features are read once at start-up by the compiler's runtime; this is a
    // load and a test, and no state of ours is shared between threads.
    return __builtin_cpu_supports("popcnt") ? common_popcnt(a, b, words) : common_portable(a, b, words);
}
#else
size_t causeway_common_bits(const uint64_t *a, const uint64_t *b, size_t words) {
    return common_portable(a, b, words);
}
#endif
