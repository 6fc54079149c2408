// W2 through the toolchain's `_Differentiation`, timed like AutoDiff's benchmarks
// (interleaved medians of the plain value and the gradient). Build in release:
//   swift run -c release --package-path Benchmarks/ToolchainAD ToolchainAD [w2 | index N]
// `w2` (the default) is the n = 100,000 workload through `differentiableReduce`; `index N`
// times the index-loop form at size N, to show its O(n²) pullback.
import _Differentiation

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first ?? "w2" {
case "index":
  let n = arguments.count > 1 ? Int(arguments[1]) ?? 10_000 : 10_000
  printRow(indexLoop(n: n))
default:
  for row in w2() { printRow(row) }
}
