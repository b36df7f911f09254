import Foundation
import Backprop

/// The tape's gradient of a program's result with respect to each input element, beside the
/// estimate from central finite differences (nil where no estimate is trustworthy).
struct GradientComparison {
    var tape: [[Double]]
    var numeric: [[Double?]]

    /// Whether a tape gradient and its estimate differ by more than `tolerance` relative to
    /// max(1, |estimate|) — the rule of `close` in the tests, so that printed reproductions fail
    /// exactly when the check does.
    static func disagree(_ tape: Double, _ numeric: Double) -> Bool {
        !(Swift.abs(tape - numeric) <= RandomProgram.tolerance * Swift.max(1, Swift.abs(numeric)))
    }

    /// How many input elements have no trustworthy estimate.
    var unestimatedCount: Int { numeric.joined().filter { $0 == nil }.count }

    /// The (input, element) positions where the tape and the estimate disagree.
    var mismatches: [(input: Int, element: Int)] {
        tape.indices.flatMap { input in
            tape[input].indices.compactMap { element in
                numeric[input][element].map { Self.disagree(tape[input][element], $0) } == true ? (input, element) : nil
            }
        }
    }
}

/// What checking one program found.
enum GradientCheckOutcome {
    /// The program does not type-check, computes a value that is not finite or larger than
    /// ``RandomProgram/magnitudeLimit``, or sits within ``RandomProgram/minimumMargin`` of a kink
    /// or of the edge of a domain: finite differences cannot judge it.
    case unusable
    case compared(GradientComparison)
    /// The engine rejected on the tape a program it ran on constants.
    case rejectedOnTape(String)

    var isFailure: Bool {
        switch self {
        case .unusable: false
        case .compared(let comparison): !comparison.mismatches.isEmpty
        case .rejectedOnTape: true
        }
    }
}

extension RandomProgram {
    /// How far every kink and domain edge must be from the values a program computes.
    static let minimumMargin = 1e-3
    /// The largest magnitude a value may reach, so that rounding stays small beside the tolerance.
    static let magnitudeLimit = 1e5
    /// The first finite-difference step, and the smallest, below which rounding would dominate.
    static let step = 1e-3, smallestStep = 2e-5
    /// The largest disagreement allowed, relative to max(1, |estimate|).
    static let tolerance = 1e-6

    /// The result and the kinks of the program on constant inputs holding `point` (one array per
    /// input), or nil when the engine rejects an instruction or a value is not finite or exceeds
    /// ``magnitudeLimit``.
    func evaluation(at point: [[Double]]) -> (result: Double, kinks: KinkSides)? {
        let inputNumbers = Dictionary(uniqueKeysWithValues: inputPositions.enumerated().map { ($1, $0) })
        return withoutRecording {
            try? withErrorChecking { () -> (Double, KinkSides)? in
                let values = self.values { position, type, _ in ProgramValue(type, scalars: point[inputNumbers[position]!], requiresGrad: false) }
                guard values.allSatisfy({ $0.scalars.allSatisfy { $0.isFinite && Swift.abs($0) <= Self.magnitudeLimit } }) else { return nil }
                var kinks = KinkSides()
                for step in steps {
                    if case .operation(let operation) = step { kinks.append(operation.kinks(values)) }
                }
                return (values[values.count - 1].scalars[0], kinks)
            }
        }
    }

    /// Runs the program on new leaves holding its inputs, runs backward from its result, and
    /// returns the leaves.
    private func backwardFromFreshLeaves(createGraph: Bool) -> [ProgramValue] {
        var leaves = [ProgramValue]()
        let values = self.values { _, type, scalars in
            let leaf = ProgramValue(type, scalars: scalars, requiresGrad: true)
            leaves.append(leaf)
            return leaf
        }
        switch values[values.count - 1] {
        case .tensor(let result): result.backward(createGraph: createGraph)
        case .scalar(let result): result.backward(createGraph: createGraph)
        }
        return leaves
    }

    /// The gradient of the result with respect to each input, by one backward sweep.
    func tapeGradients() throws -> [[Double]] {
        try withErrorChecking {
            backwardFromFreshLeaves(createGraph: false).map(\.gradient)
        }
    }

    /// The derivative of the result with respect to each input element by finite differences,
    /// or nil where no estimate is trustworthy (`kinks` are those at the point itself).
    func finiteDifferenceGradients(kinks: KinkSides) -> [[Double?]] {
        finiteDifferences(kinks: kinks) { point in evaluation(at: point)?.result }
    }

    /// The derivative of `value` with respect to each input element by finite differences, nil
    /// where no estimate is trustworthy: where `value` is nil or a step changed the side of a kink.
    private func finiteDifferences(kinks: KinkSides, of value: ([[Double]]) -> Double?) -> [[Double?]] {
        let point = inputScalars
        return point.indices.map { input in
            point[input].indices.map { element in
                derivative(of: value, at: point, input: input, element: element, kinks: kinks)
            }
        }
    }

    /// The fourth-order central difference (f(x−2h) − 8f(x−h) + 8f(x+h) − f(x+2h)) / 12h, with h
    /// halved until two successive estimates agree to a tenth of the tolerance (near a pole the
    /// first steps are too coarse); nil when they never do, or when a step crossed a kink.
    private func derivative(
        of value: ([[Double]]) -> Double?, at point: [[Double]], input: Int, element: Int, kinks: KinkSides
    ) -> Double? {
        func centralDifference(_ h: Double) -> Double? {
            var results = [Double]()
            for offset in [-2.0, -1, 1, 2] {
                var shifted = point
                shifted[input][element] += offset * h
                guard evaluation(at: shifted)?.kinks.signature == kinks.signature, let result = value(shifted) else { return nil }
                results.append(result)
            }
            return (results[0] - 8 * results[1] + 8 * results[2] - results[3]) / (12 * h)
        }
        var h = Self.step
        guard var coarse = centralDifference(h) else { return nil }
        while h > Self.smallestStep {
            h /= 2
            guard let fine = centralDifference(h) else { return nil }
            if Swift.abs(fine - coarse) <= Self.tolerance / 10 * Swift.max(1, Swift.abs(fine)) { return fine }
            coarse = fine
        }
        return nil
    }

    /// A fixed direction u for second derivatives, one number per input element.
    var secondOrderDirection: [[Double]] {
        var k = 0.0
        return inputScalars.map { scalars in
            scalars.map { _ in
                k += 1
                return Foundation.cos(0.9 * k + 0.3)
            }
        }
    }

    /// H·u by reverse over reverse: the backward sweep recorded (`createGraph`), u·∇f formed from
    /// the recorded gradients, and that differentiated by a second sweep.
    func tapeHessianVectorProduct() throws -> [[Double]] {
        let direction = secondOrderDirection
        return try withErrorChecking {
            let leaves = backwardFromFreshLeaves(createGraph: true)
            let slope = zip(leaves, direction).compactMap { leaf, u in leaf.recordedGradient.map { ($0 * Tensor(u, shape: $0.shape)).sum() } }
                .reduce(Tensor<Double>(0), +)
            // A slope that depends on no leaf (f is linear, or its gradient is constant) has H·u = 0.
            guard slope.requiresGrad else { return leaves.map { Array(repeating: 0, count: $0.gradient.count) } }
            for leaf in leaves { leaf.zeroGradient() }
            slope.backward()
            return leaves.map(\.gradient)
        }
    }

    /// u·∇f at `point` by one ordinary backward sweep; nil when the engine rejects the program there.
    private func directionalSlope(at point: [[Double]]) -> Double? {
        let direction = secondOrderDirection
        let inputNumbers = Dictionary(uniqueKeysWithValues: inputPositions.enumerated().map { ($1, $0) })
        return try? withErrorChecking { () -> Double in
            var leaves = [ProgramValue]()
            let values = self.values { position, type, _ in
                let leaf = ProgramValue(type, scalars: point[inputNumbers[position]!], requiresGrad: true)
                leaves.append(leaf)
                return leaf
            }
            switch values[values.count - 1] {
            case .tensor(let result): result.backward()
            case .scalar(let result): result.backward()
            }
            return zip(leaves, direction).reduce(0) { total, pair in
                zip(pair.0.gradient, pair.1).reduce(total) { $0 + $1.0 * $1.1 }
            }
        }
    }

    /// The tape's gradients against finite differences.
    ///
    /// With `secondOrder`, H·u from reverse over reverse against the finite differences of the
    /// tape's own u·∇f (see ``tapeHessianVectorProduct()``).
    func checkGradients(secondOrder: Bool = false) -> GradientCheckOutcome {
        guard types != nil, let base = evaluation(at: inputScalars), base.kinks.margin >= Self.minimumMargin else { return .unusable }
        do {
            guard secondOrder else {
                return .compared(GradientComparison(tape: try tapeGradients(), numeric: finiteDifferenceGradients(kinks: base.kinks)))
            }
            let tape = try tapeHessianVectorProduct()
            return .compared(GradientComparison(tape: tape, numeric: finiteDifferences(kinks: base.kinks, of: directionalSlope)))
        } catch {
            return .rejectedOnTape("\(error)")
        }
    }
}
