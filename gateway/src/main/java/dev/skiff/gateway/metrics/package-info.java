/** What the gateway counts of the calls it routes. */
package dev.skiff.gateway.metrics;
