// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Backprop",
    products: [
        .library(name: "Backprop", targets: ["Backprop"]),
        .library(name: "BackpropNN", targets: ["BackpropNN"]),
        .library(name: "BackpropNotebooks", targets: ["BackpropNotebooks"]),
        .executable(name: "backprop", targets: ["backprop"]),
    ],
    targets: [
        .target(name: "CBackpropKernels"),
        .target(name: "Backprop", dependencies: ["CBackpropKernels"]),
        .target(name: "BackpropNN", dependencies: ["Backprop"], resources: [.copy("Resources/digits.csv"), .copy("Resources/DIGITS-LICENSE.md")]),
        .target(name: "BackpropNotebooks", dependencies: ["Backprop"]),
        .executableTarget(name: "backprop", dependencies: ["Backprop", "BackpropNN", "BackpropNotebooks"]),
        .testTarget(name: "BackpropTests", dependencies: ["Backprop"], resources: [.copy("Fixtures")]),
        .testTarget(name: "BackpropNNTests", dependencies: ["Backprop", "BackpropNN"], resources: [.copy("Fixtures")]),
        .executableTarget(name: "backprop-misuse-cases", dependencies: ["Backprop", "BackpropNN", "BackpropNotebooks"], path: "Tests/MisuseCases"),
        .testTarget(name: "BackpropMisuseTests", dependencies: ["backprop-misuse-cases", "BackpropNotebooks"]),
        .testTarget(name: "BackpropNotebooksTests", dependencies: ["Backprop", "BackpropNotebooks"]),
        // Runs the built `backprop` executable; depending on its target makes `swift test` build it first.
        .testTarget(name: "BackpropCLITests", dependencies: ["backprop", "Backprop"]),
    ],
    swiftLanguageModes: [.v6]
)
