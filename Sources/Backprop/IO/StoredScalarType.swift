#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The numeric format of the scalars stored in a tensor file, shared by the safetensors and
/// `.npy` readers, with the conversion of stored bytes into tensor elements.
enum StoredScalarType: Equatable, Sendable, CaseIterable {
    case bool, uint8, int8, uint16, int16, uint32, int32, uint64, int64
    case float8E4M3, float8E5M2, float16, bfloat16, float32, float64

    /// The size of one scalar in bytes.
    var byteCount: Int {
        switch self {
        case .bool, .uint8, .int8, .float8E4M3, .float8E5M2: 1
        case .uint16, .int16, .float16, .bfloat16: 2
        case .uint32, .int32, .float32: 4
        case .uint64, .int64, .float64: 8
        }
    }

    /// The stored type whose scalars are exactly the values of `Element` (`float32` for
    /// `Float`, `float64` for `Double`), or nil for another element type.
    static func exact<Element: TensorElement>(for type: Element.Type) -> StoredScalarType? {
        if Element.self == Float.self { return .float32 }
        if Element.self == Double.self { return .float64 }
        return nil
    }

    /// Writes `count` scalars stored from `source` in the given byte order into `destination`,
    /// converted to `Element` (rounded to nearest where `Element` has fewer digits). Scalars of
    /// the exact type keep their bits, NaN payloads included.
    func decode<Element: TensorElement>(
        from source: UnsafeRawPointer, count: Int, bigEndian: Bool, into destination: UnsafeMutablePointer<Element>
    ) {
        guard count > 0 else { return }
        let hostIsBigEndian = 1.bigEndian == 1
        if self == StoredScalarType.exact(for: Element.self) && MemoryLayout<Element>.size == byteCount {
            if bigEndian == hostIsBigEndian {
                memcpy(UnsafeMutableRawPointer(destination), source, count * byteCount)
            } else {
                let target = UnsafeMutableRawPointer(destination)
                if byteCount == 4 {
                    for index in 0..<count {
                        let raw = source.loadUnaligned(fromByteOffset: index &* 4, as: UInt32.self)
                        target.storeBytes(of: raw.byteSwapped, toByteOffset: index &* 4, as: UInt32.self)
                    }
                } else {
                    for index in 0..<count {
                        let raw = source.loadUnaligned(fromByteOffset: index &* 8, as: UInt64.self)
                        target.storeBytes(of: raw.byteSwapped, toByteOffset: index &* 8, as: UInt64.self)
                    }
                }
            }
            return
        }
        func load<T: FixedWidthInteger>(_ index: Int, as _: T.Type) -> T {
            let raw = source.loadUnaligned(fromByteOffset: index &* MemoryLayout<T>.size, as: T.self)
            return bigEndian ? T(bigEndian: raw) : T(littleEndian: raw)
        }
        // Every stored value but a 64-bit integer is exact as a Double, so one rounding to
        // Element follows; 64-bit integers are rounded to Element directly.
        func fill(_ value: (Int) -> Double) {
            let target = UnsafeMutableRawPointer(destination)
            if Element.self == Float.self {
                let floats = target.assumingMemoryBound(to: Float.self)
                for index in 0..<count { floats[index] = Float(value(index)) }
            } else if Element.self == Double.self {
                let doubles = target.assumingMemoryBound(to: Double.self)
                for index in 0..<count { doubles[index] = value(index) }
            } else {
                for index in 0..<count { destination[index] = Element(value(index)) }
            }
        }
        switch self {
        case .bool: fill { load($0, as: UInt8.self) == 0 ? 0 : 1 }
        case .uint8: fill { Double(load($0, as: UInt8.self)) }
        case .int8: fill { Double(Int8(bitPattern: load($0, as: UInt8.self))) }
        case .uint16: fill { Double(load($0, as: UInt16.self)) }
        case .int16: fill { Double(load($0, as: Int16.self)) }
        case .uint32: fill { Double(load($0, as: UInt32.self)) }
        case .int32: fill { Double(load($0, as: Int32.self)) }
        case .uint64: for index in 0..<count { destination[index] = Element(load(index, as: UInt64.self)) }
        case .int64: for index in 0..<count { destination[index] = Element(load(index, as: Int64.self)) }
        case .float8E4M3: fill { StoredScalarType.float8E4M3ToDouble(load($0, as: UInt8.self)) }
        case .float8E5M2: fill { StoredScalarType.float16ToDouble(UInt16(load($0, as: UInt8.self)) << 8) }
        case .float16: fill { StoredScalarType.float16ToDouble(load($0, as: UInt16.self)) }
        case .bfloat16: fill { Double(Float(bitPattern: UInt32(load($0, as: UInt16.self)) << 16)) }
        case .float32: fill { Double(Float(bitPattern: load($0, as: UInt32.self))) }
        case .float64: fill { Double(bitPattern: load($0, as: UInt64.self)) }
        }
    }

    /// The value of an IEEE 754 binary16 bit pattern.
    static func float16ToDouble(_ bits: UInt16) -> Double {
        let sign: Double = bits & 0x8000 == 0 ? 1 : -1
        let exponent = Int((bits >> 10) & 0x1F), mantissa = Double(bits & 0x3FF)
        switch exponent {
        case 0: return sign * mantissa * 0x1p-24
        case 31: return mantissa == 0 ? sign * .infinity : .nan
        default: return sign * (1 + mantissa * 0x1p-10) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }

    /// The value of an 8-bit float with 4 exponent bits (bias 7) and 3 mantissa bits, in the
    /// `E4M3FN` variant that safetensors and PyTorch use: no infinities, `S.1111.111` is NaN.
    static func float8E4M3ToDouble(_ bits: UInt8) -> Double {
        let sign: Double = bits & 0x80 == 0 ? 1 : -1
        let exponent = Int((bits >> 3) & 0x0F), mantissa = Double(bits & 0x07)
        if exponent == 15 && bits & 0x07 == 0x07 { return .nan }
        if exponent == 0 { return sign * mantissa * 0x1p-9 }
        return sign * (1 + mantissa / 8) * Double(sign: .plus, exponent: exponent - 7, significand: 1)
    }
}
