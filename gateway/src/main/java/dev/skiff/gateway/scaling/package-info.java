/**
 * The autoscaler: per-function load from the gateway's own calls ({@code LoadTracker}), the two-window
 * rule ({@code ReplicaCalculator}) within each function's OpenFaaS labels ({@code ScalingRules}), scale to
 * zero (cold or warm) and the wake-up of a function at zero ({@code Autoscaler.wake}), and the replicas the
 * proxy may use: only those that answered {@code /_/ready} ({@code ReadyReplicas}).
 */
package dev.skiff.gateway.scaling;
