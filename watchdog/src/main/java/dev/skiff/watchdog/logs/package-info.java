/**
 * The container log: the watchdog's own messages and the function's output lines.
 *
 * <p>Everything is written as whole lines, one {@code PrintStream} call each, so lines from
 * concurrent requests never interleave mid-line. It does not go through java.util.logging because
 * the JDK resets JUL in its own shutdown hook, which would swallow the messages of a SIGTERM drain.
 */
package dev.skiff.watchdog.logs;
