/**
 * static mode: serving the files of {@code static_path} as the function, read-only, never a file
 * outside that folder.
 */
package dev.skiff.watchdog.files;
