import Hummingbird
import NIOCore
import StewardServiceDesk

/// What a handler knows about its request beyond the request itself: who is calling, from where.
public struct APIRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by the authentication middleware on every `/v1` route.
    public var principal: Principal?
    /// The client's address (a proxy's, behind one): the authentication log and throttle use it.
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        principal = nil
        remoteAddress = source.channel.remoteAddress
    }

    /// Bodies are small JSON documents; anything larger is refused with 413 before it is read.
    public var maxUploadSize: Int { APIServer.maxBodyBytes }

}

/// The context of every `/v1` route: the authentication middleware found who is calling, so the
/// routes hand the service desk a principal, never an optional one.
public struct SignedInContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let principal: Principal

    public init(context: APIRequestContext) throws {
        guard let principal = context.principal else {
            throw Problem(.unauthorized, "unauthenticated", "send `Authorization: Bearer <token>`")
        }
        coreContext = context.coreContext
        self.principal = principal
    }

    public var maxUploadSize: Int { APIServer.maxBodyBytes }
}
