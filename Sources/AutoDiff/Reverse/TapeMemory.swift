import CAutoDiffMemory

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where tapes and adjoint buffers live.
///
/// A block's size decides its kind: blocks of at least ``largeBlock`` bytes are anonymous
/// mappings (on Linux), smaller ones come from `malloc`. Below 32 MB `malloc` is better:
/// glibc keeps freed blocks of that size in its heap, so the next gradient of the same size
/// reuses pages that are already mapped (W2's 9 MB tape and 7 MB of adjoints fault nothing
/// after the first call). From 32 MB glibc maps and unmaps every block; a mapping of ours
/// grows by remapping rather than copying, arrives zero-filled (large adjoint buffers need
/// no `memset`), and a tape's storage keeps it for the next tape (``keepForReuse(_:bytes:)``),
/// as glibc keeps the small ones.
///
/// The mappings use ordinary 4 KB pages. Advised for transparent huge pages they faulted in
/// up to three times faster when the kernel had warm 2 MB pages at hand, but on the virtual
/// machines measured a fresh 2 MB page is often memory the host must back first: faulting
/// 400 MB took 52 ms to 2.1 s in huge pages, 155–180 ms in 4 KB pages, and the first
/// GradBench `ode` gradient (n = 10⁴, s = 100, about 360 MB of tape and adjoints) took
/// 1.5–1.9 s against 0.23 s (later calls 84 ms either way, in the kept block).
@usableFromInline
enum TapeMemory {
  /// The size from which a block is page-backed: glibc's largest dynamic mmap threshold.
  @usableFromInline static let largeBlock = 32 << 20

  /// A block of `bytes` bytes with undefined contents, or nil when memory is exhausted.
  @usableFromInline
  static func allocate(bytes: Int) -> UnsafeMutableRawPointer? {
    bytes >= largeBlock ? autodiff_large_allocate(bytes) : malloc(Swift.max(bytes, 1))
  }

  /// A zero-filled block of `bytes` bytes, or nil when memory is exhausted.
  @usableFromInline
  static func allocateZeroed(bytes: Int) -> UnsafeMutableRawPointer? {
    if bytes >= largeBlock { return autodiff_large_allocate(bytes) }
    guard let block = malloc(Swift.max(bytes, 1)) else { return nil }
    memset(block, 0, bytes)
    return block
  }

  /// `block` (of `old` bytes) grown or shrunk to `new` bytes, its first `min(old, new)`
  /// bytes kept; nil, with `block` untouched, when memory is exhausted.
  @usableFromInline
  static func reallocate(_ block: UnsafeMutableRawPointer, from old: Int, to new: Int)
    -> UnsafeMutableRawPointer?
  {
    switch (old >= largeBlock, new >= largeBlock) {
    case (true, true):
      return autodiff_large_reallocate(block, old, new)
    case (false, false):
      return realloc(block, Swift.max(new, 1))
    default:
      guard let moved = allocate(bytes: new) else { return nil }
      moved.copyMemory(from: block, byteCount: Swift.min(old, new))
      deallocate(block, bytes: old)
      return moved
    }
  }

  /// The largest block kept resident for the next tape; a larger one is kept as memory
  /// the system may take back (``keepForReuse(_:bytes:)``).
  @usableFromInline static let residentKeepLimit = 512 << 20

  /// Keeps a large `block` of `bytes` bytes mapped for the next tape, its contents no
  /// longer needed. Up to ``residentKeepLimit`` it stays resident, as glibc keeps freed
  /// heap blocks: recording into it again faults and zeroes nothing. A larger block is
  /// advised `MADV_FREE` (Linux), so the system may take its pages back under memory
  /// pressure (they then read as zero). Not below the limit: rewriting 4 KB pages after
  /// `MADV_FREE` made kmeans `dir` (k = 100, d = 16, ~100 MB of tape and adjoints) 1.9×
  /// slower a call (32.5 ms against 16.9 ms kept resident).
  @usableFromInline
  static func keepForReuse(_ block: UnsafeMutableRawPointer, bytes: Int) {
    if bytes > residentKeepLimit { autodiff_large_keep_for_reuse(block, bytes) }
  }

  /// Returns `block` of `bytes` bytes (the size it was allocated or last reallocated with).
  @usableFromInline
  static func deallocate(_ block: UnsafeMutableRawPointer, bytes: Int) {
    if bytes >= largeBlock { autodiff_large_deallocate(block, bytes) } else { free(block) }
  }
}
