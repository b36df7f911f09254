/// `f` mapped over the items of its argument along `inAxis`, the results stacked along
/// `outAxis`, as `torch.func.vmap` and JAX's `vmap`: `vmap(f)(x)[i]` is `f(x[i])`.
///
/// Composes with the other transforms; per-example gradients are a `gradient` mapped over a
/// batch:
///
/// ```swift
/// let perExample = vmap { x in gradient(at: w) { w in loss(w, x) } }(batch)   // [batch] + w.shape
/// ```
///
/// It is evaluated item by item: `f` runs once on each slice and the results are stacked, all
/// with recorded operations, so the result differentiates (to any order) like any other
/// computation. It is not a batched trace of `f` — the cost is that of a loop over the items,
/// and `f` sees one item at a time, so it may use control flow that depends on the values.
/// `f` must return the same shape for every item; a batch of no items is an error, since `f`
/// never runs to tell the shape of the result.
public func vmap<Element>(
    _ f: @escaping (Tensor<Element>) -> Tensor<Element>, inAxis: Int = 0, outAxis: Int = 0
) -> (Tensor<Element>) -> Tensor<Element> {
    { x in mapped({ f($0[0]) }, over: [x], inAxes: [inAxis], outAxis: outAxis) }
}

/// ``vmap(_:inAxis:outAxis:)`` for a function of two tensors. An argument whose entry in
/// `inAxes` is nil is not mapped: every item gets it whole (JAX's `in_axes=None`).
///
/// ```swift
/// let perExample = vmap({ x, y in gradient(at: w) { w in pow((w * x).sum() - y, 2) } })(xs, ys)
/// ```
public func vmap<Element>(
    _ f: @escaping (Tensor<Element>, Tensor<Element>) -> Tensor<Element>, inAxes: (Int?, Int?) = (0, 0), outAxis: Int = 0
) -> (Tensor<Element>, Tensor<Element>) -> Tensor<Element> {
    { x, y in mapped({ f($0[0], $0[1]) }, over: [x, y], inAxes: [inAxes.0, inAxes.1], outAxis: outAxis) }
}

/// ``vmap(_:inAxis:outAxis:)`` for a function of a list of tensors, one entry of `inAxes` per
/// tensor (nil: not mapped).
public func vmap<Element>(
    _ f: @escaping ([Tensor<Element>]) -> Tensor<Element>, inAxes: [Int?], outAxis: Int = 0
) -> ([Tensor<Element>]) -> Tensor<Element> {
    { inputs in mapped(f, over: inputs, inAxes: inAxes, outAxis: outAxis) }
}

/// `f` applied to the items of `inputs` along `inAxes`, the results stacked along `outAxis`.
private func mapped<Element>(
    _ f: ([Tensor<Element>]) -> Tensor<Element>, over inputs: [Tensor<Element>], inAxes: [Int?], outAxis: Int
) -> Tensor<Element> {
    func fail(_ kind: BackpropError.Kind, _ problem: String, _ fix: String) -> Tensor<Element> {
        raise(BackpropError(kind, operation: "vmap", problem: problem, fix: fix))
        return .placeholder(shape: [])
    }
    guard inAxes.count == inputs.count else {
        return fail(.invalidArgument, "\(inAxes.count) in-axes were given for \(inputs.count) arguments", "Give one in-axis (or nil) per argument")
    }
    var itemCount: (count: Int, argument: Int, axis: Int)?
    var axes = [Int?]()
    for (argument, (input, inAxis)) in zip(inputs, inAxes).enumerated() {
        guard let inAxis else { axes.append(nil); continue }
        let axis = inAxis < 0 ? inAxis + input.rank : inAxis
        guard (0..<input.rank).contains(axis) else {
            return fail(.invalidAxis, "in-axis \(inAxis) is out of range for argument \(argument) of shape \(Shape.describe(input.shape))",
                        input.rank == 0 ? "A 0-d argument has no axis to map over: pass nil as its in-axis" : "Map over an axis in -\(input.rank)..<\(input.rank)")
        }
        if let itemCount, itemCount.count != input.shape[axis] {
            return fail(.shapeMismatch,
                        "argument \(itemCount.argument) has \(itemCount.count) items along axis \(itemCount.axis) but argument \(argument) has \(input.shape[axis]) along axis \(axis)",
                        "Map over axes of the same size, or pass nil for an argument that every item shares")
        }
        itemCount = itemCount ?? (input.shape[axis], argument, axis)
        axes.append(axis)
    }
    guard let itemCount else {
        return fail(.invalidArgument, "no argument is mapped: every in-axis is nil", "Give at least one argument an in-axis")
    }
    guard itemCount.count > 0 else {
        return fail(.invalidArgument, "argument \(itemCount.argument) has no items along axis \(itemCount.axis), so f never runs to give the result's shape",
                    "Map over a non-empty axis")
    }
    let slices = zip(inputs, axes).map { input, axis in
        axis.map { axis in input.split(count: itemCount.count, alongAxis: axis).map { $0.squeezed(axes: [axis]) } }
    }
    let results = (0..<itemCount.count).map { item in f(zip(inputs, slices).map { input, slices in slices?[item] ?? input }) }
    if let item = results.firstIndex(where: { $0.shape != results[0].shape }) {
        return fail(.shapeMismatch,
                    "f returned shape \(Shape.describe(results[0].shape)) for item 0 but \(Shape.describe(results[item].shape)) for item \(item)",
                    "Return the same shape for every item")
    }
    let rank = results[0].rank
    guard (-(rank + 1)...rank).contains(outAxis) else {
        return fail(.invalidAxis, "out-axis \(outAxis) is out of range for stacking results of shape \(Shape.describe(results[0].shape))",
                    "Stack along an axis in -\(rank + 1)...\(rank)")
    }
    return Tensor.stacked(results, alongAxis: outAxis)
}
