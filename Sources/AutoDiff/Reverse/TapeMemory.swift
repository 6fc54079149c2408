import CAutoDiffMemory

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where tapes and adjoint buffers live.
///
/// A block's size decides its kind: blocks of at least ``largeBlock`` bytes are anonymous
/// mappings advised for transparent huge pages (on Linux), smaller ones come from `malloc`.
/// Large tapes are the point: the W1 chain records about 150 MB per gradient, and faulting
/// that in 4 KB at a time cost more than recording and sweeping it. In 2 MB pages it faults
/// in about four times faster, grows by remapping rather than copying, and arrives
/// zero-filled, so large adjoint buffers need no `memset` either.
///
/// Below 32 MB `malloc` is better: glibc keeps freed blocks of that size in its heap, so the
/// next gradient of the same size reuses pages that are already mapped (W2's 9 MB tape and
/// 7 MB of adjoints fault nothing after the first call). From 32 MB glibc maps and unmaps
/// every block, which is where huge pages win; and a tape's storage keeps its large block
/// for the next tape (``keepForReuse(_:bytes:)``), as glibc keeps the small ones.
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

  /// Keeps a large `block` of `bytes` bytes mapped for the next tape, its contents no
  /// longer needed: the system may take its pages back under memory pressure (Linux's
  /// `MADV_FREE`); until it does, recording into them again faults and zeroes nothing.
  @usableFromInline
  static func keepForReuse(_ block: UnsafeMutableRawPointer, bytes: Int) {
    autodiff_large_keep_for_reuse(block, bytes)
  }

  /// Returns `block` of `bytes` bytes (the size it was allocated or last reallocated with).
  @usableFromInline
  static func deallocate(_ block: UnsafeMutableRawPointer, bytes: Int) {
    if bytes >= largeBlock { autodiff_large_deallocate(block, bytes) } else { free(block) }
  }
}
