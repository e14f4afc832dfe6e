import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C (SIGINT) or SIGTERM during a bulk reset: the first asks the run to start no more resets and let those in
/// flight finish and be recorded; a second ends the process at once (the ledger already holds every reset sent).
final class InterruptFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    private var sources: [any DispatchSourceSignal] = []

    static func install() -> InterruptFlag {
        let flag = InterruptFlag()
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)  // handled by the source below instead of ending the process
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { flag.raise() }
            source.resume()
            flag.sources.append(source)
        }
        return flag
    }

    var isSet: Bool { lock.withLock { raised } }

    private func raise() {
        let again = lock.withLock { () -> Bool in
            defer { raised = true }
            return raised
        }
        if again {
            FileHandle.standardError.write(Data("\nStopped at once; every reset sent is in the ledger.\n".utf8))
            exit(130)
        }
        FileHandle.standardError.write(Data("\nStopping: no more resets are started; those in flight finish (Ctrl-C again to stop at once).\n".utf8))
    }
}
