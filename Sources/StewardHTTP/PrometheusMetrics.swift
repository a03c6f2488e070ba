import Metrics
import Prometheus

extension APIServer {
    /// Sends this process's swift-metrics records to a Prometheus registry that `/metrics` prints.
    /// Call once per process, before anything records a metric.
    public static func bootstrapMetrics() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }
}
