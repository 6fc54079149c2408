import RealModule

// Equatable, Comparable, Hashable: by value, so branches in differentiated code take the
// same path they would on plain numbers.
extension DerivativeCarrying {
  @inlinable public static func == (lhs: Self, rhs: Self) -> Bool { lhs.value == rhs.value }
  @inlinable public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
  @inlinable public static func <= (lhs: Self, rhs: Self) -> Bool { lhs.value <= rhs.value }
  @inlinable public static func > (lhs: Self, rhs: Self) -> Bool { lhs.value > rhs.value }
  @inlinable public static func >= (lhs: Self, rhs: Self) -> Bool { lhs.value >= rhs.value }
  @inlinable public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}
