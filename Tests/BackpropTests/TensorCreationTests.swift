import Foundation
import Testing
@testable import Backprop

@Suite("Creating and printing tensors")
struct TensorCreationTests {
    @Test("zeros, ones, filled, arange and linspace")
    func constructors() {
        #expect(Tensor<Double>.zeros([2, 3]).scalars == Array(repeating: 0, count: 6))
        #expect(Tensor<Float>.ones([2]).scalars == [1, 1])
        #expect(Tensor<Double>.filled(with: 7, shape: [1, 2]).shape == [1, 2])
        #expect(Tensor<Double>.arange(5).scalars == [0, 1, 2, 3, 4])
        #expect(Tensor<Double>.arange(1, 2, step: 0.25).scalars == [1, 1.25, 1.5, 1.75])
        #expect(Tensor<Double>.arange(3, 0, step: -1).scalars == [3, 2, 1])
        #expect(Tensor<Double>.linspace(from: 0, through: 1, count: 5).scalars == [0, 0.25, 0.5, 0.75, 1])
        #expect(Tensor<Double>(3.5).shape == [] && Tensor<Double>(3.5).scalar == 3.5)
        #expect(Tensor<Double>.ones([3], requiresGrad: true).isLeaf)
    }

    @Test("xoshiro256** produces its reference sequence")
    func generatorReferenceSequence() {
        var generator = SeededRandomNumberGenerator(state: (1, 2, 3, 4))
        let expected: [UInt64] = [11520, 0, 1509978240, 1215971899390074240, 1216172134540287360, 607988272756665600]
        #expect((0..<6).map { _ in generator.next() } == expected)
    }

    @Test("the same seed gives the same numbers; different seeds differ")
    func seededRandomTensors() {
        let a = Tensor<Double>.randomNormal(shape: [100], seed: 42)
        #expect(a.scalars == Tensor<Double>.randomNormal(shape: [100], seed: 42).scalars)
        #expect(a.scalars != Tensor<Double>.randomNormal(shape: [100], seed: 43).scalars)
        let u = Tensor<Float>.randomUniform(shape: [1000], in: -2...3, seed: 7).scalars
        #expect(u.allSatisfy { (-2...3).contains($0) })
    }

    @Test("normal samples have mean 0 and standard deviation 1")
    func normalMoments() {
        let samples = Tensor<Double>.randomNormal(shape: [200_000], seed: 3).scalars
        let mean = samples.reduce(0, +) / Double(samples.count)
        let variance = samples.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(samples.count)
        #expect(Swift.abs(mean) < 0.01 && Swift.abs(variance.squareRoot() - 1) < 0.01)
    }

    @Test("the portable logarithm agrees with the platform's to the last bits")
    func portableLogarithm() {
        var generator = SeededRandomNumberGenerator(seed: 9)
        for _ in 0..<10_000 {
            let x = Foundation.exp(60 * generator.nextUniform() - 30)
            #expect(Swift.abs(portableLog(x) - Foundation.log(x)) <= 4 * Foundation.log(x).ulp.magnitude + 1e-300)
        }
    }

    @Test("printing follows NumPy: aligned columns, nested brackets, elision")
    func printing() {
        #expect(Tensor<Double>([1, 2.5, 3, 4.25], shape: [2, 2]).description == "[[1.   2.5 ]\n [3.   4.25]]")
        #expect(Tensor<Double>([1, 2, 3, 4, 5, 6], shape: [2, 3]).description == "[[1. 2. 3.]\n [4. 5. 6.]]")
        #expect(Tensor<Float>([0.1, 0.25, 1.5]).description == "[0.1  0.25 1.5 ]")
        // Floats print as their shortest decimal, not as their binary value widened to Double.
        #expect(Tensor<Float>([0.825, -0.325, 1.9]).description == "[ 0.825 -0.325  1.9  ]")
        #expect(Tensor<Double>(-3.5).description == "-3.5")
        #expect(Tensor<Double>.arange(8).reshaped(to: [2, 2, 2]).description == "[[[0. 1.]\n  [2. 3.]]\n\n [[4. 5.]\n  [6. 7.]]]")
        #expect(Tensor<Double>.arange(2000).description == "[   0.    1.    2. ... 1997. 1998. 1999.]")
        #expect(Tensor<Double>([1e-6, 2, 3e10]).description == "[1.0e-06 2.0e+00 3.0e+10]")
        #expect(Tensor<Double>([.nan, 1, -.infinity]).description == "[ nan   1. -inf]")
        #expect(Tensor<Float>.ones([2], requiresGrad: true).debugDescription == "Tensor<Float>(shape: [2], requiresGrad: true)\n[1. 1.]")
    }
}
