#ifndef CAUSEWAY_KERNELS_H
#define CAUSEWAY_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// The number of bits set in both `a` and `b`, `words` 64-bit words each: the inner loop of
/// record linkage's Dice comparisons. On x86-64 it uses the POPCNT instruction when the
/// processor has it (checked once), which Swift's portable build cannot assume.
size_t causeway_common_bits(const uint64_t *a, const uint64_t *b, size_t words);

/// The same for `a` against each of `count` records stored one after another at `others`
/// (`words` words each), into `out[0..<count]`: one call for a whole run of candidates, so the
/// call's cost and the loading of `a` are paid once, not per pair.
void causeway_common_bits_many(const uint64_t *a, const uint64_t *others, size_t words, size_t count, uint32_t *out);

#endif
