import Backprop

/// start + weight·(end − start), the expression PyTorch's `lerp` evaluates, so that running
/// averages round as they do there: from `start` when |weight| < 0.5, from `end` otherwise
/// (PyTorch fuses the multiply-add, which only changes the last bit).
func pyTorchLerp<Element: TensorElement>(
    _ start: Tensor<Element>, _ end: Tensor<Element>, weight: Element
) -> Tensor<Element> {
    Swift.abs(weight) < 0.5 ? start + weight * (end - start) : end - (end - start) * (1 - weight)
}
