import Backprop

/// The mini-batches of one epoch over a ``Dataset``, as a random-access collection: batch i
/// holds the samples at positions `i·size ..< (i+1)·size` of the epoch's order (the dataset's
/// order, or a seeded shuffle of it). Every sample appears exactly once per epoch; the last
/// batch is smaller when `size` does not divide the count, unless it is dropped.
///
/// Batches are cut when read, so making the collection costs only the order.
///
/// ```swift
/// let epoch = data.batches(size: 64, shuffle: true, seed: 1, epoch: 3)
/// epoch.count      // ⌈count / 64⌉
/// epoch.first      // the first mini-batch of epoch 3
/// ```
public struct Batches<Element: TensorElement>: RandomAccessCollection {
    /// The dataset the batches are cut from.
    public let dataset: Dataset<Element>
    /// The number of samples in each full batch.
    public let size: Int
    /// The order in which this epoch visits the samples: a permutation of `0..<dataset.count`.
    public let order: [Int]
    /// Whether a last batch smaller than ``size`` is left out.
    public let dropsLast: Bool

    /// The batches of `dataset` in `order`; `size` is at least 1.
    init(dataset: Dataset<Element>, size: Int, order: [Int], dropsLast: Bool) {
        self.dataset = dataset
        self.size = size
        self.order = order
        self.dropsLast = dropsLast
    }

    /// The position of the first batch, 0.
    public var startIndex: Int { 0 }

    /// One past the position of the last batch: the number of batches.
    public var endIndex: Int { order.count / size + (dropsLast || order.count % size == 0 ? 0 : 1) }

    /// Batch `position`: the samples at `order[position·size ..< min((position+1)·size, count)]`.
    ///
    /// A position outside `0..<count` is reported as a ``BackpropError``; the result is then an
    /// empty batch.
    public subscript(position: Int) -> Batch<Element> {
        guard indices.contains(position) else {
            BackpropError(
                .invalidArgument, operation: "Batches[\(position)]",
                problem: "batch \(position) is out of range for \(count) batches of size \(size)",
                fix: "Use a position in 0..<\(count)"
            ).raise()
            return Batch(dataset, indices: [])
        }
        // position · size < order.count, so only the end of the batch can pass Int.max; it is
        // computed from what is left.
        let start = position * size
        return Batch(dataset, indices: Array(order[start..<(start + Swift.min(size, order.count - start))]))
    }
}

extension Dataset {
    /// The mini-batches of one epoch: `size` samples each, in the dataset's order or, with
    /// `shuffle`, in an order drawn from `seed` and `epoch`.
    ///
    /// Batch, mini-batch and stochastic gradient descent (seed 000: “the difference is only
    /// which training samples each iteration uses”) are this one loop with `size` equal to
    /// ``count``, to some B between, and to 1:
    ///
    /// ```swift
    /// for epoch in 0..<epochs {
    ///     for batch in train.batches(size: B, shuffle: true, seed: 42, epoch: epoch) {
    ///         model.zeroGrad()
    ///         let a = model(batch.inputs)
    ///         let loss = ((a - batch.targets!) * (a - batch.targets!)).sum() * 0.5 / Double(batch.count)
    ///         loss.backward()                       // ∂J/∂W = mean over the batch of δ·xᵀ
    ///         optimizer.step(model)                 // W ← W − η·∂J/∂W
    ///     }
    /// }
    /// // B = train.count: batch gradient descent, one step per epoch on the exact gradient.
    /// // B = 1:           stochastic gradient descent, one step per sample.
    /// ```
    ///
    /// - Parameters:
    ///   - size: the number of samples per batch, at least 1; a size of ``count`` or more gives
    ///     one batch of every sample, as PyTorch's `DataLoader` does.
    ///   - shuffle: visit the samples in a seeded random order rather than 0, 1, 2, ...
    ///   - seed: the seed of the shuffle; ignored without `shuffle`.
    ///   - epoch: mixed into the seed, so that each epoch has its own order and the same
    ///     (seed, epoch) always has the same one, on every machine.
    ///   - dropLast: leave out the last batch when it has fewer than `size` samples.
    ///
    /// A size below 1 is reported as a ``BackpropError``; the result then has no batches.
    public func batches(size: Int, shuffle: Bool = false, seed: UInt64 = 0, epoch: Int = 0, dropLast: Bool = false) -> Batches<Element> {
        guard size >= 1 else {
            Self.fail(BackpropError(
                .invalidArgument, operation: "Dataset.batches(size:)", problem: "batch size \(size) is less than 1",
                fix: "Use a size of 1 (stochastic) up to count, \(count) (batch gradient descent)"))
            return Batches(dataset: self, size: 1, order: [], dropsLast: dropLast)
        }
        let order: [Int]
        if shuffle {
            var generator = SeededRandomNumberGenerator(seed: SeededPermutation.seed(seed, stream: UInt64(bitPattern: Int64(epoch))))
            order = SeededPermutation.of(count, using: &generator)
        } else {
            order = Array(0..<count)
        }
        return Batches(dataset: self, size: size, order: order, dropsLast: dropLast)
    }
}
