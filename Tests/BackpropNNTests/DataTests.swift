#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Backprop
import BackpropNN
import Foundation
import Testing

@Suite("Datasets, batching, generators and the digits")
struct DataTests {
    /// Ten samples whose inputs name their index: row i is [i, 100 + i]; label i mod 3.
    private let numbered = Dataset<Double>(
        inputs: Tensor((0..<10).flatMap { [Double($0), Double(100 + $0)] }, shape: [10, 2]),
        labels: (0..<10).map { $0 % 3 })

    // MARK: Dataset

    @Test("a dataset knows its count, sample shape, class count and class counts")
    func basics() {
        #expect(numbered.count == 10 && numbered.sampleShape == [2])
        #expect(numbered.classCount == 3 && numbered.classCounts == [4, 3, 3])
        let regression = Dataset<Double>(inputs: .zeros([5, 3]), targets: .ones([5, 1]))
        #expect(regression.labels == nil && regression.classCount == 0 && regression.classCounts == [])
        #expect(regression.targets?.shape == [5, 1])
    }

    @Test("a subset takes the rows, labels and targets at the indices, in order, and keeps the class count")
    func subset() {
        let data = Dataset<Double>(inputs: numbered.inputs, labels: numbered.labels, targets: numbered.inputs * 2)
        let picked = data.subset(at: [7, 2, 7])
        #expect(picked.inputs.scalars == [7, 107, 2, 102, 7, 107])
        #expect(picked.labels == [1, 2, 1] && picked.classCount == 3)
        #expect(picked.targets?.scalars == [14, 214, 4, 204, 14, 214])
        let none = data.subset(at: [])
        #expect(none.count == 0 && none.inputs.shape == [0, 2] && none.labels == [])
    }

    @Test("misuse is a BackpropError naming the operation and the values")
    func misuse() {
        func message(_ body: () -> Void) -> String? {
            do { try withErrorChecking(body) } catch let error as BackpropError { return error.description } catch { return nil }
            return nil
        }
        #expect(message { _ = Dataset<Double>(inputs: .zeros([3, 2]), labels: [0, 1]) }?
            .hasPrefix("Dataset(inputs:labels:targets:): 2 labels for 3 samples") == true)
        #expect(message { _ = Dataset<Double>(inputs: .zeros([3, 2]), labels: [0, -1, 1]) }?.contains("negative") == true)
        #expect(message { _ = Dataset<Double>(inputs: .zeros([3, 2]), targets: .zeros([2, 1])) }?.contains("targets of shape [2, 1]") == true)
        #expect(message { _ = numbered.subset(at: [3, 10]) }?.hasPrefix("Dataset.subset(at:): index 10 at position 1") == true)
        #expect(message { _ = numbered.batches(size: 0) }?.contains("batch size 0 is less than 1") == true)
        #expect(message { _ = Dataset<Float>(inputs: .zeros([1, 2]), labels: [Int.max]) }?
            .hasPrefix("Dataset(inputs:labels:targets:): label 9223372036854775807 of sample 0 is Int.max, so the class count") == true)
        #expect(message { _ = numbered.batches(size: 3)[4] }?.contains("batch 4 is out of range for 4 batches") == true)
        #expect(message { _ = numbered.split(testFraction: 1.5, seed: 1) }?.contains("test fraction 1.5 is not in 0...1") == true)
        let unlabelled = Dataset<Double>(inputs: .zeros([4, 1]))
        #expect(message { _ = unlabelled.split(testFraction: 0.5, seed: 1, stratified: true) }?.contains("needs labels") == true)
        #expect(message { _ = unlabelled.withOneHotTargets() }?.contains("no labels") == true)
        #expect(message { _ = Dataset<Float>(inputs: .zeros([2, 1]), labels: [0, Int.max - 1]).withOneHotTargets() }?
            .contains("2 samples × 9223372036854775807 classes overflows Int") == true)
        #expect(message { _ = numbered.reshapingSamples(to: [3]) }?.contains("cannot be reshaped to [3]") == true)
        #expect(message { _ = Dataset<Double>.moons(count: -1) }?.contains("count -1 is negative") == true)
        #expect(message { _ = Dataset<Double>.spirals(armCount: 0) }?.contains("0 arms") == true)
        #expect(message { _ = Dataset<Double>.xor(noise: -.infinity) }?.contains("noise") == true)
    }

    @Test("one-hot targets put a 1 at each label")
    func oneHot() {
        let encoded = Dataset<Double>.xor().withOneHotTargets()
        #expect(encoded.targets?.shape == [4, 2])
        #expect(encoded.targets?.scalars == [1, 0, 0, 1, 0, 1, 1, 0])
    }

    // MARK: Batching

    @Test("batches have the requested size, the last one partial unless dropped", arguments: [false, true])
    func batchSizes(shuffle: Bool) {
        let epoch = numbered.batches(size: 3, shuffle: shuffle, seed: 9)
        #expect(epoch.count == 4 && epoch.map(\.count) == [3, 3, 3, 1])
        let dropped = numbered.batches(size: 3, shuffle: shuffle, seed: 9, dropLast: true)
        #expect(dropped.count == 3 && dropped.map(\.count) == [3, 3, 3])
        #expect(numbered.batches(size: 5).map(\.count) == [5, 5])
        #expect(numbered.batches(size: 5, dropLast: true).count == 2)
        #expect(numbered.batches(size: 25).map(\.count) == [10])
        let whole = numbered.batches(size: Int.max, shuffle: shuffle, seed: 9)
        #expect(whole.count == 1 && whole.map(\.count) == [10])
        #expect(numbered.batches(size: Int.max, dropLast: true).isEmpty)
        #expect(numbered.batches(size: 25, dropLast: true).isEmpty)
        #expect(numbered.subset(at: []).batches(size: 4).isEmpty)
    }

    @Test("batch, mini-batch and stochastic gradient descent are batch sizes N, B and 1 of the same loop")
    func batchSizesOfTheThreeDescents() {
        #expect(numbered.batches(size: numbered.count).count == 1)
        #expect(numbered.batches(size: 4, shuffle: true, seed: 1).map(\.count) == [4, 4, 2])
        #expect(numbered.batches(size: 1, shuffle: true, seed: 1).count == 10)
        #expect(numbered.batches(size: 1).map(\.indices) == (0..<10).map { [$0] })
    }

    @Test("every sample appears exactly once per epoch, and a batch holds the rows and labels of its indices",
          arguments: [1, 3, 4, 10])
    func coverage(size: Int) {
        for (shuffle, epoch) in [(false, 0), (true, 0), (true, 1), (true, 7)] {
            let batches = numbered.batches(size: size, shuffle: shuffle, seed: 2024, epoch: epoch)
            #expect(batches.flatMap(\.indices).sorted() == Array(0..<10))
            for batch in batches {
                #expect(batch.inputs.shape == [batch.count, 2])
                #expect(batch.inputs.scalars == batch.indices.flatMap { [Double($0), Double(100 + $0)] })
                #expect(batch.labels == batch.indices.map { $0 % 3 })
                #expect(batch.targets == nil)
            }
        }
    }

    @Test("without shuffling the order is the dataset's; a shuffle depends only on the seed and the epoch")
    func reproducibleShuffles() {
        let data = Dataset<Double>(inputs: .zeros([100, 1]))
        #expect(data.batches(size: 7).order == Array(0..<100))
        #expect(data.batches(size: 7, seed: 5).order == Array(0..<100))
        let order = data.batches(size: 7, shuffle: true, seed: 5, epoch: 2).order
        #expect(order.sorted() == Array(0..<100) && order != Array(0..<100))
        #expect(data.batches(size: 3, shuffle: true, seed: 5, epoch: 2).order == order)
        #expect(data.batches(size: 7, shuffle: true, seed: 6, epoch: 2).order != order)
        #expect(data.batches(size: 7, shuffle: true, seed: 5, epoch: 3).order != order)
        let firstEpochs = (0..<5).map { data.batches(size: 10, shuffle: true, seed: 5, epoch: $0).order }
        #expect(Set(firstEpochs).count == 5)
        // Pinned, so that a change of algorithm is noticed: the same numbers on every machine.
        #expect(Dataset<Double>(inputs: .zeros([8, 1])).batches(size: 8, shuffle: true, seed: 1).order == Self.pinnedOrder)
    }

    /// The order of 8 samples shuffled with seed 1, epoch 0 (checked against a Python transcription
    /// of xoshiro256**, the seed mixing, Lemire's bounded integers and Fisher–Yates).
    private static let pinnedOrder = [4, 0, 6, 7, 3, 1, 5, 2]

    // MARK: Splitting

    @Test("a split is disjoint, covers the dataset, has round(f·N) test samples and is reproducible")
    func plainSplit() {
        let data = Dataset<Double>.moons(count: 101, noise: 0.1, seed: 3)
        let (train, test) = data.split(testFraction: 0.3, seed: 11)
        #expect(train.count == 71 && test.count == 30)
        let trainRows = rows(train), testRows = rows(test)
        #expect(Set(trainRows).isDisjoint(with: testRows))
        #expect((trainRows + testRows).sorted(by: lexicographic) == rows(data).sorted(by: lexicographic))
        let again = data.split(testFraction: 0.3, seed: 11)
        #expect(again.test.inputs.scalars == test.inputs.scalars && again.train.labels == train.labels)
        #expect(data.split(testFraction: 0.3, seed: 12).test.inputs.scalars != test.inputs.scalars)
        #expect(train.classCount == 2 && test.classCount == 2)

        #expect(data.split(testFraction: 0, seed: 1).train.count == 101)
        #expect(data.split(testFraction: 0, seed: 1).test.count == 0)
        #expect(data.split(testFraction: 1, seed: 1).test.count == 101)
        #expect(data.split(testFraction: 0.1, seed: 1).test.count == 10)
    }

    @Test("a stratified split keeps each class's share and reaches the rounded total")
    func stratifiedSplit() {
        let data = Dataset<Double>.spirals(armCount: 3, pointsPerArm: 100, noise: 0.1, seed: 1)
        let (train, test) = data.split(testFraction: 0.2, seed: 42, stratified: true)
        #expect(train.count == 240 && test.count == 60)
        #expect(test.classCounts == [20, 20, 20] && train.classCounts == [80, 80, 80])
        #expect(Set(rows(train)).isDisjoint(with: rows(test)))

        // Classes of 5, 3 and 2: shares 1.25, 0.75, 0.5 → floors 1, 0, 0; round(2.5) = 3 needs
        // two more, to the largest remainders (class 1's 0.75, then class 2's 0.5).
        let uneven = Dataset<Double>(inputs: .arange(10).reshaped(to: [10, 1]), labels: [0, 0, 0, 0, 0, 1, 1, 1, 2, 2])
        let parts = uneven.split(testFraction: 0.25, seed: 3, stratified: true)
        #expect(parts.test.classCounts == [1, 1, 1] && parts.train.classCounts == [4, 2, 1])
    }

    // MARK: Generators

    @Test("moons: two alternating classes on the two arcs, exact without noise")
    func moons() {
        let exact = Dataset<Double>.moons(count: 9)
        #expect(exact.inputs.shape == [9, 2] && exact.labels == [0, 1, 0, 1, 0, 1, 0, 1, 0] && exact.classCounts == [5, 4])
        let points = exact.inputs.scalars
        for (i, label) in exact.labels!.enumerated() {
            let (x, y) = (points[2 * i], points[2 * i + 1])
            let (cx, cy) = label == 0 ? (0.0, 0.0) : (1.0, 0.5)
            #expect(Swift.abs((x - cx) * (x - cx) + (y - cy) * (y - cy) - 1) < 1e-12)
            #expect(label == 0 ? y >= -1e-12 : y <= 0.5 + 1e-12)
        }
        #expect(Swift.abs(points[0] - 1) < 1e-12 && Swift.abs(points[16] + 1) < 1e-12)   // t = 0 and t = π

        let noisy = Dataset<Float>.moons(count: 200, noise: 0.1, seed: 1)
        #expect(noisy.inputs.shape == [200, 2] && noisy.classCounts == [100, 100])
        #expect(noisy.inputs.scalars == Dataset<Float>.moons(count: 200, noise: 0.1, seed: 1).inputs.scalars)
        #expect(noisy.inputs.scalars != Dataset<Float>.moons(count: 200, noise: 0.1, seed: 2).inputs.scalars)
        #expect(noisy.inputs.scalars != Dataset<Float>.moons(count: 200).inputs.scalars)
    }

    @Test("spirals: k arms of equal size, radius (m + 1)/n, reproducible", arguments: [1, 2, 3, 5])
    func spirals(armCount: Int) {
        let exact = Dataset<Double>.spirals(armCount: armCount, pointsPerArm: 40)
        #expect(exact.inputs.shape == [40 * armCount, 2] && exact.classCount == armCount)
        #expect(exact.classCounts == [Int](repeating: 40, count: armCount))
        #expect(exact.labels == (0..<(40 * armCount)).map { $0 % armCount })
        let points = exact.inputs.scalars
        for i in 0..<exact.count {
            let radius = (points[2 * i] * points[2 * i] + points[2 * i + 1] * points[2 * i + 1]).squareRoot()
            #expect(Swift.abs(radius - Double(i / armCount + 1) / 40) < 1e-12)
        }
        let noisy = Dataset<Double>.spirals(armCount: armCount, pointsPerArm: 40, turns: 1.5, noise: 0.05, seed: 8)
        #expect(noisy.inputs.scalars == Dataset<Double>.spirals(armCount: armCount, pointsPerArm: 40, turns: 1.5, noise: 0.05, seed: 8).inputs.scalars)
        #expect(noisy.inputs.scalars != Dataset<Double>.spirals(armCount: armCount, pointsPerArm: 40, turns: 1.5, noise: 0.05, seed: 9).inputs.scalars)
    }

    @Test("xor: the truth table by default, balanced noisy corners otherwise")
    func xor() {
        let table = Dataset<Double>.xor()
        #expect(table.inputs.shape == [4, 2] && table.inputs.scalars == [0, 0, 0, 1, 1, 0, 1, 1])
        #expect(table.labels == [0, 1, 1, 0] && table.classCount == 2)
        let noisy = Dataset<Double>.xor(count: 400, noise: 0.1, seed: 3)
        #expect(noisy.inputs.shape == [400, 2] && noisy.classCounts == [200, 200])
        let points = noisy.inputs.scalars
        for (i, label) in noisy.labels!.enumerated() {
            let corner = ((i % 4) / 2, i % 2)
            #expect(label == corner.0 ^ corner.1)
            #expect(Swift.abs(points[2 * i] - Double(corner.0)) < 0.6 && Swift.abs(points[2 * i + 1] - Double(corner.1)) < 0.6)
        }
        #expect(points == Dataset<Double>.xor(count: 400, noise: 0.1, seed: 3).inputs.scalars)
        #expect(points != Dataset<Double>.xor(count: 400, noise: 0.1, seed: 4).inputs.scalars)
    }

    // MARK: Digits

    @Test("digits: 1797 × 64 pixels in [0, 1] in steps of 1/16, labels 0...9 with the known class counts")
    func digits() throws {
        let digits = try Dataset<Double>.digits()
        #expect(digits.count == 1797 && digits.inputs.shape == [1797, 64] && digits.sampleShape == [64])
        #expect(digits.classCount == 10)
        #expect(digits.classCounts == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
        let pixels = digits.inputs.scalars
        #expect(pixels.min() == 0 && pixels.max() == 1)
        #expect(pixels.allSatisfy { ($0 * 16).rounded() == $0 * 16 })
        // The first line of the file: a zero.
        let firstImage = [0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0, 0, 4, 12, 0, 0, 8, 8, 0,
                          0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0, 0, 0]
        #expect(Array(pixels[0..<64]) == firstImage.map { Double($0) / 16 })
        #expect(digits.labels?.prefix(10) == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    }

    @Test("digits as images are [1797, 1, 8, 8] with the same pixels, in Float too")
    func digitImages() throws {
        let images = try Dataset<Float>.digits(asImages: true)
        #expect(images.inputs.shape == [1797, 1, 8, 8] && images.sampleShape == [1, 8, 8])
        let flat = try Dataset<Float>.digits()
        #expect(images.inputs.scalars == flat.inputs.scalars && images.labels == flat.labels)
        #expect(flat.reshapingSamples(to: [1, 8, 8]).inputs.shape == [1797, 1, 8, 8])
        #expect(images.reshapingSamples(to: [64]).inputs.shape == [1797, 64])
        #expect(images.batches(size: 32).first?.inputs.shape == [32, 1, 8, 8])
    }

    @Test("the digits split is fixed, stratified and disjoint")
    func digitsSplit() throws {
        let (train, test) = try Dataset<Double>.digitsSplit()
        #expect(train.count == 1438 && test.count == 359)
        #expect(test.classCounts == [36, 36, 35, 37, 36, 36, 36, 36, 35, 36])
        let counts = zip(train.classCounts, test.classCounts).map { $0 + $1 }
        #expect(counts == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
        let again = try Dataset<Double>.digitsSplit()
        #expect(again.test.inputs.scalars == test.inputs.scalars && again.test.labels == test.labels)
        #expect(try Dataset<Double>.digitsSplit(seed: 1).test.inputs.scalars != test.inputs.scalars)
        #expect(try Dataset<Double>.digitsSplit(asImages: true).train.inputs.shape == [1438, 1, 8, 8])
    }

    @Test("a digits file in the wrong format throws a DatasetError naming the line", arguments: [
        MalformedFile("too few values", "0,1,2\n", line: 1, "expected 65 comma-separated values (64 pixels, then the label), found 3"),
        MalformedFile("label 10 on line 2", line(label: "3") + "\n" + line(label: "10") + "\n", line: 2, "the label \"10\" is not a digit 0...9"),
        MalformedFile("label not a number", line(label: "x"), line: 1, "the label \"x\" is not a digit 0...9"),
        MalformedFile("pixel 17", line(label: "1", pixel: "17"), line: 1, "pixel 5 is \"17\", not an integer count in 0...16"),
        MalformedFile("negative pixel", line(label: "1", pixel: "-1"), line: 1, "pixel 5 is \"-1\", not an integer count in 0...16"),
        MalformedFile("fractional pixel", line(label: "1", pixel: "2.5"), line: 1, "pixel 5 is \"2.5\", not an integer count in 0...16"),
        MalformedFile("empty pixel after a blank line", "\n" + line(label: "1", pixel: "") + "\n", line: 2, "pixel 5 is \"\", not an integer count in 0...16"),
        MalformedFile("trailing comma", line(label: "1") + ",", line: 1, "found 66"),
    ])
    func malformedDigits(file: MalformedFile) throws {
        let url = try temporaryFile(file.contents)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect {
            try Dataset<Double>.digits(contentsOf: url)
        } throws: { error in
            guard let error = error as? DatasetError else { return false }
            return error.kind == .malformedData && error.line == file.line && error.problem.contains(file.problem)
                && error.description.hasPrefix("\(url.lastPathComponent), line \(file.line): ")
        }
    }

    @Test("a digits file that is a named pipe or /dev/zero is refused at once, in a child process with a time limit")
    func digitsFromSpecialFiles() async throws {
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("digits-\(UUID().uuidString).csv").path
        try #require(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        let result = await #expect(processExitsWith: .success, observing: [\.standardOutputContent]) { [fifo = fifo as String] in
            alarm(20)
            for path in [fifo, "/dev/zero"] {
                do {
                    _ = try Dataset<Float>.digits(contentsOf: URL(fileURLWithPath: path))
                    print("loaded")
                } catch {
                    print(error)
                }
            }
        }
        let lines = String(decoding: result?.standardOutputContent ?? [], as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 2 && lines.allSatisfy { $0.contains("not a regular file") }, "\(lines)")
    }

    @Test("an empty or missing digits file throws; blank lines, CRLF and 5.0 are accepted")
    func digitsFileEdges() throws {
        let empty = try temporaryFile("\n \n")
        defer { try? FileManager.default.removeItem(at: empty) }
        #expect(throws: DatasetError(.malformedData, source: empty.lastPathComponent, problem: "the file holds no image",
                                     fix: "Pass a file with one line per image: 64 pixel counts and the digit")) {
            try Dataset<Double>.digits(contentsOf: empty)
        }
        let missing = URL(fileURLWithPath: "/nonexistent/digits.csv")
        #expect { try Dataset<Double>.digits(contentsOf: missing) } throws: { error in
            (error as? DatasetError)?.kind == .unreadableFile && "\(error)".hasPrefix("/nonexistent/digits.csv: the file cannot be opened: No such file")
        }
        let lenient = try temporaryFile("\r\n" + line(label: "7", pixel: "16.0") + "\r\n\r\n" + line(label: " 2 ") + "\n")
        defer { try? FileManager.default.removeItem(at: lenient) }
        let two = try Dataset<Float>.digits(contentsOf: lenient, asImages: true)
        #expect(two.inputs.shape == [2, 1, 8, 8] && two.labels == [7, 2] && two.classCount == 10)
        #expect(two.inputs.scalars[5] == 1 && two.inputs.scalars[64 + 5] == Float(5) / 16)
    }

    // MARK: Seed 000

    @Test("seed 000: one step of batch, mini-batch and stochastic gradient descent matches the delta formulas by hand",
          arguments: [(4, false), (2, false), (2, true), (1, false), (1, true)])
    func seedDescentStep(size: Int, shuffle: Bool) {
        let data = SeedNetwork.data
        let batch = data.batches(size: size, shuffle: shuffle, seed: 5).first!
        if !shuffle { #expect(batch.indices == Array(0..<size)) }
        #expect(batch.count == size)

        let (weight, bias) = SeedNetwork.stepOnTape(SeedNetwork.weight, SeedNetwork.bias, batch: batch)
        let (handWeight, handBias) = SeedNetwork.stepByHand(SeedNetwork.weight, SeedNetwork.bias, samples: batch.indices)
        expectClose(weight, handWeight)
        expectClose(bias, handBias)
        #expect(weight != SeedNetwork.weight)
    }

    @Test("seed 000: the three descents differ only in which samples each step uses")
    func seedDescentEpoch() {
        var updates: [[Double]] = []
        for size in [4, 2, 1] {
            var (weight, bias) = (SeedNetwork.weight, SeedNetwork.bias)
            var (handWeight, handBias) = (SeedNetwork.weight, SeedNetwork.bias)
            let batches = SeedNetwork.data.batches(size: size, shuffle: true, seed: 17, epoch: 1)
            #expect(batches.count == 4 / size)
            for batch in batches {
                (weight, bias) = SeedNetwork.stepOnTape(weight, bias, batch: batch)
                (handWeight, handBias) = SeedNetwork.stepByHand(handWeight, handBias, samples: batch.indices)
            }
            expectClose(weight, handWeight)
            expectClose(bias, handBias)
            updates.append(weight)
        }
        #expect(Set(updates).count == 3)
    }
}

/// Seed 000's network: one sigmoid layer a = σ(Wx + b), W of shape [2, 3], on four samples,
/// with the loss J = ½‖a − y‖² averaged over the batch.
private enum SeedNetwork {
    static let inputs: [[Double]] = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.5], [-1.0, 2.0, 0.75], [0.0, -0.5, 1.25]]
    static let outputs: [[Double]] = [[1, 0], [0, 1], [1, 1], [0, 0]]
    static let weight: [Double] = [0.2, -0.3, 0.4, -0.1, 0.5, 0.25]
    static let bias: [Double] = [0.1, -0.2]
    static let learningRate = 0.5

    static var data: Dataset<Double> { Dataset(inputs: Tensor(inputs.flatMap { $0 }, shape: [4, 3]), targets: Tensor(outputs.flatMap { $0 }, shape: [4, 2])) }

    /// One step W ← W − η·∂J/∂W with the gradient from the tape.
    static func stepOnTape(_ weight: [Double], _ bias: [Double], batch: Batch<Double>) -> (weight: [Double], bias: [Double]) {
        let layer = Linear(weight: Tensor(weight, shape: [2, 3], requiresGrad: true), bias: Tensor(bias, requiresGrad: true))
        let a = layer(batch.inputs).sigmoid()
        let error = a - batch.targets!
        let loss = (error * error).sum() * 0.5 / Double(batch.count)
        loss.backward()
        let newWeight = layer.weight - learningRate * layer.weight.grad!
        let newBias = layer.bias - learningRate * layer.bias.grad!
        return (newWeight.scalars, newBias.scalars)
    }

    /// The same step from seed 000's formulas in plain arithmetic: δ = (a − y) ⊙ σ′(z) with
    /// σ′(z) = a(1 − a), ∂J/∂W = mean over the batch of δ·xᵀ, ∂J/∂b = mean of δ.
    static func stepByHand(_ weight: [Double], _ bias: [Double], samples: [Int]) -> (weight: [Double], bias: [Double]) {
        var gradientW = [Double](repeating: 0, count: 6), gradientB = [Double](repeating: 0, count: 2)
        let scale = 1 / Double(samples.count)
        for sample in samples {
            let (x, y) = (inputs[sample], outputs[sample])
            for row in 0..<2 {
                let z = weight[3 * row] * x[0] + weight[3 * row + 1] * x[1] + weight[3 * row + 2] * x[2] + bias[row]
                let a = 1 / (1 + exp(-z))
                let delta = (a - y[row]) * a * (1 - a)
                for column in 0..<3 { gradientW[3 * row + column] += scale * delta * x[column] }
                gradientB[row] += scale * delta
            }
        }
        return (zip(weight, gradientW).map { $0 - learningRate * $1 }, zip(bias, gradientB).map { $0 - learningRate * $1 })
    }
}

/// A digits file with one mistake, the line it is on and the problem the error must name.
struct MalformedFile: Sendable, CustomTestStringConvertible {
    let name: String, contents: String, line: Int, problem: String
    init(_ name: String, _ contents: String, line: Int, _ problem: String) {
        (self.name, self.contents, self.line, self.problem) = (name, contents, line, problem)
    }
    var testDescription: String { name }
}

/// A digits line of 64 pixels 0...15 (pixel 5 replaced by `pixel` when given) and `label`.
private func line(label: String, pixel: String? = nil) -> String {
    ((0..<64).map { $0 == 5 ? pixel ?? "5" : "\($0 % 16)" } + [label]).joined(separator: ",")
}

/// A new temporary file holding `contents`.
private func temporaryFile(_ contents: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("digits-\(UUID().uuidString).csv")
    try contents.write(to: url, atomically: true, encoding: .utf8)
    return url
}

/// The rows of a dataset's [N, 2] inputs.
private func rows(_ data: Dataset<Double>) -> [[Double]] {
    let scalars = data.inputs.scalars
    return (0..<data.count).map { [scalars[2 * $0], scalars[2 * $0 + 1]] }
}

private func lexicographic(_ a: [Double], _ b: [Double]) -> Bool { a.lexicographicallyPrecedes(b) }

private func expectClose(_ actual: [Double], _ expected: [Double], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, sourceLocation: sourceLocation)
    for (a, e) in zip(actual, expected) {
        #expect(Swift.abs(a - e) < 1e-12, "\(actual) vs \(expected)", sourceLocation: sourceLocation)
    }
}
