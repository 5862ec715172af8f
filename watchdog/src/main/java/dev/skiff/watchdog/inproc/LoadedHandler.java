package dev.skiff.watchdog.inproc;

import dev.skiff.function.Handler;

/**
 * A function's handler, ready to call.
 *
 * @param handler   the instance every call goes to (handlers are thread-safe by contract)
 * @param loader    the class loader of the function's jars: the context class loader while it runs
 * @param className the handler's class, for log lines
 */
public record LoadedHandler(Handler handler, ClassLoader loader, String className) {
}
