/** Unit-testing a {@link dev.skiff.function.Handler} without a server: {@link dev.skiff.function.testing.FunctionTester}. */
package dev.skiff.function.testing;
