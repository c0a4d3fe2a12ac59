//! The global allocator: mimalloc, asked through its plain entry points
//! whenever the alignment allows. The `mimalloc` crate sends every request
//! through `mi_malloc_aligned`, whose extra checks cost about 2% of a
//! build's instructions; a block of mimalloc's is aligned to 16 bytes, or
//! to its size when smaller (its own rule for "naturally aligned"), so
//! `mi_malloc` serves every alignment up to 16 that is not larger than
//! the size, as the system allocator of Rust's std does with `malloc`.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// mimalloc's `MI_MAX_ALIGN_SIZE` on 64-bit targets.
const MIN_ALIGN: usize = 16;

pub struct MiMalloc;

fn natural(align: usize, size: usize) -> bool {
    align <= MIN_ALIGN && align <= size
}

// SAFETY: every block comes from mimalloc with at least the layout's
// alignment (`natural`, or the aligned entry points), and goes back to it.
unsafe impl GlobalAlloc for MiMalloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let (size, align) = (layout.size(), layout.align());
        // SAFETY: plain FFI calls; mimalloc returns null when out of memory.
        unsafe {
            if natural(align, size) {
                mi::mi_malloc(size).cast()
            } else {
                mi::mi_malloc_aligned(size, align).cast()
            }
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let (size, align) = (layout.size(), layout.align());
        // SAFETY: as in `alloc`.
        unsafe {
            if natural(align, size) {
                mi::mi_zalloc(size).cast()
            } else {
                mi::mi_zalloc_aligned(size, align).cast()
            }
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` was allocated by mimalloc (GlobalAlloc's contract).
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let align = layout.align();
        // SAFETY: `ptr` was allocated by mimalloc; a moved block is
        // allocated as `alloc` would for the new size.
        unsafe {
            if natural(align, new_size) {
                mi::mi_realloc(ptr.cast(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast(), new_size, align).cast()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_have_the_alignment_asked_for() {
        let a = MiMalloc;
        for size in [1, 7, 8, 9, 15, 16, 24, 40, 100, 4096, 70_000] {
            for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: non-zero size; every block is freed.
                unsafe {
                    let p = a.alloc(layout);
                    assert!(
                        !p.is_null() && (p as usize).is_multiple_of(align),
                        "{size} {align}"
                    );
                    let q = a.realloc(p, layout, size * 3 + 1);
                    assert!(
                        !q.is_null() && (q as usize).is_multiple_of(align),
                        "{size} {align}"
                    );
                    let r = a.realloc(q, Layout::from_size_align(size * 3 + 1, align).unwrap(), 1);
                    assert!(
                        !r.is_null() && (r as usize).is_multiple_of(align),
                        "{size} {align}"
                    );
                    a.dealloc(r, Layout::from_size_align(1, align).unwrap());
                    let z = a.alloc_zeroed(layout);
                    assert!((z as usize).is_multiple_of(align) && *z == 0);
                    a.dealloc(z, layout);
                }
            }
        }
    }
}
