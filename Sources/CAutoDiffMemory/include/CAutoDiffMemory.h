// Large, page-backed blocks for tapes and adjoint buffers. Used only by
// Sources/AutoDiff/Reverse/TapeMemory.swift.
//
// On Linux a block is an anonymous mapping in ordinary 4 KB pages: it grows by remapping
// its pages rather than copying them and arrives zero-filled. (Not advised for transparent
// huge pages: see TapeMemory.swift.) Elsewhere the C allocator stands in.
#ifndef CAUTODIFFMEMORY_H
#define CAUTODIFFMEMORY_H

#include <stddef.h>

/// A zero-filled block of `bytes` bytes, or NULL when the system refuses it.
void *autodiff_large_allocate(size_t bytes);

/// The block `block` of `old_bytes` bytes grown to `new_bytes` (its contents kept, the new
/// part zero-filled), possibly moved; NULL when the system refuses it, the old block intact.
void *autodiff_large_reallocate(void *block, size_t old_bytes, size_t new_bytes);

/// Returns the block `block` of `bytes` bytes to the system.
void autodiff_large_deallocate(void *block, size_t bytes);

/// Keeps the block `block` of `bytes` bytes mapped for reuse, its contents no longer
/// needed: on Linux the system may take its pages back when memory runs short
/// (`MADV_FREE`), and a page it took reads as zero when touched again; until then writing
/// to it costs no fault and no zeroing.
void autodiff_large_keep_for_reuse(void *block, size_t bytes);

#endif
