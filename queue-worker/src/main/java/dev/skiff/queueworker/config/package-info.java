/** The worker's settings, read once from the environment ({@link dev.skiff.queueworker.config.WorkerConfig#fromEnv}). */
package dev.skiff.queueworker.config;
