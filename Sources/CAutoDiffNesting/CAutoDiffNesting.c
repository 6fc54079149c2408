#include "CAutoDiffNesting.h"

_Thread_local struct autodiff_forward_stack autodiff_forward_running;
