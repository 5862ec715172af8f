/**
 * What a Java function is written against, and nothing else: {@link dev.skiff.function.Handler},
 * {@link dev.skiff.function.Request}, {@link dev.skiff.function.Response} and
 * {@link dev.skiff.function.Context}. How a handler is run lives in {@code dev.skiff.function.runtime},
 * which functions never import; {@code dev.skiff.function.testing} helps unit-test a handler.
 */
package dev.skiff.function;
