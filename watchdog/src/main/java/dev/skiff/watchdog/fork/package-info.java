/**
 * The fork modes: one process per call. {@link dev.skiff.watchdog.fork.StreamingRunner} pipes the
 * body through the process as it arrives; {@link dev.skiff.watchdog.fork.SerializingRunner} buffers
 * both ends. Both share {@link dev.skiff.watchdog.fork.ForkedProcess} (start, feed stdin, log stderr,
 * enforce the exec timeout) and give the process the CGI-style {@code Http_*} environment.
 */
package dev.skiff.watchdog.fork;
