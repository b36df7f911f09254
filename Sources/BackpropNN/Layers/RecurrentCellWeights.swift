import Backprop

/// The four parameters of a PyTorch recurrent cell, for `gateCount` gates stacked along the
/// rows: `weight_ih` [gates·H, I], `weight_hh` [gates·H, H], `bias_ih` and `bias_hh` [gates·H],
/// all uniform in ±1/√H as PyTorch initialises them.
struct RecurrentCellWeights<Element: TensorElement> {
    var inputWeight: Tensor<Element>
    var hiddenWeight: Tensor<Element>
    var inputBias: Tensor<Element>
    var hiddenBias: Tensor<Element>
    let inputSize: Int
    let hiddenSize: Int
    /// The cell's name in messages: `GRUCell(3 → 2)`.
    let cellName: String

    init(cell: String, inputSize: Int, hiddenSize: Int, gateCount: Int, seed: UInt64) {
        cellName = "\(cell)(\(inputSize) → \(hiddenSize))"
        let rows = checkedProduct([gateCount, hiddenSize], operation: cellName) ?? 0, bound = 1 / Element(Swift.max(hiddenSize, 1)).squareRoot()
        func draw(_ shape: [Int], _ offset: UInt64) -> Tensor<Element> {
            .randomUniform(shape: shape, in: -bound...bound, seed: seed &+ offset, requiresGrad: true)
        }
        inputWeight = draw([rows, inputSize], 0)
        hiddenWeight = draw([rows, hiddenSize], 1)
        inputBias = draw([rows], 2)
        hiddenBias = draw([rows], 3)
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
    }

    /// x·W_ihᵀ + b_ih and h·W_hhᵀ + b_hh for a batch x [N, I] and state h [N, H].
    func gates(input x: Tensor<Element>, hidden h: Tensor<Element>) -> (input: Tensor<Element>, hidden: Tensor<Element>) {
        (matmul(x, inputWeight, transposeA: false, transposeB: true) + inputBias,
         matmul(h, hiddenWeight, transposeA: false, transposeB: true) + hiddenBias)
    }

    /// `step` applied to x [N, I] and the states [N, H] (zeros where nil) once their shapes are
    /// checked; one example [I] with states [H] gets a batch axis for the step and loses it after.
    func batched(
        _ input: Tensor<Element>, states: [Tensor<Element>?], _ step: (Tensor<Element>, [Tensor<Element>]) -> [Tensor<Element>]
    ) -> [Tensor<Element>] {
        let zeros = Tensor<Element>.zeros(Array(input.shape.dropLast()) + [hiddenSize])
        let given = states.map { $0 ?? zeros }
        guard fits(input, states: given) else { return given }
        guard input.rank == 1 else { return step(input, given) }
        return step(input.unsqueezed(at: 0), given.map { $0.unsqueezed(at: 0) }).map { $0.squeezed(axes: [0]) }
    }

    /// Whether `input` is [N, I] or [I] and each state is [N, H] or [H] alike, raising an error
    /// when not.
    func fits(_ input: Tensor<Element>, states: [Tensor<Element>]) -> Bool {
        let batch = input.rank == 2 ? [input.shape[0]] : []
        guard (input.rank == 1 || input.rank == 2), input.shape.last == inputSize,
              states.allSatisfy({ $0.shape == batch + [hiddenSize] }) else {
            BackpropError(
                .shapeMismatch, operation: cellName,
                problem: "the input has shape \(input.shape) and the state \(states.map(\.shape)); the cell takes [batch, \(inputSize)] with states [batch, \(hiddenSize)], or [\(inputSize)] with [\(hiddenSize)]",
                fix: "Pass inputs of \(inputSize) features and states of \(hiddenSize), with the same batch size").raise()
            return false
        }
        return true
    }

    /// Visits the parameters under PyTorch's names.
    mutating func visit(_ body: (String, inout Tensor<Element>) -> Void) {
        body("weight_ih", &inputWeight)
        body("weight_hh", &hiddenWeight)
        body("bias_ih", &inputBias)
        body("bias_hh", &hiddenBias)
    }
}
