// Runs the workloads side by side and prints medians and ratios. Build in release:
//   swift run -c release AutoDiffBenchmarks [w1|w2|w2parts|w2t|w3|w4|w5|t1|t2|tiny|perf|kkt|all]
// `perf` is the issue-7 suite (PerformanceWorkloads.swift); Benchmarks/run-all.sh runs it
// beside the peers.
// The workloads live in nonisolated functions: closures written at top level would be
// main-actor isolated and pay executor checks inside the timed code.
let selection = CommandLine.arguments.dropFirst().first ?? "all"
if selection == "perf" {
  printTable(runPerformanceSuite())
} else if selection == "profile" {
  profileWorkload(CommandLine.arguments.dropFirst(2).first ?? "w2t")
} else if selection == "kkt" {
  printTable(kktWorkload(steps: CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 5000) + kktCrossover())
} else if selection == "perf-tsv" {
  printTSV(runPerformanceSuite())
} else {
  printTable(runWorkloads(selection))
}
