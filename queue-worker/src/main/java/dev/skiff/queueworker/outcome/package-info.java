/**
 * Where a call's progress and end are recorded: the status bucket ({@link dev.skiff.queueworker.outcome.StatusWriter})
 * and the dead-letter stream ({@link dev.skiff.queueworker.outcome.DeadLetterWriter}).
 */
package dev.skiff.queueworker.outcome;
