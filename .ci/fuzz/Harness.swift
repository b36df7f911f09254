/// libFuzzer's entry point for one fuzz target, chosen when compiling with `-D FUZZ_SAFETENSORS`,
/// `FUZZ_NPY`, `FUZZ_EXPRESSION` or `FUZZ_NOTEBOOK` (see `run`). The targets are the functions
/// the fuzz tests of `swift test` call, so both check the same promises; here a broken promise
/// stops the process like a crash, so that libFuzzer saves the input.
@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = fuzzTarget(bytes) { problem in fatalError("broken promise: \(problem)") }
    return 0
}

func fuzzTarget(_ bytes: [UInt8], brokenPromise: (String) -> Void) -> Bool {
    #if FUZZ_SAFETENSORS
    fuzzSafetensorsReader(bytes, brokenPromise: brokenPromise)
    #elseif FUZZ_NPY
    fuzzNpyReader(bytes, brokenPromise: brokenPromise)
    #elseif FUZZ_EXPRESSION
    fuzzExpressionParser(bytes, brokenPromise: brokenPromise)
    #elseif FUZZ_NOTEBOOK
    fuzzNotebookReader(bytes, brokenPromise: brokenPromise)
    #else
    #error("compile with -D FUZZ_SAFETENSORS, FUZZ_NPY, FUZZ_EXPRESSION or FUZZ_NOTEBOOK")
    #endif
}
