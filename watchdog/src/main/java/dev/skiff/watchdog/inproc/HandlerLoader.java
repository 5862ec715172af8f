package dev.skiff.watchdog.inproc;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import dev.skiff.function.Handler;
import dev.skiff.function.Request;
import dev.skiff.function.Response;
import dev.skiff.watchdog.config.ConfigException;

/**
 * Finds and instantiates the function's {@link Handler} in the function's class loader (its jars, after
 * the watchdog's inproc jars, so {@code dev.skiff.function} resolves to the watchdog's copy whether or
 * not a jar bundles its own; see {@code function.FunctionJars}). The class is {@code handler_class}
 * when set, else the one provider named in the jars' {@code META-INF/services/dev.skiff.function.Handler}.
 * Anything else (no provider, several, a class that is not a Handler or cannot be built) stops start-up
 * with a message naming the variable.
 */
public final class HandlerLoader {

    private static final String SERVICE_FILE = "META-INF/services/" + Handler.class.getName();

    private HandlerLoader() {
    }

    public static LoadedHandler load(ClassLoader loader, Path functionPath, String handlerClass) {
        requireRuntimeLibraries(functionPath);
        Class<? extends Handler> type = handlerClass != null
                ? byName(loader, handlerClass)
                : byServiceFile(loader, functionPath);
        // The constructor runs with the function's loader as context loader, as every call will.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return new LoadedHandler(instantiate(type, handlerClass != null ? "handler_class" : "function_path"),
                    loader, type.getName());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * function-runtime's Request and Response name Jackson's classes (for JSON bodies), and the JVM
     * needs those to load them at all; Jackson comes from the function's jars, not the watchdog's. So
     * a function whose jars lack it would fail every call: stop start-up instead, saying what is missing.
     */
    private static void requireRuntimeLibraries(Path functionPath) {
        try {
            new Request("GET", "/", "", Map.of(), new byte[0]);
            Response.ok("");
        } catch (NoClassDefFoundError e) {
            throw new ConfigException("function_path", "the jars under " + functionPath + " lack "
                    + e.getMessage().replace('/', '.') + ", which function-runtime needs: put function-runtime's"
                    + " dependencies (Jackson) beside the function's jar, as the java21 template's build does"
                    + " (mvn package copies them to target/lib)");
        }
    }

    private static Class<? extends Handler> byName(ClassLoader loader, String name) {
        Class<?> type;
        try {
            type = Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigException("handler_class", "class " + name + " cannot be loaded from the jars under"
                    + " function_path (" + e + "); check the name and that its jar is there");
        }
        if (!Handler.class.isAssignableFrom(type)) {
            throw new ConfigException("handler_class", "class " + name + " does not implement "
                    + Handler.class.getName() + "; name the class that does");
        }
        return type.asSubclass(Handler.class);
    }

    /**
     * The one provider the function's own jars declare. Providers are listed without being created,
     * and only those loaded from the function's jars count (not the watchdog's class path).
     */
    private static Class<? extends Handler> byServiceFile(ClassLoader loader, Path functionPath) {
        List<Class<? extends Handler>> found;
        try {
            found = ServiceLoader.load(Handler.class, loader).stream()
                    .map(ServiceLoader.Provider::type)
                    .filter(type -> type.getClassLoader() == loader)
                    .toList();
        } catch (java.util.ServiceConfigurationError e) {
            throw new ConfigException("handler_class", "the " + SERVICE_FILE + " file in the jars under "
                    + functionPath + " is broken (" + e.getMessage() + "); fix it, or set handler_class");
        }
        if (found.isEmpty()) {
            throw new ConfigException("handler_class", "is not set and no jar under " + functionPath
                    + " names a handler in " + SERVICE_FILE + "; set handler_class to the class that implements "
                    + Handler.class.getName() + ", or add that file");
        }
        if (found.size() > 1) {
            throw new ConfigException("handler_class", "is not set and the jars under " + functionPath
                    + " name several handlers " + found.stream().map(Class::getName).toList()
                    + "; set handler_class to the one to run");
        }
        return found.getFirst();
    }

    private static Handler instantiate(Class<? extends Handler> type, String variable) {
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new ConfigException(variable, "handler " + type.getName()
                    + " has no public constructor without arguments; add one");
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new ConfigException(variable, "handler " + type.getName() + " failed in its constructor: "
                    + e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new ConfigException(variable, "handler " + type.getName() + " cannot be created: " + e);
        }
    }
}
