// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "AutoDiff",
  products: [
    .library(name: "AutoDiff", targets: ["AutoDiff"]),
    .executable(name: "autodiff", targets: ["AutoDiffCLI"]),
  ],
  traits: [
    .trait(
      name: "NaNSafe",
      description: """
        A zero tangent or cotangent stays zero when multiplied by an infinite or NaN \
        local partial (0 · ∞ = 0), in both modes. See Sources/AutoDiff/AutoDiff.docc/DerivativeConventions.md.
        """),
    .default(enabledTraits: ["NaNSafe"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
  ],
  targets: [
    .systemLibrary(
      name: "COpenBLAS",
      pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(
      name: "CSuiteSparse",
      providers: [.apt(["libsuitesparse-dev"])]),
    .target(name: "CAutoDiffMath"),
    .target(name: "CAutoDiffMemory"),
    .target(name: "CAutoDiffNesting"),
    .target(
      name: "AutoDiff",
      dependencies: [
        "COpenBLAS",
        "CSuiteSparse",
        "CAutoDiffMath",
        "CAutoDiffMemory",
        "CAutoDiffNesting",
        .product(name: "RealModule", package: "swift-numerics"),
      ],
      swiftSettings: [.swiftLanguageMode(.v6)]),
    .target(
      name: "AutoDiffTeaching",
      dependencies: [
        "AutoDiff",
        .product(name: "RealModule", package: "swift-numerics"),
      ],
      swiftSettings: [.swiftLanguageMode(.v6)]),
    .executableTarget(
      name: "AutoDiffCLI",
      dependencies: [
        "AutoDiff",
        "AutoDiffTeaching",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: [.swiftLanguageMode(.v6)]),
    .executableTarget(
      name: "AutoDiffBenchmarks",
      dependencies: [
        "AutoDiff",
        .product(name: "RealModule", package: "swift-numerics"),
      ],
      path: "Benchmarks/AutoDiffBenchmarks",
      swiftSettings: [.swiftLanguageMode(.v6)]),
    .executableTarget(
      name: "GradBench",
      dependencies: [
        "AutoDiff",
        .product(name: "RealModule", package: "swift-numerics"),
      ],
      path: "Benchmarks/GradBench",
      exclude: ["README.md", "evals.txt", "Dockerfile"],
      swiftSettings: [.swiftLanguageMode(.v6)]),
    .testTarget(
      name: "AutoDiffTests",
      dependencies: [
        "AutoDiff",
        "AutoDiffTeaching",
        .product(name: "RealModule", package: "swift-numerics"),
        .product(name: "ComplexModule", package: "swift-numerics"),
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      swiftSettings: [.swiftLanguageMode(.v6)]),
    .testTarget(
      name: "AutoDiffTeachingTests",
      dependencies: [
        "AutoDiff",
        "AutoDiffTeaching",
        .product(name: "RealModule", package: "swift-numerics"),
      ],
      swiftSettings: [.swiftLanguageMode(.v6)]),
  ]
)
