package dev.skiff.api.async;

/**
 * What {@code POST /system/dead-letters/replay} and {@code DELETE /system/dead-letters} answer.
 *
 * @param count how many dead letters were replayed or removed
 */
public record DeadLetterAction(int count) {
}
