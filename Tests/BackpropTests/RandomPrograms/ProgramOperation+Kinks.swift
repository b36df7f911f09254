import Backprop

/// Where the instructions of a program are not smooth, seen from the values they read: the side
/// of every kink (relu, abs, clamp, maximum, the winner of a max or min reduction) and the
/// distance to the nearest kink or edge of a domain (log, sqrt, division, powers, norms).
///
/// Finite differences are only meaningful where the function is smooth: a program is used only
/// when its margin is comfortable, and a finite-difference step that changes the signature
/// crossed a kink, so its estimate is discarded.
struct KinkSides: Equatable {
    /// One entry per kink: a side (−1, 0, 1) or the position of a reduction's winner.
    private(set) var signature: [Int] = []
    /// The smallest distance to a kink; negative when a value is outside a domain.
    private(set) var margin = Double.infinity

    /// A kink at 0 of `distance`.
    mutating func kink(at distance: Double) {
        signature.append(distance > 0 ? 1 : distance < 0 ? -1 : 0)
        margin = min(margin, abs(distance))
    }

    /// A domain that needs `distance` > 0.
    mutating func domain(_ distance: Double) {
        signature.append(distance > 0 ? 1 : -1)
        margin = min(margin, distance)
    }

    /// A reduction won by position `winner`, ahead of the runner-up by `lead`.
    mutating func winner(_ winner: Int, lead: Double) {
        signature.append(winner)
        margin = min(margin, lead)
    }

    mutating func append(_ other: KinkSides) {
        signature += other.signature
        margin = min(margin, other.margin)
    }
}

extension ProgramOperation {
    /// The kinks of this instruction near `values` (indexed by operand).
    func kinks(_ values: [ProgramValue]) -> KinkSides {
        var sides = KinkSides()
        switch self {
        case .unary(let f, let x):
            for element in values[x].scalars {
                switch f {
                case .function(.abs), .function(.relu): sides.kink(at: element)
                case .function(let function):
                    let (lower, upper) = function.definition.domain
                    if lower.isFinite { sides.domain(element - lower) }
                    if upper.isFinite { sides.domain(upper - element) }
                case .power(let p) where p != p.rounded(): sides.domain(element)
                case .power(let p) where p < 0: sides.kink(at: element)
                default: break
                }
            }
        case .binary(let f, let x, let y):
            switch f {
            case .divide: values[y].scalars.forEach { sides.kink(at: $0) }
            case .power: values[x].scalars.forEach { sides.domain($0) }
            case .maximum: (values[x].tensor - values[y].tensor).scalars.forEach { sides.kink(at: $0) }
            case .add, .subtract, .multiply: break
            }
        case .clamp(let x, let lower, let upper):
            for element in values[x].scalars {
                sides.kink(at: element - lower)
                sides.kink(at: upper - element)
            }
        case .reduce(let reduction, let x, let axes, _):
            let shape = values[x].type.shape ?? [], scalars = values[x].scalars
            let reduced = Set(axes.map { $0.map { ($0 + shape.count) % shape.count } } ?? Array(shape.indices))
            for slice in slicePositions(of: shape, along: reduced) {
                let elements = slice.map { scalars[$0] }
                switch reduction {
                case .max, .min:
                    let ordered = elements.indices.sorted {
                        reduction == .max ? elements[$0] > elements[$1] : elements[$0] < elements[$1]
                    }
                    let lead = ordered.count > 1 ? abs(elements[ordered[0]] - elements[ordered[1]]) : .infinity
                    sides.winner(ordered[0], lead: lead)
                case .norm: sides.domain(elements.reduce(0) { $0 + $1 * $1 }.squareRoot())
                case .sum, .mean, .logSumExp, .variance: break
                }
            }
        default:
            break
        }
        return sides
    }
}
