import Backprop

/// Seeded mutations that turn a valid input into the corrupt, truncated and hostile inputs a
/// reader must reject cleanly: the stacked byte mutations of AFL's "havoc" stage — bit flips,
/// interesting bytes and integers, inserted, deleted and duplicated ranges, truncation, splicing
/// with a second input — plus the tokens of the input's format.
///
/// The same seed, input and donor give the same result, so a failing input can be rebuilt from
/// its seed alone.
///
/// ```swift
/// var mutator = Mutator(seed: 7, tokens: MutationTokens.json)
/// let corrupted = mutator.mutated(validFile, donor: otherValidFile)
/// ```
struct Mutator {
    private var generator: SeededRandomNumberGenerator
    private let tokens: [[UInt8]]
    /// The longest input made, so that stacked duplications cannot grow an input without bound.
    let maximumLength: Int

    /// Bytes at the edges of signed and unsigned ranges, and the ASCII that delimits text formats.
    private static let interestingBytes: [UInt8] = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x0A, 0x20, 0x22, 0x27, 0x5C]
    /// Integers at the edges of 16-, 32- and 64-bit ranges: lengths and counts that overflow,
    /// wrap negative or point far past the end of the input.
    private static let interestingIntegers: [UInt64] = [
        0, 1, 7, 8, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x1_0000, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF,
        0x1_0000_0000, 0x7FFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0000, 0xFFFF_FFFF_FFFF_FFFF,
    ]

    init(seed: UInt64, tokens: [String], maximumLength: Int = 1 << 16) {
        generator = SeededRandomNumberGenerator(seed: seed)
        self.tokens = tokens.map { Array($0.utf8) }
        self.maximumLength = maximumLength
    }

    /// A random index below `bound`, which must be positive.
    mutating func index(below bound: Int) -> Int {
        Int(generator.next() % UInt64(bound))
    }

    /// `input` after one to eight stacked mutations, one in half the cases, two in a quarter...
    /// so that most inputs stay close enough to valid to reach the checks deep in a reader;
    /// `donor` supplies the tail of a splice.
    mutating func mutated(_ input: [UInt8], donor: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0...Swift.min(7, generator.next().trailingZeroBitCount) {
            mutate(&bytes, donor: donor)
        }
        return bytes.count > maximumLength ? Array(bytes.prefix(maximumLength)) : bytes
    }

    private mutating func mutate(_ bytes: inout [UInt8], donor: [UInt8]) {
        let position = index(below: bytes.count + 1)
        let atByte = position < bytes.count
        switch index(below: 11) {
        case 0 where atByte:
            bytes[position] ^= 1 << UInt8(index(below: 8))
        case 1 where atByte:
            bytes[position] = Self.interestingBytes[index(below: Self.interestingBytes.count)]
        case 2 where atByte:
            let step = UInt8(1 + index(below: 16))
            bytes[position] = index(below: 2) == 0 ? bytes[position] &+ step : bytes[position] &- step
        case 3:
            overwrite(&bytes, at: position, with: interestingInteger())
        case 4:
            let byte = index(below: 2) == 0 ? Self.interestingBytes[index(below: Self.interestingBytes.count)] : UInt8(truncatingIfNeeded: generator.next())
            bytes.insert(contentsOf: repeatElement(byte, count: rangeLength(limit: 256)), at: position)
        case 5 where atByte:
            bytes.removeSubrange(position..<(position + rangeLength(limit: bytes.count - position)))
        case 6 where atByte:
            let copy = Array(bytes[position..<(position + rangeLength(limit: bytes.count - position))])
            bytes.insert(contentsOf: copy, at: index(below: bytes.count + 1))
        case 7:
            bytes.removeSubrange(position...)
        case 8 where !donor.isEmpty:
            bytes = Array(bytes[..<position]) + donor[index(below: donor.count)...]
        case 9 where !tokens.isEmpty:
            bytes.insert(contentsOf: tokens[index(below: tokens.count)], at: position)
        case 10 where !tokens.isEmpty:
            overwrite(&bytes, at: position, with: tokens[index(below: tokens.count)])
        default:
            // The chosen mutation does not apply (an empty input, no donor): insert a random byte.
            bytes.insert(UInt8(truncatingIfNeeded: generator.next()), at: position)
        }
    }

    /// A length in 1...limit, usually short: long ranges are rare, as in AFL.
    private mutating func rangeLength(limit: Int) -> Int {
        let cap = index(below: 4) == 0 ? limit : Swift.min(limit, 8)
        return 1 + index(below: Swift.max(1, cap))
    }

    /// An interesting integer in 1, 2, 4 or 8 bytes, either byte order.
    private mutating func interestingInteger() -> [UInt8] {
        let value = Self.interestingIntegers[index(below: Self.interestingIntegers.count)]
        let width = 1 << index(below: 4)
        let littleEndian = (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        return index(below: 2) == 0 ? littleEndian : littleEndian.reversed()
    }

    /// Replaces the bytes from `position` with `replacement`, extending the input if needed.
    private func overwrite(_ bytes: inout [UInt8], at position: Int, with replacement: [UInt8]) {
        let end = Swift.min(bytes.count, position + replacement.count)
        bytes.replaceSubrange(position..<end, with: replacement)
    }
}
