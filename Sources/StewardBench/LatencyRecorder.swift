import CoreMetrics
import Foundation
import Synchronization

/// A metrics backend that keeps the values of one timer, so the benchmark reads the workers' own
/// due-to-start measurement (`steward.job.latency`) instead of timing from outside.
final class LatencyRecorder: MetricsFactory, Sendable {
    private let values = Mutex<[Int64]>([])
    let label: String

    init(label: String) {
        self.label = label
    }

    /// Recorded nanoseconds so far.
    var recorded: [Int64] { values.withLock { $0 } }

    func reset() {
        values.withLock { $0.removeAll() }
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler { NOOPMetricsHandler.instance }
    func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        NOOPMetricsHandler.instance
    }
    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        NOOPMetricsHandler.instance
    }
    func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler { NOOPMetricsHandler.instance }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        label == self.label ? Keeper(values: self) : NOOPMetricsHandler.instance
    }

    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyMeter(_ handler: any MeterHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}

    fileprivate func append(_ nanoseconds: Int64) {
        values.withLock { $0.append(nanoseconds) }
    }

    private final class Keeper: TimerHandler {
        let values: LatencyRecorder
        init(values: LatencyRecorder) { self.values = values }
        func recordNanoseconds(_ duration: Int64) { values.append(duration) }
    }
}
