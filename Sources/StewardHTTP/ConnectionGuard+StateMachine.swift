extension ConnectionGuard {
    /// What the guard knows of one connection and what it does at each thing that happens there:
    /// a pure value, so every path is tested without a socket. The handler performs the actions
    /// and runs the one timer ``timer`` names.
    struct StateMachine {
        /// Where the connection's incoming side is.
        enum Inbound: Equatable {
            /// Between requests. `timed` when the head timer runs (from the connection's start, or
            /// from the first byte of a later request); `partial` when some of a head has arrived.
            case awaitingHead(timed: Bool, partial: Bool)
            /// A request the server answers is arriving: its body, up to its end.
            case readingBody
            /// A request answered 413 at its head: its body is read and thrown away, then the
            /// connection carries the next request.
            case discardingBody
            /// The connection ends: what arrives is dropped.
            case closing
        }

        /// What the handler does with the part or error that just arrived, or after a write.
        enum Action: Equatable {
            /// Pass it on to the server.
            case forward
            case drop
            /// Write this answer; with `close`, say `Connection: close` and close the output after it.
            case answer(Problem, close: Bool)
            /// Fail the request being read with this problem (the routes answer it).
            case failRequest(Problem)
            /// Close the output once what is written is sent, and wait a moment for the client to close.
            case finish
            /// Close the connection now.
            case close
        }

        /// The timer the connection should be running.
        enum Timer: Equatable {
            /// The request head is due.
            case head
            /// The body of a request already answered (413 at its head, or by a route) is due.
            case discard
            /// The last answer is written: the client has a moment to read it and close.
            case linger
        }

        /// What to do once every request the server was handed is answered.
        enum AfterAnswers: Equatable {
            case carryOn
            case answer(Problem)
            case finish
        }

        let maxBodyBytes: Int
        /// A declared body over ``maxBodyBytes`` but at most this is thrown away as it arrives, so
        /// the connection stays usable; a larger one closes the connection after the 413.
        let discardableBodyBytes: Int
        let headTimeout: Duration

        private(set) var inbound = Inbound.awaitingHead(timed: true, partial: false)
        /// Requests handed to the server whose answers are not yet written to their end.
        private(set) var answersOwed = 0
        private(set) var afterAnswers = AfterAnswers.carryOn
        /// The connection's last answer is written and its output closed.
        private(set) var lingering = false

        init(maxBodyBytes: Int, discardableBodyBytes: Int, headTimeout: Duration) {
            self.maxBodyBytes = maxBodyBytes
            self.discardableBodyBytes = discardableBodyBytes
            self.headTimeout = headTimeout
        }

        var timer: Timer? {
            if lingering { return .linger }
            switch inbound {
            case .awaitingHead(timed: true, _): return .head
            case .discardingBody: return .discard
            // Answered before its body ended (a route that read none, or gave up): the rest is only thrown away.
            case .readingBody where answersOwed == 0: return .discard
            default: return nil
            }
        }

        /// A read from the socket ended; `partsRead` when it completed at least one part.
        mutating func readCompleted(partsRead: Bool) {
            // Bytes that completed nothing between requests are the start of a head: from now on it is due.
            guard !partsRead, case .awaitingHead = inbound else { return }
            inbound = .awaitingHead(timed: true, partial: true)
        }

        mutating func head(declaredLength: Int?, closeRequested: Bool) -> Action {
            guard inbound != .closing else { return .drop }
            if let declared = declaredLength, declared > maxBodyBytes {
                let problem = Problem.declaredBodyTooLarge(declared, limit: maxBodyBytes)
                guard answersOwed == 0, !closeRequested, declared <= discardableBodyBytes else { return refuse(problem) }
                inbound = .discardingBody
                return .answer(problem, close: false)
            }
            inbound = .readingBody
            answersOwed += 1
            return .forward
        }

        mutating func body() -> Action {
            inbound == .readingBody ? .forward : .drop
        }

        mutating func end() -> Action {
            switch inbound {
            case .readingBody:
                inbound = .awaitingHead(timed: false, partial: false)
                return .forward
            case .discardingBody:
                inbound = .awaitingHead(timed: false, partial: false)
                return .drop
            case .awaitingHead, .closing:
                return .drop
            }
        }

        /// The bytes did not parse as HTTP/1.1; `problem` says how.
        mutating func malformed(_ problem: Problem) -> Action {
            switch inbound {
            case .closing:
                return .drop
            case .readingBody:
                inbound = .closing
                guard answersOwed > 0 else {
                    // Its answer is written already (the route did not read the body).
                    lingering = true
                    return .finish
                }
                // The route reading the body answers the problem; then the connection ends.
                afterAnswers = .finish
                return .failRequest(problem)
            case .discardingBody:
                // Its 413 is already written.
                inbound = .closing
                return .close
            case .awaitingHead:
                return refuse(problem)
            }
        }

        /// The server wrote the end of an answer.
        mutating func answerEnded() -> Action {
            answersOwed = max(0, answersOwed - 1)
            guard answersOwed == 0 else { return .drop }
            switch afterAnswers {
            case .carryOn:
                return .drop
            case .answer(let problem):
                afterAnswers = .carryOn
                lingering = true
                return .answer(problem, close: true)
            case .finish:
                afterAnswers = .carryOn
                lingering = true
                return .finish
            }
        }

        mutating func timerFired() -> Action {
            if lingering { return .close }
            switch inbound {
            case .awaitingHead(timed: true, let partial):
                guard partial else {
                    // A connection that never sent a byte is closed without an answer.
                    inbound = .closing
                    guard answersOwed == 0 else {
                        afterAnswers = .finish
                        return .drop
                    }
                    return .close
                }
                return refuse(.headTimeout(headTimeout))
            case .discardingBody:
                inbound = .closing
                return .close
            case .readingBody where answersOwed == 0:
                inbound = .closing
                return .close
            default:
                return .drop
            }
        }

        /// The client closed its side: true when the connection should close now.
        func inputClosed() -> Bool {
            lingering || (inbound == .closing && answersOwed == 0)
        }

        /// Answers `problem` and ends the connection: at once when nothing is owed, else after the
        /// answers owed (HTTP/1.1 answers in order).
        private mutating func refuse(_ problem: Problem) -> Action {
            inbound = .closing
            guard answersOwed == 0 else {
                afterAnswers = .answer(problem)
                return .drop
            }
            lingering = true
            return .answer(problem, close: true)
        }
    }
}
