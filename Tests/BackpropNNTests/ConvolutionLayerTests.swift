import Backprop
import BackpropNN
import Testing

@Suite("Convolution layers: grouped Conv2D, Conv1D and ConvTranspose2D, as PyTorch's modules")
struct ConvolutionLayerTests {
    @Test("a grouped Conv2D holds PyTorch's [out, in/groups, k, k] weight, initialised in ±1/√(in/groups·k²), and applies conv2d with its groups")
    func groupedConv2D() {
        let layer = Conv2D<Double>(inputChannels: 4, outputChannels: 8, kernelSize: 3, stride: 2, padding: 1, groups: 2, seed: 1)
        #expect(layer.namedParameters.map(\.name) == ["weight", "bias"])
        #expect(layer.weight.shape == [8, 2, 3, 3])
        let bound = 1 / (2.0 * 9).squareRoot()
        #expect(layer.weight.scalars.allSatisfy { Swift.abs($0) <= bound } && layer.bias.scalars.allSatisfy { Swift.abs($0) <= bound })
        #expect(layer.weight.scalars.contains { Swift.abs($0) > bound / 2 })   // the bound is the scale, not a loose limit
        let x = Tensor<Double>.randomNormal(shape: [2, 4, 7, 7], seed: 2)
        let y = layer(x)
        #expect(y.shape == [2, 8, 4, 4])
        #expect(y.scalars == conv2d(x, layer.weight, bias: layer.bias, stride: 2, padding: 1, groups: 2).scalars)
        #expect(layer.description == "Conv2D(4 → 8, 3×3, stride 2, padding 1, groups 2)")
    }

    @Test("a Conv2D with a padding mode pads the images in that mode, then convolves without padding")
    func paddingMode() {
        let layer = Conv2D<Double>(inputChannels: 2, outputChannels: 3, kernelSize: 3, padding: 1, paddingMode: .reflect, seed: 3)
        let x = Tensor<Double>.randomNormal(shape: [2, 2, 5, 4], seed: 4)
        let expected = conv2d(x.padded([(0, 0), (0, 0), (1, 1), (1, 1)], mode: .reflect), layer.weight, bias: layer.bias)
        #expect(layer(x).shape == [2, 3, 5, 4])
        #expect(layer(x).scalars == expected.scalars)
        let sequence = Conv1D<Double>(inputChannels: 2, outputChannels: 3, kernelSize: 3, padding: 2, paddingMode: .circular, seed: 5)
        let s = Tensor<Double>.randomNormal(shape: [2, 2, 6], seed: 6)
        #expect(sequence(s).scalars == conv1d(s.padded([(0, 0), (0, 0), (2, 2)], mode: .circular), sequence.weight, bias: sequence.bias).scalars)
    }

    @Test("Conv1D holds [out, in/groups, k] and ConvTranspose2D PyTorch's [in, out/groups, k, k], each with fan-in initialisation")
    func shapesAndInitialisation() {
        let conv = Conv1D<Double>(inputChannels: 6, outputChannels: 4, kernelSize: 5, stride: 2, padding: 2, groups: 2, seed: 7)
        #expect(conv.weight.shape == [4, 3, 5] && conv.bias.shape == [4])
        #expect(conv.weight.scalars.allSatisfy { Swift.abs($0) <= 1 / 15.0.squareRoot() })
        #expect(conv(.zeros([3, 6, 11])).shape == [3, 4, 6])
        let up = ConvTranspose2D<Double>(inputChannels: 6, outputChannels: 4, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1, groups: 2, seed: 8)
        #expect(up.namedParameters.map(\.name) == ["weight", "bias"])
        #expect(up.weight.shape == [6, 2, 3, 3] && up.bias.shape == [4])
        // PyTorch's fan-in of a transposed convolution's weight: its second axis times the kernel, 2·9.
        let bound = 1 / 18.0.squareRoot()
        #expect(up.weight.scalars.allSatisfy { Swift.abs($0) <= bound } && up.weight.scalars.contains { Swift.abs($0) > bound / 2 })
        let x = Tensor<Double>.randomNormal(shape: [2, 6, 7, 7], seed: 9)
        #expect(up(x).shape == [2, 4, 14, 14])
        let expected = convTranspose2d(x, up.weight, bias: up.bias, stride: 2, padding: 1, outputPadding: 1, groups: 2)
        #expect(up(x).scalars == expected.scalars)
        #expect(up.description == "ConvTranspose2D(6 → 4, 3×3, stride 2, padding 1, groups 2)")
    }

    @Test("the layers run in Float too, agreeing with Double to Float precision")
    func float() {
        let x = Tensor<Double>.randomNormal(shape: [2, 4, 6, 6], seed: 13)
        let double = Conv2D<Double>(inputChannels: 4, outputChannels: 4, kernelSize: 3, padding: 1, groups: 4, paddingMode: .replicate, seed: 14)
        let single = Conv2D<Float>(inputChannels: 4, outputChannels: 4, kernelSize: 3, padding: 1, groups: 4, paddingMode: .replicate, seed: 14)
        let up = ConvTranspose2D<Float>(inputChannels: 4, outputChannels: 2, kernelSize: 2, stride: 2, seed: 15)
        let y = single(Tensor<Float>(x.scalars.map { Float($0) }, shape: x.shape))
        #expect(zip(y.scalars, double(x).scalars).allSatisfy { Swift.abs(Double($0) - $1) < 1e-4 })
        #expect(up(y).shape == [2, 2, 12, 12])
        #expect(MaxPool2D<Float>(kernelSize: 4, dilation: 1, ceilMode: true)(y).shape == [2, 4, 2, 2])
        #expect(AvgPool2D<Float>(kernelSize: 4, ceilMode: true, countIncludePad: false)(y).shape == [2, 4, 2, 2])
    }

    @Test("an encoder–decoder of the three layers passes a gradient check through every parameter")
    func gradientsThroughLayers() {
        let encoder = Conv2D<Double>(inputChannels: 2, outputChannels: 4, kernelSize: 3, stride: 2, padding: 1, groups: 2, seed: 10)
        let decoder = ConvTranspose2D<Double>(inputChannels: 4, outputChannels: 2, kernelSize: 4, stride: 2, padding: 1, seed: 11)
        let x = Tensor<Double>.randomNormal(shape: [2, 2, 6, 6], seed: 12)
        #expect(decoder(tanh(encoder(x))).shape == x.shape)
        let report = checkGradient(of: { p in
            let (we, be) = (p[0].reshaped(to: [4, 1, 3, 3]), p[1]), (wd, bd) = (p[2].reshaped(to: [4, 2, 4, 4]), p[3])
            let code = tanh(conv2d(x, we, bias: be, stride: 2, padding: 1, groups: 2))
            return convTranspose2d(code, wd, bias: bd, stride: 2, padding: 1)
        }, at: [encoder.weight.reshaped(to: [-1]), encoder.bias, decoder.weight.reshaped(to: [-1]), decoder.bias])
        #expect(report.passed, "\(report)")
        let error = decoder(tanh(encoder(x))) - x
        let loss = (error * error).mean()
        loss.backward()
        #expect(encoder.weight.grad?.shape == [4, 1, 3, 3] && decoder.weight.grad?.shape == [4, 2, 4, 4] && decoder.bias.grad?.shape == [2])
    }
}
