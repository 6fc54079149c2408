/// A growable array of trivial elements with no uniqueness or bounds checks on append:
/// the storage behind one column of a tape. Owned by exactly one ``Tape``, which frees it.
@usableFromInline
struct TapeBuffer<Element> {
  @usableFromInline var base: UnsafeMutablePointer<Element>
  @usableFromInline var count: Int
  @usableFromInline var capacity: Int

  @usableFromInline
  init(capacity: Int) {
    self.capacity = Swift.max(capacity, 16)
    base = .allocate(capacity: self.capacity)
    count = 0
  }

  @inlinable @inline(__always)
  mutating func append(_ element: Element) {
    if count == capacity { grow() }
    (base + count).initialize(to: element)
    count += 1
  }

  @usableFromInline @inline(never)
  mutating func grow() {
    let newCapacity = capacity * 2
    let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
    newBase.moveInitialize(from: base, count: count)
    base.deallocate()
    base = newBase
    capacity = newCapacity
  }

  @inlinable
  subscript(index: Int) -> Element {
    get { base[index] }
    nonmutating set { base[index] = newValue }
  }

  /// Forgets the elements and keeps the allocation, for reuse.
  @usableFromInline
  mutating func removeAll() {
    base.deinitialize(count: count)
    count = 0
  }

  /// Frees the storage. The buffer must not be used afterwards.
  @usableFromInline
  mutating func release() {
    base.deinitialize(count: count)
    base.deallocate()
    count = 0
    capacity = 0
  }

  @usableFromInline
  var allocatedBytes: Int { capacity * MemoryLayout<Element>.stride }
}
