// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Backprop",
    products: [
        .library(name: "Backprop", targets: ["Backprop"]),
        .library(name: "BackpropNN", targets: ["BackpropNN"]),
        .library(name: "BackpropPlots", targets: ["BackpropPlots"]),
        .library(name: "BackpropExpressions", targets: ["BackpropExpressions"]),
        .library(name: "BackpropNotebooks", targets: ["BackpropNotebooks"]),
        .executable(name: "backprop", targets: ["backprop"]),
    ],
    targets: [
        .target(name: "CBackpropKernels"),
        .target(name: "Backprop", dependencies: ["CBackpropKernels"]),
        // SVG plots know nothing of tensors or the tape; they use the engine's error reporting only.
        .target(name: "BackpropPlots", dependencies: ["Backprop"]),
        // The formula language of `backprop explain`: parsed, evaluated on the tape, rendered.
        .target(name: "BackpropExpressions", dependencies: ["Backprop"]),
        .target(name: "BackpropNN", dependencies: ["Backprop", "BackpropPlots"], resources: [.copy("Resources/digits.csv"), .copy("Resources/DIGITS-LICENSE.md")]),
        .target(name: "BackpropNotebooks", dependencies: ["Backprop"]),
        .executableTarget(name: "backprop", dependencies: ["Backprop", "BackpropExpressions", "BackpropNN", "BackpropNotebooks"]),
        .testTarget(name: "BackpropTests", dependencies: ["Backprop", "BackpropExpressions", "BackpropNN"], resources: [.copy("Fixtures")]),
        .testTarget(name: "BackpropNNTests", dependencies: ["Backprop", "BackpropNN"], resources: [.copy("Fixtures")]),
        .testTarget(name: "BackpropPlotsTests", dependencies: ["Backprop", "BackpropPlots", "BackpropNN"]),
        .executableTarget(name: "backprop-misuse-cases", dependencies: ["Backprop", "BackpropNN", "BackpropNotebooks"], path: "Tests/MisuseCases"),
        .testTarget(name: "BackpropMisuseTests", dependencies: ["backprop-misuse-cases", "BackpropNotebooks"]),
        .testTarget(name: "BackpropNotebooksTests", dependencies: ["Backprop", "BackpropNotebooks"]),
        // Runs the built `backprop` executable; depending on its target makes `swift test` build it first.
        .testTarget(name: "BackpropCLITests", dependencies: ["backprop", "Backprop"]),
    ],
    swiftLanguageModes: [.v6]
)
