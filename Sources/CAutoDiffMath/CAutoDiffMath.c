// autodiff_sincos_pair, out of line so that its `const` declaration lets the optimiser
// merge two calls with one argument; the rest of the header is inline.
#include "CAutoDiffMath.h"

struct autodiff_sine_cosine autodiff_sincos_pair(double x) {
  struct autodiff_sine_cosine result;
  __builtin_sincos(x, &result.sine, &result.cosine);
  return result;
}
