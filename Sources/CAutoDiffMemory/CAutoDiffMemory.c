#define _GNU_SOURCE
#include "CAutoDiffMemory.h"

#include <stdlib.h>
#include <string.h>

#if defined(__linux__)
#include <sys/mman.h>

void *autodiff_large_allocate(size_t bytes) {
  void *block = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (block == MAP_FAILED) return NULL;
  return block;
}

void *autodiff_large_reallocate(void *block, size_t old_bytes, size_t new_bytes) {
  void *grown = mremap(block, old_bytes, new_bytes, MREMAP_MAYMOVE);
  if (grown == MAP_FAILED) return NULL;
  return grown;
}

void autodiff_large_deallocate(void *block, size_t bytes) { (void)munmap(block, bytes); }

void autodiff_large_keep_for_reuse(void *block, size_t bytes) {
#ifdef MADV_FREE
  (void)madvise(block, bytes, MADV_FREE);
#else
  (void)block;
  (void)bytes;
#endif
}

#else

void *autodiff_large_allocate(size_t bytes) { return calloc(1, bytes); }

void *autodiff_large_reallocate(void *block, size_t old_bytes, size_t new_bytes) {
  char *grown = realloc(block, new_bytes);
  if (grown != NULL && new_bytes > old_bytes) memset(grown + old_bytes, 0, new_bytes - old_bytes);
  return grown;
}

void autodiff_large_deallocate(void *block, size_t bytes) {
  (void)bytes;
  free(block);
}

void autodiff_large_keep_for_reuse(void *block, size_t bytes) {
  (void)block;
  (void)bytes;
}

#endif
