import Backprop
import Foundation

/// The largest digits file read: 64 MiB holds about 300,000 images.
private let maximumDigitsFileSize = 64 << 20

extension Dataset {
    /// The number of images in the bundled digits data.
    static var digitsCount: Int { 1797 }

    /// The 8×8 handwritten digits bundled with BackpropNN: 1,797 images of the digits 0–9 from
    /// the UCI Optical Recognition of Handwritten Digits data set (Alpaydin & Kaynak, 1998,
    /// CC BY 4.0, via scikit-learn's `load_digits`; see `Resources/DIGITS-LICENSE.md`). Read
    /// from the package's resources, with no network.
    ///
    /// Each pixel is the count of ink dots (0…16) in a 4×4 block of a 32×32 bitmap, divided by
    /// 16 so that inputs lie in [0, 1]. The inputs are [1797, 64] (row-major pixels), or with
    /// `asImages` [1797, 1, 8, 8] images with one channel, ready for a convolution. Labels are
    /// the digits 0…9 (``classCount`` is 10), in the file's order.
    ///
    /// ```swift
    /// let digits = try Dataset<Float>.digits()
    /// digits.inputs.shape    // [1797, 64]
    /// digits.classCounts     // [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    /// let images = try Dataset<Float>.digits(asImages: true)
    /// images.inputs.shape    // [1797, 1, 8, 8]
    /// ```
    ///
    /// - Throws: ``DatasetError`` when the resource is missing, unreadable or damaged.
    public static func digits(asImages: Bool = false) throws -> Dataset {
        guard let url = Bundle.module.url(forResource: "digits", withExtension: "csv") else {
            throw DatasetError(
                .unreadableFile, source: "digits.csv", problem: "the resource is missing from BackpropNN's bundle",
                fix: "Rebuild the package; Package.swift must declare resources: [.copy(\"Resources/digits.csv\")]")
        }
        let digits = try digits(contentsOf: url, asImages: asImages)
        guard digits.count == digitsCount else {
            throw DatasetError(
                .malformedData, source: url.path, problem: "the bundled file has \(digits.count) images instead of \(digitsCount)",
                fix: "Restore Sources/BackpropNN/Resources/digits.csv from the repository")
        }
        return digits
    }

    /// Handwritten digits in the format of the bundled `digits.csv` and of UCI's `optdigits.tra`
    /// and `optdigits.tes`: one image per line, 64 comma-separated pixel counts in 0…16 (row by
    /// row) and then the digit 0…9. Pixels are divided by 16; see ``digits(asImages:)``.
    ///
    /// ```swift
    /// let training = try Dataset<Float>.digits(contentsOf: URL(fileURLWithPath: "optdigits.tra"))
    /// ```
    ///
    /// Blank lines and `\r\n` line ends are accepted; anything else out of place throws. Only a
    /// regular file of at most 64 MiB is read (a device or a named pipe is refused at once).
    ///
    /// - Throws: ``DatasetError`` when the file cannot be read (`.unreadableFile`), or when a
    ///   line does not hold 65 values, a value is not an integer in range, or there is no
    ///   image at all (`.malformedData`, naming the line).
    public static func digits(contentsOf url: URL, asImages: Bool = false) throws -> Dataset {
        let bytes: Data
        do throws(TensorFileError) {
            var file = try RegularFile(openingForReading: url.path)
            bytes = try file.contents(limit: maximumDigitsFileSize)
        } catch {
            throw DatasetError(.unreadableFile, source: url.path, problem: error.problem, fix: error.fix)
        }
        let (pixels, labels) = try DigitsParser.parse([UInt8](bytes), source: url.lastPathComponent)
        let digits = Dataset(
            inputs: Tensor(pixels.map { Element($0) / 16 }, shape: [labels.count, 64]), labels: labels, targets: nil, classCount: 10)
        return asImages ? digits.reshapingSamples(to: [1, 8, 8]) : digits
    }

    /// The bundled digits split into training and test sets, stratified by digit and the same on
    /// every machine: by default 1,438 training and 359 test images (35 to 37 of each digit).
    /// See ``digits(asImages:)`` and ``split(testFraction:seed:stratified:)``.
    ///
    /// ```swift
    /// let (train, test) = try Dataset<Float>.digitsSplit()
    /// (train.count, test.count)   // (1438, 359)
    /// ```
    ///
    /// - Throws: ``DatasetError`` when the resource is missing, unreadable or damaged.
    public static func digitsSplit(
        testFraction: Double = 0.2, seed: UInt64 = 0, asImages: Bool = false
    ) throws -> (train: Dataset, test: Dataset) {
        try digits(asImages: asImages).split(testFraction: testFraction, seed: seed, stratified: true)
    }
}

/// The parser of the digits CSV format: 64 pixel counts and a label per line.
enum DigitsParser {
    /// The pixels (row-major, 64 per image, 0…16) and labels of `bytes`; throws a
    /// ``DatasetError`` naming `source` and the line of the first problem.
    static func parse(_ bytes: [UInt8], source: String) throws -> (pixels: [Int], labels: [Int]) {
        var pixels = [Int](), labels = [Int]()
        pixels.reserveCapacity(bytes.count / 3)
        for (offset, rawLine) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let line = offset + 1
            var content = rawLine[...]
            if content.last == UInt8(ascii: "\r") { content = content.dropLast() }
            if content.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
            let fields = content.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            guard fields.count == 65 else {
                throw DatasetError(
                    .malformedData, source: source, line: line,
                    problem: "expected 65 comma-separated values (64 pixels, then the label), found \(fields.count)",
                    fix: "Give each image one line of 64 pixel counts in 0...16 followed by its digit")
            }
            for (column, field) in fields.enumerated() {
                let isLabel = column == 64
                guard let value = integer(field), (0...(isLabel ? 9 : 16)).contains(value) else {
                    let text = String(decoding: field, as: UTF8.self)
                    throw DatasetError(
                        .malformedData, source: source, line: line,
                        problem: isLabel
                            ? "the label \"\(text)\" is not a digit 0...9"
                            : "pixel \(column) is \"\(text)\", not an integer count in 0...16",
                        fix: "Use integers: pixel counts in 0...16 and a last value 0...9")
                }
                if isLabel { labels.append(value) } else { pixels.append(value) }
            }
        }
        guard !labels.isEmpty else {
            throw DatasetError(
                .malformedData, source: source, problem: "the file holds no image",
                fix: "Pass a file with one line per image: 64 pixel counts and the digit")
        }
        return (pixels, labels)
    }

    /// The value of a field holding a small non-negative integer, optionally written with a
    /// fractional part of zeros (`5`, `5.0`) and surrounded by spaces; nil for anything else.
    private static func integer(_ field: ArraySlice<UInt8>) -> Int? {
        var text = field.drop { $0 == UInt8(ascii: " ") }
        while text.last == UInt8(ascii: " ") { text = text.dropLast() }
        if let point = text.firstIndex(of: UInt8(ascii: ".")) {
            guard text[(point + 1)...].allSatisfy({ $0 == UInt8(ascii: "0") }) else { return nil }
            text = text[..<point]
        }
        guard !text.isEmpty, text.count <= 4 else { return nil }
        var value = 0
        for byte in text {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
