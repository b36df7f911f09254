import Foundation
import Testing
@testable import Backprop

@Suite("Anomaly detection: the first NaN or infinity, with the operation and where it was called")
struct AnomalyDetectionTests {
    /// The error `body` throws inside `withAnomalyDetection`, if any.
    private func anomaly(_ body: () -> Void) -> BackpropError? {
        do {
            try withAnomalyDetection(body)
            return nil
        } catch let error as BackpropError {
            return error
        } catch {
            return nil
        }
    }

    @Test("a scalar operation producing -inf in the forward pass is named with its file and line")
    func scalarForward() {
        let line = #line + 3
        let error = anomaly {
            let x = Variable(1.0)
            _ = log(x - 1) * 2
        }
        #expect(error?.kind == .nonFiniteValue)
        #expect(error?.description.contains("log produced -inf in the forward pass at AnomalyDetectionTests.swift:\(line)") == true,
                "\(String(describing: error))")
        #expect(error?.description.contains("from the finite input 0") == true)
    }

    @Test("a tensor operation overflowing in the forward pass is named with its file and line")
    func tensorForward() {
        let line = #line + 3
        let error = anomaly {
            let x = Tensor<Float>([1, 100], requiresGrad: true)
            _ = exp(x).sum()
        }
        #expect(error?.description.contains("exp produced inf in the forward pass at AnomalyDetectionTests.swift:\(line)") == true,
                "\(String(describing: error))")
    }

    @Test("an infinite derivative in the backward pass names the operation and where it was called")
    func backwardAnomalies() {
        let tensorLine = #line + 3
        let tensorError = anomaly {
            let x = Tensor<Double>([0, 4], requiresGrad: true)
            let y = sqrt(x)
            y.sum().backward()
        }
        #expect(tensorError?.description.contains("the backward pass of sqrt (called at AnomalyDetectionTests.swift:\(tensorLine))") == true,
                "\(String(describing: tensorError))")
        #expect(tensorError?.description.contains("produced inf in the gradient of its input 1 (shape [2])") == true)

        let scalarLine = #line + 3
        let scalarError = anomaly {
            let x = Variable(0.0)
            let y = sqrt(x) + x
            y.backward()
        }
        #expect(scalarError?.description.contains("the backward pass of sqrt (called at AnomalyDetectionTests.swift:\(scalarLine))") == true,
                "\(String(describing: scalarError))")
        #expect(scalarError?.description.contains("upstream gradient 1 × local derivative inf") == true)
    }

    @Test("without anomalies the scope changes nothing: same values, same gradients, and the fast path returns after it")
    func cleanComputationsAreUnchanged() throws {
        func run() -> (Double, Double, [Double]) {
            let a = Variable(0.7)
            let w = Tensor<Double>([0.5, -1.5, 2], requiresGrad: true)
            let loss = (tanh(w * a).sum() + a * a).scalar!
            let l = tanh(w * a).sum() + Tensor(a * a)
            l.backward()
            return (loss, a.grad ?? 0, w.grad!.scalars)
        }
        let plain = run()
        let checked = try withAnomalyDetection { run() }
        #expect(plain.0 == checked.0 && plain.1 == checked.1 && plain.2 == checked.2)
        let after = Variable(1.0) * 2
        #expect(after.tape.acceptsInlineRecording)
    }

    @Test("outside the scope NaN flows silently, as everywhere in floating point")
    func outsideTheScopeNothingIsChecked() {
        let x = Variable(-1.0)
        let y = sqrt(x)
        #expect(y.value.isNaN)
    }

    @Test("only the first anomaly is reported; a NaN that merely flows on is not a new one")
    func firstAnomalyOnly() {
        let line = #line + 3
        let error = anomaly {
            let x = Variable(-1.0)
            let y = log(x)
            _ = exp(y) + y
        }
        #expect(error?.description.contains("log produced NaN in the forward pass at AnomalyDetectionTests.swift:\(line)") == true,
                "\(String(describing: error))")
    }

    @Test("in an optimised build the caller's line is found past the library's inlined frames at <compiler-generated>:0")
    func callerPastInlinedFrames() {
        let library = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/Backprop").path
        // The frames of a release build of `let y = sqrt(x)` at line 7 of main.swift, innermost first.
        let frames: [(path: String, line: Int)] = [
            (library + "/Checking/AnomalyDetection.swift", 38), (library + "/Variable/Variable+Recording.swift", 47),
            ("//<compiler-generated>", 0), ("/tmp/app/Sources/app/main.swift", 7), (library + "/Errors/ErrorChecking.swift", 20),
        ]
        #expect(OperationOrigin.callerLocation(in: frames) == "main.swift:7")
        #expect(OperationOrigin.callerLocation(in: Array(frames.prefix(3))) == nil)
    }
}
