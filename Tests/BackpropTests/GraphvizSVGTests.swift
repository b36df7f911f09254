#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
@testable import Backprop

@Suite("Pictures of graphs: their size, and a dot that fails")
struct GraphvizSVGTests {
    @Test("a picture wider than 640 points is scaled down, height with it, and shrinks to its container")
    func widePicturesAreScaledDown() {
        let wide = #"<svg width="1971pt" height="116pt""# + "\n" + #" viewBox="0.00 0.00 1971.06 116.25" xmlns="http://www.w3.org/2000/svg">"#
        let fitted = GraphvizSVG.fittingWidth(wide)
        let scaled = 116 * 640 / 1971.0
        #expect(fitted.hasPrefix("<svg width=\"640pt\" height=\"\((scaled * 100).rounded() / 100)pt\" style=\"max-width: 100%; height: auto\""))
        #expect(fitted.hasSuffix(#" viewBox="0.00 0.00 1971.06 116.25" xmlns="http://www.w3.org/2000/svg">"#))
        #expect(GraphvizSVG.fittingWidth(#"<svg width="300pt" height="80pt">"#) == #"<svg width="300pt" height="80pt" style="max-width: 100%; height: auto">"#)
        #expect(GraphvizSVG.fittingWidth("not a picture") == "not a picture")
    }

    @Test("a dot that exits without reading the graph is a GraphvizError, not SIGPIPE, in a child process")
    func failingDotIsAnError() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("fake-dot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let dot = directory.appendingPathComponent("dot")
        try "#!/bin/sh\necho 'cannot draw' >&2\nexit 3\n".write(to: dot, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dot.path)
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) { [path = directory.path as String] in
            setenv("PATH", path, 1)
            alarm(20)
            // A long graph: more DOT text than a pipe holds.
            var x = Variable(1.0).named("x")
            for _ in 0..<2_000 { x = sin(x) }
            do {
                _ = try x.graph.renderSVG()
                print("drawn")
            } catch {
                print(error)
            }
        }
        let output = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self)
        #expect(output == "renderSVG: dot exited with status 3: cannot draw\n\n", "\(output)")
    }
}
