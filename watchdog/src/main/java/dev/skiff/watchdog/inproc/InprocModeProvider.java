package dev.skiff.watchdog.inproc;

import java.util.function.BooleanSupplier;

import dev.skiff.watchdog.config.WatchdogConfig;
import dev.skiff.watchdog.function.BodyLimit;
import dev.skiff.watchdog.function.InprocMode;
import dev.skiff.watchdog.logs.ConsoleLog;

/** inproc mode's entry point, found by {@link java.util.ServiceLoader} through the function's class loader. */
public final class InprocModeProvider implements InprocMode {

    @Override
    public InprocFunction load(ClassLoader functionLoader, WatchdogConfig config, BodyLimit bodyLimit, ConsoleLog log) {
        LoadedHandler loaded = HandlerLoader.load(functionLoader, config.functionPath(), config.handlerClass());
        InprocRunner runner = new InprocRunner(loaded, config.execTimeout(), bodyLimit, config.contentType(), log,
                config.logCallId());
        BooleanSupplier ready = config.readyPath() == null ? () -> true : () -> runner.readyAt(config.readyPath());
        return new InprocFunction(runner, ready, loaded.className() + " from " + config.functionPath());
    }
}
