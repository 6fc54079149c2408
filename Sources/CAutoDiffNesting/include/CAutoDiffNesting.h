// Which forward-mode transforms are running on this thread, innermost last. Used only by
// Sources/AutoDiff/Forward/PerturbationGuard.swift, to tell a transform that runs inside
// another of the same dual type, where perturbation confusion is possible and checked.
//
// A thread's own state, not shared: a transform's function is synchronous, so it enters
// and leaves on one thread, and concurrent differentiations never see each other's.
#ifndef CAUTODIFFNESTING_H
#define CAUTODIFFNESTING_H

#include <stdbool.h>
#include <stdint.h>

/// Enters a forward-mode transform whose dual type is `type` (any value that names the
/// type); returns whether a transform of the same type is already running on this thread.
/// Beyond the deepest nesting it records, it answers true: the check is then made, which
/// is always correct, only slower.
bool autodiff_forward_enter(uintptr_t type);

/// Leaves the innermost transform entered on this thread.
void autodiff_forward_leave(void);

#endif
