/// Every misuse case, by area. Each area's file declares its own list.
let misuseCatalog: [MisuseCase] = shapeMisuseCases + numericsMisuseCases + hookMisuseCases + fileMisuseCases
    + einsumMisuseCases + transformMisuseCases
    + layerMisuseCases
    + tensorOperationMisuseCases
    + convolutionMisuseCases
    + linalgMisuseCases
    + recurrentLayerMisuseCases
    + mixedIndexingMisuseCases
