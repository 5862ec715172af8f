/**
 * Building and pushing function images: {@link dev.skiff.cli.image.BuildContext} assembles
 * {@code build/NAME} from a template and a handler, {@link dev.skiff.cli.image.ImageBuilder} runs the
 * template's host build step and {@code docker build}, {@link dev.skiff.cli.image.ImagePusher} tags and
 * pushes to a registry. Docker is driven through its CLI, as faas-cli does, so its output is the user's.
 */
package dev.skiff.cli.image;
