#include "CausewayKernels.h"

// Swift targets the x86-64 baseline, which has no POPCNT, so its popcount is a dozen
// instructions a word. This file compiles the loops twice on x86-64, once for POPCNT, and picks
// one per call from what the processor supports; elsewhere the compiler's builtin is the instruction already.

static size_t common_portable(const uint64_t *a, const uint64_t *b, size_t words) {
    size_t count = 0;
    for (size_t i = 0; i < words; i++) count += (size_t)__builtin_popcountll(a[i] & b[i]);
    return count;
}

// One record against `count` records laid out one after another. 1024-bit encodings (16 words)
// get a loop the compiler unrolls whole, with the first record's words kept in registers.
#define MANY_BODY                                                                              \
    if (words == 16) {                                                                         \
        uint64_t x[16];                                                                        \
        for (int i = 0; i < 16; i++) x[i] = a[i];                                              \
        for (size_t k = 0; k < count; k++) {                                                   \
            const uint64_t *b = others + k * 16;                                               \
            uint32_t c = 0;                                                                    \
            for (int i = 0; i < 16; i++) c += (uint32_t)__builtin_popcountll(x[i] & b[i]);     \
            out[k] = c;                                                                        \
        }                                                                                      \
        return;                                                                                \
    }                                                                                          \
    for (size_t k = 0; k < count; k++) {                                                       \
        const uint64_t *b = others + k * words;                                                \
        uint32_t c = 0;                                                                        \
        for (size_t i = 0; i < words; i++) c += (uint32_t)__builtin_popcountll(a[i] & b[i]);   \
        out[k] = c;                                                                            \
    }

static void many_portable(const uint64_t *a, const uint64_t *others, size_t words, size_t count, uint32_t *out) {
    MANY_BODY
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
__attribute__((target("popcnt")))
static size_t common_popcnt(const uint64_t *a, const uint64_t *b, size_t words) {
    size_t count = 0;
    for (size_t i = 0; i < words; i++) count += (size_t)__builtin_popcountll(a[i] & b[i]);
    return count;
}

__attribute__((target("popcnt")))
static void many_popcnt(const uint64_t *a, const uint64_t *others, size_t words, size_t count, uint32_t *out) {
    MANY_BODY
}

size_t causeway_common_bits(const uint64_t *a, const uint64_t *b, size_t words) {
    // The processor's features are read once at start-up by the compiler's runtime; this is a
    // load and a test, and no state of ours is shared between threads.
    return __builtin_cpu_supports("popcnt") ? common_popcnt(a, b, words) : common_portable(a, b, words);
}

void causeway_common_bits_many(const uint64_t *a, const uint64_t *others, size_t words, size_t count, uint32_t *out) {
    if (__builtin_cpu_supports("popcnt")) many_popcnt(a, others, words, count, out);
    else many_portable(a, others, words, count, out);
}
#else
size_t causeway_common_bits(const uint64_t *a, const uint64_t *b, size_t words) {
    return common_portable(a, b, words);
}

void causeway_common_bits_many(const uint64_t *a, const uint64_t *others, size_t words, size_t count, uint32_t *out) {
    many_portable(a, others, words, count, out);
}
#endif
