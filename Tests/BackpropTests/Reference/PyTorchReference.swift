import Foundation
import Backprop

/// The fixture `Fixtures/pytorch_reference.json`, written by `Fixtures/make_pytorch_reference.py`:
/// functions evaluated and differentiated by PyTorch in float64.
struct PyTorchReference: Decodable {
    struct About: Decodable {
        var torch: String
        var functionCount: Int
        var families: [String]
    }

    /// A float64 array as PyTorch computed it; the numbers are stored as the shortest decimal
    /// strings that read back as the same doubles.
    struct StoredTensor: Decodable {
        var shape: [Int]
        var values: [Double]

        enum CodingKeys: String, CodingKey { case shape, values }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            shape = try container.decode([Int].self, forKey: .shape)
            values = try container.decode([String].self, forKey: .values).map { text in
                guard let value = Double(text) else {
                    throw DecodingError.dataCorruptedError(forKey: .values, in: container, debugDescription: "\(text) is not a number")
                }
                return value
            }
        }

        var tensor: Tensor<Double> { Tensor(values, shape: shape) }
    }

    /// One function: its inputs, its output, a cotangent u of the output's shape, the gradients
    /// of L = Σ u ⊙ f with respect to each input and, where small enough, each input's Jacobian
    /// of f and Hessian of L (`hessian` over all inputs for functions of Variables).
    struct Function: Decodable {
        var name: String
        var family: String
        var kind: String
        var inputs: [StoredTensor]
        var output: StoredTensor
        var cotangent: StoredTensor
        var gradients: [StoredTensor]
        var jacobians: [StoredTensor?]?
        var hessians: [StoredTensor?]?
        var hessian: StoredTensor?
    }

    var about: About
    var functions: [Function]

    static func load() throws -> PyTorchReference {
        try JSONDecoder().decode(PyTorchReference.self, from: Data(contentsOf: fixtureURL("pytorch_reference.json")))
    }
}
