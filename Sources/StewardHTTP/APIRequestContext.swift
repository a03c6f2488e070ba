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
    /// Set by the page middleware on the console's and the portal's routes when a browser is signed in.
    var webSession: WebSession?
    /// A page's posted form, read and checked by the page middleware.
    var form: FormBody?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        principal = nil
        remoteAddress = source.channel.remoteAddress
        webSession = nil
        form = nil
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

/// The context of a page that needs a signed-in browser: the page middleware found its session
/// (else the browser is sent to sign in), and its posted form, if any, carried the session's token.
struct PageContext: ChildRequestContext {
    var coreContext: CoreRequestContextStorage
    let session: WebSession
    let form: FormBody

    init(context: APIRequestContext) throws {
        guard let session = context.webSession else { throw SignInRequired() }
        coreContext = context.coreContext
        self.session = session
        form = context.form ?? FormBody()
    }

    var principal: Principal { session.principal }
    var maxUploadSize: Int { APIServer.maxBodyBytes }
}

/// A page was asked for without a session: the browser is sent to sign in, and back afterwards.
struct SignInRequired: Error {}
