/** What a Java function is written against: {@link dev.skiff.function.Handler}. */
package dev.skiff.function;
