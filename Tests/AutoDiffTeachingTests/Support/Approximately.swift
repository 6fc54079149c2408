/// |a − b| ≤ tolerance · max(1, |a|, |b|).
func isClose(_ a: Double, _ b: Double, tolerance: Double = 1e-12) -> Bool {
  (a - b).magnitude <= tolerance * max(1, a.magnitude, b.magnitude)
}

/// Element-wise ``isClose(_:_:tolerance:)`` of two vectors of the same length.
func isClose(_ a: [Double], _ b: [Double], tolerance: Double = 1e-12) -> Bool {
  a.count == b.count && zip(a, b).allSatisfy { isClose($0, $1, tolerance: tolerance) }
}
