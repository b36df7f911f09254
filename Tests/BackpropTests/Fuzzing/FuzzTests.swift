import Foundation
import Testing
import Backprop
@testable import BackpropExpressions

/// Seeded mutation fuzzing of the readers of untrusted input: tensor files and the expression
/// language. Each test feeds its target tens of thousands of mutations of valid inputs — written
/// by the library's own writers, plus the committed fixtures from NumPy and the reference
/// safetensors writer — and fails on a crash, a hang, a slow input or a broken promise. In a
/// debug build the three take about 5 seconds of CPU time.
///
/// `BACKPROP_FUZZ_COUNT` and `BACKPROP_FUZZ_SEED` run more inputs or others (see ``FuzzCampaign``):
///
/// ```
/// BACKPROP_FUZZ_COUNT=100000 swift test -c release --skip-build --filter FuzzTests
/// ```
///
/// For runs of hours, guided by coverage, use the libFuzzer targets: `.ci/fuzz/run safetensors 3600`.
@Suite("Fuzzing: mutated files and expressions are read or rejected with an error, never a crash or a hang")
struct FuzzTests {
    @Test("mutated safetensors files are read, or rejected with a TensorFileError that names the data")
    func safetensorsReader() throws {
        let written = try [
            SafetensorsFile.serialized(["fc1.weight": Tensor<Float>([1, 2, 3, 4, 5, 6], shape: [3, 2]), "fc1.bias": Tensor<Float>([0.5, -0.5, 0])],
                                       metadata: ["format": "pt"]),
            SafetensorsFile.serialized(["scalar": Tensor<Double>(3.5), "empty": Tensor<Double>.zeros([0, 4]), "special": specialDoubles()]),
            SafetensorsFile.serialized(["θ": specialFloats(), "a \"quoted\"\\name\n": Tensor<Float>([1])], metadata: ["é": "\u{1}", "": "x"]),
            SafetensorsFile.serialized([String: Tensor<Float>]()),
        ]
        let fixtures = try ["python_float32.safetensors", "python_float64.safetensors", "python_mixed.safetensors"].map {
            try Data(contentsOf: fixtureURL($0))
        }
        FuzzCampaign(target: "the safetensors reader", corpus: (written + fixtures).map { [UInt8]($0) }, tokens: MutationTokens.json, ciCount: 50_000)
            .run(fuzzSafetensorsReader)
    }

    @Test("mutated .npy files are read, or rejected with a TensorFileError that names the data")
    func npyReader() throws {
        let written = try [
            NpyFile.serialized(Tensor<Float>([1, 2, 3, 4, 5, 6], shape: [2, 3])),
            NpyFile.serialized(Tensor<Double>(3.5)),
            NpyFile.serialized(Tensor<Float>.zeros([0])),
            NpyFile.serialized(specialDoubles().reshaped(to: [1, 2, 5])),
        ]
        let fixtures = try ["python_b1.npy", "python_f2.npy", "python_f4_big_endian.npy", "python_fortran_f8.npy", "python_i4.npy",
                            "python_u1.npy", "python_version2_f4.npy", "python_version3_f4.npy"].map { try Data(contentsOf: fixtureURL($0)) }
        FuzzCampaign(target: "the .npy reader", corpus: (written + fixtures).map { [UInt8]($0) }, tokens: MutationTokens.pythonLiteral, ciCount: 50_000)
            .run(fuzzNpyReader)
    }

    @Test("mutated expressions parse, evaluate and explain, or throw an ExpressionError at a column of the text")
    func expressionParser() {
        let expressions = [
            "tanh(x*w + b)", "x^3 - 2*x", "sigmoid(a)^2 - log(a)", "-x^2 + 2^3^2", "pow(x, y) / max(x, 1e-3)",
            "relu(x·w − b) × (1 - -x) ÷ 2", "sqrt(abs(sin(x) + cos(y)))", "exp(-(x - 0.5)^2 / 2) / 2.5066",
            "min(θ, w_1) + .5 * tan(z)", "(((a)))*((b + c)/(d - e))", "2.^-y + 6.02E23", "x",
        ]
        FuzzCampaign(target: "the expression parser", corpus: expressions.map { Array($0.utf8) }, tokens: MutationTokens.expression,
                     ciCount: 20_000, maximumLength: 4096)
            .run(fuzzExpressionParser)
    }
}
