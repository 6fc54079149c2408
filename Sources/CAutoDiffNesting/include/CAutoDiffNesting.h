// Which forward-mode transforms are running on this thread, innermost last. Used only by
// Sources/AutoDiff/Forward/PerturbationGuard.swift, to tell a transform that runs inside
// another of the same dual type, where perturbation confusion is possible and checked.
//
// A thread's own state, not shared: a transform's function is synchronous, so it enters
// and leaves on one thread, and concurrent differentiations never see each other's. The
// functions are inline so that a top-level transform pays a few instructions, not a call.
#ifndef CAUTODIFFNESTING_H
#define CAUTODIFFNESTING_H

#include <stdbool.h>
#include <stdint.h>

/// Nesting deeper than this on one thread is answered conservatively (see below).
#define AUTODIFF_RECORDED_NESTING 32

/// The dual types of the forward transforms running on this thread, outermost first.
struct autodiff_forward_stack {
  int depth;
  uintptr_t running[AUTODIFF_RECORDED_NESTING];
};

extern _Thread_local struct autodiff_forward_stack autodiff_forward_running;

/// Enters a forward-mode transform whose dual type is `type` (any value that names the
/// type); returns whether a transform of the same type is already running on this thread.
/// Beyond the deepest nesting it records, it answers true: the check is then made, which
/// is always correct, only slower.
static inline bool autodiff_forward_enter(uintptr_t type) {
  struct autodiff_forward_stack *stack = &autodiff_forward_running;
  int depth = stack->depth;
  bool nested = depth >= AUTODIFF_RECORDED_NESTING;
  for (int i = 0; i < depth && i < AUTODIFF_RECORDED_NESTING; i++) {
    if (stack->running[i] == type) { nested = true; }
  }
  if (depth < AUTODIFF_RECORDED_NESTING) { stack->running[depth] = type; }
  stack->depth = depth + 1;
  return nested;
}

/// Leaves the innermost transform entered on this thread.
static inline void autodiff_forward_leave(void) {
  struct autodiff_forward_stack *stack = &autodiff_forward_running;
  if (stack->depth > 0) { stack->depth -= 1; }
}

#endif
