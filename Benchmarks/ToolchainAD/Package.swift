// swift-tools-version: 6.1
// The W2 benchmark through the toolchain's experimental `_Differentiation` module, kept in
// its own package so that AutoDiff itself never imports it. Run it beside AutoDiff's own
// W2 with `Benchmarks/run-w2-side-by-side.sh`.
import PackageDescription

let package = Package(
  name: "ToolchainAD",
  targets: [
    .executableTarget(
      name: "ToolchainAD",
      swiftSettings: [.swiftLanguageMode(.v6)])
  ]
)
