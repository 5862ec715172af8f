/**
 * The worker's HTTP calls: the function, through the gateway ({@link dev.skiff.queueworker.invoke.FunctionCaller}),
 * and the result to the caller's callback URL ({@link dev.skiff.queueworker.invoke.CallbackPoster}).
 */
package dev.skiff.queueworker.invoke;
