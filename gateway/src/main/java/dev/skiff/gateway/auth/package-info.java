/** Basic auth on {@code /system/*}, with credentials from files (swarm secrets). */
package dev.skiff.gateway.auth;
