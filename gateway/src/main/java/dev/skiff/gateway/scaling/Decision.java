package dev.skiff.gateway.scaling;

/**
 * What the autoscaler decided for one function on one tick, and why (logged and counted).
 *
 * @param desired replicas wanted
 * @param reason  a sentence for the log
 * @param panic   whether the panic window drove it
 */
record Decision(long desired, String reason, boolean panic) {
}
