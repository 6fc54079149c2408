/// Seeds, evaluates and reads back the chunked forward passes shared by the forward
/// gradient, Jacobian and Hessian: for each chunk of k inputs, one evaluation whose
/// lane j carries the basis direction of input `start + j`. Refuses perturbation
/// confusion (see Forward/PerturbationGuard.swift): inside another transform on the same
/// chunked type, by one more evaluation with no seed; everywhere, by the lanes of the last
/// chunk that carry no seed.
@inlinable
func forEachForwardChunk<T: Differentiable, let k: Int, Output>(
  at x: [T], mode: ForwardMode<k>,
  evaluate: ([ChunkedDual<T, k>]) throws -> Output,
  unseededLanesAreZero: (Output, _ width: Int) -> Bool,
  receive: (_ start: Int, _ width: Int, Output) -> Void
) rethrows {
  var seeded = x.map { ChunkedDual<T, k>(constant: $0) }
  // The name only for a refusal: built on every call, the string was 8–12 % of a nested
  // forward-mode eval (GradBench particle and saddle).
  func transform() -> String { "forward-mode \(k)-lane transform" }
  try withForwardTransform(on: ChunkedDual<T, k>.self) { nested in
    if nested {
      let unseeded = try evaluate(seeded)
      if !unseededLanesAreZero(unseeded, 0) { refusePerturbationConfusion(in: transform()) }
    }
    var start = 0
    while start < x.count {
      let width = min(k, x.count - start)
      for lane in 0..<width { seeded[start + lane].tangents[lane] = 1 }
      let output = try evaluate(seeded)
      if width < k && !unseededLanesAreZero(output, width) {
        refusePerturbationConfusion(in: transform())
      }
      receive(start, width, output)
      for lane in 0..<width { seeded[start + lane].tangents[lane] = 0 }
      start += width
    }
  }
}
