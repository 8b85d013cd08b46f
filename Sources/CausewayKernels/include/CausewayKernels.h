#ifndef CAUSEWAY_KERNELS_H
#define CAUSEWAY_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// The number of bits set in both `a` and `b`, `words` 64-bit words each: the inner loop of
/// record linkage's Dice comparisons. On x86-64 it uses the POPCNT instruction when the
/// processor has it (checked once), which Swift's portable build cannot assume.
size_t causeway_common_bits(const uint64_t *a, const uint64_t *b, size_t words);

#endif
