#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// What `backprop train` shows while it runs: a live bar on a terminal, one plain line per
/// epoch otherwise (logs, pipes, CI).
struct ProgressDisplay {
    let epochs: Int
    let batchesPerEpoch: Int
    let isTerminal = isatty(STDOUT_FILENO) == 1
    private let start = monotonicSeconds()

    init(epochs: Int, batchesPerEpoch: Int) {
        self.epochs = epochs
        self.batchesPerEpoch = batchesPerEpoch
    }

    /// Redraws the bar after `batch` of `epoch` (terminal only).
    func update(epoch: Int, batch: Int, loss: Double, accuracy: Double, samples: Int) {
        guard isTerminal else { return }
        let elapsed = monotonicSeconds() - start
        let done = Double((epoch - 1) * batchesPerEpoch + batch) / Double(epochs * batchesPerEpoch)
        let remaining = done > 0 ? elapsed / done - elapsed : 0
        let width = 24, filled = Int(Double(width) * Double(batch) / Double(max(batchesPerEpoch, 1)))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let line = "epoch \(pad(epoch, epochs))/\(epochs) \(bar) \(pad(batch, batchesPerEpoch))/\(batchesPerEpoch)"
            + "  loss \(format(loss, 4))  accuracy \(format(100 * accuracy, 1))%"
            + "  \(Int(Double(samples) / max(elapsed, 1e-9))) samples/s  time left \(Int(remaining.rounded()))s"
        FileHandle.standardOutput.write(Data(("\r\u{1B}[K" + line).utf8))
    }

    /// Prints the line of a finished epoch.
    func finish(epoch: Int, loss: Double, trainAccuracy: Double, testAccuracy: Double, samples: Int) {
        let elapsed = monotonicSeconds() - start
        let line = "epoch \(pad(epoch, epochs))/\(epochs)  loss \(format(loss, 4))  train accuracy \(format(100 * trainAccuracy, 1))%"
            + "  test accuracy \(format(100 * testAccuracy, 1))%  \(Int(Double(samples) / max(elapsed, 1e-9))) samples/s"
        FileHandle.standardOutput.write(Data(((isTerminal ? "\r\u{1B}[K" : "") + line + "\n").utf8))
    }

    private func pad(_ value: Int, _ maximum: Int) -> String {
        let text = String(value)
        return String(repeating: " ", count: max(0, String(maximum).count - text.count)) + text
    }
}

/// `value` with `decimals` digits after the point.
func format(_ value: Double, _ decimals: Int) -> String {
    String(format: "%.\(decimals)f", value)
}
