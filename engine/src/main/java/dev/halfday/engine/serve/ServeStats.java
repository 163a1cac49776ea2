package dev.halfday.engine.serve;

/**
 * A server's counters at one moment, for status lines and the app's "serving" panel.
 *
 * @param requests  detection requests received (Detect, DetectStream items, Predict)
 * @param failed    requests answered with an error, the refused ones included
 * @param rejected  requests refused because the queue was full
 * @param expired   requests dropped unrun because their deadline passed (or their caller left) while queued
 * @param running   detections running now
 * @param queued    requests waiting for a worker now
 * @param p50Ms     median latency of the recent successful requests, receipt to answer; NaN before the first
 * @param p99Ms     99th percentile of the same
 */
public record ServeStats(long requests, long failed, long rejected, long expired, int running, int queued,
                         double p50Ms, double p99Ms) {
}
