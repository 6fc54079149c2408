// The header's functions are static inline; this file only gives the target a source.
#include "CAutoDiffMath.h"
