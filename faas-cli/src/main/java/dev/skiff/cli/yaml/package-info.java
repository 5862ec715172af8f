/**
 * Reading the CLI's YAML files (stack files, environment files, the config file) with Jackson, and
 * reporting mistakes with the file, line and key.
 */
package dev.skiff.cli.yaml;
