/**
 * inproc mode: a Java function's {@code dev.skiff.function.Handler} runs inside the watchdog's own JVM,
 * with no second process and no loopback hop. This package is built into its own jar
 * ({@code watchdog-inproc.jar}, in {@code /app/inproc} with function-runtime) and loaded by the
 * function's class loader ({@code function.FunctionJars}), not from the watchdog's class path: so
 * function-runtime's own libraries (Jackson) come from the function's jars, and the watchdog's image
 * does not carry them. {@link dev.skiff.watchdog.inproc.InprocModeProvider} is what the watchdog finds
 * there; {@link dev.skiff.watchdog.inproc.HandlerLoader} creates the handler, {@link
 * dev.skiff.watchdog.inproc.InprocRunner} turns each call into a {@code Request}, calls the handler
 * within the exec timeout, and writes its {@code Response}. Nothing outside this package may name
 * a function-runtime class: the watchdog's class path does not have them.
 */
package dev.skiff.watchdog.inproc;
