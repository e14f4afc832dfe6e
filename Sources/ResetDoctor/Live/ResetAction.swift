import Foundation
import SalesforceAPI

/// The one call that changes the org: REST DELETE /sobjects/User/{id}/password. Salesforce resets the password
/// and emails the user a link; the temporary password in the answer is dropped unread by the client.
public enum ResetAction {
    /// Sends the reset; returns when Salesforce accepted it.
    public static func send(connection: LiveConnection, userId: String) async throws(LiveError) -> Date {
        do { return try await connection.client.resetPassword(userId: userId).at }
        catch { throw .api(error) }
    }

    /// Whether a failed `send` may still have reset the password (sent, never answered): the ledger should then
    /// hold it, so a second reset within the window needs `--force` like after a confirmed one.
    public static func mayHaveReset(_ error: LiveError) -> Bool {
        if case .api(let api) = error { return api.mayHaveBeenCarriedOut }
        return false
    }
}
