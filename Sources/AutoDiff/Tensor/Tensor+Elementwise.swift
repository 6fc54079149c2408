import RealModule

// Elementwise functions and arithmetic. Every derivative comes from the rule table:
// UnaryPrimitive and BinaryPrimitive give each element's value and local partials, the
// JVP multiplies tangents by them and the pullback multiplies cotangents by them.
extension Tensor {
  /// Applies a one-argument rule to every element: the same rules ``Dual`` and
  /// ``Tracked`` use, including user-declared ones.
  @_specialize(where Scalar == Double, Rule == UnaryPrimitive)
  @_specialize(where Scalar == Float, Rule == UnaryPrimitive)
  @_specialize(where Scalar == Double, Rule == Activation)
  @_specialize(where Scalar == Float, Rule == Activation)
  @_specialize(where Scalar == Double, Rule == IntegerPower)
  @_specialize(where Scalar == Float, Rule == IntegerPower)
  public func applying<Rule: UnaryDerivativeRule>(_ rule: Rule) -> Tensor {
    guard Self.needsDerivatives([self]) else {
      if case .tanh? = rule as? UnaryPrimitive {
        // The vectorised loop, its derivatives written to scratch and dropped.
        var scratch = [Scalar](filledWith: 0, count: count)
        let values = Self.written(count: count) { out in
          scalars.withUnsafeBufferPointer { x in
            scratch.withUnsafeMutableBufferPointer { d in
              if !vectorTanh(x, values: out, derivatives: d) {
                for i in x.indices { out[i] = rule.evaluate(at: x[i]).value }
              }
            }
          }
        }
        return Tensor(shape: shape, scalars: values)
      }
      func values(_ rule: some UnaryDerivativeRule) -> [Scalar] {
        Self.written(count: count) { out in
          scalars.withUnsafeBufferPointer { x in
            for i in x.indices { out[i] = rule.evaluate(at: x[i]).value }
          }
        }
      }
      // As below: the common functions get a loop with the rule fixed.
      switch rule as? UnaryPrimitive {
      case .exp?: return Tensor(shape: shape, scalars: values(UnaryPrimitive.exp))
      case .log?: return Tensor(shape: shape, scalars: values(UnaryPrimitive.log))
      default: return Tensor(shape: shape, scalars: values(rule))
      }
    }
    var derivatives: [Scalar] = []
    let result = Self.written(count: count) { out in
      derivatives = Self.written(count: count) { derivative in
        scalars.withUnsafeBufferPointer { values in
          func fill(_ rule: some UnaryDerivativeRule) {
            for i in values.indices {
              let r = rule.evaluate(at: values[i])
              out[i] = r.value
              derivative[i] = r.derivative
            }
          }
          // The common activations get a loop with the rule fixed, so its switch is
          // decided once rather than per element.
          switch rule as? UnaryPrimitive {
          case .tanh?:
            if !vectorTanh(values, values: out, derivatives: derivative) { fill(UnaryPrimitive.tanh) }
          case .exp?: fill(UnaryPrimitive.exp)
          case .log?: fill(UnaryPrimitive.log)
          default: fill(rule)
          }
        }
      }
    }
    let (shape, partials) = (self.shape, derivatives)
    return Self.record(
      Self.backwardName(of: rule), [self], value: Tensor(shape: shape, scalars: result),
      stackedJVP: { tangents, _ in Self.scale(lanes: tangents.scalars(0)!, by: partials) },
      pullback: { cotangent in
        [Tensor(shape: cotangent.shape, scalars: Self.scale(lanes: cotangent.scalars, by: partials))]
      },
      stackedPullback: true,
      curvature: {
        // The pullback ȳ ↦ ȳ·f′(x) moves with x by ȳ·f″(x)·ẋ; f″ is the rule's own
        // derivative, from the rule evaluated on dual numbers.
        let second = scalars.map { rule.evaluate(at: Dual($0, derivative: 1)).derivative.derivative }
        return { cotangent, tangents, _, lanes in
          let weights = Self.scale(cotangent.scalars, by: second)
          return [Tensor(shape: TensorShape.stacked(lanes, shape), scalars: Self.scale(lanes: tangents[0]!.scalars, by: weights))]
        }
      })
  }

  /// Applies a two-argument rule elementwise, broadcasting the operands.
  @_specialize(where Scalar == Double, Rule == BinaryPrimitive)
  @_specialize(where Scalar == Float, Rule == BinaryPrimitive)
  public func applying<Rule: BinaryDerivativeRule>(_ rule: Rule, _ other: Tensor) -> Tensor {
    let shape = TensorShape.broadcast(self.shape, other.shape, in: Self.backwardName(of: rule))
    let (aShape, bShape) = (self.shape, other.shape)
    let count = TensorShape.count(of: shape)
    guard Self.needsDerivatives([self, other]) else {
      let result = Self.written(count: count) { out in Self.withOperands(self, other) { a, b in
        // The four arithmetic forms get their own loops, so the rule's form is decided
        // once rather than per element and the loops vectorise.
        switch rule.form {
        case .sum: Self.forEachBroadcastPair(aShape, bShape, to: shape) { i, ia, ib in out[i] = a[ia] + b[ib] }
        case .difference: Self.forEachBroadcastPair(aShape, bShape, to: shape) { i, ia, ib in out[i] = a[ia] - b[ib] }
        case .product: Self.forEachBroadcastPair(aShape, bShape, to: shape) { i, ia, ib in out[i] = a[ia] * b[ib] }
        case .quotient: Self.forEachBroadcastPair(aShape, bShape, to: shape) { i, ia, ib in out[i] = a[ia] / b[ib] }
        case .general:
          Self.forEachBroadcastPair(aShape, bShape, to: shape) { i, ia, ib in
            out[i] = rule.evaluate(a[ia], b[ib]).value
          }
        }
      } }
      return Tensor(shape: shape, scalars: result)
    }
    let name = Self.backwardName(of: rule)
    // Operands that need no gradient (no node) get no cotangent computed.
    let (selfNeedsGradient, otherNeedsGradient) = (self.node != nil, other.node != nil)
    if let partials = rule.form.constantPartials, partials.dx == 1, partials.dy == 1 || partials.dy == -1 {
      // A sum or difference: the partials are the form's constants 1 and ±1, nothing to keep.
      let sign = Scalar(partials.dy)
      let result = Self.written(count: count) { out in Self.withOperands(self, other) { a, b in
        if sign == 1 {
          Self.forEachBroadcastPair(aShape, bShape, to: shape) { i, ia, ib in out[i] = a[ia] + b[ib] }
        } else {
          Self.forEachBroadcastPair(aShape, bShape, to: shape) { i, ia, ib in out[i] = a[ia] - b[ib] }
        }
      } }
      return Self.record(
        name, [self, other], value: Tensor(shape: shape, scalars: result),
        stackedJVP: { t, _ in
          // The lanes, broadcast to the result's shape, add elementwise.
          switch (t.scalars(0, broadcastTo: shape), t.scalars(1, broadcastTo: shape)) {
          case let (ta?, tb?):
            let count = ta.count
            return Self.written(count: count) { out in
              ta.withUnsafeBufferPointer { a in
                tb.withUnsafeBufferPointer { b in
                  if sign == 1 {
                    for i in 0..<count { out[i] = a[i] + b[i] }
                  } else {
                    for i in 0..<count { out[i] = a[i] - b[i] }
                  }
                }
              }
            }
          case let (ta?, nil): return ta
          case let (nil, tb?): return sign == 1 ? tb : tb.map { -$0 }
          case (nil, nil): return nil
          }
        },
        pullback: { ct in
          guard otherNeedsGradient else { return [Self.reduced(ct, from: shape, to: aShape), nil] }
          let back = sign == 1 ? ct : ct.negatedPlain()
          return [
            selfNeedsGradient ? Self.reduced(ct, from: shape, to: aShape) : nil,
            Self.reduced(back, from: shape, to: bShape),
          ]
        },
        stackedPullback: true,
        curvature: Self.linear)
    }
    if rule.form == .product {
      if let node, node === other.node, aShape == bShape { return squared() }
      // c·x or x·c with a constant scalar c: one operand, partial c, no partial arrays.
      if isConstantScalar, other.node != nil, bShape == shape {
        return other.scaled(byConstant: scalars[0], constantFirst: true)
      }
      if other.isConstantScalar, node != nil, aShape == shape {
        return scaled(byConstant: other.scalars[0], constantFirst: false)
      }
    }
    var partialsX: [Scalar] = []
    var partialsY: [Scalar] = []
    let result = Self.written(count: count) { out in
      partialsX = Self.written(count: count) { pdx in
        partialsY = Self.written(count: count) { pdy in
          Self.withOperands(self, other) { a, b in
            if rule.form == .product {
              // x·y: the form's partials are the other operand.
              Self.forEachBroadcastPair(aShape, bShape, to: shape) { i, ia, ib in
                out[i] = a[ia] * b[ib]
                pdx[i] = b[ib]
                pdy[i] = a[ia]
              }
              return
            }
            Self.forEachBroadcastPair(aShape, bShape, to: shape) { i, ia, ib in
              let r = rule.evaluate(a[ia], b[ib])
              out[i] = r.value
              pdx[i] = r.dx
              pdy[i] = r.dy
            }
          }
        }
      }
    }
    let (dx, dy) = (partialsX, partialsY)
    return Self.record(
      name, [self, other], value: Tensor(shape: shape, scalars: result),
      stackedJVP: { t, lanes in
        // Lane l of element i is dx[i]·ta + dy[i]·tb, the lanes broadcast to the result's shape.
        switch (t.scalars(0, broadcastTo: shape), t.scalars(1, broadcastTo: shape)) {
        case let (ta?, tb?):
          let n = dx.count
          return Self.chained(count: lanes * n) { out, plainly in
            Self.withBuffers(dx, ta, dy, tb) { dx, ta, dy, tb in
              for lane in 0..<lanes {
                let base = lane &* n
                for i in 0..<n {
                  out[base &+ i] =
                    plainly
                    ? plainChainSum(dx[i], ta[base &+ i], dy[i], tb[base &+ i])
                    : chainSum(dx[i], ta[base &+ i], dy[i], tb[base &+ i])
                }
              }
            }
          }
        case let (ta?, nil): return Self.scale(lanes: ta, by: dx)
        case let (nil, tb?): return Self.scale(lanes: tb, by: dy)
        case (nil, nil): return nil
        }
      },
      pullback: { ct in
        [
          selfNeedsGradient
            ? Self.reduced(Tensor(shape: ct.shape, scalars: Self.scale(lanes: ct.scalars, by: dx)), from: shape, to: aShape)
            : nil,
          otherNeedsGradient
            ? Self.reduced(Tensor(shape: ct.shape, scalars: Self.scale(lanes: ct.scalars, by: dy)), from: shape, to: bShape)
            : nil,
        ]
      },
      stackedPullback: true,
      curvature: {
        // The pullback's partials move with the operands: d(∂f/∂x) = fxx·ẋ + fxy·ẏ and
        // d(∂f/∂y) = fxy·ẋ + fyy·ẏ, the second partials from the rule on dual numbers.
        let (a, b) = (self.broadcast(toShape: shape).scalars, other.broadcast(toShape: shape).scalars)
        var (fxx, fxy, fyy) = ([Scalar](), [Scalar](), [Scalar]())
        for i in a.indices {
          let alongX = rule.evaluate(Dual(a[i], derivative: 1), Dual(b[i], derivative: 0))
          let alongY = rule.evaluate(Dual(a[i], derivative: 0), Dual(b[i], derivative: 1))
          fxx.append(alongX.dx.derivative)
          fxy.append(alongX.dy.derivative)
          fyy.append(alongY.dy.derivative)
        }
        return { ct, tangents, _, lanes in
          let n = fxx.count
          let zeros = [Scalar](filledWith: 0, count: lanes * n)
          let ta = tangents[0].map { Self.broadcast(lanes: $0, to: shape).scalars } ?? zeros
          let tb = tangents[1].map { Self.broadcast(lanes: $0, to: shape).scalars } ?? zeros
          func moved(_ first: [Scalar], _ second: [Scalar]) -> Tensor {
            Tensor(shape: TensorShape.stacked(lanes, shape), scalars: Self.chained(count: lanes * n) { out, plainly in
              Self.withBuffers(first, ta, second, tb) { first, ta, second, tb in
                ct.scalars.withUnsafeBufferPointer { c in
                  for lane in 0..<lanes {
                    let base = lane &* n
                    for i in 0..<n {
                      out[base &+ i] =
                        plainly
                        ? plainChainProduct(plainChainSum(first[i], ta[base &+ i], second[i], tb[base &+ i]), c[i])
                        : chainProduct(chainSum(first[i], ta[base &+ i], second[i], tb[base &+ i]), c[i])
                    }
                  }
                }
              }
            })
          }
          return [
            selfNeedsGradient ? Self.reduced(moved(fxx, fxy), from: shape, to: aShape) : nil,
            otherNeedsGradient ? Self.reduced(moved(fxy, fyy), from: shape, to: bShape) : nil,
          ]
        }
      })
  }

  /// Runs `body` with both operands' elements and the output's storage as buffers, so
  /// the loops inside pay no copy-on-write or bounds checks per element.
  @inlinable @inline(__always)
  static func withOperands(
    _ a: Tensor, _ b: Tensor, _ body: (UnsafeBufferPointer<Scalar>, UnsafeBufferPointer<Scalar>) -> Void
  ) {
    a.scalars.withUnsafeBufferPointer { pa in
      b.scalars.withUnsafeBufferPointer { pb in body(pa, pb) }
    }
  }

  /// A new array of `count` scalars, every one of which `body` writes.
  ///
  /// Large arrays start uninitialised, with no zero-filling pass before the kernel that
  /// overwrites them. Small ones are zero-filled first: `Array(unsafeUninitializedCapacity:)`
  /// looks up the array's generic metadata at run time, which costs more than zeroing
  /// fewer than `Array.largeFill` scalars (see `Array(filledWith:count:)`).
  @inlinable @inline(__always)
  static func written(count: Int, _ body: (UnsafeMutableBufferPointer<Scalar>) -> Void) -> [Scalar] {
    if count < [Scalar].largeFill {
      var scalars = [Scalar](filledWith: 0, count: count)
      scalars.withUnsafeMutableBufferPointer { body($0) }
      return scalars
    }
    return [Scalar](unsafeUninitializedCapacity: count) { out, initialized in
      body(out)
      initialized = count
    }
  }

  /// `body` with the elements of four arrays in buffers, for loops without bounds checks.
  @inlinable @inline(__always)
  static func withBuffers<R>(
    _ a: [Scalar], _ b: [Scalar], _ c: [Scalar], _ d: [Scalar],
    _ body: (
      UnsafeBufferPointer<Scalar>, UnsafeBufferPointer<Scalar>, UnsafeBufferPointer<Scalar>,
      UnsafeBufferPointer<Scalar>
    ) -> R
  ) -> R {
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        c.withUnsafeBufferPointer { c in d.withUnsafeBufferPointer { d in body(a, b, c, d) } }
      }
    }
  }

  /// `count` elements written by `body(out, true)`, the chain rule's products taken plainly
  /// (``plainChainProduct(_:_:)``) in a loop that vectorises, and written again by
  /// `body(out, false)`, NaN-safely, only if one came out NaN: a plain result that is not
  /// NaN is the NaN-safe one bit for bit, so the elements are the NaN-safe ones either way.
  @inlinable @inline(__always)
  static func chained(
    count: Int, _ body: (_ out: UnsafeMutableBufferPointer<Scalar>, _ plainly: Bool) -> Void
  ) -> [Scalar] {
    written(count: count) { out in
      body(out, true)
      #if NaNSafe
      if mayContainNaN(UnsafeBufferPointer(out)) { body(out, false) }
      #endif
    }
  }

  /// `transform` of every element, in one loop the compiler can vectorise (the closure is
  /// inlined into each specialised caller).
  @inlinable @inline(__always)
  func mappedScalars(_ transform: (Scalar) -> Scalar) -> [Scalar] {
    let count = self.count
    return Self.written(count: count) { out in
      scalars.withUnsafeBufferPointer { x in
        for i in 0..<count { out[i] = transform(x[i]) }
      }
    }
  }

  /// x·x for a recorded tensor multiplied by itself: one operand, partial 2x (exact), so
  /// one cotangent pass instead of two, as the scalar tape records x·x. The values, the
  /// tangents and the gradient are those of the two-operand product: 2x·t equals x·t + x·t.
  /// The partial is not stored: the pullback doubles x's own elements, which the graph
  /// keeps anyway.
  @usableFromInline
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  func squared() -> Tensor {
    let result = mappedScalars { $0 * $0 }
    let (shape, values) = (self.shape, scalars)
    return Self.record(
      Self.backwardName(of: BinaryPrimitive.multiply), [self], value: Tensor(shape: shape, scalars: result),
      stackedJVP: { tangents, lanes in
        let twice = values.map { $0 + $0 }
        return Self.scale(lanes: tangents.scalars(0)!, by: twice)
      },
      pullback: { cotangent in
        // One stacked lane ([1] + shape) has as many elements as one cotangent but keeps its
        // leading axis: compare shapes, not counts.
        guard cotangent.shape != shape else {
          return [Tensor(shape: shape, scalars: Self.scale(cotangent.scalars, byTwice: values))]
        }
        return [Tensor(shape: cotangent.shape, scalars: Self.scale(lanes: cotangent.scalars, by: values.map { $0 + $0 }))]
      },
      stackedPullback: true,
      curvature: {
        // ȳ·2x moves by ȳ·2ẋ.
        { cotangent, tangents, _, lanes in
          let twice = cotangent.scalars.map { $0 + $0 }
          return [Tensor(shape: TensorShape.stacked(lanes, shape), scalars: Self.scale(lanes: tangents[0]!.scalars, by: twice))]
        }
      })
  }

  /// `(x + x) ⊙ perturbation` with the NaN-safe chain rule: the pullback of x·x.
  @usableFromInline
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func scale(_ perturbation: [Scalar], byTwice values: [Scalar]) -> [Scalar] {
    scale(perturbation, byPartialsOf: values) { $0 + $0 }
  }

  /// −self as a plain tensor, in one vectorised pass (the subtrahend's cotangent).
  @usableFromInline
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  func negatedPlain() -> Tensor {
    Tensor(shape: shape, scalars: mappedScalars { -$0 })
  }

  /// A single element with no derivative: a literal such as the 100 of `100 * x`.
  @inlinable
  var isConstantScalar: Bool { count == 1 && node == nil && tangentScalars == nil }

  /// c·x (or x·c) for a constant scalar c: the one partial is c itself, so no partial
  /// arrays are kept, and tangents and cotangents are scaled by c as the two-operand
  /// product would scale them (the same NaN-safe product, the same bits).
  @usableFromInline
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  func scaled(byConstant c: Scalar, constantFirst: Bool) -> Tensor {
    let result = constantFirst ? mappedScalars { c * $0 } : mappedScalars { $0 * c }
    let shape = self.shape
    let constant = Tensor(shape: [1], scalars: [c])
    let (first, second): (Tensor, Tensor) = constantFirst ? (constant, self) : (self, constant)
    return Self.record(
      Self.backwardName(of: BinaryPrimitive.multiply), [first, second], value: Tensor(shape: shape, scalars: result),
      stackedJVP: { tangents, _ in Self.scale(tangents.scalars(constantFirst ? 1 : 0)!, byScalar: c) },
      pullback: { cotangent in
        let back = Tensor(shape: cotangent.shape, scalars: Self.scale(cotangent.scalars, byScalar: c))
        return constantFirst ? [nil, back] : [back, nil]
      },
      stackedPullback: true,
      curvature: Self.linear)
  }

  /// `c ⊙ perturbation` with the NaN-safe chain rule, for one partial c shared by every
  /// element.
  @usableFromInline
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func scale(_ perturbation: [Scalar], byScalar c: Scalar) -> [Scalar] {
    let count = perturbation.count
    return chained(count: count) { out, plainly in
      perturbation.withUnsafeBufferPointer { t in
        for i in 0..<count { out[i] = plainly ? plainChainProduct(c, t[i]) : chainProduct(c, t[i]) }
      }
    }
  }

  /// Stacked lanes (`[k] + s`) of an operand, broadcast to `[k] + shape`.
  @usableFromInline
  static func broadcast(lanes stacked: Tensor, to shape: [Int]) -> Tensor {
    let operandShape = Array(stacked.shape.dropFirst())
    if operandShape == shape { return stacked }
    let k = stacked.shape[0]
    let padded = TensorShape.stacked(k, operandShape, paddedTo: shape.count)
    return Tensor(shape: padded, scalars: stacked.scalars).broadcast(toShape: TensorShape.stacked(k, shape))
  }

  /// `partials ⊙ perturbation` for every lane of stacked perturbations (lanes of
  /// `partials.count` elements each), with the NaN-safe chain rule.
  @usableFromInline
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func scale(lanes perturbation: [Scalar], by partials: [Scalar]) -> [Scalar] {
    let (count, n) = (perturbation.count, partials.count)
    return chained(count: count) { out, plainly in
      perturbation.withUnsafeBufferPointer { t in
        partials.withUnsafeBufferPointer { p in
          var start = 0
          while start < count {
            for i in 0..<n {
              out[start &+ i] =
                plainly ? plainChainProduct(p[i], t[start &+ i]) : chainProduct(p[i], t[start &+ i])
            }
            start &+= n
          }
        }
      }
    }
  }

  /// Elementwise `partials ⊙ perturbation` with the NaN-safe chain rule.
  @usableFromInline
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  static func scale(_ perturbation: [Scalar], by partials: [Scalar]) -> [Scalar] {
    scale(perturbation, byPartialsOf: partials) { $0 }
  }

  /// `partial(sᵢ) ⊙ perturbationᵢ` with the NaN-safe chain rule, for partials computed
  /// elementwise from `source`.
  @inlinable @inline(__always)
  static func scale(
    _ perturbation: [Scalar], byPartialsOf source: [Scalar], _ partial: (Scalar) -> Scalar
  ) -> [Scalar] {
    let count = perturbation.count
    require(source.count == count, "internal error: \(source.count) partials for \(count) elements")
    return chained(count: count) { out, plainly in
      perturbation.withUnsafeBufferPointer { t in
        source.withUnsafeBufferPointer { s in
          for i in 0..<count {
            out[i] = plainly ? plainChainProduct(partial(s[i]), t[i]) : chainProduct(partial(s[i]), t[i])
          }
        }
      }
    }
  }

  /// `sin` → `SinBackward`: the name PyTorch users know from `grad_fn`.
  @usableFromInline
  static func backwardName(_ rule: String) -> String {
    (rule.first.map { String($0).uppercased() + rule.dropFirst() } ?? rule) + "Backward"
  }

  /// The backward name of a rule; the built-in primitives' names come from a table made
  /// once, so recording an operation builds no string.
  @inline(__always)
  static func backwardName(of rule: some UnaryDerivativeRule) -> String {
    if let primitive = rule as? UnaryPrimitive { return PrimitiveBackwardNames.unary[Int(primitive.rawValue)] }
    return backwardName(rule.name)
  }

  /// The backward name of a two-argument rule, from the table for the built-in primitives.
  @inline(__always)
  static func backwardName(of rule: some BinaryDerivativeRule) -> String {
    if let primitive = rule as? BinaryPrimitive { return PrimitiveBackwardNames.binary[Int(primitive.rawValue)] }
    return backwardName(rule.name)
  }

  // MARK: - Arithmetic (broadcasting)

  /// The elementwise sum, broadcasting the shapes.
  public static func + (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.applying(BinaryPrimitive.add, rhs) }
  /// The elementwise difference, broadcasting the shapes.
  public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.applying(BinaryPrimitive.subtract, rhs) }
  /// The elementwise product (not the matrix product, ``matmul(_:_:)``), broadcasting the
  /// shapes.
  public static func * (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.applying(BinaryPrimitive.multiply, rhs) }
  /// The elementwise quotient, broadcasting the shapes.
  public static func / (lhs: Tensor, rhs: Tensor) -> Tensor { lhs.applying(BinaryPrimitive.divide, rhs) }
  /// Every element negated.
  public static prefix func - (operand: Tensor) -> Tensor { operand.applying(UnaryPrimitive.negate) }

  // MARK: - Elementary functions, elementwise

  /// eˣ elementwise.
  public static func exp(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.exp) }
  /// eˣ − 1 elementwise, accurate near 0.
  public static func expMinusOne(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.expMinusOne) }
  /// 2ˣ elementwise.
  public static func exp2(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.exp2) }
  /// 10ˣ elementwise.
  public static func exp10(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.exp10) }
  /// The natural logarithm elementwise.
  public static func log(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.log) }
  /// ln(1 + x) elementwise, accurate near 0.
  public static func log(onePlus x: Tensor) -> Tensor { x.applying(UnaryPrimitive.logOnePlus) }
  /// The base-2 logarithm elementwise.
  public static func log2(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.log2) }
  /// The base-10 logarithm elementwise.
  public static func log10(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.log10) }
  /// The sine elementwise.
  public static func sin(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.sin) }
  /// The cosine elementwise.
  public static func cos(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.cos) }
  /// The tangent elementwise.
  public static func tan(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.tan) }
  /// The arcsine elementwise.
  public static func asin(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.asin) }
  /// The arccosine elementwise.
  public static func acos(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.acos) }
  /// The arctangent elementwise.
  public static func atan(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.atan) }
  /// The hyperbolic sine elementwise.
  public static func sinh(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.sinh) }
  /// The hyperbolic cosine elementwise.
  public static func cosh(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.cosh) }
  /// The hyperbolic tangent elementwise.
  public static func tanh(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.tanh) }
  /// The inverse hyperbolic sine elementwise.
  public static func asinh(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.asinh) }
  /// The inverse hyperbolic cosine elementwise.
  public static func acosh(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.acosh) }
  /// The inverse hyperbolic tangent elementwise.
  public static func atanh(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.atanh) }
  /// The error function elementwise.
  public static func erf(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.erf) }
  /// The complementary error function 1 − erf x elementwise.
  public static func erfc(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.erfc) }
  /// The gamma function Γ(x) elementwise.
  public static func gamma(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.gamma) }
  /// ln|Γ(x)| elementwise.
  public static func logGamma(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.logGamma) }
  /// The square root elementwise; its derivative is +∞ at 0.
  public static func sqrt(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.squareRoot) }
  /// The absolute value elementwise; its derivative is 0 at ±0.
  public static func abs(_ x: Tensor) -> Tensor { x.applying(UnaryPrimitive.abs) }
  /// xⁿ elementwise for an integer n, defined for negative x too (``IntegerPower``).
  public static func pow(_ x: Tensor, _ n: Int) -> Tensor { x.applying(IntegerPower(n)) }
  /// The real n-th root elementwise (``IntegerRoot``).
  public static func root(_ x: Tensor, _ n: Int) -> Tensor { x.applying(IntegerRoot(n)) }
  /// The real power xʸ elementwise, broadcasting the shapes.
  public static func pow(_ x: Tensor, _ y: Tensor) -> Tensor { x.applying(BinaryPrimitive.pow, y) }
  /// The angle of the points (x, y) elementwise, broadcasting the shapes.
  public static func atan2(y: Tensor, x: Tensor) -> Tensor { y.applying(BinaryPrimitive.atan2, x) }
  /// √(x² + y²) elementwise without overflow, broadcasting the shapes.
  public static func hypot(_ x: Tensor, _ y: Tensor) -> Tensor { x.applying(BinaryPrimitive.hypot, y) }
  /// The larger of each pair of elements, broadcasting the shapes; a tie splits the
  /// derivative ½ and ½.
  public static func maximum(_ x: Tensor, _ y: Tensor) -> Tensor { x.applying(BinaryPrimitive.maximum, y) }
  /// The smaller of each pair of elements, broadcasting the shapes; a tie splits the
  /// derivative ½ and ½.
  public static func minimum(_ x: Tensor, _ y: Tensor) -> Tensor { x.applying(BinaryPrimitive.minimum, y) }

  /// Every element rounded by `rule` (`.down` is floor, `.up` ceil, `.towardZero` trunc).
  ///
  /// Rounding is piecewise constant, so the tangent and the gradient are 0 everywhere, also
  /// at the jumps, as for `Dual` and `Tracked` (<doc:DerivativeConventions>). The result
  /// is recorded, so `backward()` through it gives a zero gradient rather than an error.
  @_specialize(where Scalar == Double)
  @_specialize(where Scalar == Float)
  public func rounded(_ rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> Tensor {
    let value = Tensor(shape: shape, scalars: mappedScalars { $0.rounded(rule) })
    guard Self.needsDerivatives([self]) else { return value }
    let shape = self.shape
    return Self.record(
      "RoundedBackward", [self], value: value,
      jvp: { _ in .zeros(shape) },
      pullback: { _ in [.zeros(shape)] },
      curvature: Self.linear)
  }

  // MARK: - Activations

  /// max(x, 0) elementwise; derivative 1 where x > 0 and 0 elsewhere (0 at x = 0).
  public static func relu(_ x: Tensor) -> Tensor { x.applying(Activation.relu) }
  /// 1 / (1 + e⁻ˣ) elementwise; derivative σ(x)·(1 − σ(x)), computed as e/(1 + e)² with
  /// e = e^(−|x|) so that it does not cancel for large |x|.
  public static func sigmoid(_ x: Tensor) -> Tensor { x.applying(Activation.sigmoid) }
}

/// `SinBackward`, `AddBackward`, … for every built-in primitive, made once.
enum PrimitiveBackwardNames {
  static let unary = UnaryPrimitive.allCases.map { Tensor<Double>.backwardName($0.name) }
  static let binary = BinaryPrimitive.allCases.map { Tensor<Double>.backwardName($0.name) }
}
