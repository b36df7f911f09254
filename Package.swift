// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Backprop",
    products: [
        .library(name: "Backprop", targets: ["Backprop"]),
        .library(name: "BackpropNN", targets: ["BackpropNN"]),
        .executable(name: "backprop", targets: ["backprop"]),
    ],
    targets: [
        .target(name: "CBackpropKernels"),
        .target(name: "Backprop", dependencies: ["CBackpropKernels"]),
        .target(name: "BackpropNN", dependencies: ["Backprop"]),
        .executableTarget(name: "backprop", dependencies: ["Backprop", "BackpropNN"]),
        .testTarget(name: "BackpropTests", dependencies: ["Backprop"]),
        .testTarget(name: "BackpropNNTests", dependencies: ["Backprop", "BackpropNN"]),
    ],
    swiftLanguageModes: [.v6]
)
