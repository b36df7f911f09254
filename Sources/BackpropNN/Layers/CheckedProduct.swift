import Backprop

/// The product of sizes a user gave, or nil after raising a `tooLarge` error for `operation`
/// when it overflows `Int` (a crash otherwise).
func checkedProduct(_ factors: [Int], operation: String) -> Int? {
    var product = 1
    for factor in factors {
        let (next, overflow) = product.multipliedReportingOverflow(by: factor)
        guard !overflow else {
            BackpropError(.tooLarge, operation: operation, problem: "the sizes \(factors) multiply to more than Int.max",
                          fix: "Use sizes whose product fits in memory").raise()
            return nil
        }
        product = next
    }
    return product
}
