extension Array {
  /// `count` copies of `value`, as `init(repeating:count:)` makes them, but through code
  /// specialised in this module for `Element`.
  ///
  /// The standard library's `init(repeating:count:)` and `init(unsafeUninitializedCapacity:)`
  /// allocate through an unspecialised entry point that looks up the array's generic
  /// metadata at run time, in a locked cache: about 400 instructions an array, 7 % of a
  /// small tensor Jacobian's time (T1), where the arrays are a few hundred scalars. Copying
  /// `repeatElement` avoids it but stores element by element (about 6 instructions each),
  /// so from `largeFill` elements on the lookup is paid and the elements are filled by a
  /// vectorised loop.
  @inlinable @inline(__always)
  init(filledWith value: Element, count: Int) {
    if count < Self.largeFill {
      self.init(repeatElement(value, count: count))
    } else {
      self.init(unsafeUninitializedCapacity: count) { buffer, initialized in
        buffer.initialize(repeating: value)
        initialized = count
      }
    }
  }

  /// The element count from which ``init(filledWith:count:)`` fills through a buffer.
  @inlinable static var largeFill: Int { 256 }
}
