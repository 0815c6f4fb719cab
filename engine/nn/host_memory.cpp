#include "engine/nn/host_memory.h"

#include <climits>
#include <mutex>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace mr::nn {

void retainFreedHostMemory() {
#if defined(__GLIBC__)
    static std::once_flag once;
    std::call_once(once, [] {
        mallopt(M_MMAP_MAX, 0);              // large blocks come from the heap, so free() keeps them
        mallopt(M_TRIM_THRESHOLD, INT_MAX);  // and the heap is not given back to the OS
        mallopt(M_TOP_PAD, 64 << 20);        // grow it in large steps
    });
#endif
}

}  // namespace mr::nn
