/**
 * inproc mode: a Java function's {@code dev.skiff.function.Handler} runs inside the watchdog's own JVM,
 * with no second process and no loopback hop. {@link dev.skiff.watchdog.inproc.HandlerLoader} loads
 * the function's jars in a child class loader (the function-runtime API comes from the watchdog's
 * own class path, so every jar sees the same {@code Handler}); {@link
 * dev.skiff.watchdog.inproc.InprocRunner} turns each call into a {@code Request}, calls the handler
 * within the exec timeout, and writes its {@code Response}.
 *
 * <p>Wiring, as in Main:
 * <pre>
 * LoadedHandler loaded = HandlerLoader.load(config.functionPath(), config.handlerClass());
 * FunctionRunner runner = new InprocRunner(loaded, config.execTimeout(), bodyLimit, config.contentType(), log);
 * </pre>
 */
package dev.skiff.watchdog.inproc;
