extension Tensor {
    /// A copy of this tensor with each element of `source` written at the position along `axis`
    /// that `indices` (one per element of `source`, row-major) names, as `torch.scatter(dim,
    /// index, src)`: for a matrix and `axis` 1, `result[i, indices[i, j]] = source[i, j]`.
    /// `source` has this tensor's shape except along `axis`; indices are in `0..<shape[axis]`.
    /// When several elements go to one position the last one is kept (PyTorch leaves this
    /// unspecified).
    ///
    /// As PyTorch's, the gradient of this tensor is g with the written positions zeroed, and the
    /// gradient of `source` is g gathered at the indices — only for the elements kept: an
    /// element overwritten by a later one gets 0 (PyTorch gives every duplicate the gradient).
    ///
    /// ```swift
    /// Tensor<Double>.zeros([2, 3]).scattering(Tensor([1, 2], shape: [2, 1]), indices: [2, 0], alongAxis: 1)
    /// // [[0, 0, 1], [2, 0, 0]]
    /// ```
    public func scattering(_ source: Tensor, indices: [Int], alongAxis axis: Int) -> Tensor {
        let operation = "scattering(_:indices:alongAxis:)"
        guard let axis = validScatter(source, indices: indices, alongAxis: axis, operation: operation) else { return self }
        return scatter(source, indices: indices, alongAxis: axis, reduction: nil, includeSelf: true)
    }

    /// This tensor with the elements of `source` combined into it by `reduction` at the positions
    /// along `axis` that `indices` names, as `torch.scatter_reduce(dim, index, src, reduce,
    /// include_self:)`. With `includeSelf` false, a position that receives elements forgets this
    /// tensor's value there; positions that receive none keep it. `.mean` divides by the number
    /// of elements combined, this tensor's counted when included.
    ///
    /// The gradients are PyTorch's: for `.sum`, g and g gathered; for `.mean`, the same divided by
    /// the count; for `.amax`/`.amin`, g shared evenly among the elements equal to the result;
    /// for `.product`, g times the product of the other elements, computed without dividing by a
    /// zero. As in PyTorch, a second derivative of `.product` where two or more zeros meet at one
    /// position is not exact (PyTorch refuses it).
    ///
    /// ```swift
    /// Tensor<Double>([1, 1]).scattering(Tensor([2, 3, 4]), indices: [0, 0, 1], alongAxis: 0, reduction: .sum)
    /// // [6, 5]
    /// ```
    public func scattering(
        _ source: Tensor, indices: [Int], alongAxis axis: Int, reduction: ScatterReduction, includeSelf: Bool = true
    ) -> Tensor {
        let operation = "scattering(_:indices:alongAxis:reduction:includeSelf:)"
        guard let axis = validScatter(source, indices: indices, alongAxis: axis, operation: operation) else { return self }
        return scatter(source, indices: indices, alongAxis: axis, reduction: reduction, includeSelf: includeSelf)
    }

    /// The normalized axis, or nil after raising an error when `source` or `indices` do not fit.
    private func validScatter(_ source: Tensor, indices: [Int], alongAxis axis: Int, operation: String) -> Int? {
        guard let axis = normalizedAxes([axis], operation: operation)?.first,
              Self.agree(source.shape, "the source shape", shape, exceptAlong: axis, operation: operation),
              Self.validIndexCount(indices, shape: source.shape, operation: operation),
              Self.validIndices(indices, axis: axis, of: shape, operation: operation)
        else { return nil }
        return axis
    }

    /// The primitive: overwriting (`reduction` nil) or reducing, along a valid axis with valid
    /// indices, recorded with PyTorch's rules.
    private func scatter(
        _ source: Tensor, indices: [Int], alongAxis axis: Int, reduction: ScatterReduction?, includeSelf: Bool
    ) -> Tensor {
        let (outer, length, inner) = Self.view(shape, at: axis)
        var counts = [Int](repeating: 0, count: count), writers = [Int](repeating: -1, count: count)
        let value = Tensor.computed(shape: shape) { out in
            out.update(from: storage.base, count: count)
            indices.withUnsafeBufferPointer { indices in
                counts.withUnsafeMutableBufferPointer { counts in
                    writers.withUnsafeMutableBufferPointer { writers in
                        guard let indexBase = indices.baseAddress, let countBase = counts.baseAddress,
                              let writerBase = writers.baseAddress
                        else { return }
                        ScatterReduceKernels.scatter(
                            source.storage.base, outer: outer, picks: source.shape[axis], inner: inner, indices: indexBase,
                            into: out, length: length, reduction: reduction, includeSelf: includeSelf, counts: countBase,
                            writers: writerBase)
                    }
                }
            }
        }
        let targetShape = shape, sourceShape = source.shape
        let scattered = Tensor(counts.map { $0 > 0 ? 1 : 0 }, shape: targetShape)
        // The rules also serve stacks of gradients (a batched sweep), which have one more, leading
        // axis: only the gather needs to know; the other operations broadcast over it.
        let gather = { (t: Tensor) -> Tensor in
            guard t.rank > targetShape.count else { return t.gatheringElements(indices: indices, shape: sourceShape, alongAxis: axis) }
            return t.gatheringElements(
                indices: Self.stacked(indices, items: t.shape[0]), shape: [t.shape[0]] + sourceShape, alongAxis: axis + 1)
        }
        let scatterAdd = { (t: Tensor) in t.scatteringAddElements(indices: indices, alongAxis: axis, intoShape: targetShape) }
        // Positions that received elements lose this tensor's value unless it is included.
        let selfPart = { (g: Tensor) in includeSelf ? g : .where(scattered, Element(0), g) }
        let rules: [OperationRecord<Element>.Pullback]
        switch reduction {
        case nil:
            var kept = [Element](repeating: 0, count: source.count)
            for writer in writers where writer >= 0 { kept[writer] = 1 }
            let keptMask = Tensor(kept, shape: sourceShape)
            rules = [{ g, _, _ in .where(scattered, Element(0), g) }, { g, _, _ in gather(g) * keptMask }]
        case .sum:
            rules = [{ g, _, _ in selfPart(g) }, { g, _, _ in gather(g) }]
        case .mean:
            let combined = Tensor(counts.map { Element(Swift.max($0 + (includeSelf ? 1 : 0), 1)) }, shape: targetShape)
            rules = [{ g, _, _ in selfPart(g / combined) }, { g, _, _ in gather(g / combined) }]
        case .amax, .amin:
            // The ties, constants: this tensor's element where it is included and equals the
            // result, and the source elements equal to the result at their position.
            let ties = { (x: [Tensor], y: Tensor) -> (self: Tensor, source: Tensor, share: Tensor) in
                let selfTies = includeSelf ? x[0] .== y : (x[0] .== y) * (1 - scattered)
                let sourceTies = x[1] .== gather(y.detached())
                let count = selfTies + scatterAdd(sourceTies)
                return (selfTies, sourceTies, .where(count .== 0, Element(1), count))
            }
            rules = [
                { g, x, y in
                    let (selfTies, _, share) = ties(x, y)
                    return g / share * selfTies
                },
                { g, x, y in
                    let (_, sourceTies, share) = ties(x, y)
                    return gather(g / share) * sourceTies
                },
            ]
        case .product:
            rules = [
                { g, x, y in
                    // The product of the others, with a zero of this tensor's left out by making it 1.
                    let nonzeroSelf = Tensor.where(x[0] .== 0, Element(1), x[0])
                    let others = nonzeroSelf.scatter(x[1], indices: indices, alongAxis: axis, reduction: .product, includeSelf: includeSelf)
                    return selfPart(g * others / nonzeroSelf)
                },
                { g, x, y in
                    let zero = x[1] .== 0
                    let loneZero = zero * (gather(scatterAdd(zero)) .== 1)
                    // A lone zero's gradient is the product with it made 1; any other element's is
                    // the product divided by it (0 for a zero that meets another zero).
                    let othersOfLoneZero = x[0].scatter(
                        .where(loneZero, Element(1), x[1]), indices: indices, alongAxis: axis, reduction: .product, includeSelf: includeSelf)
                    return .where(loneZero, gather(g * othersOfLoneZero), gather(g * y) / .where(zero, Element(1), x[1]))
                },
            ]
        }
        return Tensor.record(.scatter(reduction, includeSelf: includeSelf), value, inputs: [self, source], rules: rules, batching: .sameRules)
    }
}
