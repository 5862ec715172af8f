/**
 * Function templates: where they are ({@link dev.skiff.cli.template.TemplateStore}: {@code ./template/}, then
 * Skiff's own {@code templates/}) and what their {@code template.yml} says.
 */
package dev.skiff.cli.template;
