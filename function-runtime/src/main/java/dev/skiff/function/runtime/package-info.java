/**
 * How a {@link dev.skiff.function.Handler} runs; functions never import this package.
 * {@link dev.skiff.function.runtime.HandlerLoader} finds and creates the one handler,
 * {@link dev.skiff.function.runtime.HandlerInvoker} turns its failures into answers, and
 * {@link dev.skiff.function.runtime.HttpMain} serves it over HTTP for the watchdog's http mode:
 *
 * <pre>{@code
 * mode=http upstream_url=http://127.0.0.1:3000 handler_class=com.example.Greet \
 *   fprocess="java -cp /home/app/function/* dev.skiff.function.runtime.HttpMain" fwatchdog
 * }</pre>
 */
package dev.skiff.function.runtime;
