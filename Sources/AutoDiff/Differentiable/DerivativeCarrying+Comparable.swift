import RealModule

// Equatable, Comparable, Hashable: by value, so branches in differentiated code take the
// same path they would on plain numbers.
extension DerivativeCarrying {
  /// Whether the values are equal; derivatives are not compared.
  @inlinable public static func == (lhs: Self, rhs: Self) -> Bool { lhs.value == rhs.value }
  /// Whether `lhs`'s value is less than `rhs`'s; derivatives are not compared.
  @inlinable public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
  /// Whether `lhs`'s value is less than or equal to `rhs`'s; derivatives are not compared.
  @inlinable public static func <= (lhs: Self, rhs: Self) -> Bool { lhs.value <= rhs.value }
  /// Whether `lhs`'s value is greater than `rhs`'s; derivatives are not compared.
  @inlinable public static func > (lhs: Self, rhs: Self) -> Bool { lhs.value > rhs.value }
  /// Whether `lhs`'s value is greater than or equal to `rhs`'s; derivatives are not
  /// compared.
  @inlinable public static func >= (lhs: Self, rhs: Self) -> Bool { lhs.value >= rhs.value }
  /// Hashes the value only, consistent with `==`.
  @inlinable public func hash(into hasher: inout Hasher) { hasher.combine(value) }
}
