import Backprop

/// Multi-head scaled dot-product attention, as PyTorch's `nn.MultiheadAttention` with
/// `batch_first=True` and its parameter names: `in_proj_weight` [3E, E] (the query, key and
/// value projections stacked, in that order), `in_proj_bias` [3E], `out_proj.weight` [E, E]
/// and `out_proj.bias` [E].
///
/// Each of the `headCount` heads attends with its own slice of E/headCount features:
/// softmax(q·kᵀ/√d)·v, where a causal layer (PyTorch's `is_causal` with its lower-triangular
/// mask) keeps each query position from attending to later key positions. The heads are joined
/// and projected by `out_proj`. No dropout.
///
/// ```swift
/// let attention = MultiHeadAttention<Float>(embeddingDimension: 64, headCount: 4, causal: true, seed: 1)
/// attention(tokens)                                  // self-attention, [batch, length, 64]
/// attention(query: q, key: memory, value: memory)    // cross-attention
/// ```
public final class MultiHeadAttention<Element: TensorElement>: Layer {
    /// E, the size of each position's features.
    public let embeddingDimension: Int
    /// The number of heads; it divides E.
    public let headCount: Int
    /// Whether each query position only sees key positions up to its own.
    public let causal: Bool
    /// The query, key and value projections stacked, [3E, E], Xavier-uniform as PyTorch's.
    public var inProjectionWeight: Tensor<Element>
    /// Their biases, [3E], starting at 0.
    public var inProjectionBias: Tensor<Element>
    /// The output projection (`out_proj`); its bias starts at 0, as PyTorch's.
    public let outProjection: Linear<Element>

    /// Attention over features of size `embeddingDimension` split into `headCount` heads,
    /// initialised from `seed` as PyTorch's.
    public init(embeddingDimension: Int, headCount: Int, causal: Bool = false, seed: UInt64) {
        if headCount < 1 || embeddingDimension % Swift.max(headCount, 1) != 0 {
            BackpropError(
                .invalidArgument, operation: "MultiHeadAttention(embeddingDimension:headCount:)",
                problem: "\(headCount) heads do not divide the embedding dimension \(embeddingDimension)",
                fix: "Choose a head count that divides \(embeddingDimension), such as 1").raise()
        }
        let e = embeddingDimension, rows = checkedProduct([3, e], operation: "MultiHeadAttention(embeddingDimension:headCount:)") ?? 0
        self.embeddingDimension = e
        self.headCount = Swift.max(headCount, 1)
        self.causal = causal
        inProjectionWeight = Initialization.xavierUniform.tensor(shape: [rows, e], fanIn: e, fanOut: rows, seed: seed)
        inProjectionBias = Tensor.zeros([rows]).requiringGrad()
        outProjection = Linear(
            weight: Initialization.uniformFanIn.tensor(shape: [e, e], fanIn: e, fanOut: e, seed: seed &+ 1),
            bias: Tensor.zeros([e]).requiringGrad())
    }

    /// Self-attention of a batch [N, L, E] (or one sequence [L, E]).
    public func callAsFunction(_ input: Tensor<Element>) -> Tensor<Element> {
        self(query: input, key: input, value: input)
    }

    /// Attention of `query` [N, L, E] over `key` and `value` [N, S, E] (or [L, E] and [S, E]
    /// for one sequence): a tensor shaped as `query`.
    ///
    /// - Parameters:
    ///   - keyPaddingMask: [N, S] (or [S]); a nonzero element marks a key position that no query
    ///     attends to, such as padding, as PyTorch's boolean `key_padding_mask`.
    ///   - attentionMask: added to the scores q·kᵀ/√d before the softmax, as PyTorch's float
    ///     `attn_mask`: [L, S] for every sequence and head, or [N·heads, L, S]; −∞ blocks a
    ///     position. A query that sees no key at all gets NaN, as in PyTorch.
    public func callAsFunction(
        query: Tensor<Element>, key: Tensor<Element>, value: Tensor<Element>,
        keyPaddingMask: Tensor<Element>? = nil, attentionMask: Tensor<Element>? = nil
    ) -> Tensor<Element> {
        let batched = query.rank == 3
        guard fits(query, key, value), fits(keyPaddingMask: keyPaddingMask, attentionMask: attentionMask, query: query, key: key) else {
            return query
        }
        let (q, k, v) = batched ? (query, key, value) : (query.unsqueezed(at: 0), key.unsqueezed(at: 0), value.unsqueezed(at: 0))
        let weights = inProjectionWeight.split(count: 3, alongAxis: 0), biases = inProjectionBias.split(count: 3, alongAxis: 0)
        let heads = zip([q, k, v], zip(weights, biases)).map { x, projection in splitHeads(matmul(x, projection.0, transposeA: false, transposeB: true) + projection.1) }
        let headSize = embeddingDimension / headCount
        var scores = matmul(heads[0], heads[1], transposeA: false, transposeB: true) / Element(Double(headSize).squareRoot())
        let (n, l, s) = (q.shape[0], q.shape[1], k.shape[1])
        if causal {
            let visible = Tensor<Element>((0..<(l * s)).map { $0 % s <= $0 / s ? 1 : 0 }, shape: [l, s])
            scores = .where(visible, scores, -Element.infinity)
        }
        if let keyPaddingMask {
            scores = .where(keyPaddingMask.reshaped(to: [n, 1, 1, s]), -Element.infinity, scores)
        }
        if let attentionMask {
            scores = scores + (attentionMask.rank == 3 ? attentionMask.reshaped(to: [n, headCount, l, s]) : attentionMask)
        }
        let attended = matmul(scores.softmax(alongAxis: -1), heads[2])   // [N, H, L, d]
        let joined = attended.permuted(0, 2, 1, 3).reshaped(to: [n, l, embeddingDimension])
        let output = outProjection(joined)
        return batched ? output : output.squeezed(axes: [0])
    }

    /// [N, T, E] as [N, H, T, E/H]: each head's features as its own batch of sequences.
    private func splitHeads(_ x: Tensor<Element>) -> Tensor<Element> {
        x.reshaped(to: [x.shape[0], x.shape[1], headCount, embeddingDimension / headCount]).permuted(0, 2, 1, 3)
    }

    /// Whether the three inputs are sequences of E features with matching batch and key lengths,
    /// raising an error when not.
    private func fits(_ query: Tensor<Element>, _ key: Tensor<Element>, _ value: Tensor<Element>) -> Bool {
        let e = embeddingDimension, shapes = [query.shape, key.shape, value.shape]
        let ranksAgree = (query.rank == 2 || query.rank == 3) && shapes.allSatisfy { $0.count == query.rank && $0.last == e }
        let batchesAgree = query.rank == 2 || Set(shapes.map { $0[0] }).count == 1
        guard ranksAgree, batchesAgree, key.shape == value.shape else {
            BackpropError(
                .shapeMismatch, operation: description,
                problem: "query \(query.shape), key \(key.shape) and value \(value.shape) are not [N, L, \(e)], [N, S, \(e)] and [N, S, \(e)] (or the same without N)",
                fix: "Pass batch-first sequences of \(e) features, keys and values of the same length").raise()
            return false
        }
        return true
    }

    /// Whether the masks, if any, have PyTorch's shapes for these inputs, raising an error when not.
    private func fits(keyPaddingMask: Tensor<Element>?, attentionMask: Tensor<Element>?, query: Tensor<Element>, key: Tensor<Element>) -> Bool {
        let batch = query.rank == 3 ? [query.shape[0]] : [], (l, s) = (query.shape[query.rank - 2], key.shape[key.rank - 2])
        let attentionShapes = [[l, s], [(batch.first ?? 1) * headCount, l, s]]
        guard keyPaddingMask.map({ $0.shape == batch + [s] }) ?? true, attentionMask.map({ attentionShapes.contains($0.shape) }) ?? true else {
            BackpropError(
                .shapeMismatch, operation: description,
                problem: "a key padding mask of shape \(keyPaddingMask?.shape.description ?? "none") and an attention mask of shape \(attentionMask?.shape.description ?? "none") do not fit a query \(query.shape) and a key \(key.shape)",
                fix: "Pass a key padding mask of shape \(batch + [s]) and an attention mask of shape \(attentionShapes[0]) or \(attentionShapes[1])").raise()
            return false
        }
        return true
    }

    /// `in_proj_weight`, `in_proj_bias`, `out_proj.weight`, `out_proj.bias`: PyTorch's names.
    public func visitParameters(_ body: (String, inout Tensor<Element>) -> Void) {
        body("in_proj_weight", &inProjectionWeight)
        body("in_proj_bias", &inProjectionBias)
        outProjection.visitParameters { name, parameter in body("out_proj.\(name)", &parameter) }
    }

    /// `MultiHeadAttention(64, heads 4, causal)`.
    public var description: String { "MultiHeadAttention(\(embeddingDimension), heads \(headCount)\(causal ? ", causal" : ""))" }
}
