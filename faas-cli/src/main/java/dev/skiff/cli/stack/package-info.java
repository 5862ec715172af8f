/**
 * Stack files ({@code stack.yml}): parsing with environment substitution ({@link dev.skiff.cli.stack.StackLoader}),
 * selecting functions ({@link dev.skiff.cli.stack.FunctionFilter}) and turning them into deployments
 * ({@link dev.skiff.cli.stack.DeploymentMapper}).
 */
package dev.skiff.cli.stack;
