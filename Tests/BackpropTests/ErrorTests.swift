import Testing
@testable import Backprop

@Suite("Misuse is reported with the operation, the shapes or values, and the fix")
struct ErrorTests {
    @Test("broadcasting incompatible shapes names both shapes")
    func broadcastMismatch() {
        let error = raisedError { _ = Tensor<Double>.zeros([2, 3]) + .zeros([4]) }
        #expect(error?.kind == .shapeMismatch)
        #expect(error?.description.hasPrefix("add: cannot broadcast shapes [2, 3] and [4]") == true)
        #expect(error?.fix.contains("Reshape") == true)
    }

    @Test("matmul with different inner sizes names the sizes")
    func matmulMismatch() {
        let error = raisedError { _ = matmul(Tensor<Double>.zeros([2, 3]), .zeros([4, 2])) }
        #expect(error?.kind == .shapeMismatch)
        #expect(error?.description.contains("cannot multiply [2, 3] by [4, 2]: the inner sizes 3 and 4 differ") == true)
        let transposed = raisedError { _ = matmul(Tensor<Double>.zeros([2, 3]), .zeros([2, 4]), transposeA: false, transposeB: true) }
        #expect(transposed?.description.contains("[2, 4]ᵀ") == true)
    }

    @Test("an axis out of range names the axis and the shape")
    func badAxis() {
        let error = raisedError { _ = Tensor<Double>.zeros([2, 3]).sum(alongAxes: 3) }
        #expect(error?.kind == .invalidAxis)
        #expect(error?.description == "sum(alongAxes:): axis 3 is out of range for a tensor of shape [2, 3] (rank 2). Use axes in -2..<2, each once.")
        #expect(raisedError { _ = Tensor<Double>.zeros([2, 3]).permuted(0, 0) }?.kind == .invalidAxis)
        #expect(raisedError { _ = Tensor<Double>.zeros([2, 3]).squeezed(axes: [0]) }?.description.contains("axis 0 of shape [2, 3] has size 2") == true)
    }

    @Test("a reshape to a different element count names both")
    func badReshape() {
        let error = raisedError { _ = Tensor<Double>.zeros([2, 3]).reshaped(to: [4, 2]) }
        #expect(error?.kind == .invalidReshape)
        #expect(error?.description.contains("cannot reshape a tensor of shape [2, 3] (6 elements) to [4, 2]") == true)
        #expect(raisedError { _ = Tensor<Double>.zeros([2, 3]).reshaped(to: [-1, -1]) }?.description.contains("only one size may be -1") == true)
        #expect(raisedError { _ = Tensor<Double>([1, 2, 3], shape: [2, 2]) }?.kind == .invalidReshape)
    }

    @Test("backward of a non-scalar without a seed says how to seed it")
    func missingSeed() {
        let x = Tensor<Double>.ones([2, 2], requiresGrad: true)
        let error = raisedError { (x * 2).backward() }
        #expect(error?.kind == .missingSeed)
        #expect(error?.description.contains("the output has shape [2, 2] (4 elements)") == true)
        #expect(error?.fix.contains("backward(seed:) with a tensor of shape [2, 2]") == true)
    }

    @Test("a seed of the wrong shape names both shapes")
    func seedShapeMismatch() {
        let x = Tensor<Double>.ones([2, 2], requiresGrad: true)
        let error = raisedError { (x * 2).backward(seed: .ones([4])) }
        #expect(error?.kind == .seedShapeMismatch)
        #expect(error?.description == "backward(seed:): the seed has shape [4] but the output has shape [2, 2]. Pass a seed of shape [2, 2], the gradient of the final scalar with respect to this output.")
    }

    @Test("a second backward through a released tensor graph points to retainGraph")
    func secondBackward() {
        let x = Tensor<Double>.ones([3], requiresGrad: true)
        let y = exp(x).sum()
        y.backward()
        let error = raisedError { y.backward() }
        #expect(error?.kind == .graphReleased)
        #expect(error?.fix.contains("retainGraph: true") == true)
    }

    @Test("backward of a tensor that needs no gradient says what to mark")
    func noGradientRequired() {
        let error = raisedError { Tensor<Double>.ones([3]).sum().backward() }
        #expect(error?.kind == .noGradientRequired)
        #expect(error?.fix.contains("requiresGrad: true") == true)
    }

    @Test("only the first error of a scope is reported, and scopes nest")
    func firstErrorWins() {
        let error = raisedError {
            _ = Tensor<Double>.zeros([2]).reshaped(to: [3])
            _ = Tensor<Double>.zeros([2]) + .zeros([3])
        }
        #expect(error?.kind == .invalidReshape)
        let outer = raisedError {
            #expect(raisedError { _ = Tensor<Double>.zeros([2]) + .zeros([3]) }?.kind == .shapeMismatch)
        }
        #expect(outer == nil)
    }

    @Test("outside withErrorChecking a misuse stops the program with the same message")
    func misuseStopsTheProgram() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor<Double>.zeros([2, 3]) + .zeros([4])
        }
        let standardError = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(standardError.contains("add: cannot broadcast shapes [2, 3] and [4]"))
    }
}
