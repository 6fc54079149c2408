/// Seeds, evaluates and reads back the chunked forward passes shared by the forward
/// gradient, Jacobian and Hessian: for each chunk of k inputs, one evaluation whose
/// lane j carries the basis direction of input `start + j`.
@inlinable
func forEachForwardChunk<T: Differentiable, let k: Int, Output>(
  at x: [T], mode: ForwardMode<k>,
  evaluate: ([ChunkedDual<T, k>]) throws -> Output,
  unseededLanesAreZero: (Output, _ width: Int) -> Bool,
  receive: (_ start: Int, _ width: Int, Output) -> Void
) rethrows {
  var seeded = x.map { ChunkedDual<T, k>(constant: $0) }
  var start = 0
  while start < x.count {
    let width = min(k, x.count - start)
    for lane in 0..<width { seeded[start + lane].tangents[lane] = 1 }
    let output = try evaluate(seeded)
    #if DEBUG
    if width < k && !unseededLanesAreZero(output, width) {
      refusePerturbationConfusion(in: "forward-mode \(k)-lane transform")
    }
    #endif
    receive(start, width, output)
    for lane in 0..<width { seeded[start + lane].tangents[lane] = 0 }
    start += width
  }
}
