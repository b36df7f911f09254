/// What the engine holds in memory right now, across all threads, for checking that a
/// training loop runs in flat memory.
public enum MemoryStatistics {
    /// The number of tapes alive.
    public static var liveTapes: Int { Backprop.liveTapes.load(ordering: .relaxed) }
    /// The bytes held by live tapes' scalar entries, values and gradients.
    public static var liveTapeBytes: Int { Backprop.liveTapeBytes.load(ordering: .relaxed) }
    /// The bytes held by the live tapes that the calling thread created: a figure that other
    /// threads' work does not disturb.
    public static var liveTapeBytesOfCurrentThread: Int {
        ThreadContext.current.liveTapeBytes.load(ordering: .relaxed)
    }
}
