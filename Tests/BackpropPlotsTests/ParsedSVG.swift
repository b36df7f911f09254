import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An SVG document read back with Foundation's XML parser: every element with its attributes,
/// its text and the `class` attributes of the groups around it.
final class ParsedSVG: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var enclosingClasses: [String]
        var text = ""
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []

    /// The parsed document, or nil when the text is not well-formed XML.
    static func parse(_ svg: String) -> ParsedSVG? {
        let document = ParsedSVG()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = document
        return parser.parse() ? document : nil
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let classes = open.compactMap { elements[$0].attributes["class"] }
        elements.append(Element(name: elementName, attributes: attributes, enclosingClasses: classes))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let current = open.last { elements[current].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }

    /// The elements called `name` inside a group of class `group` (anywhere when nil).
    func elements(_ name: String, in group: String? = nil) -> [Element] {
        elements.filter { $0.name == name && (group.map($0.enclosingClasses.contains) ?? true) }
    }

    /// The tick labels of an axis group (`x-axis` or `y-axis`).
    func tickLabels(_ axis: String) -> [String] {
        elements("text", in: axis).map(\.text)
    }

    /// The number of `M` (move-to) commands in a path: its separate pieces.
    static func pieces(of path: Element) -> Int {
        (path.attributes["d"] ?? "").filter { $0 == "M" }.count
    }

    /// The rectangles `Mleft,topHrightVbottomHleftz` of a shading path.
    static func rectangles(of path: Element) -> [(left: Double, top: Double, right: Double, bottom: Double)] {
        (path.attributes["d"] ?? "").split(separator: "z").compactMap { piece in
            let numbers = piece.split(whereSeparator: { "MHV,".contains($0) }).compactMap { Double($0) }
            return numbers.count == 5 ? (numbers[0], numbers[1], numbers[2], numbers[3]) : nil
        }
    }

    /// The fill colours of the decision-region shades.
    var shadeFills: [String] {
        elements("path", in: "regions").filter { $0.attributes["class"] == "shade" }.compactMap { $0.attributes["fill"] }
    }

    /// The coordinates in a path made of `M` and `L` commands.
    static func coordinates(of path: Element) -> [(Double, Double)] {
        let d = path.attributes["d"] ?? ""
        return d.split(whereSeparator: { $0 == "M" || $0 == "L" }).compactMap { pair in
            let parts = pair.split(separator: ",")
            guard parts.count == 2, let x = Double(parts[0]), let y = Double(parts[1]) else { return nil }
            return (x, y)
        }
    }
}

extension ParsedSVG {
    /// The document `svg`, or an issue recorded and an error thrown when it is not well-formed XML.
    static func of(_ svg: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> ParsedSVG {
        try #require(parse(svg), "not well-formed XML:\n\(svg)", sourceLocation: sourceLocation)
    }
}
