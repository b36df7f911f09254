extension SafetensorsFile {
    /// The data type of a tensor in a safetensors file, as its header spells it (`"F32"`).
    ///
    /// `Float` tensors are stored as ``float32`` and `Double` tensors as ``float64``; the other
    /// types can be read with conversion:
    ///
    /// ```swift
    /// let file = try SafetensorsFile(contentsOf: url)
    /// if file.entries.first?.dataType == .bfloat16 {
    ///     let weights = try file.tensors(as: Float.self, allowingConversion: true)
    /// }
    /// ```
    public enum DataType: String, Equatable, Hashable, Sendable, CaseIterable, CustomStringConvertible {
        /// Booleans, one byte each: 0 is false, anything else true.
        case bool = "BOOL"
        /// Unsigned 8-bit integers.
        case uint8 = "U8"
        /// Signed 8-bit integers.
        case int8 = "I8"
        /// Unsigned 16-bit integers.
        case uint16 = "U16"
        /// Signed 16-bit integers.
        case int16 = "I16"
        /// Unsigned 32-bit integers.
        case uint32 = "U32"
        /// Signed 32-bit integers.
        case int32 = "I32"
        /// Unsigned 64-bit integers.
        case uint64 = "U64"
        /// Signed 64-bit integers.
        case int64 = "I64"
        /// 8-bit floats with 4 exponent and 3 mantissa bits (the finite `E4M3FN` variant).
        case float8E4M3 = "F8_E4M3"
        /// 8-bit floats with 5 exponent and 2 mantissa bits.
        case float8E5M2 = "F8_E5M2"
        /// IEEE 754 half precision.
        case float16 = "F16"
        /// bfloat16: the top half of a `Float`.
        case bfloat16 = "BF16"
        /// IEEE 754 single precision, `Float`.
        case float32 = "F32"
        /// IEEE 754 double precision, `Double`.
        case float64 = "F64"

        /// The size of one element in bytes.
        public var byteCount: Int { storedType.byteCount }

        /// The header spelling, `F32`.
        public var description: String { rawValue }

        /// The data type that stores `Element` exactly: ``float32`` for `Float`, ``float64`` for
        /// `Double`; nil for another element type.
        public static func exact<Element: TensorElement>(for type: Element.Type) -> DataType? {
            switch StoredScalarType.exact(for: type) {
            case .float32?: .float32
            case .float64?: .float64
            default: nil
            }
        }

        var storedType: StoredScalarType {
            switch self {
            case .bool: .bool
            case .uint8: .uint8
            case .int8: .int8
            case .uint16: .uint16
            case .int16: .int16
            case .uint32: .uint32
            case .int32: .int32
            case .uint64: .uint64
            case .int64: .int64
            case .float8E4M3: .float8E4M3
            case .float8E5M2: .float8E5M2
            case .float16: .float16
            case .bfloat16: .bfloat16
            case .float32: .float32
            case .float64: .float64
            }
        }
    }
}
