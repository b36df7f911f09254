import Backprop

/// What ``RNN``, ``GRU`` and ``LSTM`` share: `layerCount` layers of cells, one per direction,
/// run over a whole sequence as PyTorch's `nn.RNN`/`nn.GRU`/`nn.LSTM` run them, with their
/// layouts, state shapes and parameter names (`weight_ih_l0`, …, `bias_hh_l1_reverse`).
///
/// The gate math stays in the cells; each subclass gives the step that maps a cell, the input
/// at one time [N, I] and the states [N, H] (one for RNN and GRU, hidden and cell for LSTM) to
/// the next states, the first of which is the step's output.
public class RecurrentLayer<Cell: Parameterized>: Parameterized, CustomStringConvertible {
    /// The element type of the parameters.
    public typealias Element = Cell.Element
    /// The cells of each layer: the forward direction, then the reverse one when bidirectional.
    let cells: [[Cell]]
    /// The size of each input's features.
    public let inputSize: Int
    /// The size of each state.
    public let hiddenSize: Int
    /// Whether batched inputs and outputs are [N, L, features] rather than [L, N, features]
    /// (the states keep [layers·directions, N, H], as in PyTorch).
    public let batchFirst: Bool
    /// Whether each layer also reads the sequence backwards.
    public let bidirectional: Bool
    /// The layer's name in messages: `GRU(inputSize: 3, hiddenSize: 2, layerCount: 1)`.
    public let description: String

    /// The number of stacked layers (PyTorch's `num_layers`).
    public var layerCount: Int { cells.count }

    /// Cells made by `makeCell(inputSize, seed)`: the first layer reads `inputSize` features,
    /// the later ones the outputs of both directions of the layer below.
    /// `cellOption` (such as `nonlinearity: .relu`) is shown in the name after the sizes.
    init(kind: String, inputSize: Int, hiddenSize: Int, layerCount: Int, cellOption: String? = nil, batchFirst: Bool, bidirectional: Bool,
         seed: UInt64, makeCell: (Int, UInt64) -> Cell) {
        var options = "inputSize: \(inputSize), hiddenSize: \(hiddenSize), layerCount: \(layerCount)"
        if let cellOption { options += ", " + cellOption }
        if batchFirst { options += ", batchFirst: true" }
        if bidirectional { options += ", bidirectional: true" }
        let name = "\(kind)(\(options))"
        if layerCount < 1 {
            BackpropError(
                .invalidArgument, operation: name, problem: "the layer count \(layerCount) is not positive",
                fix: "Use one layer or more").raise()
        }
        let directions = bidirectional ? 2 : 1
        let layerInput = checkedProduct([directions, hiddenSize], operation: name) ?? 0
        cells = (0..<Swift.max(layerCount, 1)).map { layer in
            (0..<directions).map { direction in
                makeCell(layer == 0 ? inputSize : layerInput, seed &+ 4 &* UInt64(layer * directions + direction))
            }
        }
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.batchFirst = batchFirst
        self.bidirectional = bidirectional
        description = name
    }

    var directionCount: Int { bidirectional ? 2 : 1 }

    /// The output sequence and the final states of `input` — [L, N, I] ([N, L, I] when
    /// `batchFirst`) or one sequence [L, I] — from `initialStates` (each [layers·directions, N, H],
    /// or [layers·directions, H] for one sequence; zeros when nil), named `stateNames` in messages.
    func run(
        _ input: Tensor<Element>, initialStates: [Tensor<Element>]?, stateNames: [String],
        step: (Cell, Tensor<Element>, [Tensor<Element>]) -> [Tensor<Element>]
    ) -> (output: Tensor<Element>, finalStates: [Tensor<Element>]) {
        let stateCount = cells.count * directionCount
        guard fits(input) else { return (.zeros([0]), stateNames.map { _ in .zeros([stateCount, hiddenSize]) }) }
        let batched = input.rank == 3
        let sequence = batched ? (batchFirst ? input.permuted(1, 0, 2) : input) : input.unsqueezed(at: 1)
        let stateShape = [stateCount] + (batched ? [sequence.shape[1]] : []) + [hiddenSize]
        guard fits(initialStates, shape: stateShape, names: stateNames) else {
            return (.zeros([0]), stateNames.map { _ in .zeros(stateShape) })
        }
        let length = sequence.shape[0], n = sequence.shape[1]
        let starts = initialStates.map { states in
            states.map { (batched ? $0 : $0.unsqueezed(at: 1)).split(count: stateCount, alongAxis: 0).map { $0.squeezed(axes: [0]) } }
        }
        var steps = sequence.split(count: length, alongAxis: 0).map { $0.squeezed(axes: [0]) }
        var finals = [[Tensor<Element>]](repeating: [], count: stateNames.count)
        for (layer, directions) in cells.enumerated() {
            let outputs = directions.enumerated().map { direction, cell in
                var states = starts?.map { $0[layer * directionCount + direction] }
                    ?? stateNames.map { _ in Tensor<Element>.zeros([n, hiddenSize]) }
                var outputs = [Tensor<Element>](repeating: .zeros([0]), count: length)
                for time in direction == 0 ? Array(0..<length) : Array((0..<length).reversed()) {
                    states = step(cell, steps[time], states)
                    outputs[time] = states[0]
                }
                for kind in finals.indices { finals[kind].append(states[kind]) }
                return outputs
            }
            steps = (0..<length).map { time in
                outputs.count == 1 ? outputs[0][time] : .concatenated(outputs.map { $0[time] }, alongAxis: 1)
            }
        }
        let output = Tensor.stacked(steps, alongAxis: 0)
        let finalStates = finals.map { Tensor.stacked($0, alongAxis: 0) }
        if !batched { return (output.squeezed(axes: [1]), finalStates.map { $0.squeezed(axes: [1]) }) }
        return (batchFirst ? output.permuted(1, 0, 2) : output, finalStates)
    }

    /// ``run(_:initialStates:stateNames:step:)`` for the layers whose one state is the hidden one.
    func run(
        _ input: Tensor<Element>, hidden: Tensor<Element>?, step: (Cell, Tensor<Element>, Tensor<Element>) -> Tensor<Element>
    ) -> (output: Tensor<Element>, hidden: Tensor<Element>) {
        let (output, states) = run(input, initialStates: hidden.map { [$0] }, stateNames: ["hidden"]) { [step($0, $1, $2[0])] }
        return (output, states[0])
    }

    /// Whether `input` is a non-empty sequence of `inputSize` features in one of the layouts,
    /// raising an error when not.
    private func fits(_ input: Tensor<Element>) -> Bool {
        let layout = batchFirst ? "[batch, length, \(inputSize)]" : "[length, batch, \(inputSize)]"
        guard input.rank == 2 || input.rank == 3, input.shape.last == inputSize else {
            BackpropError(
                .shapeMismatch, operation: description,
                problem: "the input has shape \(input.shape); the layer takes \(layout) or one sequence [length, \(inputSize)]",
                fix: input.rank == 2 || input.rank == 3
                    ? "Pass inputs of \(inputSize) features along the last axis, or build the layer with inputSize: \(input.shape.last ?? 0)"
                    : "Reshape the input to \(layout)").raise()
            return false
        }
        let lengthAxis = input.rank == 3 && batchFirst ? 1 : 0
        guard input.shape[lengthAxis] > 0 else {
            BackpropError(
                .invalidArgument, operation: description,
                problem: "the input of shape \(input.shape) is a sequence of length 0 (axis \(lengthAxis)), as PyTorch refuses it too",
                fix: "Pass at least one time step").raise()
            return false
        }
        return true
    }

    /// Whether each initial state has `shape`, raising an error naming it when not.
    private func fits(_ states: [Tensor<Element>]?, shape: [Int], names: [String]) -> Bool {
        for (state, stateName) in zip(states ?? [], names) where state.shape != shape {
            BackpropError(
                .shapeMismatch, operation: description,
                problem: "the initial state \(stateName) has shape \(state.shape) but this input needs \(shape) (layers × directions, batch, hidden size)",
                fix: "Pass \(stateName) of shape \(shape), as PyTorch's, or nil for zeros").raise()
            return false
        }
        return true
    }

    /// `weight_ih_l0`, `weight_hh_l0`, `bias_ih_l0`, `bias_hh_l0`, then the reverse direction
    /// (`…_l0_reverse`) and the next layers, in PyTorch's order.
    public func visitParameters(_ body: (String, inout Tensor<Element>) -> Void) {
        for (layer, directions) in cells.enumerated() {
            for (direction, cell) in directions.enumerated() {
                let suffix = "_l\(layer)" + (direction == 1 ? "_reverse" : "")
                cell.visitParameters { name, parameter in body(name + suffix, &parameter) }
            }
        }
    }
}
