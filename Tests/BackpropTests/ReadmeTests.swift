import Foundation
import Testing
@testable import Backprop

@Suite("The README documents what the code does")
struct ReadmeTests {
    private var readme: String? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try? String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    }

    @Test("every BackpropError kind has a row in the README's table of errors")
    func everyErrorKindIsDocumented() throws {
        let text = try #require(readme, "README.md is next to Package.swift")
        for kind in BackpropError.Kind.allCases {
            #expect(text.contains("| `\(kind.rawValue)` |"), "README.md has no row for BackpropError.Kind.\(kind.rawValue)")
        }
    }
}
