import Testing
@testable import Backprop

@Suite("Sizes from users are checked before anything is allocated")
struct SizeCheckTests {
    @Test("a shape whose byte count overflows is an error naming the operation and the shape")
    func overflowingShape() {
        let error = raisedError { _ = Tensor<Float>.zeros([Int.max, 2]) }
        #expect(error?.kind == .tooLarge)
        #expect(error?.description.hasPrefix("zeros(_:): shape [9223372036854775807, 2] is too large") == true)
        #expect(raisedError { _ = Tensor<Double>.ones([1 << 32, 1 << 32]) }?.kind == .tooLarge)
        // A size of zero does not excuse the others: their strides would still overflow.
        #expect(raisedError { _ = Tensor<Float>.zeros([0, Int.max]) }?.kind == .tooLarge)
        #expect(raisedError { _ = Tensor<Float>([1, 2], shape: [Int.max, 2]) }?.description.contains("a size that overflows") == true)
    }

    @Test("a shape that fits in Int but not in memory is an error naming the bytes needed and available")
    func allocationBeyondMemory() {
        let error = raisedError { _ = Tensor<Float>.zeros([1 << 40]) }
        #expect(error?.kind == .tooLarge)
        #expect(error?.description.contains("a tensor of shape [1099511627776] needs 4.0 TiB, more than this machine's") == true)
        #expect(raisedError { _ = Tensor<Float>.zeros([1 << 20, 1]) + Tensor<Float>.zeros([1, 1 << 20]) }?.description.hasPrefix("add: a tensor of shape [1048576, 1048576]") == true)
        #expect(raisedError { _ = matmul(Tensor<Float>.zeros([1 << 20, 1]), .zeros([1, 1 << 20])) }?.operation == "matmul")
    }

    @Test("sizes at the limit of memory still work when they are small enough")
    func ordinaryShapesStillWork() {
        #expect(raisedError { _ = Tensor<Float>.zeros([0, 1 << 40]) } == nil)
        #expect(Tensor<Double>.zeros([0, 1 << 40]).count == 0)
        #expect(Tensor<Float>.zeros([1 << 20]).count == 1 << 20)
    }

    @Test("the placeholder of a misused operation never allocates the impossible size")
    func placeholdersStaySmall() throws {
        var placeholder: Tensor<Float>?
        #expect(throws: BackpropError.self) {
            try withErrorChecking { placeholder = Tensor<Float>.zeros([2, 3]).reshaped(to: [1 << 40]) }
        }
        #expect(placeholder?.count == 0)
        #expect(throws: BackpropError.self) {
            try withErrorChecking { placeholder = Tensor<Float>.zeros([5]).broadcasted(to: [1 << 40, 5]) }
        }
        #expect(placeholder?.shape == [0, 0])
        // A placeholder of a possible shape keeps it, so that code after the misuse runs on.
        #expect(throws: BackpropError.self) {
            try withErrorChecking { placeholder = Tensor<Float>.zeros([2, 3]).reshaped(to: [4, 5]) }
        }
        #expect(placeholder?.shape == [4, 5])
    }

    @Test("reshape sizes that overflow are a reshape error, with or without an inferred size")
    func overflowingReshape() {
        let x = Tensor<Float>.zeros([2, 3])
        for shape in [[Int.max, 2], [-1, Int.max, 4], [1 << 40], [Int.max, Int.max, 0]] {
            let error = raisedError { _ = x.reshaped(to: shape) }
            #expect(error?.kind == .invalidReshape, "\(shape)")
            #expect(error?.description.contains("to \(Shape.describe(shape))") == true)
        }
        #expect(x.reshaped(to: [-1, 2]).shape == [3, 2])
    }

    @Test("padding by amounts whose sum overflows names the axis; padding to more than memory names the bytes")
    func overflowingPadding() {
        let error = raisedError { _ = Tensor<Float>.zeros([2]).padded([(Int.max, 1)]) }
        #expect(error?.description.contains("padding axis 0 of shape [2] by (before: 9223372036854775807, after: 1)") == true)
        #expect(raisedError { _ = Tensor<Float>.zeros([2]).padded([(1 << 40, 0)]) }?.kind == .tooLarge)
    }

    @Test("arange with more elements than a tensor can hold is an error, not a trap converting to Int")
    func hugeArange() {
        #expect(raisedError { _ = Tensor<Float>.arange(0, 1e30) }?.description.contains("more than a tensor can hold") == true)
        #expect(raisedError { _ = Tensor<Double>.arange(-.greatestFiniteMagnitude, .greatestFiniteMagnitude) }?.kind == .tooLarge)
        #expect(raisedError { _ = Tensor<Double>.arange(0, 0x1p40) }?.kind == .tooLarge)
        #expect(Tensor<Double>.arange(0, 1, step: 0.25).scalars == [0, 0.25, 0.5, 0.75])
    }

    @Test("concatenated sizes that add beyond Int.max are an error")
    func overflowingConcatenation() {
        let wide = Tensor<Float>.zeros([0, Int.max / 8])
        let error = raisedError { _ = Tensor.concatenated(Array(repeating: wide, count: 9), alongAxis: 1) }
        #expect(error?.kind == .tooLarge)
        #expect(error?.operation == "concatenated(_:alongAxis:)")
    }

    @Test("byte counts print in binary units")
    func byteDescriptions() {
        #expect(Shape.describeBytes(512) == "512 bytes")
        #expect(Shape.describeBytes(1536) == "1.5 KiB")
        #expect(Shape.describeBytes(1 << 42) == "4.0 TiB")
        #expect(Shape.describeBytes(Int.max) == "8.0 EiB")
    }
}
