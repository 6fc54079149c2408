extension Array {
  /// `count` copies of `value`, as `init(repeating:count:)` makes them, but through code
  /// specialised in this module for `Element`.
  ///
  /// The standard library's `init(repeating:count:)` and `init(unsafeUninitializedCapacity:)`
  /// allocate through an unspecialised entry point that looks up the array's generic
  /// metadata at run time, in a locked cache: about 400 instructions an array, 7 % of a
  /// small tensor Jacobian's time (T1), where the arrays are a few hundred scalars.
  @inlinable @inline(__always)
  init(filledWith value: Element, count: Int) {
    self.init(repeatElement(value, count: count))
  }
}
