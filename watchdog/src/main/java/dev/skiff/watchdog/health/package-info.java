/**
 * Whether this replica should get traffic: the lock file that image HEALTHCHECKs test, and the
 * {@code /_/health} and {@code /_/ready} routes (API.md 5.3). Shutdown starts here: the lock goes and
 * both routes answer 503 before the server stops taking connections.
 */
package dev.skiff.watchdog.health;
