extension Variable {
    /// This Variable with a name, shown by graphs and chain-rule traces in place of `v12`.
    ///
    /// ```swift
    /// let x = Variable(2.0).named("x"), w = Variable(-3.0).named("w")
    /// ```
    public func named(_ name: String) -> Variable {
        if index != 0 { tape.sweepLock.withLock { tape.names[index] = name } }
        return self
    }
}

extension Tensor {
    /// This tensor with a name, shown by graphs and chain-rule traces.
    ///
    /// ```swift
    /// let w = Tensor<Double>.randomNormal(shape: [4, 3], seed: 1, requiresGrad: true).named("W")
    /// ```
    public func named(_ name: String) -> Tensor {
        switch tracking {
        // A constant has no node; its name travels with the value into the records that read it.
        case .constant: return Tensor(storage: storage, shape: shape, tracking: .constant(name: name))
        case .leaf(let leaf): leaf.name = name
        case .recorded(let tape, let node): tape.sweepLock.withLock { tape.names[node] = name }
        }
        return self
    }
}
