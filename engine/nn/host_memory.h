#pragma once
// How the process's heap treats the large temporaries of a forward pass (attention scores, MLP
// activations: tens to hundreds of MB, allocated and freed many times per pass). By default glibc
// gives each its own mmap and unmaps it on free, so every pass faults all of it in again, page by
// page. On virtual machines that back guest memory lazily a fresh page costs far more than the
// arithmetic done on it (measured on the 2-core development VM: ~24 µs per 4 KB page; element-wise
// ops on 64 MB tensors 10-20x slower than on reused memory). retainFreedHostMemory() makes malloc
// keep freed memory and reuse it: resident memory then stays at the peak working set instead of
// going up and down. Process-wide and idempotent; the model loaders call it.
namespace mr::nn {

void retainFreedHostMemory();

}  // namespace mr::nn
