import Backprop

/// Einsum equations that are malformed or do not fit their operands' shapes.
let einsumMisuseCases: [MisuseCase] = [
    MisuseCase("einsum with an unknown character", operation: "einsum") { _ = einsum("ab,c#", Tensor<Float>.zeros([2, 2]), .zeros([2])) },
    MisuseCase("einsum with an index of two sizes", operation: "einsum") {
        _ = einsum("ij,jk->ik", Tensor<Double>.zeros([2, 3]), .zeros([4, 5]))
    },
    MisuseCase("einsum with more letters than axes", operation: "einsum") { _ = einsum("ijk->i", Tensor<Double>.zeros([2, 3])) },
    MisuseCase("einsum with fewer subscripts than tensors", operation: "einsum") {
        _ = einsum("ij->i", Tensor<Double>.zeros([2, 3]), .zeros([3]))
    },
    MisuseCase("einsum of no tensors", operation: "einsum") { _ = einsum("->", [Tensor<Double>]()) },
    MisuseCase("einsum with an output index in no operand", operation: "einsum") { _ = einsum("ij->k", Tensor<Float>.zeros([2, 2])) },
    MisuseCase("einsum diagonal of a non-square matrix", operation: "einsum") { _ = einsum("ii->i", Tensor<Float>.zeros([2, 3])) },
    MisuseCase("einsum whose '...' axes do not broadcast", operation: "einsum") {
        _ = einsum("...i,...i->...", Tensor<Float>.zeros([2, 3]), .zeros([4, 3]))
    },
    MisuseCase("einsum outer product of 2⁴⁰ elements", operation: "einsum") {
        _ = einsum("i,j->ij", Tensor<Float>.zeros([1 << 20]), .zeros([1 << 20]))
    },
    MisuseCase("einsum outer product whose size overflows", operation: "einsum") {
        _ = einsum("i,j,k->ijk", Tensor<Float>.zeros([1 << 22]), .zeros([1 << 22]), .zeros([1 << 22]))
    },
]
