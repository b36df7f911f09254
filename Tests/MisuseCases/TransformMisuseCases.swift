import Backprop

/// vmap over axes that do not fit, and PyTorch's spellings used where they do not apply.
let transformMisuseCases: [MisuseCase] = [
    MisuseCase("vmap over an axis out of range", operation: "vmap") {
        _ = vmap({ (x: Tensor<Double>) in x.sum() }, inAxis: 3)(.zeros([2, 3]))
    },
    MisuseCase("vmap over a 0-d tensor", operation: "vmap") { _ = vmap({ (x: Tensor<Double>) in x })(Tensor(1)) },
    MisuseCase("vmap over batches of different sizes", operation: "vmap") {
        _ = vmap({ (x: Tensor<Float>, y: Tensor<Float>) in x + y })(.zeros([2, 3]), .zeros([4, 3]))
    },
    MisuseCase("vmap over an empty batch", operation: "vmap") { _ = vmap({ (x: Tensor<Double>) in x.sum() })(.zeros([0, 3])) },
    MisuseCase("vmap with every in-axis nil", operation: "vmap") {
        _ = vmap({ (x: [Tensor<Double>]) in x[0] }, inAxes: [nil])([.zeros([2])])
    },
    MisuseCase("vmap with fewer in-axes than arguments", operation: "vmap") {
        _ = vmap({ (x: [Tensor<Double>]) in x[0] }, inAxes: [0])([.zeros([2]), .zeros([2])])
    },
    MisuseCase("vmap of a function whose shape changes between items", operation: "vmap") {
        _ = vmap({ (x: Tensor<Double>) in x.scalars[0] > 0 ? x : x.sum() })(Tensor([1, 0, 0, 0], shape: [2, 2]))
    },
    MisuseCase(".T of a tensor of rank 3", operation: ".T") { _ = Tensor<Float>.zeros([2, 3, 4]).T },
    MisuseCase("item() of two elements", operation: "item()") { _ = Tensor<Double>([1, 2]).item() },
    MisuseCase("randn of Int.max", operation: "randomNormal(shape:)") { _ = Tensor<Float>.randn([Int.max], seed: 1) },
    MisuseCase("rand with a negative size", operation: "randomUniform(shape:)") { _ = Tensor<Float>.rand([-1], seed: 1) },
]
