/// The tokens a ``Mutator`` splices into inputs of each format: pieces of syntax, keys and
/// values the reader gives meaning to, and numbers at the edges of what it accepts. Random bytes
/// rarely form `"data_offsets"` or `1e999`; these put them in front of the reader's checks.
enum MutationTokens {
    /// JSON, for safetensors headers: structure, the header's keys and dtypes, and numbers that
    /// are huge, negative zero, fractional or past `Int`.
    static let json = [
        "{", "}", "[", "]", "\"", ",", ":", " ", "\\", "\\u0000", "\\ud800", "\\udc00", "\\u00e9", "null", "true", "false",
        "1e999", "-0", "0.5", "-1", "1E2", "9223372036854775807", "9223372036854775808", "18446744073709551616",
        "\"dtype\"", "\"shape\"", "\"data_offsets\"", "\"__metadata__\"", "\"F32\"", "\"F64\"", "\"F16\"", "\"BF16\"",
        "\"F8_E4M3\"", "\"I64\"", "\"U8\"", "\"BOOL\"", "[]", "{}", "[0,0]", "[0, 4]",
    ]

    /// Python literals, for `.npy` headers: dict and tuple syntax, the header's keys, type
    /// descriptions in every byte order, and integers NumPy never writes.
    static let pythonLiteral = [
        "{", "}", "(", ")", "[", "]", "'", "\"", ",", ":", " ", "\n", "\\", "\\x00", "True", "False", "None",
        "'descr'", "'fortran_order'", "'shape'", "'<f4'", "'>f8'", "'<f2'", "'|b1'", "'<i8'", "'>u2'", "'|u1'", "'<c8'",
        "'|O'", "[('a', '<f4')]", "()", "(0,)", "(1,)", "1L", "-0", "-1", "0x10", "9223372036854775807",
        "9223372036854775808", "18446744073709551616",
    ]

    /// The expression language: operators in ASCII and Unicode, parentheses, digits and number
    /// shapes, names, the functions, and characters outside the language.
    static let expression = [
        "+", "-", "*", "/", "^", "·", "×", "−", "÷", "(", ")", ",", "((", "))", " ", "\t", "\n",
        "0", "1", "2", "9", ".", ".5", "2.", "e", "E", "1e-3", "1e", "1e+", "1e999", "1e-400", "4.9e-324", "-0",
        "x", "w", "b", "θ", "_", "x_1", "é", "e\u{301}", "\u{301}", "\u{6E1}", "x\u{200B}", "😀", "$", "=", "?", "²", "٣",
        "exp(", "log(", "sin(", "cos(", "tan(", "tanh(", "sqrt(", "abs(", "relu(", "sigmoid(", "pow(", "max(", "min(",
        "cosh(", "x)", "(x, y)",
    ]
}
