import EmailAddress

/// Addresses validated per second, syntax only (no DNS), one after another.
enum AddressBench {
    struct Output: Codable {
        var figures: BenchFigures
        /// "1"/"0" per address in workload order: whether EmailAddressValidator accepts it.
        var verdicts: String
        var validCount: Int
    }

    static func run(_ addresses: [AddressSample]) async -> Output {
        let inputs = addresses.map(\.address)
        let verdicts = inputs.map { EmailAddressValidator.check($0).valid ? "1" : "0" }.joined()
        var sink = 0  // keeps the optimizer from dropping the calls
        let figures = await Timing.measure("addresses", operationsPerPass: inputs.count) {
            for address in inputs where EmailAddressValidator.check(address).valid { sink &+= 1 }
        }
        if sink == -1 { print("") }
        return Output(figures: figures, verdicts: verdicts, validCount: verdicts.filter { $0 == "1" }.count)
    }
}
