// Runs the workloads side by side and prints medians and ratios. Build in release:
//   swift run -c release AutoDiffBenchmarks [w1|w2|w2parts|all]
// The workloads live in nonisolated functions: closures written at top level would be
// main-actor isolated and pay executor checks inside the timed code.
let selection = CommandLine.arguments.dropFirst().first ?? "all"
printTable(runWorkloads(selection))
