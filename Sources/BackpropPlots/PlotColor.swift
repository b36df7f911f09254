/// An sRGB colour of a plot, with the Okabe–Ito palette, which people with any common form of
/// colour blindness can tell apart.
///
/// Series and classes without a colour of their own take ``palette`` colours in order: class 0
/// blue, class 1 vermillion, class 2 bluish green, and so on.
///
/// ```swift
/// var plot = Plot(title: "Loss")
/// plot.addLine(trainLosses, label: "train", color: .blue)
/// plot.addLine(testLosses, label: "test", color: PlotColor(red: 120, green: 120, blue: 120))
/// PlotColor.vermillion.hexString   // "#d55e00"
/// ```
public struct PlotColor: Hashable, Sendable, CustomStringConvertible {
    /// The red component, 0–255.
    public var red: UInt8
    /// The green component, 0–255.
    public var green: UInt8
    /// The blue component, 0–255.
    public var blue: UInt8

    /// A colour of the given sRGB components.
    ///
    /// ```swift
    /// let grey = PlotColor(red: 128, green: 128, blue: 128)
    /// ```
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// The colour as SVG and CSS write it: `#` and six lowercase hexadecimal digits.
    ///
    /// ```swift
    /// PlotColor.blue.hexString   // "#0072b2"
    /// ```
    public var hexString: String {
        let digits = Array("0123456789abcdef")
        var text = "#"
        for component in [red, green, blue] {
            text.append(digits[Int(component >> 4)])
            text.append(digits[Int(component & 15)])
        }
        return text
    }

    /// The colour as ``hexString``.
    public var description: String { hexString }

    /// Okabe–Ito blue, `#0072b2`: the first series and class 0.
    public static let blue = PlotColor(red: 0, green: 114, blue: 178)
    /// Okabe–Ito vermillion, `#d55e00`: the second series and class 1.
    public static let vermillion = PlotColor(red: 213, green: 94, blue: 0)
    /// Okabe–Ito bluish green, `#009e73`: the third series and class 2.
    public static let bluishGreen = PlotColor(red: 0, green: 158, blue: 115)
    /// Okabe–Ito orange, `#e69f00`: the fourth series and class 3.
    public static let orange = PlotColor(red: 230, green: 159, blue: 0)
    /// Okabe–Ito reddish purple, `#cc79a7`: the fifth series and class 4.
    public static let reddishPurple = PlotColor(red: 204, green: 121, blue: 167)
    /// Okabe–Ito sky blue, `#56b4e9`: the sixth series and class 5.
    public static let skyBlue = PlotColor(red: 86, green: 180, blue: 233)
    /// Okabe–Ito yellow, `#f0e442`: the seventh series and class 6.
    public static let yellow = PlotColor(red: 240, green: 228, blue: 66)
    /// Black, `#000000`: the eighth series and class 7.
    public static let black = PlotColor(red: 0, green: 0, blue: 0)
    /// White, `#ffffff`: the background.
    public static let white = PlotColor(red: 255, green: 255, blue: 255)

    /// The Okabe–Ito palette in the order series and classes use it.
    ///
    /// ```swift
    /// PlotColor.palette.count   // 8
    /// ```
    public static let palette: [PlotColor] = [.blue, .vermillion, .bluishGreen, .orange, .reddishPurple, .skyBlue, .yellow, .black]

    /// The palette colour of series or class `index`, starting over after the last.
    ///
    /// ```swift
    /// PlotColor.palette(1)   // .vermillion
    /// PlotColor.palette(9)   // .vermillion
    /// ```
    public static func palette(_ index: Int) -> PlotColor {
        let count = palette.count
        return palette[((index % count) + count) % count]
    }

    /// This colour moved towards `other` by `fraction` (0 keeps this colour, 1 gives `other`).
    func mixed(with other: PlotColor, fraction: Double) -> PlotColor {
        let t = Swift.min(1, Swift.max(0, fraction))
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded()) }
        return PlotColor(red: mix(red, other.red), green: mix(green, other.green), blue: mix(blue, other.blue))
    }
}
