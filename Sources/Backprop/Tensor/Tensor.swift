/// An n-dimensional array of `Float` or `Double` whose operations are recorded on a tape, so that
/// gradients can be computed with `backward()`.
///
/// Elements are stored contiguously in row-major order. A tensor is a value: operations return
/// new tensors and never change their inputs. Gradients follow PyTorch: a leaf created with
/// `requiresGrad: true` accumulates ∂output/∂leaf into ``grad`` on every `backward()`; results of
/// operations on it are recorded; everything else is a constant.
///
/// ```swift
/// let x = Tensor<Double>([2, 2], shape: [2], requiresGrad: true)
/// let w = Tensor<Double>([1, 2, 3, 4], shape: [2, 2], requiresGrad: true)
/// let y = matmul(w, x.reshaped(to: [2, 1])).sum()
/// y.backward()
/// x.grad?.scalars   // [4, 6] = wᵀ·[1, 1]
/// ```
public struct Tensor<Element: TensorElement> {
    /// The elements, shared between copies.
    var storage: TensorStorage<Element>
    /// The size of each axis; empty for a scalar (0-d) tensor.
    public let shape: [Int]
    /// How this value takes part in differentiation.
    let tracking: Tracking

    /// How a tensor takes part in differentiation.
    enum Tracking {
        /// A value that needs no gradient, with the name graphs and traces show for it.
        case constant(name: String?)
        /// A leaf created with `requiresGrad: true`: its gradient accumulates in `gradient`.
        case leaf(LeafGradient<Element>)
        /// The result of a recorded operation: node `node` of `tape`.
        case recorded(Tape, Int32)
    }

    init(storage: TensorStorage<Element>, shape: [Int], tracking: Tracking = .constant(name: nil)) {
        self.storage = storage
        self.shape = shape
        self.tracking = tracking
    }

    /// Creates a tensor from row-major `scalars` and a `shape` whose element count matches.
    ///
    /// - Parameter requiresGrad: make it a leaf whose gradient `backward()` accumulates in ``grad``.
    public init(_ scalars: [Element], shape: [Int], requiresGrad: Bool = false) {
        let count = Shape.checkedCounts(shape, elementSize: MemoryLayout<Element>.stride)?.elements
        if count != scalars.count {
            let problem = shape.contains { $0 < 0 } ? "a negative size" : count.map { "\($0) elements" } ?? "a size that overflows"
            raise(BackpropError(
                .invalidReshape, operation: "Tensor(_:shape:)",
                problem: "\(scalars.count) scalars cannot fill shape \(Shape.describe(shape)) (\(problem))",
                fix: "Pass a shape whose sizes multiply to \(scalars.count)"))
            self.init(storage: TensorStorage(copying: scalars), shape: [scalars.count])
            return
        }
        self.init(storage: TensorStorage(copying: scalars), shape: shape, tracking: requiresGrad ? .leaf(LeafGradient()) : .constant(name: nil))
    }

    /// Creates a 1-d tensor from `scalars`.
    public init(_ scalars: [Element], requiresGrad: Bool = false) {
        self.init(scalars, shape: [scalars.count], requiresGrad: requiresGrad)
    }

    /// Creates a 0-d tensor holding `scalar`.
    public init(_ scalar: Element, requiresGrad: Bool = false) {
        self.init([scalar], shape: [], requiresGrad: requiresGrad)
    }

    /// The number of axes.
    public var rank: Int { shape.count }

    /// The number of elements.
    public var count: Int { storage.count }

    /// The elements in row-major order.
    public var scalars: [Element] { Array(storage.buffer) }

    /// The only element of a tensor with one element (a 0-d tensor, or shape [1], [1, 1]...),
    /// nil otherwise. PyTorch's `item()`, an error rather than nil, is ``item()``.
    public var scalar: Element? { count == 1 ? storage.base[0] : nil }

    /// Whether gradients flow to this value: true for leaves created with `requiresGrad: true`
    /// and for results of operations on them.
    public var requiresGrad: Bool {
        if case .constant = tracking { return false }
        return true
    }

    /// Whether this is a leaf created with `requiresGrad: true`.
    public var isLeaf: Bool {
        if case .leaf = tracking { return true }
        return false
    }

    /// The name given to this constant with ``named(_:)``, if any.
    var constantName: String? {
        if case .constant(let name) = tracking { return name }
        return nil
    }

    /// The same values as a constant: gradients stop here.
    public func detached() -> Tensor { Tensor(storage: storage, shape: shape) }

    /// The same values as a new leaf with its own gradient.
    public func requiringGrad() -> Tensor { Tensor(storage: storage, shape: shape, tracking: .leaf(LeafGradient())) }
}
