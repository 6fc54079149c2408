// sincos is static inline in the header; this file only gives the target a source
// besides CAutoDiffTanh.c.
#include "CAutoDiffMath.h"
