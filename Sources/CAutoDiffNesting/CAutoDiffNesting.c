#include "CAutoDiffNesting.h"

// Nesting deeper than this on one thread is answered conservatively (see the header).
enum { recorded_depth = 32 };

static _Thread_local uintptr_t running[recorded_depth];
static _Thread_local int depth;

bool autodiff_forward_enter(uintptr_t type) {
  bool nested = depth >= recorded_depth;
  for (int i = 0; i < depth && i < recorded_depth; i++) {
    if (running[i] == type) { nested = true; }
  }
  if (depth < recorded_depth) { running[depth] = type; }
  depth++;
  return nested;
}

void autodiff_forward_leave(void) {
  if (depth > 0) { depth--; }
}
