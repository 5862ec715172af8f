package dev.skiff.function.runtime;

import dev.skiff.function.Context;
import dev.skiff.function.Handler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Collections;
import java.util.LinkedHashSet;

/**
 * Finds the one handler class and creates it. The class is {@code handler_class} when set, else the one
 * listed in {@code META-INF/services/dev.skiff.function.Handler}; nothing is scanned. The instance is made
 * with the public no-argument constructor, as the watchdog's inproc mode does, while
 * {@link Context#current()} answers {@code context}.
 */
public final class HandlerLoader {
    /** Names the handler class when {@code handler_class} is not set. */
    public static final String SERVICE_FILE = "META-INF/services/" + Handler.class.getName();

    private final ClassLoader classLoader;

    /** @param classLoader where the handler's jars are */
    public HandlerLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /** Loads and creates the handler; fails with what to fix. */
    public Handler load(Optional<String> className, Context context) {
        return create(className.map(this::byName).orElseGet(this::fromServiceFile), context);
    }

    /** Creates an instance of {@code type}, {@link Context#current()} answering {@code context} meanwhile. */
    public static Handler create(Class<? extends Handler> type, Context context) {
        try {
            return Context.callWith(context, () -> newInstance(type));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Handler newInstance(Class<? extends Handler> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + " needs a public constructor without arguments; "
                    + "read settings with Context.current()");
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the constructor of " + type.getName() + " failed: " + e.getCause(),
                    e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + type.getName() + ": " + e, e);
        }
    }

    private Class<? extends Handler> byName(String name) {
        try {
            var type = Class.forName(name, false, classLoader);
            if (!Handler.class.isAssignableFrom(type)) {
                throw new IllegalStateException("handler_class " + name + " does not implement " + Handler.class.getName());
            }
            return type.asSubclass(Handler.class);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("handler_class " + name + " is not on the class path; check the name "
                    + "and that the function's jar is in function_path");
        }
    }

    // The service file is read here rather than through ServiceLoader, so that a broken constructor is
    // reported as this class's error: one class name per line, # starts a comment (ServiceLoader's format).
    private Class<? extends Handler> fromServiceFile() {
        var names = new LinkedHashSet<String>();
        try {
            for (var url : Collections.list(classLoader.getResources(SERVICE_FILE))) {
                try (var in = url.openStream()) {
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                            .map(line -> line.replaceFirst("#.*", "").strip())
                            .filter(line -> !line.isEmpty())
                            .forEach(names::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SERVICE_FILE, e);
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("no handler: set handler_class, or name the class in " + SERVICE_FILE
                    + " of the function's jar");
        }
        if (names.size() > 1) {
            throw new IllegalStateException("several handlers are named in " + SERVICE_FILE + " (" + names
                    + "); choose one with handler_class");
        }
        return byName(names.getFirst());
    }
}
