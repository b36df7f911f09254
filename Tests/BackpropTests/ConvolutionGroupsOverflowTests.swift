import Testing
@testable import Backprop

/// `groups` is a caller's number: a huge one must give an error, never an overflow trap while
/// the shapes are checked.
@Suite("Convolutions with a huge groups count report an error")
struct ConvolutionGroupsOverflowTests {
    @Test("convTranspose2d with groups near Int.max is an error, not an overflow")
    func transposedConvolutionWithHugeGroups() {
        let error = raisedError {
            _ = convTranspose2d(Tensor<Double>.zeros([1, 3, 4, 4]), Tensor<Double>.zeros([3, 2, 3, 3]), groups: Int.max)
        }
        #expect(error?.operation == "convTranspose2d", "\(String(describing: error))")
    }

    @Test("conv2d of images without channels and groups near Int.max is an error, not an overflow")
    func convolutionWithoutChannelsAndHugeGroups() {
        let error = raisedError {
            _ = conv2d(Tensor<Double>.zeros([1, 0, 4, 4]), Tensor<Double>.zeros([0, 2, 3, 3]), groups: Int.max)
        }
        #expect(error?.operation == "conv2d" && error?.problem.contains("C/groups") == true, "\(String(describing: error))")
    }
}
