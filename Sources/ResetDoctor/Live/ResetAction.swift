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
}
