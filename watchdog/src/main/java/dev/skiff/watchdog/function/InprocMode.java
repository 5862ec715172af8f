package dev.skiff.watchdog.function;

import java.util.function.BooleanSupplier;

import dev.skiff.watchdog.config.WatchdogConfig;
import dev.skiff.watchdog.logs.ConsoleLog;

/**
 * inproc mode as the rest of the watchdog sees it. Its implementation ({@code dev.skiff.watchdog.inproc})
 * and the function-runtime API it calls are not on the watchdog's class path in the image: they are
 * jars in {@code /app/inproc}, loaded with the function's own jars by the function's class loader
 * ({@link FunctionJars}), so that the libraries function-runtime uses (Jackson, for JSON bodies) come
 * from the function's jars and the image does not carry them. {@link java.util.ServiceLoader} finds the
 * implementation through that loader.
 */
public interface InprocMode {

    /** Loads and creates the function's handler; a bad function_path or handler_class stops start-up. */
    InprocFunction load(ClassLoader functionLoader, WatchdogConfig config, BodyLimit bodyLimit, ConsoleLog log);

    /**
     * A loaded inproc function.
     *
     * @param runner  what every call goes to
     * @param ready   whether /_/ready is true (asks the handler when ready_path is set)
     * @param serving the handler's class and where it came from, for the start-up line
     */
    record InprocFunction(FunctionRunner runner, BooleanSupplier ready, String serving) {
    }
}
