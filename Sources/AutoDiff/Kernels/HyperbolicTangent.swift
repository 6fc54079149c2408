import CAutoDiffMath
import RealModule

// Kernels: the C-calling loops that the rules and the tensors evaluate through. They
// compute values (and, for whole arrays, a rule's own derivative formula, rounded as the
// rule rounds it) and know nothing of modes; the rules in Rules/ call them.

/// tanh x, the value of the `tanh` rule (``UnaryPrimitive/tanh``), whose derivative is
/// 1 − tanh²x taken from this value.
///
/// For `Float` it is `autodiff_tanhf_array` (Sources/CAutoDiffMath/CAutoDiffTanh.c):
/// evaluated in `Double` and rounded once, within half an ulp of the exact value. For
/// `Double` it is `autodiff_tanh_array`, within 2 ulp. Both are written so that they
/// vectorise: tensors call them on whole arrays (``vectorTanh(_:values:derivatives:)``),
/// scalars on one element, so both get the same bits. glibc's `tanhf` and `tanh`, which
/// `Float.tanh` and `Double.tanh` call, go through `expm1` one element at a time (26 ns a
/// `tanhf` call here, a quarter of an MLP training step). Other types call their own
/// `tanh`. The type tests fold away once specialised.
@inlinable @inline(__always)
func hyperbolicTangent<T: Real>(_ x: T) -> T {
  if T.self == Float.self {
    var input = unsafeBitCast(x, to: Float.self)
    var value: Float = 0
    var derivative: Float = 0
    autodiff_tanhf_array(&input, &value, &derivative, 1)
    return unsafeBitCast(value, to: T.self)
  }
  if T.self == Double.self {
    var input = unsafeBitCast(x, to: Double.self)
    var value: Double = 0
    var derivative: Double = 0
    autodiff_tanh_array(&input, &value, &derivative, 1)
    return unsafeBitCast(value, to: T.self)
  }
  return T.tanh(x)
}

/// tanh and its derivative for every element of `x` when the elements are `Float`s or
/// `Double`s: the `tanh` rule's loop for tensors, with exactly the bits the scalar rule
/// gives (the C loops round the rule's 1 − y·y the same way, without a fused
/// multiply–add).
/// Returns false, having done nothing, for other element types.
@inlinable
func vectorTanh<Element>(
  _ x: UnsafeBufferPointer<Element>, values: UnsafeMutableBufferPointer<Element>,
  derivatives: UnsafeMutableBufferPointer<Element>
) -> Bool {
  guard Element.self == Float.self || Element.self == Double.self else { return false }
  guard let input = x.baseAddress, let value = values.baseAddress,
    let derivative = derivatives.baseAddress
  else { return true }
  if Element.self == Float.self {
    autodiff_tanhf_array(
      UnsafeRawPointer(input).assumingMemoryBound(to: Float.self),
      UnsafeMutableRawPointer(value).assumingMemoryBound(to: Float.self),
      UnsafeMutableRawPointer(derivative).assumingMemoryBound(to: Float.self), x.count)
  } else {
    autodiff_tanh_array(
      UnsafeRawPointer(input).assumingMemoryBound(to: Double.self),
      UnsafeMutableRawPointer(value).assumingMemoryBound(to: Double.self),
      UnsafeMutableRawPointer(derivative).assumingMemoryBound(to: Double.self), x.count)
  }
  return true
}
