import Testing

// Tolerance helpers. A comparison is relative to the larger magnitude, with an
// absolute floor so that values near 0 (where a relative error means nothing) pass
// when both sides are tiny.

/// |a − b| ≤ relativeTolerance · max(|a|, |b|) + absoluteTolerance. Equal values pass
/// (including equal infinities); NaN never passes.
func isApproximatelyEqual<T: BinaryFloatingPoint>(
  _ a: T, _ b: T, relativeTolerance: T, absoluteTolerance: T = 0
) -> Bool {
  if a == b { return true }
  guard a.isFinite, b.isFinite else { return false }
  return (a - b).magnitude <= relativeTolerance * max(a.magnitude, b.magnitude) + absoluteTolerance
}

/// Whether `a` and `b` have the same length and agree entry by entry to the tolerances
/// of ``isApproximatelyEqual(_:_:relativeTolerance:absoluteTolerance:)``. The length
/// comes first: `zip` alone stops at the shorter array, so a short result would pass.
func isApproximatelyEqual<T: BinaryFloatingPoint>(
  _ a: [T], _ b: [T], relativeTolerance: T, absoluteTolerance: T = 0
) -> Bool {
  a.count == b.count
    && zip(a, b).allSatisfy {
      isApproximatelyEqual($0, $1, relativeTolerance: relativeTolerance, absoluteTolerance: absoluteTolerance)
    }
}

/// The same value in the sense of the edge-policy table: equal, or both NaN.
/// (`==` would make every NaN expectation fail, and `+0 == −0` is intended.)
func isSameValue<T: FloatingPoint>(_ a: T, _ b: T) -> Bool {
  a == b || (a.isNaN && b.isNaN)
}

/// Entry-by-entry ``isSameValue(_:_:)`` of two matrices of the same shape.
func isSameValue<T: FloatingPoint>(_ a: [[T]], _ b: [[T]]) -> Bool {
  a.count == b.count
    && zip(a, b).allSatisfy { row in
      row.0.count == row.1.count && zip(row.0, row.1).allSatisfy { isSameValue($0, $1) }
    }
}

/// Records a failure, with `context` (the point, the seed), unless `actual` and
/// `expected` agree to the tolerances of ``isApproximatelyEqual(_:_:relativeTolerance:absoluteTolerance:)``.
func expectApproximatelyEqual<T: BinaryFloatingPoint>(
  _ actual: T, _ expected: T, relativeTolerance: T, absoluteTolerance: T = 0,
  _ context: @autoclosure () -> String = "",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  let ok = isApproximatelyEqual(
    actual, expected, relativeTolerance: relativeTolerance, absoluteTolerance: absoluteTolerance)
  #expect(
    ok, "\(actual) is not within \(relativeTolerance) (relative) of \(expected). \(context())",
    sourceLocation: sourceLocation)
}

/// Element-wise ``expectApproximatelyEqual(_:_:relativeTolerance:absoluteTolerance:_:sourceLocation:)``.
func expectApproximatelyEqual<T: BinaryFloatingPoint>(
  _ actual: [T], _ expected: [T], relativeTolerance: T, absoluteTolerance: T = 0,
  _ context: @autoclosure () -> String = "",
  sourceLocation: SourceLocation = #_sourceLocation
) {
  #expect(actual.count == expected.count, "\(context())", sourceLocation: sourceLocation)
  for (i, (a, e)) in zip(actual, expected).enumerated() {
    expectApproximatelyEqual(
      a, e, relativeTolerance: relativeTolerance, absoluteTolerance: absoluteTolerance,
      "[\(i)] \(context())", sourceLocation: sourceLocation)
  }
}
