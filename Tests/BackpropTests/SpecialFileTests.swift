#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Testing
@testable import Backprop

/// What reading the tensor files at `paths` as safetensors and as `.npy` throws, one line per
/// attempt: the error's kind and message, or "loaded" when nothing was thrown.
private func readingErrors(_ paths: [String]) -> [String] {
    paths.flatMap { path in
        let url = URL(fileURLWithPath: path)
        return [fileError { _ = try SafetensorsFile(contentsOf: url) }, fileError { _ = try NpyFile(contentsOf: url) }]
            .map { $0.map { "\($0.kind): \($0)" } ?? "loaded" }
    }
}

@Suite("Tensor files that are not regular files, or whose header claims more than the file holds")
struct SpecialFileTests {
    @Test("a named pipe without a writer and /dev/zero are refused at once as not regular files, in a child process with a time limit")
    func pipesAndDevicesAreRefused() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fifo = directory.appendingPathComponent("weights.safetensors").path
        try #require(mkfifo(fifo, 0o600) == 0)
        // A hang (opening the FIFO) or reading /dev/zero until memory runs out ends the child
        // with SIGALRM or a crash, which fails the exit test.
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) { [fifo = fifo as String] in
            alarm(20)
            print(readingErrors([fifo, "/dev/zero"]).joined(separator: "\n"))
        }
        let lines = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 4)
        for (index, line) in lines.enumerated() {
            let path = index < 2 ? fifo : "/dev/zero"
            let kind = index < 2 ? "a named pipe (FIFO)" : "a character device"
            #expect(line.hasPrefix("unreadable: \(path): it is \(kind)"), "\(line)")
            #expect(line.contains("not a regular file"), "\(line)")
        }
    }

    @Test("a header length or a data size larger than the file is refused before anything that large is read")
    func claimsBeyondTheFileAreRefused() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let safetensors = directory.appendingPathComponent("huge-header.safetensors")
        try Data([0, 0, 0, 0, 0, 0, 0, 0x40] + Array("{}".utf8)).write(to: safetensors)
        let header = fileError { _ = try SafetensorsFile(contentsOf: safetensors) }
        #expect(header?.kind == .truncated)
        #expect(header?.description.contains("the header length field says 4611686018427387904 bytes, but only 2 bytes follow it") == true)

        let npy = directory.appendingPathComponent("huge-array.npy")
        let dictionary = "{'descr': '<f4', 'fortran_order': False, 'shape': (1152921504606846976,), }"
        try Data(NpyFile.magic + [1, 0, UInt8(dictionary.utf8.count), 0] + Array(dictionary.utf8)).write(to: npy)
        let data = fileError { _ = try NpyFile(contentsOf: npy) }
        #expect(data?.kind == .truncated)
        #expect(data?.description.contains("the data is 0 bytes long, but shape [1152921504606846976]") == true)
    }

    @Test("a regular file is read in parts: a directory is refused, a valid file loads")
    func regularFilesLoad() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let refused = fileError { _ = try SafetensorsFile(contentsOf: directory) }
        #expect(refused?.description.contains("it is a directory, not a regular file") == true)
        let url = directory.appendingPathComponent("x.safetensors")
        try SafetensorsFile.save(["x": Tensor<Float>([1, 2, 3])], metadata: ["k": "v"], to: url)
        let file = try SafetensorsFile(contentsOf: url)
        #expect(file.metadata == ["k": "v"])
        #expect(try file.tensor(named: "x", as: Float.self).scalars == [1, 2, 3])
        let npy = directory.appendingPathComponent("x.npy")
        try NpyFile.save(Tensor<Double>([4, 5]), to: npy)
        #expect(try NpyFile.load(Double.self, from: npy).scalars == [4, 5])
    }
}
