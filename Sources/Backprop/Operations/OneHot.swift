extension Tensor {
    /// The one-hot encoding of class labels, as `torch.nn.functional.one_hot`: a constant of shape
    /// [labels.count, classes] with a 1 in column `labels[i]` of row i and 0 elsewhere. With no
    /// `classes`, one more than the largest label (PyTorch's `num_classes=-1`). Labels must lie in
    /// `0..<classes`.
    ///
    /// ```swift
    /// Tensor<Double>.oneHot([2, 0], classes: 3)   // [[0, 0, 1], [1, 0, 0]]
    /// ```
    public static func oneHot(_ labels: [Int], classes: Int? = nil) -> Tensor {
        let operation = "oneHot(_:classes:)"
        // A label of Int.max has no class count to fit in; left at Int.max, it is reported below.
        let classes = classes ?? (labels.max().map { $0 < Int.max ? $0 + 1 : $0 } ?? 0)
        if let position = labels.firstIndex(where: { !(0..<Swift.max(classes, 0)).contains($0) }) {
            raise(BackpropError(
                .invalidArgument, operation: operation,
                problem: "label \(labels[position]) at position \(position) is out of range for \(classes) classes",
                fix: classes > 0 ? "Use labels in 0..<\(classes), or pass more classes" : "Pass a positive number of classes"))
            return .placeholder(shape: [labels.count, Swift.max(classes, 0)])
        }
        guard let total = Shape.checkedProduct(labels.count, classes),
              Shape.allocatableCount([labels.count, classes], of: Element.self, operation: operation) != nil
        else {
            if Shape.checkedProduct(labels.count, classes) == nil {
                raise(BackpropError(
                    .tooLarge, operation: operation, problem: "\(labels.count) labels times \(classes) classes is more than Int.max",
                    fix: "Encode fewer labels or classes"))
            }
            return .placeholder(shape: [0, 0])
        }
        return computed(shape: [labels.count, classes]) { out in
            out.initialize(repeating: 0, count: total)
            for (row, label) in labels.enumerated() { out[row * classes + label] = 1 }
        }
    }
}
